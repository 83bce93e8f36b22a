"""Answers and feedback, as stored before migrations existed (created only if absent, so old databases adopt them).

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if "answers" not in existing:
        op.create_table(
            "answers",
            sa.Column("answer_id", sa.String(64), primary_key=True),
            sa.Column("conversation_id", sa.String(64), nullable=False, index=True),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("question", sa.Text, nullable=False),
            sa.Column("standalone_query", sa.Text, nullable=False),
            sa.Column("record", sa.Text, nullable=False),
        )
    if "feedback" not in existing:
        op.create_table(
            "feedback",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("answer_id", sa.String(64), nullable=False, index=True),
            sa.Column("rating", sa.Integer, nullable=False),
            sa.Column("comment", sa.Text),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        )


def downgrade() -> None:
    op.drop_table("feedback")
    op.drop_table("answers")
