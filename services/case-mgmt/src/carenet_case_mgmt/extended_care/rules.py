"""Extended care (延長關懷): more visits, more of them face-to-face, for longer — pure rules.

Seed 001 (001_c9d8afea91fb3f89.txt, 自殺防治):
- 「針對65歲以上老人再自殺個案，延長關懷訪視服務時程及增加訪視頻率(每個月至少2次，採面訪方式至少50%以上)」 —
  a suicide-attempt case 65 or older with a repeat attempt (flag `repeat_suicide_attempt`): at least 2
  visits every calendar month, at least half of them face-to-face, for the extended care period.
- 「若自殺個案家中有6歲以下幼兒…適時增加訪視次數、面訪比率並延長關懷時程」 — a suicide-attempt case whose
  household has a child under 6 (flag `child_under_6`). The seed names no numbers here; we ask more
  than the 65+ rule on both counts: at least 3 visits a month, at least two thirds face-to-face.

The seed fixes no length for either period: each is a county setting in months from intake
(county_settings/rules.py, default 6). Months are Asia/Taipei calendar months; met and not-met
visits both count as visits (as the 65+ rule counts 訪視). A month shows as missed only if the case
was in care the whole month, so an intake late in a month is not marked short for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from carenet_core.clock import add_months

from ..tiers.rules import ELDERLY_MIN_FACE_TO_FACE_SHARE, ELDERLY_MIN_VISITS, VisitFact, elderly_rule_applies


@dataclass(frozen=True)
class CareRule:
    """One extended-care requirement: a monthly floor of visits and of the face-to-face share."""

    name: str  # the prefix of its worklist reasons
    min_visits: int
    min_face_to_face: Fraction


# seed: 每個月至少2次, 採面訪方式至少50%以上
ELDERLY = CareRule(
    "elderly",
    min_visits=ELDERLY_MIN_VISITS,
    min_face_to_face=Fraction(ELDERLY_MIN_FACE_TO_FACE_SHARE).limit_denominator(),
)
CHILD_UNDER_6 = CareRule("child_under_6", min_visits=3, min_face_to_face=Fraction(2, 3))  # seed silent: more than 65+


@dataclass(frozen=True)
class Requirement:
    rule: CareRule
    until: date  # the first day after the extended care period


@dataclass(frozen=True)
class Month:
    visits: int
    face_to_face: int

    def enough_visits(self, rule: CareRule) -> bool:
        return self.visits >= rule.min_visits

    def enough_face_to_face(self, rule: CareRule) -> bool:
        return self.visits > 0 and Fraction(self.face_to_face, self.visits) >= rule.min_face_to_face


def requirements(
    *,
    kinds: Sequence[str],
    flags: Sequence[str],
    age: int,
    intake_date: date,
    elderly_months: int,
    child_months: int,
) -> list[Requirement]:
    """The extended-care requirements a case is under (whatever the day), each with its period's end."""
    out = []
    if elderly_rule_applies(kinds=kinds, flags=flags, age=age):
        out.append(Requirement(ELDERLY, until=add_months(intake_date, elderly_months)))
    if "suicide_attempt" in kinds and "child_under_6" in flags:
        out.append(Requirement(CHILD_UNDER_6, until=add_months(intake_date, child_months)))
    return out


def month_of_visits(visits: Sequence[VisitFact], *, year: int, month: int) -> Month:
    """The visits (met or not) and face-to-face visits of one Taipei calendar month."""
    inside = [v for v in visits if (v.day.year, v.day.month) == (year, month)]
    return Month(visits=len(inside), face_to_face=sum(1 for v in inside if v.face_to_face))


def _previous(on: date) -> date:
    return date(on.year - 1, 12, 1) if on.month == 1 else date(on.year, on.month - 1, 1)


def shortfalls(*, visits: Sequence[VisitFact], on: date, intake_date: date, reqs: Sequence[Requirement]) -> list[str]:
    """Why the case falls short on day `on`: this month not yet at the floor (`<rule>_monthly_visits`,
    `<rule>_monthly_face_to_face`) and last month missed (`<rule>_missed_last_month`), within each period."""
    seen = [v for v in visits if v.day <= on]
    this = month_of_visits(seen, year=on.year, month=on.month)
    last_start = _previous(on)
    last = month_of_visits(seen, year=last_start.year, month=last_start.month)
    reasons: list[str] = []
    for req in reqs:
        if on >= req.until or on < intake_date:
            continue
        rule = req.rule
        if not this.enough_visits(rule):
            reasons.append(f"{rule.name}_monthly_visits")
        if not this.enough_face_to_face(rule):
            reasons.append(f"{rule.name}_monthly_face_to_face")
        whole_month_in_care = intake_date <= last_start and on.replace(day=1) <= req.until
        if whole_month_in_care and not (last.enough_visits(rule) and last.enough_face_to_face(rule)):
            reasons.append(f"{rule.name}_missed_last_month")
    return reasons


FLAGGED_REASONS = frozenset(
    f"{rule.name}_{what}"
    for rule in (ELDERLY, CHILD_UNDER_6)
    for what in ("monthly_visits", "monthly_face_to_face", "missed_last_month")
)
