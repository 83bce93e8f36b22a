"""The other sections of the sheets the best passages come from, read by the extractive composer.

Retrieval often finds the right sheet through its introduction or a neighbouring section while the section that
states the fact (« article 83 : plafonds des amendes », « R162-116 : arrêté en 30 jours ») ranks 6th to 40th, its
wording further from the question's. The composer reads the first `k` passages and then the best-ranked other
sections of the sheets those passages come from; passages of other sheets further down are not read (on the tune
half, reading the 6th to 8th passages whatever their sheet lowered key facts).
"""

from __future__ import annotations

from collections.abc import Sequence

from app.retrieve.search import ScoredChunk

# The sheets of the first passages whose other sections are read. 3 rather than 2 on the tune half: three questions
# gain a key fact, none loses one (two two-part questions, whose parts each put their best sheet first, and a
# follow-up).
SIBLING_SHEETS = 3
MAX_SIBLINGS = 3  # other sections added after the first passages, best-ranked first


def with_siblings(
    ranked: Sequence[ScoredChunk], k: int, sheets: int | None = None, extra: int | None = None
) -> list[ScoredChunk]:
    """The first `k` passages, then up to `extra` other sections of their first `sheets` sheets, in ranked order."""
    sheets = SIBLING_SHEETS if sheets is None else sheets
    extra = MAX_SIBLINGS if extra is None else extra
    first = list(ranked[:k])
    wanted: list[str] = []
    for hit in first:
        if hit.chunk.doc_id not in wanted and len(wanted) < sheets:
            wanted.append(hit.chunk.doc_id)
    shown = {hit.chunk.chunk_id for hit in first}
    siblings = [h for h in ranked[k:] if h.chunk.doc_id in wanted and h.chunk.chunk_id not in shown]
    return first + siblings[:extra]
