"""Care tiers (分級照護): visit intervals, the intake lock, step-down rules, and when a case is due.

Everything here is pure: the service loads the facts (tier history, visits, the county's policy)
and these functions decide. Due and overdue are computed for a given day, never stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import cached_property

from carenet_core.clock import add_months, taipei_date

FACE_TO_FACE_METHODS = frozenset({"face_to_face_home", "face_to_face_other"})
# Statuses in which a step-down may go ahead without a face-to-face visit, with a recorded reason
# (seed 001: 如有特殊狀況，如入監、失蹤、失聯等狀況，則依個案狀況處理).
EXCEPTION_SITUATIONS = frozenset({"imprisoned", "missing", "lost_contact"})


@dataclass(frozen=True)
class TierPolicy:
    """A county's tier policy as of one version (defaults: domain rules §1a)."""

    intervals: dict[int, int] = field(default_factory=lambda: {1: 14, 2: 30, 3: 90, 4: 180, 5: 365})
    not_met_retry_days: int = 7  # 訪視未遇: the next attempt within 7 days
    lock_months: int = 3  # seed 001: 確定收案後，3個月內應列為1級照護
    transfer_expiry_days: int = 14
    late_after_days: int = 7  # a visit received more than 7 days after it happened is "late"
    consecutive_not_met_flag: int = 3  # seed 001: 3次以上訪視未遇
    only_phone_window_days: int = 365  # seed 001: 最近1年僅電話訪視，且無法聯絡本人者

    def interval(self, tier: int) -> int:
        return self.intervals[tier]


DEFAULT_POLICY = TierPolicy()


@dataclass(frozen=True)
class VisitFact:
    """What the rules need of a visit."""

    visited_at: datetime
    method: str
    outcome: str  # "met" | "not_met"

    @cached_property
    def day(self) -> date:
        return taipei_date(self.visited_at)

    @property
    def face_to_face(self) -> bool:
        return self.method in FACE_TO_FACE_METHODS


@dataclass(frozen=True)
class TierSpan:
    """One entry of the tier history: from `changed_at` the case is at `tier`."""

    changed_at: datetime
    tier: int


def tier_locked_until(intake_date: date, policy: TierPolicy = DEFAULT_POLICY) -> date:
    """A new case stays at tier 1 until this day (intake + 3 months by default)."""
    return add_months(intake_date, policy.lock_months)


def is_locked(locked_until: date | None, on: date) -> bool:
    return locked_until is not None and on < locked_until


def in_order(visits: Sequence[VisitFact]) -> list[VisitFact]:
    """Visits in the order they happened (device time), whatever order they arrived in; at one instant a
    not-met attempt comes before a met visit (the person was met then), so the order never depends on arrival."""
    return sorted(visits, key=lambda v: (v.visited_at, v.outcome == "met"))


def tier_on(history: Sequence[TierSpan], on: date, current: int) -> int:
    """The tier held at the end of day `on` (the current tier when the history says nothing)."""
    held = None
    for span in sorted(history, key=lambda s: s.changed_at):
        if taipei_date(span.changed_at) <= on:
            held = span.tier
    return held if held is not None else current


def due_after(
    *, tier: int, intake_date: date, last_visit_on: date | None, last_outcome: str | None, policy: TierPolicy
) -> date:
    """The day the next visit is due: last visit + the tier's interval (7 days after a not-met visit), else intake + interval."""
    days = policy.interval(tier)
    if last_visit_on is None:
        return intake_date + timedelta(days=days)
    if last_outcome == "not_met":
        days = min(days, policy.not_met_retry_days)
    return last_visit_on + timedelta(days=days)


def next_visit_due(*, tier: int, intake_date: date, visits: Sequence[VisitFact], policy: TierPolicy) -> date:
    """`due_after` the latest of these visits."""
    f = facts_of(visits)
    return due_after(
        tier=tier, intake_date=intake_date, last_visit_on=f.last_visit_on, last_outcome=f.last_outcome, policy=policy
    )


@dataclass(frozen=True)
class VisitFacts:
    """What a case's standing needs of its visits — kept on the case row, written with every visit (issue 15)."""

    last_visit_on: date | None = None  # the Taipei day of the latest visit
    last_outcome: str | None = None  # its outcome
    last_contact_on: date | None = None  # the day of the latest visit that was face-to-face or met the person
    consecutive_not_met: int = 0


