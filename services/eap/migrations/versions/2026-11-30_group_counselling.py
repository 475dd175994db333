"""group counselling after an incident: sessions, participants (by code name), unlinked surveys

Revision ID: eap_0010
Revises: eap_0009
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "eap_0010"
down_revision = "eap_0009"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "group_sessions",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("agency", sa.String(200), nullable=False),
        sa.Column("topic", sa.String(300), nullable=False),
        sa.Column(
            "counsellor_id",
            sa.String(36),
            sa.ForeignKey("counsellors.id", name="fk_group_sessions_counsellor_id_counsellors"),
        ),
        sa.Column("starts_at", TZ, nullable=False),
        sa.Column("ends_at", TZ, nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_index("ix_group_sessions_agency", "group_sessions", ["agency"])
    op.create_table(
        "group_participants",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "session_id",
            sa.String(36),
            sa.ForeignKey(
                "group_sessions.id", ondelete="CASCADE", name="fk_group_participants_session_id_group_sessions"
            ),
            nullable=False,
        ),
        sa.Column("employee_sub", sa.String(200), nullable=False),
        sa.Column("code_name", sa.String(20), nullable=False),
        sa.Column("attended", sa.Boolean()),
        sa.Column("created_at", TZ, nullable=False),
        sa.UniqueConstraint("code_name", name="uq_group_participants_code_name"),
        sa.UniqueConstraint("session_id", "employee_sub", name="uq_group_participants_session_employee"),
    )
    op.create_index("ix_group_participants_session_id", "group_participants", ["session_id"])
    op.create_table(
        "group_survey_markers",
        sa.Column(
            "participant_id",
            sa.String(36),
            sa.ForeignKey(
                "group_participants.id",
                ondelete="CASCADE",
                name="fk_group_survey_markers_participant_id_group_participants",
            ),
            primary_key=True,
        ),
    )
    op.create_table(
        "group_survey_responses",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("agency", sa.String(200), nullable=False),
        sa.Column("overall", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text()),
    )
    op.create_index("ix_group_survey_responses_year", "group_survey_responses", ["year"])


def downgrade() -> None:
    op.drop_index("ix_group_survey_responses_year", table_name="group_survey_responses")
    op.drop_table("group_survey_responses")
    op.drop_table("group_survey_markers")
    op.drop_index("ix_group_participants_session_id", table_name="group_participants")
    op.drop_table("group_participants")
    op.drop_index("ix_group_sessions_agency", table_name="group_sessions")
    op.drop_table("group_sessions")
