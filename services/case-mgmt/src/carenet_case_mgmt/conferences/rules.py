"""The monthly case conference (個案管理會議): which day the agenda is computed for."""

from __future__ import annotations

from datetime import date

KINDS = ("psychiatric", "suicide", "combined")
SECTIONS = ("not_met_3_plus", "high_risk_household", "due_and_overdue", "combined_issues", "refusing_tier_1_2")


def agenda_day(*, first: date, last: date, today: date) -> date:
    """Today for the current month, the month's last day for a past month, its first day for a future one."""
    if today < first:
        return first
    return min(today, last)
