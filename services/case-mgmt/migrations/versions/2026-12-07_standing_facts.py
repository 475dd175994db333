"""The standing facts on the case row (issue 15) and the worklist's indexes.

cases: last_visit_on, last_visit_outcome, last_contact_on (latest face-to-face or met visit),
consecutive_not_met, next_visit_due (under the county policy in force); tier_policies.applied (the
county's due dates follow the version). Existing rows are backfilled here: the visit facts in one
portable statement (the same order as the rules: time, then a not-met attempt before a met visit at
one instant), the due dates in Python, in batches of 2000 cases, with each county's policy in force today.

Revision ID: case_mgmt_0006
Revises: case_mgmt_trail_partitions
Create Date: 2026-12-07
"""

import json
from datetime import date, timedelta

import sqlalchemy as sa
from alembic import op
from carenet_core import clock

revision = "case_mgmt_0006"
down_revision = "case_mgmt_trail_partitions"
branch_labels = None
depends_on = None

DEFAULT_INTERVALS = {1: 14, 2: 30, 3: 90, 4: 180, 5: 365}
DEFAULT_RETRY = 7
OPEN = sa.text("status = 'open'")

FACTS_SQL = """
UPDATE cases SET
  last_visit_on = (SELECT v.visit_date FROM visits v WHERE v.case_id = cases.id
                   ORDER BY v.visited_at DESC, CASE WHEN v.outcome = 'met' THEN 0 ELSE 1 END LIMIT 1),
  last_visit_outcome = (SELECT v.outcome FROM visits v WHERE v.case_id = cases.id
                        ORDER BY v.visited_at DESC, CASE WHEN v.outcome = 'met' THEN 0 ELSE 1 END LIMIT 1),
  last_contact_on = (SELECT max(v.visit_date) FROM visits v WHERE v.case_id = cases.id
                     AND (v.method IN ('face_to_face_home', 'face_to_face_other') OR v.outcome = 'met')),
  consecutive_not_met = (SELECT count(*) FROM visits v WHERE v.case_id = cases.id AND v.outcome = 'not_met'
                         AND NOT EXISTS (SELECT 1 FROM visits m WHERE m.case_id = v.case_id
                                         AND m.outcome = 'met' AND m.visited_at >= v.visited_at))
"""


def upgrade() -> None:
    op.add_column("cases", sa.Column("last_visit_on", sa.Date(), nullable=True))
    op.add_column("cases", sa.Column("last_visit_outcome", sa.String(10), nullable=True))
    op.add_column("cases", sa.Column("last_contact_on", sa.Date(), nullable=True))
    op.add_column("cases", sa.Column("consecutive_not_met", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("cases", sa.Column("next_visit_due", sa.Date(), nullable=True))
    op.add_column("tier_policies", sa.Column("applied", sa.Boolean(), nullable=False, server_default=sa.false()))
    bind = op.get_bind()
    today = clock.today()
    bind.execute(sa.text(FACTS_SQL))
    bind.execute(sa.text("UPDATE tier_policies SET applied = :t WHERE effective_from <= :d"), {"t": True, "d": today})
    policies: dict[str, tuple[dict[int, int], int]] = {}
    for county, intervals, retry in bind.execute(
        sa.text(
            "SELECT p.county, p.intervals, p.not_met_retry_days FROM tier_policies p WHERE p.effective_from = "
            "(SELECT max(q.effective_from) FROM tier_policies q WHERE q.county = p.county AND q.effective_from <= :d)"
        ),
        {"d": today},
    ):
        if isinstance(intervals, str):
            intervals = json.loads(intervals)
        policies[county] = ({int(k): int(v) for k, v in intervals.items()}, int(retry))
    after = ""
    while True:
        rows = bind.execute(
            sa.text(
                "SELECT id, county, tier, intake_date, last_visit_on, last_visit_outcome FROM cases "
                "WHERE id > :after ORDER BY id LIMIT 2000"
            ),
            {"after": after},
        ).all()
        if not rows:
            break
        updates = []
        for case_id, county, tier, intake, last_on, last_outcome in rows:
            intervals, retry = policies.get(county, (DEFAULT_INTERVALS, DEFAULT_RETRY))
            days = intervals[int(tier)]
            if isinstance(intake, str):  # SQLite hands dates back as text
                intake = date.fromisoformat(intake)
            if isinstance(last_on, str):
                last_on = date.fromisoformat(last_on)
            if last_on is None:
                due = intake + timedelta(days=days)
            else:
                due = last_on + timedelta(days=min(days, retry) if last_outcome == "not_met" else days)
            updates.append({"i": case_id, "d": due})
        bind.execute(sa.text("UPDATE cases SET next_visit_due = :d WHERE id = :i"), updates)
        after = rows[-1][0]
    if bind.dialect.name == "postgresql":
        op.alter_column("cases", "next_visit_due", nullable=False)
    op.create_index(
        "ix_cases_open_district_due",
        "cases",
        ["county", "district", "next_visit_due", "id"],
        postgresql_where=OPEN,
        sqlite_where=OPEN,
    )
    op.create_index(
        "ix_cases_open_county_due",
        "cases",
        ["county", "next_visit_due", "id"],
        postgresql_where=OPEN,
        sqlite_where=OPEN,
    )
    op.create_index(
        "ix_cases_open_assignee_due",
        "cases",
        ["county", "assigned_to", "next_visit_due", "id"],
        postgresql_where=OPEN,
        sqlite_where=OPEN,
    )


def downgrade() -> None:
    op.drop_index("ix_cases_open_assignee_due", table_name="cases")
    op.drop_index("ix_cases_open_county_due", table_name="cases")
    op.drop_index("ix_cases_open_district_due", table_name="cases")
    op.drop_column("tier_policies", "applied")
    op.drop_column("cases", "next_visit_due")
    op.drop_column("cases", "consecutive_not_met")
    op.drop_column("cases", "last_contact_on")
    op.drop_column("cases", "last_visit_outcome")
    op.drop_column("cases", "last_visit_on")
