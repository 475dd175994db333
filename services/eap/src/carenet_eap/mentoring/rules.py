"""New-staff mentoring (公務師徒制／導師制): a monthly one-to-one talk in the first months.

Seed 004 (陸、【新進同仁】2): 「建立公務師徒制或導師制…由資深職場導師與新進同仁每月一對一進行晤談，
分享服務機關組織文化特性及習慣…使其較快掌握處事眉角，適應內部狀態、減輕職場壓力。」
The seed names no length; a mentorship runs for the months eap_admin sets (default 6), one talk
per calendar month from the month of the hire date.
"""

from __future__ import annotations

from datetime import date

from carenet_core.clock import add_months, month_of

DEFAULT_MONTHS = 6


def mentoring_months(hire_date: date, months: int) -> list[str]:
    """The calendar months (YYYY-MM) that each need one talk, from the hire month on."""
    first = hire_date.replace(day=1)
    return [month_of(add_months(first, i)) for i in range(months)]


def talk_month(held_on: date, hire_date: date, months: int) -> str | None:
    """The mentoring month a talk on `held_on` counts for, or None outside the mentorship (or before the hire date)."""
    if held_on < hire_date:
        return None
    m = month_of(held_on)
    return m if m in mentoring_months(hire_date, months) else None
