"""Who the plan employs (seed 001, 整合型心理健康工作計畫 人力): kinds, funding, employment on a day.

Pure: no I/O. The kinds are the plan's staff lines (關懷訪視員, 心理衛生社工, 督導, 公衛護理人員,
行政人力); "case managers" (個管人員) are the visiting staff a supervisor is counted against.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum


class StaffKind(StrEnum):
    """The plan's staff lines."""

    PSYCHIATRIC_VISITOR = "psychiatric_visitor"  # 社區關懷訪視員 (精神疾病)
    SUICIDE_VISITOR = "suicide_visitor"  # 自殺個案關懷訪視員
    MH_SOCIAL_WORKER = "mh_social_worker"  # 心理衛生社工
    SUPERVISOR = "supervisor"  # 個案管理督導
    PUBLIC_HEALTH_NURSE = "public_health_nurse"  # 辦理精神或自殺業務之公衛護理人員
    ADMIN_STAFF = "admin_staff"  # 心理衛生及精神衛生業務行政人員


class Funding(StrEnum):
    SUBSIDISED = "subsidised"  # 補助人力
    COUNTY = "county"  # 縣市自籌人力


# 個管人員: the visiting staff a supervisor oversees (seed 001 附件20, 「以每7位個管人員配置1名督導為原則」).
CASE_MANAGER_KINDS = frozenset({StaffKind.PSYCHIATRIC_VISITOR, StaffKind.SUICIDE_VISITOR, StaffKind.MH_SOCIAL_WORKER})
# 訪視人力: the visiting staff of 附件15's note 2 (「應區分訪視人力(其中應有至少50%人力執行精神病人訪視)及行政協助人力」).
VISITING_KINDS = CASE_MANAGER_KINDS


def employed_on(started_on: date, ended_on: date | None, day: date) -> bool:
    """True when the person is on the staff on `day` (the end date is their last day)."""
    return started_on <= day and (ended_on is None or ended_on >= day)


def employed_during(started_on: date, ended_on: date | None, first: date, last: date) -> bool:
    """True when the employment overlaps the period [first, last]."""
    return started_on <= last and (ended_on is None or ended_on >= first)
