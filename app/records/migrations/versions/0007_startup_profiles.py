"""Startup profiles (per conversation and per account) and the checker results computed from them.

These two tables were first created outside the migrations, by the profile store itself; a database that already
has them keeps them as they are (same columns), a new one gets them here.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if "startup_profiles" not in existing:
        op.create_table(
            "startup_profiles",
            sa.Column("scope_key", sa.String(160), primary_key=True),
            sa.Column("fields", sa.Text, nullable=False),
            sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        )
    if "checker_results" not in existing:
        op.create_table(
            "checker_results",
            sa.Column("scope_key", sa.String(160), primary_key=True),
            sa.Column("checker", sa.String(64), primary_key=True),
            sa.Column("used", sa.Text, nullable=False),
            sa.Column("result", sa.Text, nullable=False),
            sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        )


def downgrade() -> None:
    op.drop_table("checker_results")
    op.drop_table("startup_profiles")
