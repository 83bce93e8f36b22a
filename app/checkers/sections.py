"""The citable sections of the knowledge base, as `doc_id:section-slug`, read from headings without parsing.

Rule files cite corpus sections; a citation must name a section that exists, or the reasoning trail would point
nowhere. Reading the Markdown headings directly (same slug rule as `app.ingest.chunk`) keeps this check fast and
independent of the index: it runs in `checkers test` and in the tests without building anything.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path

from app.corpus.loader import CorpusError, is_funding_record, iter_corpus_files, load_document
from app.ingest.chunk import slugify

HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
FENCE = re.compile(r"^(```|~~~)")
log = logging.getLogger("navigator.checkers")


def section_slugs(body: str) -> list[str]:
    """Slugs of the sections of one body, as the chunker names them (heading path below the H1, deduplicated)."""
    stack: list[tuple[int, str]] = []
    slugs: list[str] = []
    seen: dict[str, int] = {}
    in_fence = False
    for line in body.splitlines():
        if FENCE.match(line.strip()):
            in_fence = not in_fence
            continue
        match = None if in_fence else HEADING.match(line)
        if not match:
            continue
        depth = len(match.group(1)) - 1
        while stack and stack[-1][0] >= depth:
            stack.pop()
        stack.append((depth, match.group(2).strip()))
        if depth == 0:
            continue
        path = [title for d, title in stack if d > 0]
        base = slugify(" ".join(path))
        seen[base] = seen.get(base, 0) + 1
        slugs.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return slugs


@lru_cache(maxsize=4)
def corpus_sections(root: Path) -> frozenset[str]:
    """Every `doc_id:section-slug` of the corpus under `root` (Markdown sheets and rendered funding records).

    A file that cannot be read (invalid front matter, binary content) is skipped, as ingestion skips it: its sections
    are cited by nothing the index holds, and one broken sheet made every chat answer that offers a checker fail
    (the service loads these on its first offer)."""
    ids: set[str] = set()
    for path in iter_corpus_files(root):
        if path.suffix not in {".md", ".yaml", ".yml"}:
            continue
        if path.suffix != ".md" and not is_funding_record(path):
            continue
        try:
            document = load_document(path)
        except CorpusError as exc:
            log.warning("not read for the checkers' citations: %s", exc)
            continue
        ids.update(f"{document.meta.id}:{slug}" for slug in section_slugs(document.body))
    return frozenset(ids)
