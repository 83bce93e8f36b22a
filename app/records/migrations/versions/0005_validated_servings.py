"""Log of validated answers served to founders.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "validated_servings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("validated_answer_id", sa.String(64), nullable=False, index=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("served_answer_id", sa.String(64), nullable=False),
        sa.Column("served_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("similarity", sa.Float, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("validated_servings")
