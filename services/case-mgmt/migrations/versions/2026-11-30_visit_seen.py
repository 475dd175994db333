"""visits.seen: who a visit saw (person | family_only)

Existing visits: `met` → `person` (the v1 contract's `met` means the visitor met the person),
`not_met` → NULL (nobody seen). So a step-down already allowed stays allowed.

Revision ID: case_mgmt_0004
Revises: case_mgmt_0003
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "case_mgmt_0004"
down_revision = "case_mgmt_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("visits", sa.Column("seen", sa.String(20), nullable=True))
    op.execute("UPDATE visits SET seen = 'person' WHERE outcome = 'met'")


def downgrade() -> None:
    op.drop_column("visits", "seen")
