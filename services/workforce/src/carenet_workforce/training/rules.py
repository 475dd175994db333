"""Training requirements of the plan's staff — seed 001, 附件7 「整合型心理健康工作計畫人員專業訓練課程基準」.

Basic curriculum (初階課程), for 「到職2年內之社區關懷訪視員及自殺個案關懷訪視員、辦理精神或自殺業務之
公衛護理人員及衛生局(所)心理衛生及精神衛生業務行政人員」: 「每年須完成全部初階課程主題及時數，共24小時。
(如人員依108年度完成之課程時數為21小時，則無需於109年度再補足時數。惟自109年起，每年應完成24小時之初階
課程時數)」 — so a year up to 2019 (108) asks 21 hours, every year from 2020 (109) all twelve topics
with their hours, 24 in all.

Advanced curriculum (進階課程), for 「除參加初階課程之計畫新進人員外之所有在職之計畫人員」: 「每人每年應接受
符合本基準進階課程主題之課程至少8小時之訓練，且應包含3小時之參與個案研討會。(每年應提報至少1篇個案報告)」.

"到職2年內" is read by calendar year: the year someone starts and the next one are their basic years.
Pure: no I/O. The topic tables below are the seed's, word for word.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from ..staff.rules import StaffKind


class Level(StrEnum):
    BASIC = "basic"  # 初階
    ADVANCED = "advanced"  # 進階


@dataclass(frozen=True)
class Topic:
    code: str
    title: str  # the seed's 課程主題
    hours: Decimal | None = None  # basic topics carry their required hours


# 附件7 初階課程: 課程主題 and 時數 (合計 24 小時).
BASIC_TOPICS: tuple[Topic, ...] = (
    Topic("psychiatry_basics", "精神醫療基本概念與疾病防治知能", Decimal(2)),
    Topic("suicide_prevention_basics", "自殺防治基本概念及個案危險性評估", Decimal(2)),
    Topic("community_case_management", "社區個案管理實務概論(含經驗分享及危機處理)", Decimal(2)),
    Topic("visiting_skills", "社區個案訪視技巧", Decimal(3)),
    Topic("visit_safety", "訪視安全與危機處理", Decimal(2)),
    Topic("addiction_treatment", "成癮治療概論", Decimal(2)),
    Topic("domestic_violence", "精神疾病與家庭暴力議題", Decimal(2)),
    Topic("child_protection", "精神疾病與兒少保護議題", Decimal(2)),
    Topic("family_vulnerability", "精神疾病與家庭脆弱性議題", Decimal(2)),
    Topic("stress_adjustment", "壓力調適及自我成長", Decimal(2)),
    Topic("mental_health_law", "精神衛生相關法規基本概念", Decimal(2)),
    Topic("psychiatric_care_network", "精神醫療網絡介紹", Decimal(1)),
)
# 附件7 進階課程: 課程主題 (no hours per topic; 8 hours a year in all).
ADVANCED_TOPICS: tuple[Topic, ...] = (
    Topic("advanced_psychiatry", "精神疾病防治進階知能"),
    Topic("advanced_case_management", "個案管理與追蹤輔導進階實務"),
    Topic("case_report_discussion", "個案報告與討論"),
    Topic("home_visits_family", "家訪及家庭輔導"),
    Topic("work_risk", "工作風險、危機辨識及處置"),
    Topic("care_resources", "相關照護資源認識"),
    Topic("supporting_courses", "關懷訪視之輔助性課程"),
)
TOPICS: dict[Level, tuple[Topic, ...]] = {Level.BASIC: BASIC_TOPICS, Level.ADVANCED: ADVANCED_TOPICS}

BASIC_HOURS = Decimal(24)  # 「共24小時」 (from 109 = 2020)
BASIC_HOURS_UNTIL_2019 = Decimal(21)  # 「依108年度完成之課程時數為21小時」
FULL_CURRICULUM_FROM = 2020  # 「惟自109年起，每年應完成24小時」
ADVANCED_HOURS = Decimal(8)  # 「至少8小時之訓練」
ADVANCED_CASE_CONFERENCE_HOURS = Decimal(3)  # 「應包含3小時之參與個案研討會」
ADVANCED_CASE_REPORTS = 1  # 「每年應提報至少1篇個案報告」
BASIC_YEARS = 2  # 「到職2年內」

# 初階 audience: visitors, nurses on this work and administrative staff (social workers and supervisors are not named).
BASIC_KINDS = frozenset(
    {StaffKind.PSYCHIATRIC_VISITOR, StaffKind.SUICIDE_VISITOR, StaffKind.PUBLIC_HEALTH_NURSE, StaffKind.ADMIN_STAFF}
)


def find_topic(level: Level, name: str) -> Topic | None:
    """The topic of `level` named by its code or by the seed's Chinese title (as a training body writes it)."""
    wanted = name.strip()
    for t in TOPICS[level]:
        if wanted in (t.code, t.title):
            return t
    return None


