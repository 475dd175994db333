"""Periods and the arithmetic of a score (pure): which days a period covers, ratios, rounding."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

_PERIOD = re.compile(r"^(?P<year>20\d{2})(?:-Q(?P<q>[1-4])|-H(?P<h>[12]))?$")


@dataclass(frozen=True)
class Period:
    """A scoring period: a year (`2026`), a half-year (`2026-H1`, the half-year reports) or a quarter
    (`2026-Q3`), Asia/Taipei calendar days."""

    label: str
    kind: str  # "year" | "half" | "quarter"
    year: int
    quarter: int | None
    start: date
    end: date  # inclusive
    half: int | None = None

    @property
    def quarters(self) -> list[str]:
        """The quarter labels inside the period (`2026-Q1` … for a year, Q1–Q2 for H1)."""
        if self.quarter:
            qs = [self.quarter]
        elif self.half:
            qs = [2 * self.half - 1, 2 * self.half]
        else:
            qs = [1, 2, 3, 4]
        return [f"{self.year}-Q{q}" for q in qs]

    def previous_year(self) -> Period:
        """The same period one year earlier (year-on-year indicators)."""
        return self.years_earlier(1)

    def years_earlier(self, n: int) -> Period:
        """The same period `n` years earlier (a lagged comparison year)."""
        return parse_period(str(self.year - n) + self.label[4:])


QUARTERS_IN = {"quarter": 1, "half": 2, "year": 4}


def _month_start(year: int, month: int) -> date:
    return date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def parse_period(text: str) -> Period:
    """`YYYY`, `YYYY-Hn` or `YYYY-Qn` → Period; ValueError otherwise."""
    m = _PERIOD.match(text or "")
    if not m or not (1900 <= int(m["year"]) <= 2999):
        raise ValueError(f"period must be YYYY, YYYY-H1|H2 or YYYY-Qn (Q1–Q4), not {text!r}")
    year = int(m["year"])
    if m["h"] is not None:
        h = int(m["h"])
        end = _month_start(year, 6 * h + 1)
        return Period(text, "half", year, None, date(year, 6 * h - 5, 1), date.fromordinal(end.toordinal() - 1), h)
    if m["q"] is None:
        return Period(text, "year", year, None, date(year, 1, 1), date(year, 12, 31))
    q = int(m["q"])
    end = _month_start(year, 3 * q + 1)
    return Period(text, "quarter", year, q, date(year, 3 * q - 2, 1), date.fromordinal(end.toordinal() - 1))


def contains(outer: Period, inner: Period) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def ratio(
    numerator: Decimal | int | None, denominator: Decimal | int | None, *, scale: int = 100, places: int = 2
) -> Decimal | None:
    """numerator / denominator × scale, rounded half-up; None when the denominator is 0 or unknown.

    Rounding is fixed (half-up, 2 places) so that the same inputs always give the same score.
    """
    if numerator is None or denominator is None or Decimal(denominator) == 0:
        return None
    q = Decimal(1).scaleb(-places)
    return (Decimal(numerator) * scale / Decimal(denominator)).quantize(q, ROUND_HALF_UP)


def half_years_ended(period: Period, today: date) -> list[str]:
    """The half-years (`YYYY-H1|H2`) of `period` that have ended by `today` (Asia/Taipei calendar day).

    seed 001 p.36: 「各縣市另應落實及訂定精神照護資訊管理系統帳號稽核機制，並配合本部定期清查帳號(至少半年一次)
    及稽核紀錄」 — each half-year that has ended must have a signed-off account review. A half-year is "of"
    the period whose days include its last day (a year: H1 and H2; a half-year: itself; a quarter: H1 for
    Q2, H2 for Q4, none for Q1 and Q3). It has ended once its last day (30 June, 31 December) is over: on
    30 June H1 is still running, on 1 July it is due.
    """
    halves = [parse_period(f"{period.year}-H{h}") for h in (1, 2)]
    return [h.label for h in halves if period.start <= h.end <= period.end and h.end < today]


def account_reviews_signed(*, ended: list[str], signed: set[str]) -> tuple[int, int, int]:
    """(numerator, denominator, overdue): ended half-years with a signed-off review, ended half-years, and
    those without one (met when overdue is 0)."""
    numerator = sum(1 for h in ended if h in signed)
    return numerator, len(ended), len(ended) - numerator
