"""version numbers for the core ETag scheme: samplings and internal audits carry `version`

Revision ID: household_audit_0003
Revises: household_audit_0002
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "household_audit_0003"
down_revision = "household_audit_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("samplings", "internal_audits"):
        with op.batch_alter_table(table) as b:
            b.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    for table in ("samplings", "internal_audits"):
        with op.batch_alter_table(table) as b:
            b.drop_column("version")
