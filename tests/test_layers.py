"""The package import graph points one way: a package may import only packages of a lower layer.

Layers, lowest first: text utilities and settings; schemas; the corpus and the records store (each depends only on
schemas); the index; ingestion (it parses the corpus and writes index generations, so it sits above the index,
which never reads the corpus); retrieval; generation; answers. Every other package (api, cli, review, evaluation,
checkers, auth, commands…) is above them all, so none of the ranked packages may import it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "app"

RANK = {
    "text": 0,
    "settings": 0,
    "safe_text": 0,
    "lists": 0,
    "metrics": 0,
    "schemas": 1,
    "corpus": 2,
    "records": 2,
    "index": 3,
    "ingest": 4,
    "retrieve": 5,
    "generate": 6,
    "answer": 7,
}
TOP = max(RANK.values()) + 1

# Known upward imports still to remove, each with its reason. Adding to this list needs a reason as good.
ALLOWED = {
    # Validated answers are served before the assistant's own (review.validated: matching and the serving log);
    # moving them below `answer` belongs with the review package.
    ("app/answer/service.py", "review"),
}


def _package(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "app" and len(parts) > 1 else None


def imports(path: Path) -> list[tuple[str, int]]:
    """The `app` packages a module imports (at any place: top level, functions, TYPE_CHECKING blocks)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            package = _package(name)
            if package is not None:
                found.append((package, node.lineno))
    return found


def upward_imports(app_dir: Path = APP) -> list[str]:
    problems = []
    for path in sorted(app_dir.rglob("*.py")):
        relative = path.relative_to(app_dir)
        own = relative.parts[0].removesuffix(".py")
        if own not in RANK:
            continue  # a top-level package may import anything
        where = f"app/{relative.as_posix()}"
        for package, line in imports(path):
            if package == own or (where, package) in ALLOWED:
                continue
            if RANK.get(package, TOP) > RANK[own]:
                problems.append(f"{where}:{line} imports app.{package} (layer {own} is below {package})")
    return problems


def test_no_package_imports_a_higher_layer():
    assert upward_imports() == []


def test_allowed_exceptions_are_still_needed():
    """An exception that no longer happens must leave the list (so the list never hides a new import)."""
    still = {(f"app/{p.relative_to(APP).as_posix()}", pkg) for p in APP.rglob("*.py") for pkg, _ in imports(p)}
    assert still >= ALLOWED


def test_the_check_catches_an_upward_import(tmp_path):
    (tmp_path / "generate").mkdir()
    (tmp_path / "generate" / "bad.py").write_text("from app.answer.sources import make_citation\n")
    (tmp_path / "index").mkdir()
    (tmp_path / "index" / "lazy.py").write_text("def f():\n    import app.api.main\n")
    (tmp_path / "text.py").write_text("from app.schemas.chunks import Chunk\n")
    problems = upward_imports(tmp_path)
    assert len(problems) == 3 and any("generate/bad.py:1 imports app.answer" in p for p in problems)


@pytest.mark.parametrize("module", ["app.text", "app.schemas.citations", "app.index.vector_store"])
def test_low_layers_import_alone(module):
    """A low module imports without pulling in a higher layer (checked on the real import, not only the text)."""
    import subprocess
    import sys

    code = (
        f"import sys, {module}; "
        "high = sorted({m.split('.')[1] for m in sys.modules if m.startswith('app.') and m.count('.') >= 1}); "
        "print(','.join(high))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    own = RANK[module.split(".")[1]]
    assert all(RANK.get(p, TOP) <= own for p in loaded.split(",") if p), loaded
