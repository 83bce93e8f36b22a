"""Review of answers: queue columns on answers, reviews (status, lock), versioned verdicts, hand-off requests.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("answers") as batch:
        batch.add_column(sa.Column("mode", sa.String(16)))
        batch.add_column(sa.Column("refused", sa.Boolean))
        batch.add_column(sa.Column("flagged", sa.Boolean))
        batch.add_column(sa.Column("domains", sa.String(200)))
    op.create_table(
        "reviews",
        sa.Column("answer_id", sa.String(64), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("version", sa.Integer, nullable=False, server_default="0"),
        sa.Column("locked_by", sa.String(254)),
        sa.Column("locked_until", sa.DateTime(timezone=True)),
        sa.Column("stale_reason", sa.Text),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "verdicts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("answer_id", sa.String(64), nullable=False, index=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("author", sa.String(254), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.UniqueConstraint("answer_id", "version", name="uq_verdicts_answer_version"),
    )
    op.create_table(
        "handoffs",
        sa.Column("handoff_id", sa.String(64), primary_key=True),
        sa.Column("answer_id", sa.String(64), nullable=False, index=True),
        sa.Column("conversation_id", sa.String(64), nullable=False, index=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("message", sa.Text),
        sa.Column("contact_email", sa.String(254)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reply", sa.Text),
        sa.Column("replied_by", sa.String(254)),
        sa.Column("replied_at", sa.DateTime(timezone=True)),
    )


def downgrade() -> None:
    op.drop_table("handoffs")
    op.drop_table("verdicts")
    op.drop_table("reviews")
    with op.batch_alter_table("answers") as batch:
        for column in ("domains", "flagged", "refused", "mode"):
            batch.drop_column(column)
