"""record versions: an integer `version` on counsellors and bookings for the core ETag scheme

Revision ID: eap_0003
Revises: eap_0002
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "eap_0003"
down_revision = "eap_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("counsellors", sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    op.add_column("bookings", sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("bookings") as batch:
        batch.drop_column("version")
    with op.batch_alter_table("counsellors") as batch:
        batch.drop_column("version")
