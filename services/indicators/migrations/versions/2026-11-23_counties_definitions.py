"""counties and indicator definitions: seed 001's 22 counties and the 2020 catalogue (+ seed 003)

Revision ID: indicators_0002
Revises: indicators_0001
Create Date: 2026-11-23

The rows are written out here (not imported from the package) so that this migration inserts the
same reference data forever, whatever later code does; changes come as new definition versions.
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "indicators_0002"
down_revision = "indicators_0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)

# seed 001, last table (整合型心理健康工作計畫各縣市補助人力員額分配表) and the audit-rate lists;
# district counts (鄉鎮市區數) are the 2020 administrative divisions. Taipei (financial class 1) is
# not in the subsidy table: no subsidy rate, no subsidised staff.
# (code, name, name_en, kind, island, class, subsidy %, districts, visitors, staff cap, county-funded, total,
#  psychiatric audit %, suicide audit %)
COUNTIES = [
    ("TW-NWT", "新北市", "New Taipei City", "municipality", False, 2, 65, 29, 29, 30, 16, 46, 4, 4),
    ("TW-TPE", "臺北市", "Taipei City", "municipality", False, 1, None, 12, None, None, None, None, 4, 4),
    ("TW-TAO", "桃園市", "Taoyuan City", "municipality", False, 2, 65, 13, 12, 13, 9, 22, 4, 4),
    ("TW-TXG", "臺中市", "Taichung City", "municipality", False, 2, 65, 29, 19, 22, 13, 35, 4, 4),
    ("TW-TNN", "臺南市", "Tainan City", "municipality", False, 3, 70, 37, 17, 19, 9, 28, 4, 4),
    ("TW-KHH", "高雄市", "Kaohsiung City", "municipality", False, 3, 70, 38, 26, 28, 14, 42, 4, 4),
    ("TW-ILA", "宜蘭縣", "Yilan County", "county", False, 4, 75, 12, 7, 11, 3, 14, 10, 6),
    ("TW-HSQ", "新竹縣", "Hsinchu County", "county", False, 3, 70, 13, 8, 10, 3, 13, 10, 6),
    ("TW-MIA", "苗栗縣", "Miaoli County", "county", False, 5, 80, 18, 8, 10, 3, 13, 10, 10),
    ("TW-CHA", "彰化縣", "Changhua County", "county", False, 4, 75, 26, 11, 14, 5, 19, 6, 4),
    ("TW-NAN", "南投縣", "Nantou County", "county", False, 4, 75, 13, 10, 12, 3, 15, 10, 6),
    ("TW-YUN", "雲林縣", "Yunlin County", "county", False, 4, 75, 20, 9, 12, 3, 15, 10, 6),
    ("TW-CYQ", "嘉義縣", "Chiayi County", "county", False, 5, 80, 18, 7, 9, 2, 11, 10, 6),
    ("TW-PIF", "屏東縣", "Pingtung County", "county", False, 5, 80, 33, 12, 13, 2, 15, 6, 6),
    ("TW-TTT", "臺東縣", "Taitung County", "county", False, 5, 80, 16, 7, 8, 2, 10, 15, 10),
    ("TW-HUA", "花蓮縣", "Hualien County", "county", False, 5, 80, 13, 8, 11, 2, 13, 15, 10),
    ("TW-PEN", "澎湖縣", "Penghu County", "county", True, 5, 80, 6, 3, 5, 1, 6, 15, 15),
    ("TW-KEE", "基隆市", "Keelung City", "city", False, 3, 70, 7, 5, 7, 3, 10, 15, 10),
    ("TW-HSZ", "新竹市", "Hsinchu City", "city", False, 3, 70, 3, 5, 6, 3, 9, 15, 10),
    ("TW-CYI", "嘉義市", "Chiayi City", "city", False, 3, 70, 2, 5, 6, 3, 9, 15, 10),
    ("TW-KIN", "金門縣", "Kinmen County", "county", True, 3, 70, 6, 2, 4, 1, 5, 15, 15),
    ("TW-LIE", "連江縣", "Lienchiang County", "county", True, 5, 80, 4, 1, 2, 1, 3, 15, 15),
]

PSY_BANDS = [{"below": 4000, "rate": 15}, {"up_to": 7000, "rate": 10}, {"up_to": 10000, "rate": 6}]
SUI_BANDS = [{"below": 500, "rate": 15}, {"up_to": 1000, "rate": 10}, {"up_to": 2000, "rate": 6}]


def _count(what: str, **kw):
    return {"kind": "count", "numerator": what, **kw}


def _ratio(num: str, den: str, **kw):
    return {"kind": "ratio", "numerator": num, "denominator": den, "scale": 100, **kw}


def _at_least(v):
    return {"kind": "at_least", "value": v}


M, C = "manual", "case_mgmt"
INFRA, SUICIDE, PSY, ADDICT, INNOV, SSN = ("infrastructure", "suicide_prevention", "psychiatric_care",
                                           "addiction_prevention", "innovation", "social_safety_net")

# (code, title, title_en, area, formula, unit, period, direction, targets, source, seed_ref)
DEFINITIONS = [
    ("cross_agency_meetings", "跨局處心理健康會報召開次數", "Cross-agency mental-health meetings held", INFRA,
     _count("會報次數"), "count", "quarter", "higher", _at_least(1), M, "seed 001 p.47 §2 item 1"),
    ("cross_agency_meetings_senior_chair", "秘書長或主任秘書層級以上主持之會報次數",
     "Cross-agency meetings chaired at secretary-general level", INFRA,
     _count("秘書長或主任秘書層級以上主持之會報次數"), "count", "year", "higher", _at_least(2), M, "seed 001 p.47 §2 item 1"),
    ("media_exposure", "心理健康媒體露出報導則數", "Media reports on mental health", INFRA,
     _count("媒體露出則數"), "count", "quarter", "higher", _at_least(1), M, "seed 001 p.47 §2 item 2"),
    ("community_mental_health_centres", "社區心理衛生中心布建處數", "Community mental-health centres set up", INFRA,
     _count("試辦處數"), "count", "year", "higher",
     {"kind": "by_district_count", "threshold": 10, "below": 1, "at_or_above": 2}, M, "seed 001 p.47 §2 item 3"),
    ("matching_funds_rate", "地方政府配合款編列比率", "Matching funds budgeted by the county", INFRA,
     _ratio("縣市配合款", "計畫總經費"), "percent", "year", "higher",
     {"kind": "by_financial_class", "values": {"2": 35, "3": 30, "4": 25, "5": 20}}, M,
     "seed 001 p.48 §2 item 4 (subsidy 65/70/75/80% by class 2–5)"),
    ("suicide_smr_change", "自殺標準化死亡率較前一年下降", "Suicide standardised mortality rate below last year", SUICIDE,
     {"kind": "yoy_change", "numerator": "當年自殺標準化死亡率"}, "per_100k", "year", "lower",
     {"kind": "below_previous"}, M, "seed 001 p.49 §2 item 6"),
    ("gatekeeper_training_village_chiefs", "村(里)長參與自殺防治守門人訓練比率", "Village chiefs trained as gatekeepers",
     SUICIDE, _ratio("參訓村里長人數", "所有村里長人數"), "percent", "year", "higher", _at_least(90), M,
     "seed 001 p.49 §2 item 5"),
    ("gatekeeper_training_village_officers", "村(里)幹事參與自殺防治守門人訓練比率",
     "Village officers trained as gatekeepers", SUICIDE, _ratio("參訓村里幹事人數", "所有村里幹事人數"), "percent",
     "year", "higher", _at_least(90), M, "seed 001 p.49 §2 item 5"),
    ("suicide_case_management_meetings", "自殺個案管理相關會議場次", "Suicide case-management meetings", SUICIDE,
     _count("conference.held (suicide, combined)", prorate=True), "count", "year", "higher", _at_least(12), C,
     "seed 001 p.50 §2 item 7"),
    ("suicide_visit_audit_rate", "自殺企圖通報個案追蹤訪視紀錄稽核率", "Suicide-attempt visit-record audit rate", SUICIDE,
     _ratio("visit_audit.recorded (suicide_attempt)", "visit.recorded (suicide_attempt)"), "percent", "quarter",
     "higher", {"kind": "by_volume", "bands": SUI_BANDS, "otherwise": 4, "fallback": "suicide_audit_rate"}, C,
     "seed 001 p.50 §2 item 7; domain-rules §1"),
    ("hospital_suicide_prevention_rate", "醫院推動住院病人自殺防治及醫事人員守門人訓練比率",
     "Hospitals running inpatient suicide prevention and staff gatekeeper training", SUICIDE,
     _ratio("有推動醫院數", "督導考核醫院數"), "percent", "year", "higher", _at_least(100), M, "seed 001 p.51 §2 item 8"),
    ("crisis_training_police", "警察人員參與精神疾病知能及危機處置教育訓練比率", "Police trained in psychiatric crisis handling",
     PSY, _ratio("參訓人數", "人員總數"), "percent", "year", "higher", _at_least(35), M, "seed 001 p.52 §2 item 9"),
    ("crisis_training_fire", "消防人員參與精神疾病知能及危機處置教育訓練比率", "Fire staff trained in psychiatric crisis handling",
     PSY, _ratio("參訓人數", "人員總數"), "percent", "year", "higher", _at_least(35), M, "seed 001 p.52 §2 item 9"),
    ("crisis_training_village_chiefs", "村(里)長參與精神疾病知能及危機處置教育訓練比率",
     "Village chiefs trained in psychiatric crisis handling", PSY, _ratio("參訓人數", "人員總數"), "percent", "year",
     "higher", _at_least(35), M, "seed 001 p.52 §2 item 9"),
    ("crisis_training_village_officers", "村(里)幹事參與精神疾病知能及危機處置教育訓練比率",
     "Village officers trained in psychiatric crisis handling", PSY, _ratio("參訓人數", "人員總數"), "percent", "year",
     "higher", _at_least(35), M, "seed 001 p.52 §2 item 9"),
    ("crisis_training_social_workers", "社政相關人員參與精神疾病知能及危機處置教育訓練比率",
     "Social-affairs staff trained in psychiatric crisis handling", PSY, _ratio("參訓人數", "人員總數"), "percent",
     "year", "higher", _at_least(35), M, "seed 001 p.52 §2 item 9"),
    ("gp_training_sessions", "非精神科開業醫師精神疾病照護或轉介教育訓練場次", "Training sessions for non-psychiatric GPs",
     PSY, _count("辦理場次"), "count", "year", "higher", {"kind": "by_municipality", "municipality": 2, "other": 1},
     M, "seed 001 p.52 §2 item 9"),
    ("psychiatric_case_management_meetings", "個案管理及分級相關會議場次（精神）",
     "Psychiatric case-management and tiering meetings", PSY,
     _count("conference.held (psychiatric, combined)", prorate=True), "count", "year", "higher", _at_least(12), C,
     "seed 001 p.53 §2 item 10"),
    ("case_management_meetings", "個案管理會議場次", "Case-management meetings held", PSY,
     _count("conference.held", prorate=True), "count", "year", "higher", _at_least(12), C,
     "seed 001 p.50, p.53; api-contract"),
    ("psychiatric_visit_audit_rate", "精神病人追蹤訪視紀錄稽核率", "Psychiatric visit-record audit rate", PSY,
     _ratio("visit_audit.recorded (psychiatric)", "visit.recorded (psychiatric)"), "percent", "quarter", "higher",
     {"kind": "by_volume", "bands": PSY_BANDS, "otherwise": 4, "fallback": "psychiatric_audit_rate"}, C,
     "seed 001 p.53 §2 item 10; domain-rules §1"),
    ("discharge_plan_upload_14d", "出院後2星期內完成出院準備計畫上傳比率", "Discharge plans uploaded within 14 days", PSY,
     _ratio("出院後2星期內上傳出院準備計畫之精神病人數", "出院之精神病人數"), "percent", "year", "higher", _at_least(70), C,
     "seed 001 p.54 §2 item 11"),
    ("discharge_first_visit_14d", "出院準備計畫上傳後2星期內第一次訪視評估比率",
     "First visit within 14 days of the plan's upload", PSY,
     _ratio("上傳後2星期內第一次訪視評估人數", "上傳出院準備計畫人數"), "percent", "year", "higher", _at_least(70), C,
     "seed 001 p.54 §2 item 11"),
    ("avg_visits_per_psychiatric_case", "一般精神疾病個案年平均訪視次數", "Average visits per general psychiatric case", PSY,
     {"kind": "average", "numerator": "訪視次數(訪視成功+訪視未遇)", "denominator": "轄區一般精神疾病個案數", "scale": 1,
      "prorate": True}, "visits_per_case", "year", "higher", _at_least(4.15), C, "seed 001 p.55 §2 item 12"),
    ("community_inclusion_district_coverage", "辦理精神病人社區融合活動之鄉鎮區涵蓋率",
     "Districts hosting community-inclusion activities", PSY,
     _ratio("主辦活動之鄉鎮市區數", "全縣(市)鄉鎮市區數", default_denominator="districts"), "percent", "year", "higher",
     _at_least(30), M, "seed 001 p.55 §2 item 13"),
    ("disaster_drill_pass_rate", "精神復健機構及精神護理之家災防演練考核合格率",
     "Disaster-drill assessments passed by psychiatric rehab institutions and nursing homes", PSY,
     _ratio("合格機構數", "受考核機構數"), "percent", "year", "higher", _at_least(100), M, "seed 001 p.56 §2 item 14"),
    ("suicide_after_discharge_rate_change", "精神追蹤照護個案出院後一年內自殺粗死亡率較前一年下降",
     "Suicide death rate within a year of discharge below last year", PSY,
     {"kind": "yoy_change", "numerator": "出院後一年內自殺死亡人數", "denominator": "追蹤關懷個案出院人數", "scale": 100},
     "percent", "year", "lower", {"kind": "below_previous"}, M, "seed 001 p.56 §2 item 15"),
    ("addiction_lectures", "酒癮、網癮防治宣導講座場次", "Alcohol and internet addiction lectures", ADDICT,
     _count("講座場次"), "count", "year", "higher",
     {"kind": "by_county_kind", "municipality": 5, "county": 4, "city": 3, "island": 2}, M,
     "seed 001 p.57 §2 item 16"),
    ("internet_addiction_lectures", "網癮防治宣導講座場次", "Internet addiction lectures", ADDICT,
     _count("網癮講座場次"), "count", "year", "higher", _at_least(1), M, "seed 001 p.57 §2 item 16"),
    ("alcohol_hotline_published", "設有酒癮治療資源諮詢固定專線並於網頁公布", "Alcohol-treatment hotline published on the web",
     ADDICT, {"kind": "boolean"}, "boolean", "year", "true", {"kind": "is_true"}, M, "seed 001 p.58 §2 item 17"),
    ("alcohol_treatment_institutions_visited", "酒癮治療機構年度訪查率", "Alcohol-treatment institutions visited", ADDICT,
     _ratio("訪查機構數", "酒癮治療機構數"), "percent", "year", "higher", _at_least(100), M, "seed 001 p.58 §2 item 18"),
    ("internet_addiction_training", "處遇人員網癮防治教育訓練場次", "Internet-addiction training for practitioners",
     ADDICT, _count("訓練場次"), "count", "year", "higher", _at_least(1), M, "seed 001 p.58 §2 item 19"),
    ("alcohol_cross_discipline_training", "跨科別或跨網絡處遇人員酒癮防治教育訓練場次",
     "Cross-discipline alcohol-addiction training", ADDICT, _count("訓練場次"), "count", "year", "higher",
     {"kind": "by_island", "island": 1, "other": 2}, M, "seed 001 p.58 §2 item 19"),
    ("innovative_services", "具特色或創新服務項目數", "Innovative services", INNOV, _count("項目數"), "count", "year",
     "higher", _at_least(1), M, "seed 001 p.59 §2 item 20"),
    ("service_coverage", "服務涵蓋率", "Service coverage", SSN,
     _ratio("實際訪視曾經及目前在案個案數", "曾經及目前在案個案數"), "percent", "year", "higher", {"kind": "none"}, C,
     "seed 003 服務涵蓋率評估基準"),
    ("social_worker_re_report_rate_change", "心衛社工結案後一年內再被通報開案率（較前一年下降5%）",
     "Re-report rate within a year of social-worker closure, down 5% on last year", SSN,
     {"kind": "yoy_change", "numerator": "再被通報後經家防中心開案數", "denominator": "年度統計人數", "scale": 100},
     "percent", "year", "lower", {"kind": "reduce_previous_by", "pct": 5}, M, "seed 003 社安網第二期 item 4"),
    ("family_support_groups", "家屬支持團體場次", "Family support groups held", SSN, _count("辦理場次"), "count", "year",
     "higher", _at_least(4), M, "seed 003 社安網第二期 item 1"),
]


SEEDED_AT = datetime(2026, 11, 23, tzinfo=UTC)


def county_rows() -> list[dict]:
    return [
        {"code": c[0], "name": c[1], "name_en": c[2], "kind": c[3], "is_municipality": c[3] == "municipality",
         "is_island": c[4], "financial_class": c[5], "subsidy_rate": c[6], "districts": c[7], "visitor_posts": c[8],
         "subsidised_staff_cap": c[9], "county_funded_staff": c[10], "staff_total": c[11],
         "psychiatric_audit_rate": c[12], "suicide_audit_rate": c[13], "version": 1, "updated_at": SEEDED_AT,
         "updated_by": "seed 001"}
        for c in COUNTIES
    ]


def definition_rows() -> list[dict]:
    return [
        {"code": d[0], "version": 1, "title": d[1], "title_en": d[2], "area": d[3], "formula": d[4], "unit": d[5],
         "period": d[6], "direction": d[7], "targets": d[8], "source": d[9], "seed_ref": d[10],
         "effective_from": 2020, "sort_order": (i + 1) * 10, "note": None, "created_at": SEEDED_AT,
         "created_by": "seed 001/003"}
        for i, d in enumerate(DEFINITIONS)
    ]


def upgrade() -> None:
    counties = op.create_table(
        "counties",
        sa.Column("code", sa.String(10), primary_key=True),
        sa.Column("name", sa.String(20), nullable=False),
        sa.Column("name_en", sa.String(60), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("is_municipality", sa.Boolean(), nullable=False),
        sa.Column("is_island", sa.Boolean(), nullable=False),
        sa.Column("financial_class", sa.Integer(), nullable=False),
        sa.Column("subsidy_rate", sa.Numeric(5, 2), nullable=True),
        sa.Column("districts", sa.Integer(), nullable=False),
        sa.Column("visitor_posts", sa.Integer(), nullable=True),
        sa.Column("subsidised_staff_cap", sa.Integer(), nullable=True),
        sa.Column("county_funded_staff", sa.Integer(), nullable=True),
        sa.Column("staff_total", sa.Integer(), nullable=True),
        sa.Column("psychiatric_audit_rate", sa.Numeric(5, 2), nullable=True),
        sa.Column("suicide_audit_rate", sa.Numeric(5, 2), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("updated_at", TZ, nullable=True),
        sa.Column("updated_by", sa.String(200), nullable=True),
    )
    definitions = op.create_table(
        "indicator_definitions",
        sa.Column("code", sa.String(80), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("title_en", sa.String(200), nullable=False),
        sa.Column("area", sa.String(40), nullable=False),
        sa.Column("formula", sa.JSON(), nullable=False),
        sa.Column("unit", sa.String(30), nullable=False),
        sa.Column("period", sa.String(10), nullable=False),
        sa.Column("direction", sa.String(10), nullable=False),
        sa.Column("targets", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("seed_ref", sa.String(200), nullable=False),
        sa.Column("effective_from", sa.Integer(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("code", "version", name="pk_indicator_definitions"),
    )
    op.bulk_insert(counties, county_rows())
    op.bulk_insert(definitions, definition_rows())


def downgrade() -> None:
    op.drop_table("indicator_definitions")
    op.drop_table("counties")
