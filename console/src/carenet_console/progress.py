"""Pure helpers the pages share: per-unit review progress, the record to review next, recent months and quarters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

FINAL = frozenset({"justified", "unjustified"})  # needs_follow_up waits for the queried person's explanation


@dataclass(frozen=True)
class UnitProgress:
    unit: str
    total: int
    reviewed: int  # with a verdict (a needs_follow_up verdict counts: the auditor has looked at it)
    final: int
    needs_follow_up: int
    unjustified: int

    @property
    def percent(self) -> int:
        return 100 if self.total == 0 else (100 * self.reviewed) // self.total


def unit_progress(units: list[dict[str, Any]], samples: list[dict[str, Any]]) -> list[UnitProgress]:
    """Each drawn unit's progress, in the sampling's unit order."""
    out = []
    for u in units:
        mine = [s for s in samples if s["unit"] == u["unit"]]
        verdicts = [s.get("verdict") for s in mine]
        out.append(
            UnitProgress(
                unit=u["unit"],
                total=len(mine),
                reviewed=sum(v is not None for v in verdicts),
                final=sum(v in FINAL for v in verdicts),
                needs_follow_up=verdicts.count("needs_follow_up"),
                unjustified=verdicts.count("unjustified"),
            )
        )
    return out


def next_to_review(samples: list[dict[str, Any]], after: str | None = None) -> dict[str, Any] | None:
    """The first record without a verdict (after `after` when given, wrapping round), or None when all have one."""
    order = sorted(samples, key=lambda s: s["rank"])
    start = 0
    if after is not None:
        ids = [s["id"] for s in order]
        start = ids.index(after) + 1 if after in ids else 0
    for s in order[start:] + order[:start]:
        if s.get("verdict") is None:
            return s
    return None


def months_before(today: date, count: int) -> list[str]:
    """The `count` ended months before today's, newest first (`YYYY-MM`)."""
    out = []
    y, m = today.year, today.month
    for _ in range(count):
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
        out.append(f"{y:04d}-{m:02d}")
    return out


def quarters_up_to(today: date, count: int = 4) -> list[str]:
    """The last `count` quarters up to today's, oldest first (`YYYY-Qn`)."""
    y, q = today.year, (today.month - 1) // 3 + 1
    out = []
    for _ in range(count):
        out.append(f"{y}-Q{q}")
        y, q = (y, q - 1) if q > 1 else (y - 1, 4)
    return out[::-1]


def last_half(today: date) -> str:
    """The half-year that ended last (`YYYY-H1|H2`)."""
    return f"{today.year}-H1" if today.month > 6 else f"{today.year - 1}-H2"
