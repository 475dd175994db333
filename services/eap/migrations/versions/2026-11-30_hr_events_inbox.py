"""HR hooks and the employee's inbox: hr_events (idempotency ledger, no employee reference) and messages

Revision ID: eap_0005
Revises: eap_0004
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "eap_0005"
down_revision = "eap_0004"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "hr_events",
        sa.Column("source_id", sa.String(200), primary_key=True),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("agency", sa.String(200)),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("received_at", TZ, nullable=False),
    )
    op.create_table(
        "messages",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("employee_sub", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("bsrs5_invite", sa.Boolean(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("read_at", TZ),
    )
    op.create_index("ix_messages_employee_sub_created_at", "messages", ["employee_sub", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_messages_employee_sub_created_at", table_name="messages")
    op.drop_table("messages")
    op.drop_table("hr_events")
