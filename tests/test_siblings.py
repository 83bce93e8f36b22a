"""The extractive composer reads the first passages, then every other section of their sheets
(app/retrieve/siblings.py), a section the ranking missed counting as the passage right after the first ones."""

from dataclasses import replace

from app.answer.extractive import _candidates
from app.answer.service import ask
from app.retrieve.search import ScoredChunk
from app.retrieve.siblings import with_siblings
from app.schemas.chunks import Chunk
from tests.builders import chunk


def _section(doc: str, n: int) -> Chunk:
    return chunk(f"{doc}:{n}", section="Fiche > Section", text=f"Section {n} de {doc}.")


def _hit(doc: str, n: int) -> ScoredChunk:
    return ScoredChunk(_section(doc, n), 1.0 / (n + 1))


def _sheets(*docs: str, sections: int = 9):
    return lambda doc_id: [_section(doc_id, n) for n in range(sections)] if doc_id in docs else []


def test_the_first_sheets_other_sections_follow_ranked_ones_first_then_the_rest_in_sheet_order():
    ranked = [_hit("a", 0), _hit("b", 1), _hit("c", 2), _hit("d", 3), _hit("a", 4), _hit("c", 5), _hit("b", 6)]
    got = with_siblings(ranked, k=3, sections_of=_sheets("a", "b", "c", "d", sections=8), sheets=2)
    ids = [h.chunk.chunk_id for h in got]
    # the first three unchanged; then a's and b's sections the ranking holds, then the ones it missed, in sheet
    # order; neither c's (third sheet) nor d's (not among the first passages)
    assert ids[:5] == ["a:0", "b:1", "c:2", "a:4", "b:6"]
    assert ids[5:] == [f"a:{n}" for n in (1, 2, 3, 5, 6, 7)] + [f"b:{n}" for n in (0, 2, 3, 4, 5, 7)]
    assert [h.sibling for h in got] == [False] * 3 + [True] * (len(got) - 3)
    assert not any(h.sibling for h in ranked), "the ranking itself is left unmarked"


def test_only_the_sections_the_search_allows_are_read_and_none_twice():
    ranked = [_hit("a", 0), _hit("a", 1), _hit("a", 2)]
    allowed = lambda doc_id: [_section(doc_id, n) for n in (1, 3)]  # noqa: E731  (a filter left out 0, 2, 4…)
    got = with_siblings(ranked, k=2, sections_of=allowed, sheets=1)
    assert [h.chunk.chunk_id for h in got] == ["a:0", "a:1", "a:2", "a:3"]
    assert with_siblings(ranked[:2], k=5) == ranked[:2]  # nothing known of the sheets: nothing to add


def test_by_default_the_third_sheet_s_sections_are_read_too():
    """A two-part question puts each part's best sheet first: the detail often sits in a third sheet."""
    ranked = [_hit("a", 0), _hit("b", 1), _hit("c", 2), _hit("d", 3)]
    got = [h.chunk.chunk_id for h in with_siblings(ranked, k=4, sections_of=_sheets("a", "b", "c", "d", sections=2))]
    assert got == ["a:0", "b:1", "c:2", "d:3", "a:1", "b:0", "c:0", "c:1"]  # d (fourth sheet) is not read


def test_a_sibling_sentence_is_penalised_as_the_passage_right_after_the_ranked_ones():
    sentence = "La subvention i-Lab atteint au plus 600 000 euros par lauréat."
    ranked = [_hit("a", n) for n in range(5)]
    far = chunk("a:40", section="Fiche > Montant", text=sentence)
    read = with_siblings(ranked, k=5, sections_of=lambda _doc: [_section("a", n) for n in range(12)] + [far])
    assert read[-1].chunk.chunk_id == "a:40" and len(read) == 13
    as_sibling = next(c for c in _candidates(read, ()) if c.text == sentence)
    right_after = next(c for c in _candidates([*ranked, ScoredChunk(far, 0.0)], ()) if c.text == sentence)
    unmarked = next(c for c in _candidates([replace(h, sibling=False) for h in read], ()) if c.text == sentence)
    assert as_sibling.hit_rank == 12 and right_after.hit_rank == 5
    assert as_sibling.score == right_after.score > unmarked.score


def test_an_answer_record_keeps_the_ranked_passages_and_only_the_other_sections_it_quotes(project_settings):
    answer = ask(project_settings, "Comment se faire rembourser une appli en Belgique ?")
    assert answer.record is not None and not answer.refused
    retrieved = [r.chunk_id for r in answer.record.retrieved]
    cited = {c.chunk_id for c in answer.citations}
    assert cited <= set(retrieved), "a reviewer sees, and a staleness check finds, every quoted passage"
    ranked, after = retrieved[: project_settings.top_k], retrieved[project_settings.top_k :]
    assert len(ranked) == project_settings.top_k
    assert after and set(after) <= cited, "other sections read but not quoted are not recorded"


def test_a_funding_record_takes_one_of_the_answer_s_passages_and_the_sheet_on_its_scheme_another(project_settings):
    """The forfait innovation's record filled the five passages with its sections, the HAS sheet on it ranked 6th."""
    answer = ask(project_settings, "le forfait innovation c chaud a avoir non ?")
    assert answer.record is not None and not answer.refused
    sheets = [r.chunk_id.split(":")[0] for r in answer.record.retrieved][: project_settings.top_k]
    assert sheets.count("fund-has-forfait-innovation") == 1
    assert "has-forfait-innovation" in sheets
