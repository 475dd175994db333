"""Periods and the arithmetic of a score (pure): which days a period covers, ratios, rounding."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

_PERIOD = re.compile(r"^(?P<year>20\d{2})(?:-Q(?P<q>[1-4]))?$")


@dataclass(frozen=True)
class Period:
    """A scoring period: a year (`2026`) or a quarter (`2026-Q3`), Asia/Taipei calendar days."""

    label: str
    kind: str  # "year" | "quarter"
    year: int
    quarter: int | None
    start: date
    end: date  # inclusive

    @property
    def quarters(self) -> list[str]:
        """The quarter labels inside the period (`2026-Q1` … for a year)."""
        qs = [self.quarter] if self.quarter else [1, 2, 3, 4]
        return [f"{self.year}-Q{q}" for q in qs]

    def previous_year(self) -> Period:
        """The same period one year earlier (year-on-year indicators)."""
        return parse_period(f"{self.year - 1}" + (f"-Q{self.quarter}" if self.quarter else ""))


def parse_period(text: str) -> Period:
    """`YYYY` or `YYYY-Qn` → Period; ValueError otherwise."""
    m = _PERIOD.match(text or "")
    if not m or not (1900 <= int(m["year"]) <= 2999):
        raise ValueError(f"period must be YYYY or YYYY-Qn (Q1–Q4), not {text!r}")
    year = int(m["year"])
    if m["q"] is None:
        return Period(text, "year", year, None, date(year, 1, 1), date(year, 12, 31))
    q = int(m["q"])
    start = date(year, 3 * q - 2, 1)
    end = date(year + 1, 1, 1) if q == 4 else date(year, 3 * q + 1, 1)
    return Period(text, "quarter", year, q, start, date.fromordinal(end.toordinal() - 1))


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
