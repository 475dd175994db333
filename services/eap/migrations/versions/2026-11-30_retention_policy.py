"""retention policy: the counselling-record retention period in force (never below 10 years)

Revision ID: eap_0004
Revises: eap_0003
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "eap_0004"
down_revision = "eap_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "retention_policy",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("retention_years", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        # 心理師法 §25: at least 10 years, whatever writes the row.
        sa.CheckConstraint("retention_years >= 10", name="ck_retention_policy_legal_minimum"),
    )


def downgrade() -> None:
    op.drop_table("retention_policy")
