"""Verdicts: versioned, with author and date; a correction's [n] markers go through the generated answers' checker.

Saving needs the item's lock and the version the adviser saw (`base_version`): if someone saved in between, the
save is refused (409) and nothing changes. A correction citing an unknown passage is refused (400); one whose
sentences the cited passages do not support needs `confirm_unsupported` (409 otherwise).
"""

from __future__ import annotations

import json

from sqlalchemy import insert, update

from app.generate.citations import check_answer
from app.generate.support import support_policy
from app.records.redaction import redact_text
from app.records.store import RecordStore
from app.records.tables import reviews, verdicts
from app.retrieve.index_reader import LoadedIndex
from app.review import ReviewConflict, ReviewError
from app.review.passages import chunk_by_id, numbered_chunks
from app.review.queue import now, release_lock, review_row
from app.schemas.answers import AnswerRecord
from app.schemas.review import VerdictIn, VerdictOut
from app.settings import Settings


def check_correction(settings: Settings, index: LoadedIndex, record: AnswerRecord, body: VerdictIn):
    numbered = numbered_chunks(index, record, body.extra_chunks)
    unknown = [chunk_id for _, chunk_id, chunk in numbered if chunk is None and chunk_id in body.extra_chunks]
    if unknown:
        raise ReviewError(f"unknown passage(s): {', '.join(unknown)}")
    passages = {n: chunk for n, _, chunk in numbered if chunk is not None}
    checked = check_answer((body.corrected_answer or "").strip(), passages, support_policy(index, settings), "fr")
    removed = sorted({m for c in checked.checks for m in c.removed_markers})
    if removed:
        raise ReviewError(
            f"the correction cites passage(s) {', '.join(f'[{m}]' for m in removed)} that the review does not list"
        )
    if not checked.citations:
        raise ReviewError("the correction cites no passage: cite at least one [n]")
    unsupported = checked.unsupported
    if unsupported and not body.confirm_unsupported:
        sentences = " | ".join(c.sentence for c in unsupported)
        raise ReviewConflict(
            f"{len(unsupported)} sentence(s) are not supported by the passage they cite ({sentences}); "
            "confirm to save anyway"
        )
    return checked


def save_verdict(
    settings: Settings, store: RecordStore, index: LoadedIndex, answer_id: str, author: str, body: VerdictIn
) -> VerdictOut:
    record = store.get_answer(answer_id)
    unknown = [c.should_cite for c in body.citations if c.should_cite and chunk_by_id(index, c.should_cite) is None]
    if unknown:
        raise ReviewError(f"unknown passage(s) to cite instead: {', '.join(unknown)}")
    corrected = check_correction(settings, index, record, body) if body.status == "corrected" else None
    if corrected is not None:
        citations, checks = corrected.citations, corrected.checks
        hashes = {c.chunk_id: index.chunks[index.position[c.chunk_id]].content_hash for c in citations}
        text = corrected.text
    else:
        citations, checks, text = record.citations, [], None
        retrieved = {r.chunk_id: r.content_hash for r in record.retrieved}
        hashes = {c.chunk_id: retrieved.get(c.chunk_id, "") for c in record.citations}
        if body.status == "validated":
            changed = [
                chunk_id
                for chunk_id, content_hash in hashes.items()
                if (chunk := chunk_by_id(index, chunk_id)) is None or chunk.content_hash != content_hash
            ]
            if changed:
                raise ReviewConflict(
                    f"cited passage(s) changed since this answer was given ({', '.join(changed)}): correct it instead"
                )
    texts = {chunk_id: chunk.text for chunk_id in hashes if (chunk := chunk_by_id(index, chunk_id)) is not None}
    if body.status == "validated" and (record.refused or not record.citations):
        raise ReviewError("a refusal or an answer without citations cannot be validated: correct it instead")
    moment = now()
    with store.engine.begin() as conn:
        row = review_row(conn, answer_id)
        if row is None or row["locked_by"] != author or row["locked_until"] is None or row["locked_until"] < moment:
            holder = (
                row and row["locked_by"] and row["locked_until"] and row["locked_until"] > moment and row["locked_by"]
            )
            raise ReviewConflict(
                f"{holder} is reviewing this answer"
                if holder
                else "open the answer for review first (the lock expired)"
            )
        if row["version"] != body.base_version:
            raise ReviewConflict(
                f"version {row['version']} was saved since you opened version {body.base_version}: reload it"
            )
        version = row["version"] + 1
        out = VerdictOut(
            answer_id=answer_id,
            version=version,
            author=author,
            created_at=moment,
            status=body.status,
            sentences=body.sentences,
            citations=body.citations,
            corrected_answer=text,
            corrected_citations=citations,
            corrected_checks=checks,
            cited_hashes=hashes,
            harmful=any(s.harmful for s in body.sentences),
            note=redact_text(body.note),
        )
        stored = out.model_dump(mode="json", exclude={"answer_id", "version", "author", "created_at", "status"})
        stored["confirmed_unsupported"] = bool(corrected and corrected.unsupported)
        stored["cited_texts"] = texts  # what the adviser checked: the diff shown when a passage later changes
        conn.execute(
            insert(verdicts).values(
                answer_id=answer_id,
                version=version,
                author=author,
                created_at=moment,
                status=body.status,
                body=json.dumps(stored, ensure_ascii=False),
            )
        )
        conn.execute(
            update(reviews)
            .where(reviews.c.answer_id == answer_id)
            .values(status=body.status, version=version, stale_reason=None, updated_at=moment)
        )
        release_lock(conn, answer_id)
    return out
