"""Shared vocabulary of the EAP service: kinds, modes, time zone, ids and code names (代號)."""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, date, datetime, time
from typing import Literal
from zoneinfo import ZoneInfo

from carenet_core.auth import Principal

TAIPEI = ZoneInfo("Asia/Taipei")

KINDS = ("psychological", "legal", "financial", "medical", "management", "career")
GENDERS = ("F", "M", "X")
MODES = ("in_person", "video", "phone")
Kind = Literal["psychological", "legal", "financial", "medical", "management", "career"]
Gender = Literal["F", "M", "X"]
Mode = Literal["in_person", "video", "phone"]

# Letters and digits that cannot be mistaken for each other when read over the phone.
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def utcnow() -> datetime:
    return datetime.now(UTC)


def to_utc(dt: datetime) -> datetime:
    """An aware instant in UTC (naive values read back from SQLite are UTC already)."""
    if dt.tzinfo is None:
        return dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def new_id() -> str:
    return str(uuid.uuid4())


def new_code_name(prefix: str = "EAP") -> str:
    """代號 — the code name administration and reimbursement use instead of a person's name."""
    return f"{prefix}-" + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))


def taipei_day_bounds(day: date) -> tuple[datetime, datetime]:
    """The UTC instants at which a Taipei calendar day starts and ends."""
    start = datetime.combine(day, time(0), tzinfo=TAIPEI)
    end = datetime.combine(date.fromordinal(day.toordinal() + 1), time(0), tzinfo=TAIPEI)
    return to_utc(start), to_utc(end)


def taipei_year_bounds(year: int) -> tuple[datetime, datetime]:
    return to_utc(datetime(year, 1, 1, tzinfo=TAIPEI)), to_utc(datetime(year + 1, 1, 1, tzinfo=TAIPEI))


def today_taipei() -> date:
    return utcnow().astimezone(TAIPEI).date()


def employee_ref(principal: Principal) -> str:
    """The person reference used in the access trail for an employee (their login subject)."""
    return f"employee:{principal.sub}"


def parse_instant(value: str | None, *, end: bool = False) -> datetime | None:
    """An RFC 3339 instant, or a `YYYY-MM-DD` day in Asia/Taipei (its start; with `end`, the next day's start).

    Raises ValueError for anything else (and for an instant without an offset).
    """
    if value is None or value == "":
        return None
    if len(value) == 10:
        d = date.fromisoformat(value)
        start, stop = taipei_day_bounds(d)
        return stop if end else start
    dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if dt.tzinfo is None:
        raise ValueError("an instant needs an offset (e.g. +08:00)")
    return to_utc(dt)
