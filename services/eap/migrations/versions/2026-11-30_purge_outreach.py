"""purge records count the outreach's personal data purged with the same cutoff

Revision ID: eap_0014
Revises: eap_0013
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "eap_0014"
down_revision = "eap_0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("purge_records", sa.Column("outreach", sa.JSON()))


def downgrade() -> None:
    with op.batch_alter_table("purge_records") as batch:
        batch.drop_column("outreach")
