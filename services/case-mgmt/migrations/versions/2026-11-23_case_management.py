"""case management: cases, tier policy and history, visits, discharge plans, transfers,
protective assignments, conferences, visit-record audits

Revision ID: case_mgmt_0002
Revises: case_mgmt_0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "case_mgmt_0002"
down_revision = "case_mgmt_0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "tier_policies",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("county", sa.String(10), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("intervals", sa.JSON(), nullable=False),
        sa.Column("not_met_retry_days", sa.Integer(), nullable=False),
        sa.Column("lock_months", sa.Integer(), nullable=False),
        sa.Column("transfer_expiry_days", sa.Integer(), nullable=False),
        sa.Column("late_after_days", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.UniqueConstraint("county", "effective_from", name="uq_tier_policies_county_effective_from"),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("national_id", sa.String(10), nullable=False),
        sa.Column("person_key", sa.String(64), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("sex", sa.String(1), nullable=False),
        sa.Column("county", sa.String(10), nullable=False),
        sa.Column("district", sa.String(50), nullable=False),
        sa.Column("kinds", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(50), nullable=False),
        sa.Column("intake_date", sa.Date(), nullable=False),
        sa.Column("household", sa.JSON(), nullable=True),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("tier", sa.Integer(), nullable=False),
        sa.Column("tier_locked_until", sa.Date(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("situation", sa.String(20), nullable=True),
        sa.Column("situation_reason", sa.Text(), nullable=True),
        sa.Column("refuses_service", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("protective_worker", sa.String(200), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("close_reason", sa.Text(), nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.CheckConstraint("tier BETWEEN 1 AND 5", name="ck_cases_tier_range"),
    )
    op.create_index("ix_cases_person_key", "cases", ["person_key"])
    op.create_index("ix_cases_county_district", "cases", ["county", "district"])
    op.create_index(
        "uq_cases_open_person",
        "cases",
        ["person_key"],
        unique=True,
        postgresql_where=sa.text("status = 'open'"),
        sqlite_where=sa.text("status = 'open'"),
    )
    op.create_table(
        "tier_changes",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "case_id", sa.String(36), sa.ForeignKey("cases.id", name="fk_tier_changes_case_id_cases"), nullable=False
        ),
        sa.Column("from_tier", sa.Integer(), nullable=True),
        sa.Column("to_tier", sa.Integer(), nullable=False),
        sa.Column("changed_at", TZ, nullable=False),
        sa.Column("changed_by", sa.String(200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("visit_id", sa.String(36), nullable=True),
        sa.Column("exception_reason", sa.Text(), nullable=True),
    )
    op.create_index("ix_tier_changes_case_id", "tier_changes", ["case_id"])
    op.create_table(
        "visits",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("case_id", sa.String(36), sa.ForeignKey("cases.id", name="fk_visits_case_id_cases"), nullable=False),
        sa.Column("county", sa.String(10), nullable=False),
        sa.Column("district", sa.String(50), nullable=False),
        sa.Column("kinds", sa.JSON(), nullable=False),
        sa.Column("visitor", sa.String(200), nullable=False),
        sa.Column("visited_at", TZ, nullable=False),
        sa.Column("visit_date", sa.Date(), nullable=False),
        sa.Column("received_at", TZ, nullable=False),
        sa.Column("method", sa.String(30), nullable=False),
        sa.Column("outcome", sa.String(10), nullable=False),
        sa.Column("assessment", sa.JSON(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("tier_recommendation", sa.Integer(), nullable=True),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("updated_at", TZ, nullable=True),
        sa.Column("updated_by", sa.String(200), nullable=True),
    )
    op.create_index("ix_visits_case_visited", "visits", ["case_id", "visited_at"])
    op.create_index("ix_visits_county_date", "visits", ["county", "visit_date"])
    op.create_table(
        "discharge_plans",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "case_id", sa.String(36), sa.ForeignKey("cases.id", name="fk_discharge_plans_case_id_cases"), nullable=True
        ),
        sa.Column("person_key", sa.String(64), nullable=False),
        sa.Column("national_id", sa.String(10), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("hospital", sa.String(200), nullable=False),
        sa.Column("county", sa.String(10), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("discharged_at", sa.Date(), nullable=False),
        sa.Column("uploaded_at", TZ, nullable=False),
        sa.Column("upload_date", sa.Date(), nullable=False),
        sa.Column("uploaded_within_14_days", sa.Boolean(), nullable=False),
        sa.Column("first_visit_due", sa.Date(), nullable=False),
        sa.Column("compulsory", sa.Boolean(), nullable=False),
        sa.Column("needs_follow_up", sa.Boolean(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("uploaded_by", sa.String(200), nullable=False),
        sa.Column("first_visit_id", sa.String(36), nullable=True),
        sa.Column("first_visit_date", sa.Date(), nullable=True),
        sa.Column("first_visit_within_14_days", sa.Boolean(), nullable=True),
    )
    op.create_index("ix_discharge_plans_case_id", "discharge_plans", ["case_id"])
    op.create_index("ix_discharge_plans_person_key", "discharge_plans", ["person_key"])
    op.create_table(
        "transfers",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "case_id", sa.String(36), sa.ForeignKey("cases.id", name="fk_transfers_case_id_cases"), nullable=False
        ),
        sa.Column("from_county", sa.String(10), nullable=False),
        sa.Column("from_district", sa.String(50), nullable=False),
        sa.Column("to_county", sa.String(10), nullable=False),
        sa.Column("to_district", sa.String(50), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("offered_at", TZ, nullable=False),
        sa.Column("offered_by", sa.String(200), nullable=False),
        sa.Column("expires_at", TZ, nullable=False),
        sa.Column("decided_at", TZ, nullable=True),
        sa.Column("decided_by", sa.String(200), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
    )
    op.create_index("ix_transfers_case_id", "transfers", ["case_id"])
    op.create_index("ix_transfers_to_county", "transfers", ["to_county"])
    op.create_index(
        "uq_transfers_open_case",
        "transfers",
        ["case_id"],
        unique=True,
        postgresql_where=sa.text("state = 'offered'"),
        sqlite_where=sa.text("state = 'offered'"),
    )
    op.create_table(
        "protective_assignments",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "case_id",
            sa.String(36),
            sa.ForeignKey("cases.id", name="fk_protective_assignments_case_id_cases"),
            nullable=False,
        ),
        sa.Column("social_worker", sa.String(200), nullable=False),
        sa.Column("issue", sa.String(50), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("assigned_by", sa.String(200), nullable=False),
        sa.Column("assigned_at", TZ, nullable=False),
        sa.Column("closed_at", TZ, nullable=True),
        sa.Column("closed_by", sa.String(200), nullable=True),
        sa.Column("close_reason", sa.Text(), nullable=True),
    )
    op.create_index("ix_protective_assignments_case_id", "protective_assignments", ["case_id"])
    op.create_index(
        "uq_protective_open_case",
        "protective_assignments",
        ["case_id"],
        unique=True,
        postgresql_where=sa.text("closed_at IS NULL"),
        sqlite_where=sa.text("closed_at IS NULL"),
    )
    op.create_table(
        "conferences",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("county", sa.String(10), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("expert", sa.String(200), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("case_ids", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_index("ix_conferences_county_month", "conferences", ["county", "month"])
    op.create_table(
        "visit_audits",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("county", sa.String(10), nullable=False),
        sa.Column("quarter", sa.String(7), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("seed", sa.String(64), nullable=False),
        sa.Column("population", sa.Integer(), nullable=False),
        sa.Column("population_ids", sa.JSON(), nullable=False),
        sa.Column("rate", sa.String(10), nullable=False),
        sa.Column("sample_size", sa.Integer(), nullable=False),
        sa.Column("drawn_at", TZ, nullable=False),
        sa.Column("drawn_by", sa.String(200), nullable=False),
        sa.UniqueConstraint("county", "quarter", "kind", name="uq_visit_audits_county_quarter_kind"),
    )
    op.create_table(
        "visit_audit_samples",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "audit_id",
            sa.String(36),
            sa.ForeignKey("visit_audits.id", name="fk_visit_audit_samples_audit_id_visit_audits"),
            nullable=False,
        ),
        sa.Column("visit_id", sa.String(36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("result", sa.String(20), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(200), nullable=True),
        sa.Column("recorded_at", TZ, nullable=True),
        sa.UniqueConstraint("audit_id", "visit_id", name="uq_visit_audit_samples_audit_id_visit_id"),
    )
    op.create_index("ix_visit_audit_samples_audit_id", "visit_audit_samples", ["audit_id"])


def downgrade() -> None:
    for name in (
        "visit_audit_samples",
        "visit_audits",
        "conferences",
        "protective_assignments",
        "transfers",
        "discharge_plans",
        "visits",
        "tier_changes",
        "cases",
        "tier_policies",
    ):
        op.drop_table(name)
