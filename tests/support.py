"""What several test files share: the contract keys, a question the fixture corpus answers, a free port, the CLI
runner on a test index, and the SSE parser. Test files import from here, never from one another."""

from __future__ import annotations

import json
import socket
import sys
from pathlib import Path

from typer.testing import CliRunner

from app.index.generations import current_generation

QUESTION = "Quelles exceptions permettent de traiter des données de santé ?"
PASSWORD = "correct horse battery"

ANSWER_KEYS = {"question", "answer", "mode", "refused", "citations", "took_ms"}
CITATION_KEYS = {"n", "chunk_id", "doc_id", "title", "section", "url", "quote"}

SEARCH_KEYS = {"query", "mode", "took_ms", "results"}
HIT_KEYS = {
    "rank",
    "score",
    "chunk_id",
    "doc_id",
    "title",
    "section",
    "domain",
    "kind",
    "text",
    "references",
    "valid_from",
    "valid_until",
}


def free_port() -> int:
    """A port nothing listens on now, for a server a test starts."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_cli(settings, *args):
    """`navigator` on the test's index and corpus, with the settings cache cleared around it."""
    from app.cli import app

    env = {"NAVIGATOR_DATA_DIR": str(settings.data_dir), "NAVIGATOR_CORPUS_DIR": str(settings.corpus_dir)}
    from app.settings import get_settings

    get_settings.cache_clear()
    try:
        return CliRunner().invoke(app, list(args), env=env)
    finally:
        get_settings.cache_clear()


def generation_dir(settings):
    """The folder of the generation being served."""
    return settings.index_root / current_generation(settings.index_root)


def parse_sse(text: str) -> list[tuple[str, dict]]:
    events = []
    for block in text.strip().split("\n\n"):
        name = next((line[6:].strip() for line in block.splitlines() if line.startswith("event:")), "message")
        data = "\n".join(line[5:].strip() for line in block.splitlines() if line.startswith("data:"))
        if data:
            events.append((name, json.loads(data)))
    return events


ROOT = Path(__file__).resolve().parent.parent


def answerable_messages() -> list[str]:
    """Every message the assistant must not refuse by a keyword rule: each answerable gold question and the earlier
    turns of its conversation, and each answerable written probe (`eval/scope_probes/`). A rule that catches one
    refuses a founder's real question before any search."""
    from app.cli import DEFAULT_GOLD
    from app.evaluation.gold import load_gold

    sys.path.insert(0, str(ROOT / "eval"))
    import train_scope_model as training

    messages: list[str] = []
    for item in load_gold(DEFAULT_GOLD):
        if item.expect != "refuse":
            messages += [item.question, *item.history]
    return messages + [probe["text"] for probe in training.read_probes() if probe["label"] == "answer"]
