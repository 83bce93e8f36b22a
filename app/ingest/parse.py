"""Parse one source file into typed elements with `unstructured`, offline, whatever its format.

Markdown carries its metadata as YAML front matter; other formats (HTML, PDF, DOCX, plain text) take theirs from
a sidecar `<file>.yaml` (or `<stem>.yaml`) with the same fields, so every chunk can be cited properly.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from app.corpus.loader import CorpusError, is_funding_record, load_document, load_markdown, parse_meta, read_text_file
from app.corpus.schema import DocumentMeta
from app.ingest.offline import patch_unstructured

SUPPORTED_SUFFIXES = {".md", ".markdown", ".html", ".htm", ".pdf", ".docx", ".txt"}
LANGUAGES = ["fra", "eng"]


@dataclass
class ParsedDocument:
    meta: DocumentMeta
    elements: list  # unstructured Element objects, in reading order
    path: Path


def sidecar_for(path: Path) -> Path | None:
    for candidate in (path.with_name(path.name + ".yaml"), path.with_suffix(".yaml"), path.with_suffix(".yml")):
        if candidate.exists():
            return candidate
    return None


def file_fingerprint(path: Path) -> str:
    """Hash of the file and of its metadata sidecar: what decides whether a document must be parsed again."""
    digest = hashlib.sha256(path.read_bytes())
    if is_funding_record(path):  # rendered by code: a new rendering must re-render the record
        from app.corpus.funding import RENDER_VERSION

        digest.update(RENDER_VERSION.encode())
        return digest.hexdigest()
    sidecar = sidecar_for(path) if path.suffix.lower() not in {".md", ".markdown"} else None
    if sidecar:
        digest.update(sidecar.read_bytes())
    return digest.hexdigest()


def _meta_from_sidecar(path: Path) -> DocumentMeta:
    sidecar = sidecar_for(path)
    if sidecar is None:
        raise CorpusError(path, f"no metadata: add {path.name}.yaml beside it (same fields as a Markdown front matter)")
    return parse_meta(read_text_file(sidecar), sidecar)


def _partition_pdf(path: Path) -> list:
    """Text boxes from pdfminer (page numbers kept), classified by unstructured's own helpers.

    unstructured's PDF extra pulls torch and hub models; pdfminer alone is enough for born-digital regulation PDFs.
    """
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextContainer
    from pdfminer.pdfparser import PDFSyntaxError
    from unstructured.partition.text import element_from_text

    elements = []
    try:
        for page_number, page in enumerate(extract_pages(str(path)), start=1):
            for box in page:
                if isinstance(box, LTTextContainer):
                    text = " ".join(box.get_text().split())
                    if text:
                        element = element_from_text(text)
                        element.metadata.page_number = page_number
                        elements.append(element)
    except PDFSyntaxError as exc:
        raise CorpusError(path, f"corrupt PDF ({exc})") from exc
    return elements


def partition_file(path: Path) -> ParsedDocument:
    """Parse a file; raise CorpusError with a one-line reason for anything unusable."""
    suffix = path.suffix.lower()
    if is_funding_record(path):
        from unstructured.partition.md import partition_md

        patch_unstructured()
        source = load_document(path)
        return ParsedDocument(source.meta, partition_md(text=source.body, languages=LANGUAGES), path)
    if suffix not in SUPPORTED_SUFFIXES:
        raise CorpusError(
            path, f"unsupported file type '{suffix}' (supported: {', '.join(sorted(SUPPORTED_SUFFIXES))})"
        )
    patch_unstructured()
    try:
        if suffix in {".md", ".markdown"}:
            from unstructured.partition.md import partition_md

            source = load_markdown(path)
            return ParsedDocument(source.meta, partition_md(text=source.body, languages=LANGUAGES), path)
        meta = _meta_from_sidecar(path)
        if suffix in {".html", ".htm"}:
            from unstructured.partition.html import partition_html

            elements = partition_html(text=read_text_file(path), languages=LANGUAGES)
        elif suffix == ".txt":
            from unstructured.partition.text import partition_text

            elements = partition_text(text=read_text_file(path), languages=LANGUAGES)
        elif suffix == ".docx":
            from unstructured.partition.docx import partition_docx

            elements = partition_docx(filename=str(path), languages=LANGUAGES)
        else:
            elements = _partition_pdf(path)
    except CorpusError:
        raise
    except Exception as exc:  # a broken file must be reported and skipped, never abort a run
        raise CorpusError(path, f"cannot be parsed as {suffix[1:].upper()} ({exc.__class__.__name__}: {exc})") from exc
    if not any(getattr(e, "text", "").strip() for e in elements):
        raise CorpusError(path, "no text could be extracted")
    return ParsedDocument(meta, elements, path)
