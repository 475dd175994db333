"""discharge notices: case-mgmt's discharge.notified, and each plan's notice and follow-up need

Revision ID: indicators_0005
Revises: indicators_0004
Create Date: 2026-11-30

`discharge_plan_upload_14d` is counted over discharge notices (seed 001 計算公式: 出院之精神病人數),
so a discharge whose plan never arrives is in the denominator.
"""

import sqlalchemy as sa
from alembic import op

revision = "indicators_0005"
down_revision = "indicators_0004"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "proj_discharges",
        sa.Column("discharge_id", sa.String(64), primary_key=True),
        sa.Column("county", sa.String(10), nullable=False),
        sa.Column("hospital", sa.String(100), nullable=True),
        sa.Column("discharged_at", sa.Date(), nullable=False),
        sa.Column("plan_due", sa.Date(), nullable=False),
        sa.Column("needs_follow_up", sa.Boolean(), nullable=False),
        sa.Column("compulsory", sa.Boolean(), nullable=False),
        sa.Column("notified_at", TZ, nullable=True),
        sa.Column("from_plan", sa.Boolean(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
    )
    op.create_index("ix_proj_discharges_county_discharged", "proj_discharges", ["county", "discharged_at"])
    op.add_column("proj_discharge_plans", sa.Column("discharge_id", sa.String(64), nullable=True))
    op.add_column("proj_discharge_plans", sa.Column("needs_follow_up", sa.Boolean(), nullable=True))
    op.create_index("ix_proj_discharge_plans_discharge", "proj_discharge_plans", ["discharge_id"])
    # Plans already projected (events from before wave 2) are their own notices, as later old events are.
    due = "discharged_at + 14" if op.get_bind().dialect.name == "postgresql" else "date(discharged_at, '+14 days')"
    op.execute(
        "INSERT INTO proj_discharges (discharge_id, county, hospital, discharged_at, plan_due, needs_follow_up,"
        " compulsory, notified_at, from_plan, seq)"
        f" SELECT 'plan:' || plan_id, county, NULL, discharged_at, {due}, true, false, NULL, true, 0"
        " FROM proj_discharge_plans WHERE discharged_at IS NOT NULL"
    )
    op.execute("UPDATE proj_discharge_plans SET discharge_id = 'plan:' || plan_id WHERE discharged_at IS NOT NULL")


def downgrade() -> None:
    op.drop_index("ix_proj_discharge_plans_discharge", table_name="proj_discharge_plans")
    op.drop_column("proj_discharge_plans", "needs_follow_up")
    op.drop_column("proj_discharge_plans", "discharge_id")
    op.drop_index("ix_proj_discharges_county_discharged", table_name="proj_discharges")
    op.drop_table("proj_discharges")
