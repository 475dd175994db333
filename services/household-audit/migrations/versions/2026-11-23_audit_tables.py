"""household-audit tables: units, query logs with tickets, seeds, samplings, reviews, audits, retention

Revision ID: household_audit_0002
Revises: household_audit_0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "household_audit_0002"
down_revision = "household_audit_0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def _bigint_pk() -> sa.Column:
    return sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True)


def upgrade() -> None:
    op.create_table(
        "units",
        sa.Column("code", sa.String(50), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("county", sa.String(10), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
    )
    op.create_index("ix_units_county_code", "units", ["county", "code"])
    op.create_table(
        "served_cases",
        sa.Column("unit", sa.String(50), primary_key=True),
        sa.Column("case_ref", sa.String(100), primary_key=True),
    )
    op.create_table(
        "query_logs",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("county", sa.String(10), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("unit", sa.String(50), nullable=False),
        sa.Column("user_id", sa.String(100), nullable=False),
        sa.Column("queried_at", TZ, nullable=False),
        sa.Column("subject_hmac", sa.LargeBinary(32), nullable=False),
        sa.Column("subject_last4", sa.String(4), nullable=False),
        sa.Column("purpose", sa.String(500), nullable=False),
        sa.Column("case_ref", sa.String(100), nullable=True),
        sa.Column("ticket", sa.LargeBinary(32), nullable=False),
        sa.Column("matches_case", sa.Boolean(), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("received_at", TZ, nullable=False),
    )
    # The draw reads the k lowest tickets per unit from this index alone (index-only scan).
    op.create_index(
        "ix_query_logs_draw",
        "query_logs",
        ["county", "month", "unit", "ticket"],
        postgresql_include=["id", "matches_case", "late"],
    )
    op.create_table(
        "month_seeds",
        sa.Column("county", sa.String(10), primary_key=True),
        sa.Column("month", sa.String(7), primary_key=True),
        sa.Column("seed", sa.String(64), nullable=False),
        sa.Column("commitment", sa.String(64), nullable=False),
        sa.Column("committed_at", TZ, nullable=False),
        sa.Column("revealed_at", TZ, nullable=True),
    )
    op.create_table(
        "sampling_policies",
        sa.Column("county", sa.String(10), primary_key=True),
        sa.Column("rate", sa.Numeric(6, 4), nullable=False),
        sa.Column("floor", sa.Integer(), nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
    )
    op.create_table(
        "samplings",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("county", sa.String(10), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("seed", sa.String(64), nullable=False),
        sa.Column("commitment", sa.String(64), nullable=False),
        sa.Column("committed_at", TZ, nullable=False),
        sa.Column("rate", sa.Numeric(6, 4), nullable=False),
        sa.Column("floor", sa.Integer(), nullable=False),
        sa.Column("population", sa.Integer(), nullable=False),
        sa.Column("sample_total", sa.Integer(), nullable=False),
        sa.Column("trigger", sa.String(20), nullable=False),
        sa.Column("drawn_by", sa.String(200), nullable=False),
        sa.Column("drawn_at", TZ, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("signed_off_by", sa.String(200), nullable=True),
        sa.Column("signed_off_at", TZ, nullable=True),
        sa.Column("sign_off_note", sa.Text(), nullable=True),
        sa.Column("samples_ready", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.UniqueConstraint("county", "month", name="uq_samplings_county_month"),
    )
    op.create_table(
        "sampling_units",
        sa.Column(
            "sampling_id",
            sa.Uuid(),
            sa.ForeignKey("samplings.id", ondelete="CASCADE", name="fk_sampling_units_sampling_id_samplings"),
            primary_key=True,
        ),
        sa.Column("unit", sa.String(50), primary_key=True),
        sa.Column("population", sa.Integer(), nullable=False),
        sa.Column("sample_size", sa.Integer(), nullable=False),
        sa.Column("threshold_ticket", sa.LargeBinary(32), nullable=True),
        sa.Column("threshold_id", sa.Uuid(), nullable=True),
    )
    op.create_table(
        "samples",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column(
            "sampling_id",
            sa.Uuid(),
            sa.ForeignKey("samplings.id", ondelete="CASCADE", name="fk_samples_sampling_id_samplings"),
            nullable=False,
        ),
        sa.Column("unit", sa.String(50), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("ticket", sa.LargeBinary(32), nullable=False),
        sa.Column("matches_case", sa.Boolean(), nullable=False),
        sa.Column("verdict", sa.String(20), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("reviewer", sa.String(200), nullable=True),
        sa.Column("reviewed_at", TZ, nullable=True),
        sa.Column("explanation", sa.Text(), nullable=True),
        sa.Column("explained_at", TZ, nullable=True),
    )
    op.create_index("ix_samples_review_order", "samples", ["sampling_id", "matches_case", "unit", "rank"])
    op.create_table(
        "sample_reviews",
        _bigint_pk(),
        sa.Column(
            "sample_id",
            sa.Uuid(),
            sa.ForeignKey("samples.id", ondelete="CASCADE", name="fk_sample_reviews_sample_id_samples"),
            nullable=False,
        ),
        sa.Column("verdict", sa.String(20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("reviewer", sa.String(200), nullable=False),
        sa.Column("at", TZ, nullable=False),
    )
    op.create_index("ix_sample_reviews_sample_id", "sample_reviews", ["sample_id"])
    op.create_table(
        "anomalies",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column(
            "sample_id",
            sa.Uuid(),
            sa.ForeignKey("samples.id", ondelete="CASCADE", name="fk_anomalies_sample_id_samples"),
            nullable=False,
        ),
        sa.Column(
            "sampling_id",
            sa.Uuid(),
            sa.ForeignKey("samplings.id", ondelete="CASCADE", name="fk_anomalies_sampling_id_samplings"),
            nullable=False,
        ),
        sa.Column("county", sa.String(10), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("unit", sa.String(50), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("opened_at", TZ, nullable=False),
        sa.Column("opened_by", sa.String(200), nullable=False),
        sa.Column("investigation_started_at", TZ, nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("concluded_at", TZ, nullable=True),
        sa.Column("reported_to_ministry_at", TZ, nullable=True),
        sa.Column("report_ref", sa.String(200), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.UniqueConstraint("sample_id", name="uq_anomalies_sample_id"),
    )
    op.create_index("ix_anomalies_county_status", "anomalies", ["county", "status"])
    op.create_table(
        "internal_audits",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("county", sa.String(10), nullable=False),
        sa.Column("half", sa.String(7), nullable=False),
        sa.Column("plan", sa.JSON(), nullable=False),
        sa.Column("results", sa.JSON(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.UniqueConstraint("county", "half", name="uq_internal_audits_county_half"),
    )
    op.create_table(
        "legal_holds",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("county", sa.String(10), nullable=False),
        sa.Column("unit", sa.String(50), nullable=True),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("placed_by", sa.String(200), nullable=False),
        sa.Column("placed_at", TZ, nullable=False),
        sa.Column("released_by", sa.String(200), nullable=True),
        sa.Column("released_at", TZ, nullable=True),
    )
    op.create_index("ix_legal_holds_county_month", "legal_holds", ["county", "month"])
    op.create_table(
        "purge_records",
        _bigint_pk(),
        sa.Column("ran_at", TZ, nullable=False),
        sa.Column("cutoff_month", sa.String(7), nullable=False),
        sa.Column("county", sa.String(10), nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    for name in (
        "purge_records",
        "legal_holds",
        "internal_audits",
        "anomalies",
        "sample_reviews",
        "samples",
        "sampling_units",
        "samplings",
        "sampling_policies",
        "month_seeds",
        "query_logs",
        "served_cases",
        "units",
    ):
        op.drop_table(name)
