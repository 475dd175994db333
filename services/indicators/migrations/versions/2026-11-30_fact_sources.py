"""facts know their source: `manual` (a county or the ministry) or `workforce` (its staffing.fact feed)

Revision ID: indicators_0009
Revises: indicators_0008
Create Date: 2026-11-30

`source_seq` is the feed position of the event that last wrote a workforce fact, so a replay of an
older event changes nothing.
"""

import sqlalchemy as sa
from alembic import op

revision = "indicators_0009"
down_revision = "indicators_0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("facts", sa.Column("source", sa.String(20), nullable=False, server_default="manual"))
    op.add_column("facts", sa.Column("source_seq", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    op.drop_column("facts", "source_seq")
    op.drop_column("facts", "source")
