"""Small document builders for tests: real files in each supported format, made on the fly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from app.retrieve.search import ScoredChunk
from app.schemas.chunks import Chunk

BASE_META = {
    "title": "Document de test",
    "domain": "rgpd",
    "kind": "fiche",
    "publisher": "Tests",
    "language": "fr",
    "references": [{"label": "Source officielle de test", "url": "https://www.cnil.fr/fr"}],
    "published": "2024-01-01",
    "verified_on": "2026-11-01",
}


def chunk(chunk_id: str, **fields: Any) -> Chunk:
    """An indexed chunk for tests that need only a few of its fields: the others get plain defaults."""
    defaults: dict[str, Any] = {
        "doc_id": chunk_id.split(":")[0],
        "title": "Fiche",
        "section": "Fiche",
        "domain": "rgpd",
        "kind": "fiche",
        "language": "fr",
        "text": "Texte.",
        "references": [],
        "content_hash": f"h-{chunk_id}",
    }
    return Chunk(chunk_id=chunk_id, **{**defaults, **fields})


def hit(text: str, chunk_id: str = "doc:regle", section: str = "Fiche > Règle", score: float = 1.0) -> ScoredChunk:
    """A retrieved passage made of one text, for the extractive composer's tests."""
    return ScoredChunk(chunk(chunk_id, section=section, text=text, content_hash="x"), score)


class SpyStore:
    """A vector store that records the filters of every query and answers from the real one."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.filters: list[Any] = []

    def nearest(self, vector: Any, n: int, filters: Any = None) -> Any:
        self.filters.append(filters)
        return self.real.nearest(vector, n, filters)


def meta(**overrides) -> dict:
    data = {**BASE_META, **overrides}
    return {k: v for k, v in data.items() if v is not None}


def markdown(path: Path, body: str, **overrides) -> Path:
    path.write_text(
        "---\n" + yaml.safe_dump(meta(**overrides), allow_unicode=True) + "---\n\n" + body, encoding="utf-8"
    )
    return path


def sidecar(path: Path, **overrides) -> Path:
    (path.parent / (path.name + ".yaml")).write_text(
        yaml.safe_dump(meta(**overrides), allow_unicode=True), encoding="utf-8"
    )
    return path


def docx(path: Path, title: str, sections: list[tuple[str, str]]) -> Path:
    import docx as python_docx

    document = python_docx.Document()
    document.add_heading(title, level=1)
    for heading, text in sections:
        document.add_heading(heading, level=2)
        document.add_paragraph(text)
    document.save(str(path))
    return path


def pdf(path: Path, lines: list[str]) -> Path:
    """A minimal born-digital PDF (Helvetica, one text line per row), enough for pdfminer."""
    content = ["BT", "/F1 12 Tf", "14 TL", "72 760 Td"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        content.append(f"({escaped}) Tj T*")
    content.append("ET")
    stream = "\n".join(content).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path
