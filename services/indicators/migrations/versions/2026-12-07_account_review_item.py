"""catalogue: account_review_half_yearly (定期清查帳號(至少半年一次)), informational, from workforce's sign-offs

Revision ID: indicators_0010
Revises: indicators_trail_partitions
Create Date: 2026-12-07

seed 001 p.36: 「各縣市另應落實及訂定精神照護資訊管理系統帳號稽核機制，並配合本部定期清查帳號(至少半年一次)
及稽核紀錄，以落實帳號安全管理。」 Not one of the plan's graded 衡量指標: `formula.informational` keeps it
out of a scorecard's met_count/total, but the item is judged (met when no ended half-year lacks a signed
review) so the county sees overdue reviews on its scorecard. workforce emits `staffing.fact` with this
code, period `YYYY-H1|H2` and value 1 when the county admin signs a review off; which half-years have
ended is computed at read from the clock (scorecards/rules.py `half_years_ended`), never stored. The row
is written out here (not imported) so the migration inserts the same row forever.
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "indicators_0010"
down_revision = "indicators_trail_partitions"
branch_labels = None
depends_on = None

SEEDED_AT = datetime(2026, 12, 7, tzinfo=UTC)
CODE = "account_review_half_yearly"

ROW = {
    "code": CODE,
    "version": 1,
    "title": "定期清查帳號(至少半年一次)",
    "title_en": "Six-monthly account review signed off (informational, not a graded plan item)",
    "area": "infrastructure",
    "formula": {
        "kind": "half_years_signed",
        "numerator": "已結束之半年中，帳號清查已簽核者",
        "denominator": "期間內已結束之半年",
        "value": "逾期未清查之半年數 (denominator − numerator)",
        "informational": True,
    },
    "unit": "count",
    "period": "half",
    "direction": "lower",
    "targets": {"kind": "at_most", "value": 0},
    "source": "workforce",
    "seed_ref": "seed 001 p.36 「定期清查帳號(至少半年一次)及稽核紀錄」",
    "effective_from": 2020,
    "sort_order": 57,
    "note": "informational: not one of the ministry's graded items, not counted in met_count/total; value = "
    "ended half-years of the period without a signed-off account review (workforce POST "
    "/v1/account-reviews/{id}/sign-off emits staffing.fact); met when none is overdue",
    "created_at": SEEDED_AT,
    "created_by": "issue 18",
}


def reference_rows() -> dict[str, list[dict]]:
    return {"indicator_definitions": [ROW]}


def upgrade() -> None:
    types = {
        "version": sa.Integer,
        "formula": sa.JSON,
        "targets": sa.JSON,
        "effective_from": sa.Integer,
        "sort_order": sa.Integer,
        "created_at": sa.DateTime(timezone=True),
    }
    table = sa.table("indicator_definitions", *[sa.column(c, types.get(c, sa.String)) for c in ROW])
    op.bulk_insert(table, [ROW])


def downgrade() -> None:
    op.execute(f"DELETE FROM indicator_definitions WHERE code = '{CODE}' AND version = 1")
