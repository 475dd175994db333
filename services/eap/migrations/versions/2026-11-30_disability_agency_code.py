"""statistics by disability (self-declared on a booking) and anonymous self-checks by agency code

Revision ID: eap_0008
Revises: eap_0007
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "eap_0008"
down_revision = "eap_0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("bookings", sa.Column("employee_disability", sa.String(3)))
    op.add_column("self_check_results", sa.Column("agency_code", sa.String(50)))


def downgrade() -> None:
    with op.batch_alter_table("self_check_results") as batch:
        batch.drop_column("agency_code")
    with op.batch_alter_table("bookings") as batch:
        batch.drop_column("employee_disability")
