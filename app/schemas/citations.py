"""How a cited source is presented: official link and validity in words a founder understands."""

from __future__ import annotations

import datetime as dt

from app.schemas.answers import Citation
from app.schemas.chunks import Chunk


def validity_label(chunk: Chunk, today: dt.date | None = None, language: str = "fr") -> str:
    today = today or dt.date.today()
    fr = language == "fr"
    if chunk.status and not chunk.in_force:
        return f"texte non en vigueur ({chunk.status})" if fr else f"not in force ({chunk.status})"
    if chunk.valid_until and chunk.valid_until < today:
        day = chunk.valid_until.strftime("%d/%m/%Y")
        if chunk.kind == "funding":
            return f"appel clos le {day}" if fr else f"closed on {day}"
        return f"valable jusqu'au {day} (échu)" if fr else f"valid until {day} (expired)"
    if chunk.valid_from and chunk.valid_from > today:
        day = chunk.valid_from.strftime("%d/%m/%Y")
        return f"applicable à partir du {day}" if fr else f"applies from {day}"
    if chunk.valid_until:
        day = chunk.valid_until.strftime("%d/%m/%Y")
        return f"en vigueur jusqu'au {day}" if fr else f"in force until {day}"
    return "en vigueur" if fr else "in force"


EDITORIAL_PUBLISHER = "Navigateur e-santé"


def is_editorial(chunk: Chunk) -> bool:
    """Our own summary sheets are quoted as such: the official link will not contain the quoted sentence."""
    if chunk.publisher:
        return chunk.publisher.startswith(EDITORIAL_PUBLISHER)
    return chunk.kind in {"fiche", "guidance"}  # indexes built before chunks carried the publisher


def make_citation(n: int, chunk: Chunk, quote: str, language: str = "fr") -> Citation:
    return Citation(
        n=n,
        chunk_id=chunk.chunk_id,
        doc_id=chunk.doc_id,
        title=chunk.title,
        section=chunk.section,
        url=chunk.url,
        quote=quote,
        valid_from=chunk.valid_from,
        valid_until=chunk.valid_until,
        validity=validity_label(chunk, language=language),
        in_force=chunk.in_force,
        verified_on=chunk.verified_on,
        kind=chunk.kind,
        domain=chunk.domain,
        editorial=is_editorial(chunk),
        references=chunk.references,
    )
