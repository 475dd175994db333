"""caseloads: cases.assigned_to, the assignment history, county settings

Existing cases get no assignee (assigned_to stays NULL = unassigned): who took a case before
assignment existed is not recorded (created_by may be a supervisor or an admin), so a supervisor
assigns them; the caseload report lists them under `unassigned` until then.

Revision ID: case_mgmt_0003
Revises: case_mgmt_0002
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "case_mgmt_0003"
down_revision = "case_mgmt_0003_duties"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.add_column("cases", sa.Column("assigned_to", sa.String(200), nullable=True))
    op.create_index("ix_cases_assigned_to", "cases", ["assigned_to"])
    op.create_table(
        "case_assignments",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("case_id", sa.String(36), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("from_sub", sa.String(200), nullable=True),
        sa.Column("to_sub", sa.String(200), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("assigned_at", TZ, nullable=False),
        sa.Column("assigned_by", sa.String(200), nullable=False),
    )
    op.create_index("ix_case_assignments_case_id", "case_assignments", ["case_id"])
    op.create_index("ix_case_assignments_to_sub", "case_assignments", ["to_sub"])
    op.create_table(
        "county_settings",
        sa.Column("county", sa.String(10), primary_key=True),
        sa.Column("caseload_limit", sa.Integer(), nullable=False),
        sa.Column("elderly_care_months", sa.Integer(), nullable=False),
        sa.Column("child_under_6_care_months", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("county_settings")
    op.drop_index("ix_case_assignments_to_sub", table_name="case_assignments")
    op.drop_index("ix_case_assignments_case_id", table_name="case_assignments")
    op.drop_table("case_assignments")
    op.drop_index("ix_cases_assigned_to", table_name="cases")
    op.drop_column("cases", "assigned_to")
