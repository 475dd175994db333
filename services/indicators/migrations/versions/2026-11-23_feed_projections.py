"""feed projections: cases, tier changes, visits, discharge plans, conferences, visit audits, feed status

Revision ID: indicators_0003
Revises: indicators_0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "indicators_0003"
down_revision = "indicators_0002"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def _seq() -> sa.Column:
    return sa.Column("seq", sa.BigInteger(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "proj_cases",
        sa.Column("case_id", sa.String(64), primary_key=True),
        sa.Column("county", sa.String(10), nullable=False),
        sa.Column("district", sa.String(50), nullable=True),
        sa.Column("is_psychiatric", sa.Boolean(), nullable=False),
        sa.Column("is_suicide", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(60), nullable=True),
        sa.Column("intake_date", sa.Date(), nullable=True),
        sa.Column("tier", sa.Integer(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        _seq(),
    )
    op.create_index("ix_proj_cases_county_intake", "proj_cases", ["county", "intake_date"])
    op.create_table(
        "proj_tier_changes",
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("changed_at", sa.String(40), nullable=False),
        sa.Column("county", sa.String(10), nullable=False),
        sa.Column("from_tier", sa.Integer(), nullable=True),
        sa.Column("to_tier", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.String(64), nullable=True),
        _seq(),
        sa.PrimaryKeyConstraint("case_id", "changed_at", name="pk_proj_tier_changes"),
    )
    op.create_table(
        "proj_visits",
        sa.Column("visit_id", sa.String(64), primary_key=True),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("county", sa.String(10), nullable=False),
        sa.Column("district", sa.String(50), nullable=True),
        sa.Column("is_psychiatric", sa.Boolean(), nullable=False),
        sa.Column("is_suicide", sa.Boolean(), nullable=False),
        sa.Column("visit_date", sa.Date(), nullable=False),
        sa.Column("method", sa.String(30), nullable=True),
        sa.Column("outcome", sa.String(10), nullable=False),
        sa.Column("face_to_face", sa.Boolean(), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        _seq(),
    )
    op.create_index("ix_proj_visits_county_date", "proj_visits", ["county", "visit_date"])
    op.create_index("ix_proj_visits_case_date", "proj_visits", ["case_id", "visit_date"])
    op.create_table(
        "proj_discharge_plans",
        sa.Column("plan_id", sa.String(64), primary_key=True),
        sa.Column("case_id", sa.String(64), nullable=True),
        sa.Column("county", sa.String(10), nullable=False),
        sa.Column("discharged_at", sa.Date(), nullable=True),
        sa.Column("upload_date", sa.Date(), nullable=True),
        sa.Column("uploaded_within_14_days", sa.Boolean(), nullable=True),
        sa.Column("first_visit_due", sa.Date(), nullable=True),
        sa.Column("first_visit_id", sa.String(64), nullable=True),
        sa.Column("first_visit_date", sa.Date(), nullable=True),
        sa.Column("first_visit_within_14_days", sa.Boolean(), nullable=True),
        _seq(),
    )
    op.create_index("ix_proj_discharge_plans_county_discharged", "proj_discharge_plans", ["county", "discharged_at"])
    op.create_index("ix_proj_discharge_plans_county_upload", "proj_discharge_plans", ["county", "upload_date"])
    op.create_table(
        "proj_conferences",
        sa.Column("conference_id", sa.String(64), primary_key=True),
        sa.Column("county", sa.String(10), nullable=False),
        sa.Column("month", sa.String(7), nullable=True),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        _seq(),
    )
    op.create_index("ix_proj_conferences_county_held", "proj_conferences", ["county", "held_on"])
    op.create_table(
        "proj_visit_audits",
        sa.Column("audit_id", sa.String(64), primary_key=True),
        sa.Column("county", sa.String(10), nullable=False),
        sa.Column("quarter", sa.String(7), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("population", sa.Integer(), nullable=True),
        sa.Column("sample_size", sa.Integer(), nullable=True),
        sa.Column("rate", sa.Numeric(8, 4), nullable=True),
        _seq(),
    )
    op.create_table(
        "proj_visit_audit_records",
        sa.Column("audit_id", sa.String(64), nullable=False),
        sa.Column("visit_id", sa.String(64), nullable=False),
        sa.Column("county", sa.String(10), nullable=False),
        sa.Column("quarter", sa.String(7), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("result", sa.String(40), nullable=True),
        _seq(),
        sa.PrimaryKeyConstraint("audit_id", "visit_id", name="pk_proj_visit_audit_records"),
    )
    op.create_index("ix_proj_visit_audit_records_county_quarter", "proj_visit_audit_records", ["county", "quarter"])
    op.create_table(
        "feed_status",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("caught_up_at", TZ, nullable=True),
        sa.Column("last_event_at", TZ, nullable=True),
        sa.Column("last_seq", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("last_error", sa.String(500), nullable=True),
        sa.Column("last_error_at", TZ, nullable=True),
    )


def downgrade() -> None:
    for name in (
        "feed_status",
        "proj_visit_audit_records",
        "proj_visit_audits",
        "proj_conferences",
        "proj_discharge_plans",
        "proj_visits",
        "proj_tier_changes",
        "proj_cases",
    ):
        op.drop_table(name)
