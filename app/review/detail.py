"""The review screen's content: everything the answer record kept, with its passages checked against today's index."""

from __future__ import annotations

from app.generate.citations import paragraphs
from app.records.store import RecordStore
from app.retrieve.index_reader import LoadedIndex
from app.review.handoffs import for_answer
from app.review.passages import review_passages
from app.review.queue import review_row, verdict_history
from app.schemas.review import ReviewDetail


def review_detail(store: RecordStore, index: LoadedIndex, answer_id: str) -> ReviewDetail:
    record = store.get_answer(answer_id)
    with store.engine.connect() as conn:
        row = review_row(conn, answer_id) or {}
    return ReviewDetail(
        **record.model_dump(
            include={
                "answer_id",
                "conversation_id",
                "created_at",
                "question",
                "standalone_query",
                "answer",
                "mode",
                "refused",
                "answer_checks",
                "citations",
                "notices",
                "fallback_reason",
                "model",
                "prompt",
                "corpus_version",
            }
        ),
        sentences=[s for paragraph in paragraphs(record.answer) for s in paragraph],
        passages=review_passages(index, record),
        status=row.get("status", "new"),
        version=row.get("version", 0),
        locked_by=row.get("locked_by"),
        locked_until=row.get("locked_until"),
        stale_reason=row.get("stale_reason"),
        feedback=[
            {"rating": "up" if f["rating"] > 0 else "down", "comment": f["comment"], "created_at": f["created_at"]}
            for f in store.feedback_for(answer_id)
        ],
        handoffs=for_answer(store.engine, answer_id),
        verdicts=verdict_history(store.engine, answer_id),
    )
