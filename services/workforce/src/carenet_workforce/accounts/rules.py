"""Account review flags — seed 001: 「各縣市另應落實及訂定精神照護資訊管理系統帳號稽核機制，並配合本部
定期清查帳號(至少半年一次)及稽核紀錄，以落實帳號安全管理。」 (pure, no I/O).

An account that used CareNet is flagged when
- `no_staff_record`: no staff record of the county carries its `sub`;
- `left_but_active`: its staff record ended before the day it was last seen (it still called in);
- `idle`: it was last seen more than `idle_days` (default 90) before the review.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class FlagReason(StrEnum):
    NO_STAFF_RECORD = "no_staff_record"
    LEFT_BUT_ACTIVE = "left_but_active"
    IDLE = "idle"


class Decision(StrEnum):
    DISABLED = "disabled"  # the account was disabled
    KEPT = "kept"  # kept, with a reason in the note
    RECORD_CORRECTED = "record_corrected"  # the staff register was wrong and is fixed


@dataclass(frozen=True)
class StaffRecord:
    started_on: date
    ended_on: date | None


def flags_for(*, last_seen: date, staff: StaffRecord | None, review_day: date, idle_days: int) -> list[FlagReason]:
    """The reasons an account is flagged in a review held on `review_day` (empty: nothing to decide)."""
    reasons: list[FlagReason] = []
    if staff is None:
        reasons.append(FlagReason.NO_STAFF_RECORD)
    elif staff.ended_on is not None and last_seen > staff.ended_on:
        reasons.append(FlagReason.LEFT_BUT_ACTIVE)
    if (review_day - last_seen).days > idle_days:
        reasons.append(FlagReason.IDLE)
    return reasons


def half_of(day: date) -> str:
    """The half-year (`YYYY-H1|H2`) a day falls in."""
    return f"{day.year}-H{1 if day.month <= 6 else 2}"


def last_ended_half(today: date) -> str:
    """The most recent half-year that has ended by `today` (「至少半年一次」: it must have a signed review)."""
    return f"{today.year - 1}-H2" if today.month <= 6 else f"{today.year}-H1"


def review_overdue(*, today: date, signed_halves: set[str]) -> bool:
    """True when the last ended half-year has no signed-off review."""
    return last_ended_half(today) not in signed_halves
