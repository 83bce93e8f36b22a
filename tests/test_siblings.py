"""The extractive composer reads the first passages, then other sections of their sheets (app/retrieve/siblings.py)."""

from app.retrieve.search import ScoredChunk
from app.retrieve.siblings import with_siblings
from app.schemas.chunks import Chunk


def _hit(doc: str, n: int) -> ScoredChunk:
    chunk = Chunk(
        chunk_id=f"{doc}:{n}",
        doc_id=doc,
        title="Fiche",
        section="Fiche > Section",
        domain="rgpd",
        kind="fiche",
        language="fr",
        text=f"Section {n} de {doc}.",
        references=[],
        content_hash=f"{doc}{n}",
    )
    return ScoredChunk(chunk, 1.0 / (n + 1))


def test_other_sections_of_the_first_sheets_follow_the_first_passages_in_ranked_order():
    ranked = [_hit("a", 0), _hit("b", 1), _hit("c", 2), _hit("d", 3), _hit("a", 4), _hit("c", 5), _hit("b", 6)]
    got = [h.chunk.chunk_id for h in with_siblings(ranked, k=3, sheets=2, extra=3)]
    # the first three unchanged; then a's and b's other sections, not c's (third sheet) nor d's (not in the first 3)
    assert got == ["a:0", "b:1", "c:2", "a:4", "b:6"]


def test_siblings_are_bounded_and_never_repeat_a_passage():
    ranked = [_hit("a", 0), *(_hit("a", n) for n in range(1, 8))]
    got = with_siblings(ranked, k=2, sheets=1, extra=2)
    assert [h.chunk.chunk_id for h in got] == ["a:0", "a:1", "a:2", "a:3"]
    assert with_siblings(ranked[:2], k=5) == ranked[:2]  # fewer passages than k: nothing to add


def test_by_default_the_third_sheet_s_other_sections_are_read_too():
    """A two-part question puts each part's best sheet first: the detail often sits in a third sheet."""
    ranked = [_hit("a", 0), _hit("b", 1), _hit("c", 2), _hit("d", 3), _hit("c", 4), _hit("d", 5)]
    got = [h.chunk.chunk_id for h in with_siblings(ranked, k=4)]
    assert got == ["a:0", "b:1", "c:2", "d:3", "c:4"]  # c (third sheet) is read; d (fourth) is not
