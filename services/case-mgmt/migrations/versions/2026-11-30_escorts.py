"""escorts to hospital (護送就醫)

Intake `source` becomes a closed list in the API (sources/rules.py); stored values are left as they
are — free text stored before the list counts as `other` in the referral-source report.

Revision ID: case_mgmt_0005
Revises: case_mgmt_0004
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "case_mgmt_0005"
down_revision = "case_mgmt_0004"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "escorts",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("case_id", sa.String(36), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("county", sa.String(10), nullable=False),
        sa.Column("escorted_at", TZ, nullable=False),
        sa.Column("reason", sa.String(30), nullable=False),
        sa.Column("escorted_by", sa.JSON(), nullable=False),
        sa.Column("hospital", sa.String(200), nullable=False),
        sa.Column("outcome", sa.String(30), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(200), nullable=False),
        sa.Column("recorded_at", TZ, nullable=False),
    )
    op.create_index("ix_escorts_case_id", "escorts", ["case_id"])
    op.create_index("ix_escorts_county", "escorts", ["county"])


def downgrade() -> None:
    op.drop_index("ix_escorts_county", table_name="escorts")
    op.drop_index("ix_escorts_case_id", table_name="escorts")
    op.drop_table("escorts")