def level_for(kind: StaffKind, started_on: date, year: int) -> Level:
    """Basic in the year a visitor, nurse or administrator starts and the next; advanced otherwise."""
    if kind in BASIC_KINDS and year - started_on.year < BASIC_YEARS:
        return Level.BASIC
    return Level.ADVANCED


def basic_hours_required(year: int) -> Decimal:
    """21 hours up to 2019 (the carry-over), 24 from 2020."""
    return BASIC_HOURS_UNTIL_2019 if year < FULL_CURRICULUM_FROM else BASIC_HOURS


@dataclass(frozen=True)
class Course:
    """One completed training record as the rules need it."""

    level: Level
    topic: str  # topic code
    hours: Decimal
    case_conference_hours: Decimal = Decimal(0)


@dataclass(frozen=True)
class Missing:
    """One unmet requirement: what, by how much, and for which topic when it is one."""

    requirement: str  # hours | topic | case_conference_hours | case_report
    short: Decimal
    topic: str | None = None


@dataclass(frozen=True)
class Compliance:
    level: Level
    hours: Decimal
    required_hours: Decimal
    case_conference_hours: Decimal
    case_reports: int
    missing: list[Missing] = field(default_factory=list)

    @property
    def met(self) -> bool:
        return not self.missing


def assess(*, level: Level, year: int, courses: Iterable[Course], case_reports: int) -> Compliance:
    """A person's training year against 附件7: hours, topics (basic), conference hours and reports (advanced)."""
    own = [c for c in courses if c.level == level]
    hours = sum((c.hours for c in own), Decimal(0))
    conference = sum((c.case_conference_hours for c in own), Decimal(0))
    missing: list[Missing] = []
    if level == Level.BASIC:
        required = basic_hours_required(year)
        if hours < required:
            missing.append(Missing("hours", required - hours))
        if year >= FULL_CURRICULUM_FROM:
            by_topic: dict[str, Decimal] = {}
            for c in own:
                by_topic[c.topic] = by_topic.get(c.topic, Decimal(0)) + c.hours
            for t in BASIC_TOPICS:
                done = by_topic.get(t.code, Decimal(0))
                if t.hours is not None and done < t.hours:
                    missing.append(Missing("topic", t.hours - done, t.code))
        return Compliance(level, hours, required, conference, case_reports, missing)
    if hours < ADVANCED_HOURS:
        missing.append(Missing("hours", ADVANCED_HOURS - hours))
    if conference < ADVANCED_CASE_CONFERENCE_HOURS:
        missing.append(Missing("case_conference_hours", ADVANCED_CASE_CONFERENCE_HOURS - conference))
    if case_reports < ADVANCED_CASE_REPORTS:
        missing.append(Missing("case_report", Decimal(ADVANCED_CASE_REPORTS - case_reports)))
    return Compliance(level, hours, ADVANCED_HOURS, conference, case_reports, missing)
