"""referrals to care resources (轉介), naming the directory's resource by id

Revision ID: case_mgmt_0007
Revises: case_mgmt_0006
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "case_mgmt_0007"
down_revision = "case_mgmt_0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_referrals",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("case_id", sa.String(36), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("county", sa.String(10), nullable=False),
        sa.Column("resource_id", sa.String(64), nullable=False),
        sa.Column("resource_name", sa.String(200), nullable=True),
        sa.Column("resource_county", sa.String(10), nullable=True),
        sa.Column("resource_categories", sa.String(300), nullable=True),
        sa.Column("resource_checked", sa.Boolean(), nullable=False),
        sa.Column("referred_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_case_referrals_case_id", "case_referrals", ["case_id"])
    op.create_index("ix_case_referrals_county", "case_referrals", ["county"])
    op.create_index("ix_case_referrals_resource_id", "case_referrals", ["resource_id"])


def downgrade() -> None:
    op.drop_table("case_referrals")
