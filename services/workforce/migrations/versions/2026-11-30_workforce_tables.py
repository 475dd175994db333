"""workforce tables: staff, training records, case reports, account activity, account reviews and flags

Revision ID: workforce_0002
Revises: workforce_0001
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "workforce_0002"
down_revision = "workforce_0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "staff",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("sub", sa.String(200), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("county", sa.String(10), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("funding", sa.String(20), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("psychiatric_visit_share", sa.Numeric(4, 3), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.UniqueConstraint("county", "sub", name="uq_staff_county_sub"),
    )
    op.create_index("ix_staff_county_started_on", "staff", ["county", "started_on"])
    op.create_table(
        "training_records",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("staff_id", sa.Uuid(), sa.ForeignKey("staff.id", ondelete="CASCADE"), nullable=False),
        sa.Column("course", sa.String(200), nullable=False),
        sa.Column("level", sa.String(10), nullable=False),
        sa.Column("topic", sa.String(50), nullable=False),
        sa.Column("hours", sa.Numeric(5, 1), nullable=False),
        sa.Column("case_conference_hours", sa.Numeric(5, 1), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=False),
        sa.Column("certificate", sa.String(100), nullable=False),
        sa.Column("source", sa.String(10), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.UniqueConstraint("staff_id", "certificate", "topic", name="uq_training_records_certificate_topic"),
    )
    op.create_index("ix_training_records_staff_completed", "training_records", ["staff_id", "completed_on"])
    op.create_table(
        "case_reports",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("staff_id", sa.Uuid(), sa.ForeignKey("staff.id", ondelete="CASCADE"), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
    )
    op.create_index("ix_case_reports_staff_submitted", "case_reports", ["staff_id", "submitted_on"])
    op.create_table(
        "account_activity",
        sa.Column("county", sa.String(10), primary_key=True),
        sa.Column("sub", sa.String(200), primary_key=True),
        sa.Column("first_seen", TZ, nullable=False),
        sa.Column("last_seen", TZ, nullable=False),
        sa.Column("roles", sa.String(300), nullable=False),
        sa.Column("reported_at", TZ, nullable=False),
    )
    op.create_table(
        "account_reviews",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("county", sa.String(10), nullable=False),
        sa.Column("half", sa.String(7), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("idle_days", sa.Integer(), nullable=False),
        sa.Column("accounts", sa.Integer(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("signed_at", TZ, nullable=True),
        sa.Column("signed_by", sa.String(200), nullable=True),
        sa.UniqueConstraint("county", "half", name="uq_account_reviews_county_half"),
    )
    op.create_table(
        "review_flags",
        sa.Column("review_id", sa.Uuid(), sa.ForeignKey("account_reviews.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("sub", sa.String(200), primary_key=True),
        sa.Column("reason", sa.String(30), primary_key=True),
        sa.Column("last_seen", TZ, nullable=False),
        sa.Column("decision", sa.String(30), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("decided_at", TZ, nullable=True),
        sa.Column("decided_by", sa.String(200), nullable=True),
    )
    op.create_index("ix_review_flags_review_decision", "review_flags", ["review_id", "decision"])


def downgrade() -> None:
    for name in ("review_flags", "account_reviews", "account_activity", "case_reports", "training_records", "staff"):
        op.drop_table(name)
