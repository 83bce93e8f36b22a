"""The other sections of the sheets the best passages come from, read by the extractive composer.

Retrieval often finds the right sheet through its introduction or a neighbouring section while the section that
states the fact (« article 83 : plafonds des amendes », « R162-116 : arrêté en 30 jours ») ranks far down, or not at
all, its wording further from the question's. The composer reads the first `k` passages, then every other section
of the sheets those passages come from (a sheet has 5 sections on average, 16 at most); passages of other sheets
further down are not read (on the tune half, reading the 6th to 8th passages whatever their sheet lowered key
facts).

Every added section is marked `sibling`: the composer counts it as the passage right after the first `k`, since its
place in a ranking that mostly missed it says little. On the tune half (840 questions), reading all the sections
rather than the three best-ranked, with that flat rank, raised key facts 0.617 -> 0.627 (25 questions gained a fact,
15 lost one); either change alone did nothing (0.616 each).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from app.retrieve.search import ScoredChunk
from app.schemas.chunks import Chunk

# The sheets of the first passages whose other sections are read. 3 rather than 2 on the tune half: a two-part
# question puts each part's best sheet first, and the detail often sits in a third (key facts 0.613 with 2 sheets,
# 0.627 with 3, 0.627 with 5).
SIBLING_SHEETS = 3


def with_siblings(
    ranked: Sequence[ScoredChunk],
    k: int,
    sections_of: Callable[[str], Sequence[Chunk]] = lambda _doc: (),
    sheets: int = SIBLING_SHEETS,
) -> list[ScoredChunk]:
    """The first `k` passages, then the other sections of their first `sheets` sheets: those the ranking holds, in
    ranked order, then the rest in sheet order. `sections_of(doc_id)`: a sheet's sections that the search's filters
    allow (a section outside them is never read)."""
    first = list(ranked[:k])
    wanted: list[str] = []
    for hit in first:
        if hit.chunk.doc_id not in wanted and len(wanted) < sheets:
            wanted.append(hit.chunk.doc_id)
    shown = {hit.chunk.chunk_id for hit in first}
    siblings: list[ScoredChunk] = []
    for hit in ranked[k:]:
        if hit.chunk.doc_id in wanted and hit.chunk.chunk_id not in shown:
            siblings.append(replace(hit, sibling=True))
            shown.add(hit.chunk.chunk_id)
    for doc_id in wanted:
        for chunk in sections_of(doc_id):
            if chunk.chunk_id not in shown:
                siblings.append(ScoredChunk(chunk, 0.0, sibling=True))
                shown.add(chunk.chunk_id)
    return first + siblings
