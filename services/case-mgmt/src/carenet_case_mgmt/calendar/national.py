"""The Taiwan government office calendar (政府行政機關辦公日曆表) as data, per year.

National holidays with their observed days come from python-holidays (`holidays.TW`, public
category, which follows the 紀念日及節日實施條例 including the 2025 additions and the rule that a
holiday on a Saturday is observed the Friday before and on a Sunday the Monday after). Make-up
workdays (補行上班) are not in the library's public category, so they are data here. The ministry
replaces a whole year with `PUT /v1/calendar/{year}`; a stored year wins over this module.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

import holidays


@dataclass(frozen=True)
class MakeUpWorkday:
    """補行上班 — a Saturday worked to make up a bridge day off."""

    on: date
    replaces: date
    confirmed: bool  # True: as published by the DGPA (人事行政總處) office calendar


# Years this module vouches for. Others have no data until the ministry sets them.
SEEDED_YEARS = frozenset({2025, 2026, 2027})

MAKE_UP_WORKDAYS: dict[int, tuple[MakeUpWorkday, ...]] = {
    # 114年: 1月27日 (Mon) bridge day before the Lunar New Year, made up on Saturday 2月8日.
    2025: (MakeUpWorkday(on=date(2025, 2, 8), replaces=date(2025, 1, 27), confirmed=True),),
    # 115年: none. Since the 2025 紀念日及節日實施條例 the office calendar no longer moves days off
    # (no 調移放假, so no 補行上班); the holidays that fall on weekends are observed instead.
    2026: (),
    # 116年: none known; the DGPA publishes the year's calendar during the year before.
    2027: (),
}


def national_holidays(year: int) -> dict[date, str]:
    """Days the government offices close nationally in `year` (weekend holidays included), with names."""
    return dict(_national_holidays(year))


@functools.lru_cache(maxsize=64)
def _national_holidays(year: int) -> tuple[tuple[date, str], ...]:
    return tuple(sorted(holidays.TW(years=year).items()))


def make_up_workdays(year: int) -> list[date]:
    """The seeded make-up workdays of `year` (empty for a year this module has no data for)."""
    return [m.on for m in MAKE_UP_WORKDAYS.get(year, ())]
