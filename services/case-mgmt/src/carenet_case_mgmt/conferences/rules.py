"""The monthly case conference (個案管理會議): the agenda's day, and the suicide-attempt sections.

seed 001 (001_c9d8afea91fb3f89.txt): 「每月定期召開外部專家督導之個案管理及分級相關會議」 — the
conference has an external supervising expert; for suicide-attempt cases 「針對3次以上訪視未遇、
再次被通報、個案合併有多重問題、屆期及逾期末訪等個案提報督導會議討論」 and 「討論重點應含括：…2.再次被
通報個案之處置、3.個案合併有精神或家暴等問題個案之處置」; 「依據會議結果追蹤後續執行情形」 — the
decisions are followed up, so an undone one returns on the next month's agenda.
"Recently closed" is one year, as seed 003 (003_e6e7c48df29a34f9.txt) counts re-reports:
「結案1年內再次被通報」.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from carenet_core.clock import add_months

KINDS = ("psychiatric", "suicide", "combined")
SECTIONS = ("not_met_3_plus", "high_risk_household", "due_and_overdue", "combined_issues", "refusing_tier_1_2")
SUICIDE_SECTIONS = ("re_reported", "multiple_problems")
RECENTLY_CLOSED_DAYS = 365  # seed 003: 結案1年內再次被通報
PROTECTIVE_ISSUES = ("domestic_violence", "child_protection", "sexual_assault")  # 家暴、兒少保護、性侵害
ATTENDEE_ROLES = (
    "external_expert",  # 外部專家督導
    "supervisor",  # 督導
    "public_health_nurse",  # 公衛護理人員
    "psychiatric_visitor",  # 精神疾病關懷訪視員
    "suicide_visitor",  # 自殺通報個案關懷訪視員
    "mh_social_worker",  # 心理衛生社工
    "core_hospital",  # 核心醫院代表
    "other",
)


def agenda_day(*, first: date, last: date, today: date) -> date:
    """Today for the current month, the month's last day for a past month, its first day for a future one."""
    if today < first:
        return first
    return min(today, last)


def report_window_start(first_of_month: date) -> date:
    """New reports since the first day of the previous month are news to this month's conference
    (a report that came in after last month's meeting is not missed)."""
    return add_months(first_of_month, -1)


def re_reported(
    *,
    kinds: Sequence[str],
    flags: Sequence[str],
    intake_date: date,
    earlier_closures: Iterable[date],
    report_dates: Iterable[date],
    since: date,
    on: date,
) -> list[str]:
    """Why a suicide-attempt case is 再次被通報 (empty: it is not).

    - `reported_again_after_closure`: the case was opened (a new report) in the window, within one year
      of the person's earlier case closing;
    - `new_report_on_open_case`: a new report (an incident) on the open case came in the window;
    - `flagged_re_reported`: the intake desk flagged the case `re_reported`.
    """
    if "suicide_attempt" not in kinds:
        return []
    why = []
    if since <= intake_date <= on and any(
        0 <= (intake_date - closed).days <= RECENTLY_CLOSED_DAYS for closed in earlier_closures
    ):
        why.append("reported_again_after_closure")
    if any(since <= d <= on for d in report_dates):
        why.append("new_report_on_open_case")
    if "re_reported" in flags:
        why.append("flagged_re_reported")
    return why


def multiple_problems(*, kinds: Sequence[str], flags: Sequence[str], protective_issues: Iterable[str]) -> list[str]:
    """Why a suicide-attempt case has 多重問題: a psychiatric kind, domestic violence or another protective
    issue (flags or a protective assignment, current or past). A suicide case with domestic violence and
    no psychiatric kind belongs here (section d, combined issues, needs the psychiatric kind)."""
    if "suicide_attempt" not in kinds:
        return []
    issues = set(protective_issues) | {f for f in flags if f in PROTECTIVE_ISSUES}
    why = ["psychiatric"] if "psychiatric" in kinds else []
    why += [i for i in PROTECTIVE_ISSUES if i in issues]
    if "protective_issue" in flags and not issues:
        why.append("protective_issue")
    return why


def decision_open(*, held_on: date, done_on: date | None, agenda_first: date, on: date) -> bool:
    """A decision of an earlier month still undone on the agenda's day returns on the agenda."""
    return held_on < agenda_first and (done_on is None or done_on > on)
