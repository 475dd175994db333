"""initial: the shared plumbing tables (idempotency, access trail, outbox, feed cursors)

Revision ID: workforce_0001
Revises:
Create Date: 2026-11-30
"""

from carenet_core.migrations import create_core_tables, drop_core_tables

revision = "workforce_0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_core_tables()


def downgrade() -> None:
    drop_core_tables()
