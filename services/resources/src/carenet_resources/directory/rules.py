"""The directory's rules: the closed list of categories, opening hours, and when an entry is stale.

seed 001 (001_c9d8afea91fb3f89.txt) asks the county to 「建立社區資源網絡聯絡，並定期更新及公布相關資料於網站，
提供民眾查詢」 and, for alcohol and internet addiction, to 「充實轄內酒癮醫療及網癮問題輔導資源，並公布於相關資源網站
供民眾查詢」; seed 003 (003_e6e7c48df29a34f9.txt) names the 「心理健康促進網絡地圖」; seed 004
(004_ec6d084863020ccc.txt) the 「照顧資源電子地圖」 and, for workplace bullying and sexual harassment, resources
「按諮詢及協談、心理相關、法律諮詢及社會福利等4大類」. "定期更新" is the reason an entry not checked for a
while (12 months by default, a setting) is listed for review.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from itertools import pairwise
from typing import Any

from carenet_core.clock import TAIPEI, add_months


class Category(StrEnum):
    """資源類別 — what a resource offers (a closed list; an entry has one or more)."""

    PSYCHIATRIC_CARE = "psychiatric_care"  # 精神醫療
    PSYCHOLOGICAL_COUNSELLING = "psychological_counselling"  # 心理諮商
    ADDICTION_TREATMENT = "addiction_treatment"  # 成癮治療 (seed 001: 酒癮醫療及網癮問題輔導資源)
    SUICIDE_PREVENTION = "suicide_prevention"  # 自殺防治
    SOCIAL_WELFARE = "social_welfare"  # 社會福利 (also the 4th of seed 004's four)
    LONG_TERM_CARE = "long_term_care"  # 長期照顧 (seed 004: 照顧資源電子地圖)
    LEGAL_AID = "legal_aid"  # 法律扶助
    CRISIS_LINE = "crisis_line"  # 專線 (1925 安心專線, 1966 長照專線 …)
    COMMUNITY_MENTAL_HEALTH_CENTRE = "community_mental_health_centre"  # 社區心理衛生中心
    # seed 004's four categories for bullying and harassment cases (social welfare is shared above)
    CONSULTATION_AND_COUNSELLING = "consultation_and_counselling"  # 諮詢及協談
    PSYCHOLOGICAL_SUPPORT = "psychological_support"  # 心理相關
    LEGAL_CONSULTATION = "legal_consultation"  # 法律諮詢


# seed 004: 「按諮詢及協談、心理相關、法律諮詢及社會福利等4大類」 — the resources for bullying and harassment cases.
BULLYING_HARASSMENT_CATEGORIES = (
    Category.CONSULTATION_AND_COUNSELLING,
    Category.PSYCHOLOGICAL_SUPPORT,
    Category.LEGAL_CONSULTATION,
    Category.SOCIAL_WELFARE,
)

# Chinese labels as counties write them in their open-data files (and as a reader finds them in the seeds).
CATEGORY_LABELS: Mapping[str, Category] = {
    "精神醫療": Category.PSYCHIATRIC_CARE,
    "心理諮商": Category.PSYCHOLOGICAL_COUNSELLING,
    "成癮治療": Category.ADDICTION_TREATMENT,
    "自殺防治": Category.SUICIDE_PREVENTION,
    "社會福利": Category.SOCIAL_WELFARE,
    "長期照顧": Category.LONG_TERM_CARE,
    "法律扶助": Category.LEGAL_AID,
    "專線": Category.CRISIS_LINE,
    "社區心理衛生中心": Category.COMMUNITY_MENTAL_HEALTH_CENTRE,
    "諮詢及協談": Category.CONSULTATION_AND_COUNSELLING,
    "心理相關": Category.PSYCHOLOGICAL_SUPPORT,
    "法律諮詢": Category.LEGAL_CONSULTATION,
}

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$|^24:00$")


def category_of(label: str) -> Category:
    """A category from its code (`legal_aid`) or its Chinese label (`法律扶助`); ValueError when neither."""
    text = label.strip()
    if text in CATEGORY_LABELS:
        return CATEGORY_LABELS[text]
    return Category(text)


def minutes(hhmm: str) -> int:
    """`HH:MM` (00:00–24:00) as minutes after midnight; ValueError otherwise."""
    if not _HHMM.match(hhmm):
        raise ValueError(f"{hhmm!r} is not a time HH:MM between 00:00 and 24:00")
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


@dataclass(frozen=True)
class Interval:
    """One opening interval of a day, `opens` ≤ t < `closes` (`closes` may be 24:00)."""

    opens: str
    closes: str

    def check(self) -> None:
        if minutes(self.closes) <= minutes(self.opens):
            raise ValueError(f"closes {self.closes} is not after opens {self.opens}")

    def contains(self, t: time) -> bool:
        at = t.hour * 60 + t.minute
        return minutes(self.opens) <= at < minutes(self.closes)


@dataclass(frozen=True)
class DayException:
    """A dated exception (國定假日、颱風停班、特別開放): the day's own intervals; none means closed."""

    on: date
    intervals: Sequence[Interval] = ()