def facts_of(visits: Sequence[VisitFact]) -> VisitFacts:
    """The facts of these visits (all of them: the caller keeps only those up to the day it asks about)."""
    ordered = in_order(visits)
    if not ordered:
        return VisitFacts()
    contact = [v.day for v in ordered if v.face_to_face or v.outcome == "met"]
    return VisitFacts(
        last_visit_on=ordered[-1].day,
        last_outcome=ordered[-1].outcome,
        last_contact_on=max(contact) if contact else None,
        consecutive_not_met=consecutive_not_met(ordered),
    )


def consecutive_not_met(visits: Sequence[VisitFact]) -> int:
    """How many of the latest visits in a row were not met (訪視未遇)."""
    n = 0
    for v in reversed(in_order(visits)):
        if v.outcome != "not_met":
            break
        n += 1
    return n


def only_phone_for_a_year(*, intake_date: date, visits: Sequence[VisitFact], on: date, policy: TierPolicy) -> bool:
    """Open a year or more, and in the last year no face-to-face visit and no visit that reached the person."""
    start = on - timedelta(days=policy.only_phone_window_days)
    if intake_date > start:
        return False
    recent = [v for v in visits if start < v.day <= on]
    return not any(v.face_to_face or v.outcome == "met" for v in recent)


def only_phone_since(*, intake_date: date, last_contact_on: date | None, on: date, policy: TierPolicy) -> bool:
    """`only_phone_for_a_year` from the day of the latest face-to-face or met visit (none after `on`)."""
    start = on - timedelta(days=policy.only_phone_window_days)
    return intake_date <= start and (last_contact_on is None or last_contact_on <= start)


def counts_for_step_down(*, method: str, outcome: str, seen: str | None) -> bool:
    """A visit a step-down may rest on: met, face-to-face, and the person themself seen (not only the family).

    Seed 001 (001_c9d8afea91fb3f89.txt, 加強個案管理及分級): 「個案降級前應以實際面訪本人為原則」.
    """
    return outcome == "met" and method in FACE_TO_FACE_METHODS and seen == "person"


def has_met_face_to_face_since(visits: Sequence[VisitFact], since: datetime) -> bool:
    return any(v.face_to_face and v.outcome == "met" and v.visited_at >= since for v in visits)


class TierChangeRefusal(StrEnum):
    SAME_TIER = "same_tier"
    TIER_LOCKED = "tier_locked"
    FACE_TO_FACE_REQUIRED = "face_to_face_required"
    ONE_STEP_AT_A_TIME = "step_down_one_at_a_time"


def check_tier_change(
    *,
    from_tier: int,
    to_tier: int,
    on: date,
    locked_until: date | None,
    met_face_to_face_since_last_change: bool,
    situation: str | None = None,
    exception_reason: str | None = None,
) -> TierChangeRefusal | None:
    """Why a tier change is refused, or None when it may go ahead.

    A step-up (lower number) is always allowed. A step-down (higher number) is refused while the
    intake lock holds, must go one tier at a time (seed 001: 之後依序降級), and needs a `met`
    face-to-face visit since the last tier change — unless the case is imprisoned, missing or
    lost contact and a reason is recorded.
    """
    if to_tier == from_tier:
        return TierChangeRefusal.SAME_TIER
    if to_tier < from_tier:
        return None
    if is_locked(locked_until, on):
        return TierChangeRefusal.TIER_LOCKED
    if to_tier - from_tier > 1:
        return TierChangeRefusal.ONE_STEP_AT_A_TIME
    if met_face_to_face_since_last_change:
        return None
    if situation in EXCEPTION_SITUATIONS and exception_reason:
        return None
    return TierChangeRefusal.FACE_TO_FACE_REQUIRED


@dataclass(frozen=True)
class MonthlyCheck:
    """65+ repeat suicide attempts in one calendar month: ≥ 2 visits, ≥ 50% face-to-face."""

    month: str
    visits: int
    face_to_face: int
    enough_visits: bool
    enough_face_to_face: bool

    @property
    def ok(self) -> bool:
        return self.enough_visits and self.enough_face_to_face


