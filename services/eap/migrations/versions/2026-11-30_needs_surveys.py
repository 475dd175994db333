"""needs surveys (需求調查問卷) by gender and disability: surveys, once-only markers, unlinked responses

Revision ID: eap_0013
Revises: eap_0012
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "eap_0013"
down_revision = "eap_0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "needs_surveys",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "needs_survey_markers",
        sa.Column(
            "survey_id",
            sa.String(36),
            sa.ForeignKey(
                "needs_surveys.id", ondelete="CASCADE", name="fk_needs_survey_markers_survey_id_needs_surveys"
            ),
            primary_key=True,
        ),
        sa.Column("employee_sub", sa.String(200), primary_key=True),
    )
    op.create_table(
        "needs_survey_responses",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "survey_id",
            sa.String(36),
            sa.ForeignKey(
                "needs_surveys.id", ondelete="CASCADE", name="fk_needs_survey_responses_survey_id_needs_surveys"
            ),
            nullable=False,
        ),
        sa.Column("gender", sa.String(1)),
        sa.Column("disability", sa.String(3)),
        sa.Column("needs", sa.JSON(), nullable=False),
        sa.Column("comment", sa.Text()),
    )
    op.create_index("ix_needs_survey_responses_survey_id", "needs_survey_responses", ["survey_id"])


def downgrade() -> None:
    op.drop_index("ix_needs_survey_responses_survey_id", table_name="needs_survey_responses")
    op.drop_table("needs_survey_responses")
    op.drop_table("needs_survey_markers")
    op.drop_table("needs_surveys")
