"""case conferences (個案研討會) about a referred employee: consent first, minutes for the participants

Revision ID: eap_0011
Revises: eap_0010
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "eap_0011"
down_revision = "eap_0010"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "case_conferences",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "referral_id",
            sa.String(36),
            sa.ForeignKey("referrals.id", ondelete="CASCADE", name="fk_case_conferences_referral_id_referrals"),
            nullable=False,
        ),
        sa.Column("employee_sub", sa.String(200), nullable=False),
        sa.Column("scheduled_at", TZ, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("answered_at", TZ),
    )
    op.create_index("ix_case_conferences_referral_id", "case_conferences", ["referral_id"])
    op.create_index("ix_case_conferences_employee_sub", "case_conferences", ["employee_sub"])
    op.create_table(
        "conference_participants",
        sa.Column(
            "conference_id",
            sa.String(36),
            sa.ForeignKey(
                "case_conferences.id",
                ondelete="CASCADE",
                name="fk_conference_participants_conference_id_case_conferences",
            ),
            primary_key=True,
        ),
        sa.Column("member_sub", sa.String(200), primary_key=True),
        sa.Column("role", sa.String(20), nullable=False),
    )
    op.create_table(
        "conference_minutes",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "conference_id",
            sa.String(36),
            sa.ForeignKey(
                "case_conferences.id", ondelete="CASCADE", name="fk_conference_minutes_conference_id_case_conferences"
            ),
            nullable=False,
        ),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("written_by", sa.String(200), nullable=False),
        sa.Column("written_at", TZ, nullable=False),
    )
    op.create_index("ix_conference_minutes_conference_id", "conference_minutes", ["conference_id"])


def downgrade() -> None:
    op.drop_index("ix_conference_minutes_conference_id", table_name="conference_minutes")
    op.drop_table("conference_minutes")
    op.drop_table("conference_participants")
    op.drop_index("ix_case_conferences_employee_sub", table_name="case_conferences")
    op.drop_index("ix_case_conferences_referral_id", table_name="case_conferences")
    op.drop_table("case_conferences")
