"""proactive care offers (主動關懷邀請): consent-first, only an accepted offer becomes a referral

Revision ID: eap_0007
Revises: eap_0006
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "eap_0007"
down_revision = "eap_0006"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "care_offers",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("source_id", sa.String(200), nullable=False),
        sa.Column("employee_sub", sa.String(200), nullable=False),
        sa.Column("agency", sa.String(200)),
        sa.Column("trigger", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("referral_id", sa.String(36)),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("answered_at", TZ),
        sa.UniqueConstraint("source_id", name="uq_care_offers_source_id"),
    )
    op.create_index("ix_care_offers_employee_sub", "care_offers", ["employee_sub"])


def downgrade() -> None:
    op.drop_index("ix_care_offers_employee_sub", table_name="care_offers")
    op.drop_table("care_offers")
