"""Incidents with deadlines (速報單 and 個案討論會), seed 001 (001_c9d8afea91fb3f89.txt):

- media-reported: 「針對媒體報導之精神病人或疑似精神病人有自傷、傷人、被傷害或其他突發事件，需主動於
  事件發生次日起3個工作日內提報速報單（如附件9），並於2星期內辦理個案討論會及提具改進措施」 —
  the flash report is due on the 3rd working day counted from the day after the event; the
  conference 14 days after the event.
- filicide-suicide and group suicide: 「針對殺子後自殺或集體自殺(3人以上)等案件，需提交速報單(附件3)，
  並於1個月內辦理個案討論會及研提具體改進措施」 — the flash report at once (the day it is recorded),
  the conference within one month of the event; a group suicide has 3 or more persons.
- the half-year statistics: 「於期中報告及期末報告時彙整表列統計媒體報導情形，統計速報單後續處置情形
  （如附件10）」.

A conference deadline is in calendar days; when it falls on a day the county's offices are closed
(停止上班) it moves to the next working day, as a working-day deadline moves with the closure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from carenet_core.clock import add_months

from ..calendar.rules import WorkingCalendar, add_working_days

MEDIA_FLASH_WORKING_DAYS = 3  # 事件發生次日起3個工作日內提報速報單
MEDIA_CONFERENCE_DAYS = 14  # 2星期內辦理個案討論會
SEVERE_CONFERENCE_MONTHS = 1  # 1個月內辦理個案討論會
GROUP_SUICIDE_MIN_PERSONS = 3  # 集體自殺(3人以上)


class IncidentKind(StrEnum):
    MEDIA_REPORTED = "media_reported"  # 媒體報導之自傷、傷人、被傷害或其他突發事件
    FILICIDE_SUICIDE = "filicide_suicide"  # 殺子後自殺
    GROUP_SUICIDE = "group_suicide"  # 集體自殺(3人以上)


@dataclass(frozen=True)
class Deadlines:
    flash_report_due: date
    conference_due: date
    calendar_missing: bool  # a counted day fell in a year without calendar data (Monday–Friday counted)


def _off_closure(d: date, calendar: WorkingCalendar) -> date:
    while d in calendar.closures:
        d += timedelta(days=1)
        while not calendar.is_working_day(d):
            d += timedelta(days=1)
    return d


def deadlines(*, kind: IncidentKind, occurred_on: date, recorded_on: date, calendar: WorkingCalendar) -> Deadlines:
    """The flash-report and conference deadlines of an incident in its county's calendar."""
    if kind is IncidentKind.MEDIA_REPORTED:
        flash = add_working_days(occurred_on, MEDIA_FLASH_WORKING_DAYS, calendar)
        conference = _off_closure(occurred_on + timedelta(days=MEDIA_CONFERENCE_DAYS), calendar)
        missing = calendar.missing_between(occurred_on, max(flash, conference))
        return Deadlines(flash, conference, missing)
    conference = _off_closure(add_months(occurred_on, SEVERE_CONFERENCE_MONTHS), calendar)
    return Deadlines(recorded_on, conference, calendar.missing_between(occurred_on, conference))


def persons_problem(kind: IncidentKind, persons: int | None) -> str | None:
    """Why the number of persons does not fit the kind (a group suicide needs 3 or more), else None."""
    if kind is IncidentKind.GROUP_SUICIDE and (persons is None or persons < GROUP_SUICIDE_MIN_PERSONS):
        return "group_suicide_needs_three"
    return None


def overdue(*, due: date, done_on: date | None, today: date) -> bool:
    """Past its deadline and not done."""
    return done_on is None and today > due


def on_time(*, due: date, done_on: date) -> bool:
    return done_on <= due
