"""manual facts with evidence and their edit history

Revision ID: indicators_0004
Revises: indicators_0003
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "indicators_0004"
down_revision = "indicators_0003"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "facts",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("county", sa.String(10), nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(80), nullable=False),
        sa.Column("value", sa.Numeric(18, 4), nullable=True),
        sa.Column("numerator", sa.Numeric(18, 4), nullable=True),
        sa.Column("denominator", sa.Numeric(18, 4), nullable=True),
        sa.Column("evidence", sa.String(500), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("status", sa.String(12), nullable=False, server_default="active"),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
    )
    op.create_index("ix_facts_county_year_code", "facts", ["county", "year", "code"])
    op.create_table(
        "fact_revisions",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
        # No foreign key: revisions are an append-only log that outlives nothing but must never block a
        # bulk clean-up order (SQLite test truncation deletes table by table).
        sa.Column("fact_id", sa.String(36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(12), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("by", sa.String(200), nullable=False),
        sa.Column("reason", sa.String(500), nullable=True),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
    )
    op.create_index("ix_fact_revisions_fact_id", "fact_revisions", ["fact_id"])


def downgrade() -> None:
    op.drop_table("fact_revisions")
    op.drop_table("facts")
