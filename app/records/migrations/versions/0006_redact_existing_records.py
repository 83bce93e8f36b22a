"""Redact the records stored before redaction existed, and keep their question once per row.

Earlier rows hold questions, standalone queries and feedback comments as typed (e-mails, phone numbers, NIR, IBAN),
and the JSON record repeats the question and standalone query. This data migration rewrites them the way new rows
are written. It cannot be undone (the originals are gone, which is the point).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

BATCH = 500


def upgrade() -> None:
    from app.records.redaction import redact_text

    bind = op.get_bind()
    answers = sa.table(
        "answers",
        sa.column("answer_id", sa.String),
        sa.column("question", sa.Text),
        sa.column("standalone_query", sa.Text),
        sa.column("record", sa.Text),
    )
    feedback = sa.table("feedback", sa.column("id", sa.Integer), sa.column("comment", sa.Text))
    last = ""
    while True:
        rows = bind.execute(
            sa.select(answers).where(answers.c.answer_id > last).order_by(answers.c.answer_id).limit(BATCH)
        ).all()
        if not rows:
            break
        for answer_id, question, standalone, record in rows:
            data = json.loads(record)
            repeated = "question" in data or "standalone_query" in data
            data.pop("question", None)
            data.pop("standalone_query", None)
            new_question, new_standalone = redact_text(question), redact_text(standalone)
            if repeated or new_question != question or new_standalone != standalone:
                bind.execute(
                    sa.update(answers)
                    .where(answers.c.answer_id == answer_id)
                    .values(
                        question=new_question,
                        standalone_query=new_standalone,
                        record=json.dumps(data, ensure_ascii=False),
                    )
                )
        last = rows[-1][0]
    for feedback_id, comment in bind.execute(sa.select(feedback).where(feedback.c.comment.is_not(None))).all():
        redacted = redact_text(comment)
        if redacted != comment:
            bind.execute(sa.update(feedback).where(feedback.c.id == feedback_id).values(comment=redacted))


def downgrade() -> None:
    pass  # the originals are not kept anywhere