ELDERLY_AGE = 65
ELDERLY_MIN_VISITS = 2  # seed 001: 每個月至少2次
ELDERLY_MIN_FACE_TO_FACE_SHARE = 0.5  # seed 001: 採面訪方式至少50%以上


def elderly_monthly_check(visits: Sequence[VisitFact], *, year: int, month: int) -> MonthlyCheck:
    """The 65+ repeat-attempt monthly rule for one month (met and not-met visits both count)."""
    inside = [v for v in visits if (v.day.year, v.day.month) == (year, month)]
    f2f = sum(1 for v in inside if v.face_to_face)
    return MonthlyCheck(
        month=f"{year:04d}-{month:02d}",
        visits=len(inside),
        face_to_face=f2f,
        enough_visits=len(inside) >= ELDERLY_MIN_VISITS,
        enough_face_to_face=bool(inside) and f2f >= ELDERLY_MIN_FACE_TO_FACE_SHARE * len(inside),
    )


def elderly_rule_applies(*, kinds: Sequence[str], flags: Sequence[str], age: int) -> bool:
    """A suicide-attempt case of a person 65 or older with a repeat attempt."""
    return "suicide_attempt" in kinds and "repeat_suicide_attempt" in flags and age >= ELDERLY_AGE


@dataclass
class Standing:
    """Where a case stands on a given day: computed from the facts, never stored."""

    on: date
    tier: int
    next_visit_due: date
    overdue: bool
    days_overdue: int
    consecutive_not_met: int
    only_phone_for_a_year: bool
    last_visit_date: date | None
    reasons: list[str]


def standing(
    *,
    on: date,
    tier: int,
    intake_date: date,
    visits: Sequence[VisitFact],
    policy: TierPolicy,
    situation: str | None = None,
    window_days: int = 7,
) -> Standing:
    """The case's due date, overdue flag and the reasons it needs attention on day `on` (extended care adds its
    own: extended_care/rules.py)."""
    facts = facts_of([v for v in visits if v.day <= on])
    return standing_of(
        on=on,
        tier=tier,
        intake_date=intake_date,
        facts=facts,
        policy=policy,
        situation=situation,
        window_days=window_days,
    )


def standing_of(
    *,
    on: date,
    tier: int,
    intake_date: date,
    facts: VisitFacts,
    policy: TierPolicy,
    situation: str | None = None,
    window_days: int = 7,
) -> Standing:
    """`standing` from the facts of the visits up to `on` (`facts_of`), as the case row keeps them."""
    due = due_after(
        tier=tier,
        intake_date=intake_date,
        last_visit_on=facts.last_visit_on,
        last_outcome=facts.last_outcome,
        policy=policy,
    )
    cnm = facts.consecutive_not_met
    phone_only = only_phone_since(intake_date=intake_date, last_contact_on=facts.last_contact_on, on=on, policy=policy)
    reasons: list[str] = []
    if on > due:
        reasons.append("overdue")
    elif due <= on + timedelta(days=window_days):
        reasons.append("due_soon")
    if facts.last_outcome == "not_met":
        reasons.append("not_met_retry")
    if cnm >= policy.consecutive_not_met_flag:
        reasons.append("consecutive_not_met")
    if situation in ("lost_contact", "missing"):
        reasons.append(situation)
    if phone_only:
        reasons.append("only_phone_for_a_year")
    return Standing(
        on=on,
        tier=tier,
        next_visit_due=due,
        overdue=on > due,
        days_overdue=max(0, (on - due).days),
        consecutive_not_met=cnm,
        only_phone_for_a_year=phone_only,
        last_visit_date=facts.last_visit_on,
        reasons=reasons,
    )


# reasons that put a case on the worklist whatever its due date (extended care: extended_care/rules.py)
FLAGGED = frozenset(
    {
        "consecutive_not_met",
        "only_phone_for_a_year",
        "lost_contact",
        "missing",
        "elderly_monthly_visits",
        "elderly_monthly_face_to_face",
        "elderly_missed_last_month",
        "child_under_6_monthly_visits",
        "child_under_6_monthly_face_to_face",
        "child_under_6_missed_last_month",
    }
)


def needs_worklist(s: Standing, *, days: int) -> bool:
    """On the worklist: due within `days`, overdue, or flagged by a rule."""
    return s.next_visit_due <= s.on + timedelta(days=days) or bool(FLAGGED & set(s.reasons))
