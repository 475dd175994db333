"""wave 2 duties (part A): supplementary visit-audit draws, the working-day calendar, incidents,
conference experts/attendees/decisions, discharge notices

Revision ID: case_mgmt_0003_duties
Revises: case_mgmt_0002
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "case_mgmt_0003_duties"
down_revision = "case_mgmt_0002"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "visit_audit_supplements",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "audit_id",
            sa.String(36),
            sa.ForeignKey("visit_audits.id", name="fk_visit_audit_supplements_audit_id_visit_audits"),
            nullable=False,
        ),
        sa.Column("seed", sa.String(64), nullable=False),
        sa.Column("population", sa.Integer(), nullable=False),
        sa.Column("population_ids", sa.JSON(), nullable=False),
        sa.Column("rate", sa.String(10), nullable=False),
        sa.Column("sample_size", sa.Integer(), nullable=False),
        sa.Column("drawn_at", TZ, nullable=False),
        sa.Column("drawn_by", sa.String(200), nullable=False),
    )
    op.create_index("ix_visit_audit_supplements_audit_id", "visit_audit_supplements", ["audit_id"])
    op.add_column("visit_audit_samples", sa.Column("supplement_id", sa.String(36), nullable=True))
    op.create_index("ix_visit_audit_samples_supplement_id", "visit_audit_samples", ["supplement_id"])
    op.create_table(
        "calendar_years",
        sa.Column("year", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("holidays", sa.JSON(), nullable=False),
        sa.Column("workdays", sa.JSON(), nullable=False),
        sa.Column("set_by", sa.String(200), nullable=False),
        sa.Column("set_at", TZ, nullable=False),
    )
    op.create_table(
        "office_closures",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("county", sa.String(10), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("declared_by", sa.String(200), nullable=False),
        sa.Column("declared_at", TZ, nullable=False),
        sa.UniqueConstraint("county", "closed_on", name="uq_office_closures_county_closed_on"),
    )
    op.create_index("ix_office_closures_county", "office_closures", ["county"])
    op.create_table(
        "incidents",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "case_id", sa.String(36), sa.ForeignKey("cases.id", name="fk_incidents_case_id_cases"), nullable=False
        ),
        sa.Column("county", sa.String(10), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("persons", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", TZ, nullable=False),
        sa.Column("recorded_by", sa.String(200), nullable=False),
        sa.Column("flash_report_filed_on", sa.Date(), nullable=True),
        sa.Column("flash_report_reference", sa.String(200), nullable=True),
        sa.Column("flash_report_filed_by", sa.String(200), nullable=True),
        sa.Column("conference_held_on", sa.Date(), nullable=True),
        sa.Column("conference_id", sa.String(36), nullable=True),
    )
    op.create_index("ix_incidents_case_id", "incidents", ["case_id"])
    op.create_index("ix_incidents_county_occurred", "incidents", ["county", "occurred_on"])
    op.add_column("conferences", sa.Column("attendees", sa.JSON(), nullable=True))
    op.add_column("conferences", sa.Column("incident_ids", sa.JSON(), nullable=True))
    op.create_table(
        "conference_decisions",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "conference_id",
            sa.String(36),
            sa.ForeignKey("conferences.id", name="fk_conference_decisions_conference_id_conferences"),
            nullable=False,
        ),
        sa.Column("county", sa.String(10), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("follow_up_on", sa.Date(), nullable=False),
        sa.Column("case_id", sa.String(36), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("done_by", sa.String(200), nullable=True),
        sa.Column("done_note", sa.Text(), nullable=True),
    )
    op.create_index("ix_conference_decisions_conference_id", "conference_decisions", ["conference_id"])
    op.create_index("ix_conference_decisions_county_done", "conference_decisions", ["county", "done_on"])
    op.create_table(
        "discharge_notices",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("person_key", sa.String(64), nullable=False),
        sa.Column("national_id", sa.String(10), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("hospital", sa.String(200), nullable=False),
        sa.Column("hospital_key", sa.String(200), nullable=False),
        sa.Column("county", sa.String(10), nullable=False),
        sa.Column("discharged_at", sa.Date(), nullable=False),
        sa.Column("compulsory", sa.Boolean(), nullable=False),
        sa.Column("needs_follow_up", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(10), nullable=False),
        sa.Column("notified_at", TZ, nullable=False),
        sa.Column("notified_by", sa.String(200), nullable=False),
        sa.Column("plan_id", sa.String(36), nullable=True),
        sa.Column("plan_upload_date", sa.Date(), nullable=True),
        sa.UniqueConstraint(
            "person_key",
            "hospital_key",
            "discharged_at",
            name="uq_discharge_notices_person_key_hospital_key_discharged_at",
        ),
    )
    op.create_index("ix_discharge_notices_county_missing", "discharge_notices", ["county", "plan_id", "discharged_at"])
    op.add_column("discharge_plans", sa.Column("discharge_id", sa.String(36), nullable=True))
    op.create_index("ix_discharge_plans_discharge_id", "discharge_plans", ["discharge_id"])


def downgrade() -> None:
    op.drop_index("ix_discharge_plans_discharge_id", "discharge_plans")
    with op.batch_alter_table("discharge_plans") as batch:
        batch.drop_column("discharge_id")
    op.drop_table("discharge_notices")
    op.drop_table("conference_decisions")
    with op.batch_alter_table("conferences") as batch:
        batch.drop_column("incident_ids")
        batch.drop_column("attendees")
    op.drop_table("incidents")
    op.drop_table("office_closures")
    op.drop_table("calendar_years")
    op.drop_index("ix_visit_audit_samples_supplement_id", "visit_audit_samples")
    with op.batch_alter_table("visit_audit_samples") as batch:
        batch.drop_column("supplement_id")
    op.drop_table("visit_audit_supplements")
