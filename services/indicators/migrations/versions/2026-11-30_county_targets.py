"""county targets: a county-specific target overriding the class target for one code and period

Revision ID: indicators_0007
Revises: indicators_0006
Create Date: 2026-11-30

seed 003 (苗栗縣 社安網第二期): Miaoli sets its own targets, e.g. 「出院後2星期內第一次訪視評估比率達80%」
against the plan's 70%.
"""

import sqlalchemy as sa
from alembic import op

revision = "indicators_0007"
down_revision = "indicators_0006"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "county_targets",
        sa.Column("county", sa.String(10), nullable=False),
        sa.Column("code", sa.String(80), nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("threshold", sa.Numeric(18, 4), nullable=False),
        sa.Column("op", sa.String(2), nullable=False),
        sa.Column("evidence", sa.String(500), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("set_at", TZ, nullable=False),
        sa.Column("set_by", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("county", "code", "period", name="pk_county_targets"),
    )


def downgrade() -> None:
    op.drop_table("county_targets")
