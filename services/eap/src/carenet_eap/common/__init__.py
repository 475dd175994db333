"""Shared vocabulary of the EAP service: kinds, modes, time zone, ids and code names (代號)."""

from __future__ import annotations

import secrets
import uuid
from datetime import date, datetime
from typing import Any, Literal

from carenet_core.auth import Principal
from carenet_core.clock import TAIPEI, day_bounds_utc, to_utc
from pydantic import BaseModel

KINDS = ("psychological", "legal", "financial", "medical", "management", "career")
GENDERS = ("F", "M", "X")
MODES = ("in_person", "video", "phone")
Kind = Literal["psychological", "legal", "financial", "medical", "management", "career"]
Gender = Literal["F", "M", "X"]
Mode = Literal["in_person", "video", "phone"]
SlotStatus = Literal["free", "booked", "withdrawn"]
BookingStatus = Literal["booked", "attended", "no_show", "cancelled", "rescheduled"]
Flow = Literal["self", "referral", "crisis"]
Disability = Literal["yes", "no"]

# Letters and digits that cannot be mistaken for each other when read over the phone.
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def disability_of(declared: bool | None) -> Disability | None:
    """A self-declared disability as the statistics count it (None: not declared)."""
    return None if declared is None else ("yes" if declared else "no")


def new_id() -> str:
    return str(uuid.uuid4())


def new_code_name(prefix: str = "EAP") -> str:
    """代號 — the code name administration and reimbursement use instead of a person's name."""
    return f"{prefix}-" + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))


def taipei_year_bounds(year: int) -> tuple[datetime, datetime]:
    return to_utc(datetime(year, 1, 1, tzinfo=TAIPEI)), to_utc(datetime(year + 1, 1, 1, tzinfo=TAIPEI))


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
        start, stop = day_bounds_utc(d)
        return stop if end else start
    dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if dt.tzinfo is None:
        raise ValueError("an instant needs an offset (e.g. +08:00)")
    return to_utc(dt)


def example_of(model: type[BaseModel]) -> dict[str, Any]:
    """The first OpenAPI example a schema declares (for building the examples of lists that hold it)."""
    extra = model.model_config.get("json_schema_extra")
    examples = extra.get("examples") if isinstance(extra, dict) else None
    first = examples[0] if isinstance(examples, list) and examples else None
    return dict(first) if isinstance(first, dict) else {}