@dataclass(frozen=True)
class Hours:
    """Weekly hours (`mon`…`sun` → intervals) plus dated exceptions, in Asia/Taipei wall-clock time."""

    weekly: Mapping[str, Sequence[Interval]]
    exceptions: Sequence[DayException] = ()

    def check(self) -> None:
        for day, intervals in self.weekly.items():
            if day not in DAYS:
                raise ValueError(f"{day!r} is not a weekday ({', '.join(DAYS)})")
            _check_day(intervals)
        seen: set[date] = set()
        for ex in self.exceptions:
            if ex.on in seen:
                raise ValueError(f"two exceptions for {ex.on}")
            seen.add(ex.on)
            _check_day(ex.intervals)

    def intervals_on(self, day: date) -> Sequence[Interval]:
        """The intervals of a Taipei day: its exception when there is one, else its weekday's."""
        for ex in self.exceptions:
            if ex.on == day:
                return ex.intervals
        return self.weekly.get(DAYS[day.weekday()], ())


def _check_day(intervals: Sequence[Interval]) -> None:
    for iv in intervals:
        iv.check()
    ordered = sorted(intervals, key=lambda iv: minutes(iv.opens))
    for a, b in pairwise(ordered):
        if minutes(b.opens) < minutes(a.closes):
            raise ValueError(f"intervals {a.opens}–{a.closes} and {b.opens}–{b.closes} overlap")


def is_open(hours: Hours, at: datetime) -> bool:
    """Whether the resource is open at an instant, read on the Taipei wall clock (exceptions first)."""
    local = at.astimezone(TAIPEI)
    return any(iv.contains(local.time()) for iv in hours.intervals_on(local.date()))


def stale_before(today: date, months: int) -> date:
    """Entries last checked before this day are stale (定期更新: not checked for `months` months)."""
    return add_months(today, -months)


def is_stale(last_checked_on: date, today: date, months: int) -> bool:
    """Not checked for `months` whole months (checked exactly `months` months ago is still current)."""
    return last_checked_on < stale_before(today, months)


def hours_from_stored(raw: Mapping[str, Any]) -> Hours:
    """Hours as stored (the JSON of a validated `OpeningHours`): no re-validation, for reading many rows fast."""
    return Hours(
        weekly={d: [Interval(iv["opens"], iv["closes"]) for iv in ivs] for d, ivs in raw.get("weekly", {}).items()},
        exceptions=[
            DayException(
                date.fromisoformat(ex["date"]), [Interval(iv["opens"], iv["closes"]) for iv in ex["intervals"]]
            )
            for ex in raw.get("exceptions", [])
        ],
    )
