"""catalogue read again against seed 001 pp.47–59 and seed 003: named-county classes, a lagged year,
the missing items (專責行政人力, 督導配置, 多次訪視未遇追蹤機制, 追蹤訪查建議事項改善情形, seed 003's coverages)

Revision ID: indicators_0008
Revises: indicators_0007
Create Date: 2026-11-30

New versions (effective from 2020, so they score every period the first versions scored) and new
indicators, written out here (not imported) so the migration inserts the same rows forever:
- the visit-record audit rates by the counties the plan names for each class (seed 001 p.50, p.53),
  not by the recorded visit volume; addiction lectures by the plan's named counties (p.57);
- the post-discharge suicide rate compares the year before the plan year with the one before that
  (p.56: 「108年精神追蹤照護個案出院後一年內自殺粗死亡率需相較107年下降」 in the 109 plan; the
  data arrive the next mid-year);
- new: dedicated_admin_staff (p.48 置有專責行政人力, 註2 「其中應有至少50%人力執行精神病人訪視」, 附件15),
  supervisor_ratio (seed 001 酬金表: 「以每7位個管人員配置1名督導為原則」), missed_visit_follow_up_mechanism
  (p.55 目標值2), alcohol_treatment_recommendations_followed_up (p.58 「且有追蹤訪查建議事項改善情形」),
  multi_issue_service_coverage and drug_release_follow_up_coverage (seed 003 item 5), and
  network_liaison_meetings (seed 003 item 7); seed 003's numbers are Miaoli's own targets, so their
  class target is none (a county sets its own with PUT /v1/targets) — family_support_groups too (v2).
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "indicators_0008"
down_revision = "indicators_0007"
branch_labels = None
depends_on = None

SEEDED_AT = datetime(2026, 11, 30, tzinfo=UTC)
M, C, W = "manual", "case_mgmt", "workforce"

# seed 001 p.50 (自殺企圖通報個案追蹤訪視紀錄之稽核率), the counties named for each class
SUICIDE_AUDIT = {
    "kind": "by_named_counties",
    "groups": [
        {"value": 15, "label": "15%(每季訪視次數小於500人次)", "counties": ["TW-PEN", "TW-KIN", "TW-LIE"]},
        {
            "value": 10,
            "label": "10%(每季訪視次數介於500-1,000人次)",
            "counties": ["TW-MIA", "TW-TTT", "TW-HUA", "TW-KEE", "TW-HSZ", "TW-CYI"],
        },
        {
            "value": 6,
            "label": "6%(每季訪視次數介於1,000-2,000人次)",
            "counties": ["TW-ILA", "TW-HSQ", "TW-NAN", "TW-YUN", "TW-CYQ", "TW-PIF"],
        },
        {
            "value": 4,
            "label": "4%(每季訪視次數大於2,000人次)",
            "counties": ["TW-NWT", "TW-TPE", "TW-TAO", "TW-TXG", "TW-TNN", "TW-KHH", "TW-CHA"],
        },
    ],
}
# seed 001 p.53 (精神病人追蹤訪視紀錄之稽核率)
PSYCHIATRIC_AUDIT = {
    "kind": "by_named_counties",
    "groups": [
        {
            "value": 15,
            "label": "15%(每季訪視次數小於4,000人次)",
            "counties": ["TW-LIE", "TW-KIN", "TW-PEN", "TW-HSZ", "TW-CYI", "TW-TTT", "TW-HUA", "TW-KEE"],
        },
        {
            "value": 10,
            "label": "10%(每季訪視次數介於4,000-7,000人次)",
            "counties": ["TW-HSQ", "TW-MIA", "TW-ILA", "TW-CYQ", "TW-NAN", "TW-YUN"],
        },
        {"value": 6, "label": "6%(每季訪視次數介於7,000-10,000人次)", "counties": ["TW-CHA", "TW-PIF"]},
        {
            "value": 4,
            "label": "4%(每季訪視次數大於10,000-30,000人次)",
            "counties": ["TW-TPE", "TW-TAO", "TW-TNN", "TW-TXG", "TW-KHH", "TW-NWT"],
        },
    ],
}
# seed 001 p.57 (酒癮、網癮防治相關議題宣導講座場次)
LECTURES = {
    "kind": "by_named_counties",
    "groups": [
        {"value": 5, "label": "5場次", "counties": ["TW-TPE", "TW-NWT", "TW-TAO", "TW-TXG", "TW-TNN", "TW-KHH"]},
        {
            "value": 4,
            "label": "4場次",
            "counties": [
                "TW-ILA",
                "TW-HSQ",
                "TW-MIA",
                "TW-CHA",
                "TW-NAN",
                "TW-YUN",
                "TW-CYQ",
                "TW-PIF",
                "TW-HUA",
                "TW-TTT",
            ],
        },
        {"value": 3, "label": "3場次", "counties": ["TW-KEE", "TW-HSZ", "TW-CYI"]},
        {"value": 2, "label": "2場次", "counties": ["TW-PEN", "TW-KIN", "TW-LIE"]},
    ],
}
NONE = {"kind": "none"}


def _ratio(num, den, **kw):
    return {"kind": "ratio", "numerator": num, "denominator": den, "scale": 100, **kw}


# (code, version, title, title_en, area, formula, unit, period, direction, targets, source, seed_ref, sort, note)
ROWS = [
    (
        "suicide_visit_audit_rate",
        2,
        "自殺企圖通報個案追蹤訪視紀錄稽核率",
        "Suicide-attempt visit-record audit rate",
        "suicide_prevention",
        _ratio("visit_audit.recorded (suicide_attempt)", "visit.recorded (suicide_attempt)"),
        "percent",
        "quarter",
        "higher",
        SUICIDE_AUDIT,
        C,
        "seed 001 p.50 §2 item 7 (classes by named county)",
        100,
        "class by the counties the plan names, not by the recorded volume",
    ),
    (
        "psychiatric_visit_audit_rate",
        2,
        "精神病人追蹤訪視紀錄稽核率",
        "Psychiatric visit-record audit rate",
        "psychiatric_care",
        _ratio("visit_audit.recorded (psychiatric)", "visit.recorded (psychiatric)"),
        "percent",
        "quarter",
        "higher",
        PSYCHIATRIC_AUDIT,
        C,
        "seed 001 p.53 §2 item 10 (classes by named county)",
        200,
        "class by the counties the plan names, not by the recorded volume",
    ),
    (
        "addiction_lectures",
        2,
        "酒癮、網癮防治宣導講座場次",
        "Alcohol and internet addiction lectures",
        "addiction_prevention",
        {"kind": "count", "numerator": "講座場次"},
        "count",
        "year",
        "higher",
        LECTURES,
        M,
        "seed 001 p.57 §2 item 16 (named counties)",
        270,
        None,
    ),
    (
        "suicide_after_discharge_rate_change",
        2,
        "精神追蹤照護個案出院後一年內自殺粗死亡率較前一年下降",
        "Suicide death rate within a year of discharge below the year before",
        "psychiatric_care",
        {
            "kind": "yoy_change",
            "numerator": "出院後一年內自殺死亡人數",
            "denominator": "追蹤關懷個案出院人數",
            "scale": 100,
            "lag_years": 1,
        },
        "percent",
        "year",
        "lower",
        {"kind": "below_previous"},
        M,
        "seed 001 p.56 §2 item 15 (108年…相較107年: the plan year judges the year before it)",
        260,
        "全國自殺防治中心 provides the data the next mid-year: the year Y scorecard judges Y-1 against Y-2",
    ),
    (
        "dedicated_admin_staff",
        1,
        "置有專責行政人力（補助訪視人力至少50%執行精神病人訪視）",
        "Dedicated administrative staff; at least 50% of subsidised visiting staff on psychiatric visits",
        "infrastructure",
        _ratio("執行精神病人訪視之訪視人力(人年)", "補助訪視人力(人年)"),
        "percent",
        "year",
        "higher",
        {"kind": "at_least", "value": 50},
        W,
        "seed 001 p.48 §2 item 5, 註2, 附件15",
        55,
        "from workforce's staffing.fact (numerator: psychiatric visiting staff, denominator: visiting staff)",
    ),
    (
        "supervisor_ratio",
        1,
        "每位督導之個管人員數（每7位個管人員配置1名督導）",
        "Case managers per supervisor (one supervisor per 7 case managers)",
        "infrastructure",
        {"kind": "ratio", "numerator": "個管人員數", "denominator": "督導人數", "scale": 1},
        "ratio",
        "year",
        "lower",
        {"kind": "at_most", "value": 7},
        W,
        "seed 001 酬金表 個案管理督導 「以每7位個管人員配置1名督導為原則」; p.48 將符合資格之訪員轉任為督導",
        56,
        "from workforce's staffing.fact (numerator: case managers, denominator: supervisors)",
    ),
    (
        "missed_visit_follow_up_mechanism",
        1,
        "訂定多次訪視未遇個案追蹤機制",
        "A follow-up mechanism for cases repeatedly not met",
        "psychiatric_care",
        {"kind": "boolean"},
        "boolean",
        "year",
        "true",
        {"kind": "is_true"},
        M,
        "seed 001 p.55 §2 item 12 目標值2",
        235,
        None,
    ),
    (
        "alcohol_treatment_recommendations_followed_up",
        1,
        "追蹤訪查建議事項改善情形",
        "Follow-up of the recommendations of alcohol-treatment institution visits",
        "addiction_prevention",
        {"kind": "boolean"},
        "boolean",
        "year",
        "true",
        {"kind": "is_true"},
        M,
        "seed 001 p.58 §2 item 18 (年度訪查率達100%，且有追蹤訪查建議事項改善情形)",
        305,
        None,
    ),
    (
        "multi_issue_service_coverage",
        1,
        "精神疾病與自殺防治合併多重議題個案服務涵蓋率",
        "Service coverage of psychiatric / suicide cases with multiple issues",
        "social_safety_net",
        _ratio("派案心衛社工服務人數", "精神疾病與自殺防治合併多重議題個案數"),
        "percent",
        "year",
        "higher",
        NONE,
        M,
        "seed 003 社安網第二期 item 5 (苗栗縣: 75%，逐年提升至100%)",
        362,
        "Miaoli's own target; other counties set theirs with PUT /v1/targets",
    ),
    (
        "drug_release_follow_up_coverage",
        1,
        "藥癮者出監銜接輔導服務涵蓋率",
        "Follow-up coverage of drug users leaving prison",
        "social_safety_net",
        _ratio("實際追輔頻次達成率65%以上人數", "當年度個案管理服務總人數"),
        "percent",
        "year",
        "higher",
        NONE,
        M,
        "seed 003 社安網第二期 item 5 (苗栗縣: 85%，逐年提升至100%)",
        364,
        "Miaoli's own target",
    ),
    (
        "family_support_groups",
        2,
        "家屬支持團體場次",
        "Family support groups held",
        "social_safety_net",
        {"kind": "count", "numerator": "辦理場次"},
        "count",
        "year",
        "higher",
        NONE,
        M,
        "seed 003 社安網第二期 item 1 (苗栗縣: 預計每年辦理4場)",
        360,
        "Miaoli's own target (4 a year), not the plan's for every county",
    ),
    (
        "network_liaison_meetings",
        1,
        "網絡聯繫會議場次",
        "Network liaison meetings",
        "social_safety_net",
        {"kind": "count", "numerator": "會議場次"},
        "count",
        "quarter",
        "higher",
        NONE,
        M,
        "seed 003 社安網第二期 item 7 (每季辦理網絡聯繫會議)",
        366,
        "Miaoli's own target (1 a quarter)",
    ),
]

COLUMNS = (
    "code",
    "version",
    "title",
    "title_en",
    "area",
    "formula",
    "unit",
    "period",
    "direction",
    "targets",
    "source",
    "seed_ref",
    "sort_order",
    "note",
)


def definition_rows() -> list[dict]:
    return [
        {
            **dict(zip(COLUMNS, r, strict=True)),
            "effective_from": 2020,
            "created_at": SEEDED_AT,
            "created_by": "issue 14",
        }
        for r in ROWS
    ]


def reference_rows() -> dict[str, list[dict]]:
    return {"indicator_definitions": definition_rows()}


def upgrade() -> None:
    types = {
        "version": sa.Integer,
        "formula": sa.JSON,
        "targets": sa.JSON,
        "effective_from": sa.Integer,
        "sort_order": sa.Integer,
        "created_at": sa.DateTime(timezone=True),
    }
    table = sa.table(
        "indicator_definitions",
        *[sa.column(c, types.get(c, sa.String)) for c in (*COLUMNS, "effective_from", "created_at", "created_by")],
    )
    op.bulk_insert(table, definition_rows())


def downgrade() -> None:
    for code, version, *_ in ROWS:
        op.execute(f"DELETE FROM indicator_definitions WHERE code = '{code}' AND version = {version}")
