"""Cut parsed elements into chunks along the document's own structure.

Each chunk keeps its heading path (`Titre > Section > Sous-section`) for citation, stays within a bounded size,
and gets an id derived from the document id and that path, so ids survive edits elsewhere in the document.
"""

from __future__ import annotations

import hashlib
import re

from langchain_text_splitters import RecursiveCharacterTextSplitter

from app.ingest.parse import ParsedDocument
from app.schemas.chunks import SECTION_SEPARATOR, Chunk, OfficialReference
from app.text import slugify

# Structure found in official texts whose headings are not styled (PDF, plain text): "Article 12", "Annexe VIII".
ARTICLE_HEADING = re.compile(r"^(article|annexe|annex|chapitre|chapter|section|titre|title)\s+[\w.\-]+\b", re.I)


def section_title(section: str) -> str:
    """The title of a chunk's own section (« … > R162-50-2 CSS : le comité technique… »); empty in a sheet's
    introduction, which comes before its first section."""
    return section.rsplit(SECTION_SEPARATOR, 1)[-1] if SECTION_SEPARATOR in section else ""


def _heading_depth(element) -> int | None:
    """Depth of a heading element (0 = document title), or None for body text."""
    category = getattr(element, "category", "")
    text = element.text.strip()
    depth = element.metadata.category_depth if category == "Title" else None
    if depth is not None:  # a real heading (<h2>, ##, Word style)
        return int(depth)
    if ARTICLE_HEADING.match(text) and len(text) < 120:
        return 1
    # Unstyled sources (PDF text boxes) have only guessed titles: keep short, unpunctuated lines.
    if category == "Title" and len(text) < 80 and len(text.split()) <= 10 and not text.endswith((".", ":", ";", ",")):
        return 1
    return None


def _element_text(element) -> str:
    text = element.text.strip()
    if getattr(element, "category", "") == "ListItem":
        return f"- {text}"
    return text


def _sections(parsed: ParsedDocument) -> list[tuple[list[str], list[str], int | None]]:
    """(heading path, paragraphs, first page) for each run of body text under one heading.

    The path always starts with the document's title: its H1 when it has one, else the declared title.
    """
    stack: list[tuple[int, str]] = []
    sections: list[tuple[list[str], list[str], int | None]] = []
    current: list[str] = []
    page: int | None = None

    def flush():
        nonlocal current, page
        if current:
            path = [title for _, title in stack]
            if not stack or stack[0][0] != 0:
                path.insert(0, parsed.meta.title)
            sections.append((path, current, page))
        current, page = [], None

    for element in parsed.elements:
        text = element.text.strip()
        if not text:
            continue
        depth = _heading_depth(element)
        if depth is not None:
            flush()
            while stack and stack[-1][0] >= depth:
                stack.pop()
            stack.append((depth, text))
            continue
        if page is None:
            page = getattr(element.metadata, "page_number", None)
        current.append(_element_text(element))
    flush()
    return sections


def chunk_document(parsed: ParsedDocument, max_chars: int, overlap: int) -> list[Chunk]:
    meta = parsed.meta
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=max_chars, chunk_overlap=overlap, separators=["\n\n", "\n", ". ", "; ", ", ", " ", ""]
    )
    references = [OfficialReference(label=r.label, url=str(r.url), identifier=r.identifier) for r in meta.references]
    chunks: list[Chunk] = []
    seen: dict[str, int] = {}
    for path, paragraphs, page in _sections(parsed):
        section = SECTION_SEPARATOR.join(path)
        base = slugify(" ".join(path[1:])) if len(path) > 1 else "intro"
        seen[base] = seen.get(base, 0) + 1
        if seen[base] > 1:
            base = f"{base}-{seen[base]}"
        body = "\n\n".join(paragraphs)
        for part, text in enumerate(splitter.split_text(body)):
            chunk_id = f"{meta.id}:{base}" + (f"~{part + 1}" if part else "")
            chunk = Chunk(
                chunk_id=chunk_id,
                doc_id=meta.id,
                title=meta.title,
                section=section,
                domain=meta.domain,
                kind=meta.kind,
                language=meta.language,
                text=text,
                references=references,
                valid_from=meta.valid_from,
                valid_until=meta.valid_until,
                status=meta.status,
                verified_on=meta.verified_on,
                to_verify=meta.to_verify,
                publisher=meta.publisher,
                page=page,
                source_path=str(parsed.path),
                content_hash="",
            )
            chunk.content_hash = hashlib.sha256(chunk.embed_text().encode()).hexdigest()
            chunks.append(chunk)
    return chunks
