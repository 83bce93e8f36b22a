"""Corpus documents are validated; a bad one is named with its field, never silently indexed."""

from pathlib import Path

import pytest

from app.corpus.loader import CorpusError, load_markdown
from tests.builders import markdown


def test_valid_document_loads(tmp_path: Path):
    doc = load_markdown(markdown(tmp_path / "ok.md", "# Titre\n\n## Section\n\nTexte.", id="rgpd-ok-doc"))
    assert doc.meta.id == "rgpd-ok-doc"
    assert doc.meta.domain == "rgpd"
    assert str(doc.meta.references[0].url).startswith("https://")


def test_missing_field_names_file_and_field(tmp_path: Path):
    path = markdown(tmp_path / "no-domain.md", "Texte.", id="rgpd-no-domain", domain=None)
    with pytest.raises(CorpusError) as err:
        load_markdown(path)
    assert "no-domain.md" in str(err.value) and "'domain'" in str(err.value)


@pytest.mark.parametrize(
    "field, value",
    [("domain", "cooking"), ("kind", "blog"), ("published", "hier"), ("language", "de"), ("id", "A B")],
)
def test_bad_values_are_rejected(tmp_path: Path, field, value):
    path = markdown(tmp_path / "bad.md", "Texte.", **{"id": "rgpd-bad", field: value})
    with pytest.raises(CorpusError, match=f"'{field}'"):
        load_markdown(path)


def test_unknown_field_is_rejected(tmp_path: Path):
    with pytest.raises(CorpusError, match="'colour'"):
        load_markdown(markdown(tmp_path / "x.md", "Texte.", id="rgpd-extra", colour="blue"))


def test_to_verify_lists_unconfirmed_facts(tmp_path: Path):
    doc = load_markdown(markdown(tmp_path / "x.md", "Texte.", id="rgpd-tv", to_verify=["Montant à confirmer"]))
    assert doc.meta.to_verify == ["Montant à confirmer"]
    with pytest.raises(CorpusError, match="'to_verify'"):
        load_markdown(markdown(tmp_path / "y.md", "Texte.", id="rgpd-tv-bad", to_verify="pas une liste"))


def test_reference_identifier_shape(tmp_path: Path):
    refs = [{"label": "RGPD", "url": "https://eur-lex.europa.eu/eli/reg/2016/679/oj", "identifier": "celex 2016"}]
    with pytest.raises(CorpusError, match="references.0.identifier"):
        load_markdown(markdown(tmp_path / "x.md", "Texte.", id="rgpd-ident", references=refs))


def test_validity_dates_must_be_ordered(tmp_path: Path):
    with pytest.raises(CorpusError, match="valid_until is before valid_from"):
        load_markdown(
            markdown(tmp_path / "x.md", "Texte.", id="rgpd-dates", valid_from="2025-01-01", valid_until="2024-01-01")
        )


def test_binary_file_named_md_is_rejected(tmp_path: Path):
    path = tmp_path / "image.md"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(CorpusError, match="binary"):
        load_markdown(path)


def test_missing_front_matter(tmp_path: Path):
    path = tmp_path / "plain.md"
    path.write_text("# Juste un titre\n\nDu texte.")
    with pytest.raises(CorpusError, match="front matter"):
        load_markdown(path)


def test_to_verify_is_an_optional_list_of_non_empty_strings(tmp_path: Path):
    doc = load_markdown(markdown(tmp_path / "a.md", "Texte.", id="rgpd-to-verify", to_verify=["date du JO"]))
    assert doc.meta.to_verify == ["date du JO"]
    assert load_markdown(markdown(tmp_path / "b.md", "Texte.", id="rgpd-no-to-verify")).meta.to_verify == []
    with pytest.raises(CorpusError, match="to_verify"):
        load_markdown(markdown(tmp_path / "c.md", "Texte.", id="rgpd-blank", to_verify=["  "]))
    with pytest.raises(CorpusError, match="to_verify"):
        load_markdown(markdown(tmp_path / "d.md", "Texte.", id="rgpd-not-a-list", to_verify="pas une liste"))
