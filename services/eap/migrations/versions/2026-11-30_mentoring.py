"""new-staff mentoring (師徒制): mentorships and the monthly talks held (no content)

Revision ID: eap_0012
Revises: eap_0011
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "eap_0012"
down_revision = "eap_0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mentorships",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "new_staff_id",
            sa.String(36),
            sa.ForeignKey("new_staff.id", ondelete="CASCADE", name="fk_mentorships_new_staff_id_new_staff"),
            nullable=False,
        ),
        sa.Column("mentor_sub", sa.String(200), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("new_staff_id", name="uq_mentorships_new_staff_id"),
    )
    op.create_index("ix_mentorships_mentor_sub", "mentorships", ["mentor_sub"])
    op.create_table(
        "mentoring_talks",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "mentorship_id",
            sa.String(36),
            sa.ForeignKey("mentorships.id", ondelete="CASCADE", name="fk_mentoring_talks_mentorship_id_mentorships"),
            nullable=False,
        ),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.UniqueConstraint("mentorship_id", "month", name="uq_mentoring_talks_mentorship_month"),
    )


def downgrade() -> None:
    op.drop_table("mentoring_talks")
    op.drop_index("ix_mentorships_mentor_sub", table_name="mentorships")
    op.drop_table("mentorships")
