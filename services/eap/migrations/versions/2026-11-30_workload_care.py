"""workload care: monthly figures from HR, agency thresholds, care teams (關懷小組)

Revision ID: eap_0009
Revises: eap_0008
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "eap_0009"
down_revision = "eap_0008"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "workload_figures",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("agency", sa.String(200), nullable=False),
        sa.Column("employee_sub", sa.String(200), nullable=False),
        sa.Column("overtime_hours", sa.Numeric(6, 1), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.Column("received_at", TZ, nullable=False),
        sa.UniqueConstraint("month", "employee_sub", name="uq_workload_figures_month_employee_sub"),
    )
    op.create_index("ix_workload_figures_agency_month", "workload_figures", ["agency", "month"])
    op.create_table(
        "workload_thresholds",
        sa.Column("agency", sa.String(200), primary_key=True),
        sa.Column("overtime_hours", sa.Numeric(6, 1), nullable=False),
        sa.Column("documents", sa.Integer()),
        sa.Column("updated_by", sa.String(200), nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
    )
    op.create_table(
        "care_team_members",
        sa.Column("agency", sa.String(200), primary_key=True),
        sa.Column("member_sub", sa.String(200), primary_key=True),
    )


def downgrade() -> None:
    op.drop_table("care_team_members")
    op.drop_table("workload_thresholds")
    op.drop_index("ix_workload_figures_agency_month", table_name="workload_figures")
    op.drop_table("workload_figures")
