"""reporting to the ministry: internal audits and anomalies carry who submitted them and when

Revision ID: household_audit_0004
Revises: household_audit_0003
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "household_audit_0004"
down_revision = "household_audit_0003"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("internal_audits") as b:
        b.add_column(sa.Column("status", sa.String(20), nullable=False, server_default="draft"))
        b.add_column(sa.Column("submitted_by", sa.String(200), nullable=True))
        b.add_column(sa.Column("submitted_at", TZ, nullable=True))
    op.create_index("ix_internal_audits_submitted", "internal_audits", ["submitted_at", "id"])
    with op.batch_alter_table("anomalies") as b:
        b.add_column(sa.Column("reported_by", sa.String(200), nullable=True))
    op.create_index("ix_anomalies_reported", "anomalies", ["reported_to_ministry_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_anomalies_reported", "anomalies")
    with op.batch_alter_table("anomalies") as b:
        b.drop_column("reported_by")
    op.drop_index("ix_internal_audits_submitted", "internal_audits")
    with op.batch_alter_table("internal_audits") as b:
        b.drop_column("submitted_at")
        b.drop_column("submitted_by")
        b.drop_column("status")
