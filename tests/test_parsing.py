"""Each supported format parses offline into heading-aware chunks."""

from pathlib import Path

import pytest

from app.corpus.loader import CorpusError
from app.ingest.chunk import chunk_document
from app.ingest.parse import partition_file
from tests import builders

SECTION_TEXT = "Le responsable du traitement notifie la violation à la CNIL dans un délai de 72 heures."


def _chunks(path: Path):
    return chunk_document(partition_file(path), max_chars=1400, overlap=100)


def test_markdown_heading_path(tmp_path: Path):
    body = "# RGPD\n\n## Article 9\n\nPrincipe.\n\n### §2 h\n\nSoins et diagnostic par un professionnel.\n"
    chunks = _chunks(builders.markdown(tmp_path / "a.md", body, id="rgpd-md-doc"))
    sections = [c.section for c in chunks]
    assert "RGPD > Article 9" in sections
    assert "RGPD > Article 9 > §2 h" in sections
    assert all(c.doc_id == "rgpd-md-doc" for c in chunks)


def test_html(tmp_path: Path):
    path = tmp_path / "page.html"
    path.write_text(
        f"<html><body><h1>Violations</h1><h2>Article 33</h2><p>{SECTION_TEXT}</p></body></html>", encoding="utf-8"
    )
    builders.sidecar(path, id="rgpd-html-doc")
    chunks = _chunks(path)
    assert any(c.section == "Violations > Article 33" and "72 heures" in c.text for c in chunks)


def test_plain_text(tmp_path: Path):
    path = tmp_path / "note.txt"
    path.write_text(f"Article 33\n\n{SECTION_TEXT}\n", encoding="utf-8")
    builders.sidecar(path, id="rgpd-txt-doc", title="Note")
    chunks = _chunks(path)
    assert any("Article 33" in c.section and "72 heures" in c.text for c in chunks)


def test_docx(tmp_path: Path):
    path = builders.docx(tmp_path / "guide.docx", "Guide violations", [("Article 33", SECTION_TEXT)])
    builders.sidecar(path, id="rgpd-docx-doc")
    chunks = _chunks(path)
    assert any(c.section == "Guide violations > Article 33" and "72 heures" in c.text for c in chunks)


def test_pdf_keeps_page_numbers(tmp_path: Path):
    path = builders.pdf(
        tmp_path / "texte.pdf", ["Article 33", "", "Le responsable notifie la violation dans les 72 heures."]
    )
    builders.sidecar(path, id="rgpd-pdf-doc", title="Texte PDF")
    chunks = _chunks(path)
    assert any("72 heures" in c.text and c.page == 1 for c in chunks)
    assert any("Article 33" in c.section for c in chunks)


def test_corrupt_pdf_is_a_clear_error(tmp_path: Path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\nthis is not really a pdf\n")
    builders.sidecar(path, id="rgpd-broken-pdf")
    with pytest.raises(CorpusError, match="broken.pdf"):
        partition_file(path)


def test_non_markdown_without_metadata_is_refused(tmp_path: Path):
    path = tmp_path / "orphan.html"
    path.write_text("<h1>Titre</h1><p>Texte</p>")
    with pytest.raises(CorpusError, match="orphan.html.yaml"):
        partition_file(path)


def test_unsupported_type(tmp_path: Path):
    path = tmp_path / "data.xlsx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(CorpusError, match="unsupported"):
        partition_file(path)
