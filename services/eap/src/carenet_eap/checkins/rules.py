"""新進人員關懷問卷 — when a new staff member's care questionnaires are due (seed 004 §新進同仁 5)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from carenet_core.clock import add_months

Questionnaire = Literal["first", "anniversary"]


@dataclass(frozen=True)
class DueWindow:
    questionnaire: Questionnaire
    opens: date
    closes: date  # inclusive

    def contains(self, day: date) -> bool:
        return self.opens <= day <= self.closes


def due_windows(hire_date: date) -> list[DueWindow]:
    """Seed 004: once 「滿1個月後」 and 「3個月內」 after joining, and once 「滿1年後之次月內」."""
    anniversary = add_months(hire_date, 12)
    return [
        DueWindow("first", add_months(hire_date, 1), add_months(hire_date, 3)),
        DueWindow("anniversary", anniversary, add_months(anniversary, 1) - timedelta(days=1)),
    ]


def window_for(hire_date: date, questionnaire: Questionnaire) -> DueWindow:
    return next(w for w in due_windows(hire_date) if w.questionnaire == questionnaire)


def due_on(hire_date: date, day: date, answered: set[str]) -> list[DueWindow]:
    """The questionnaires open on `day` and not yet answered."""
    return [w for w in due_windows(hire_date) if w.contains(day) and w.questionnaire not in answered]
