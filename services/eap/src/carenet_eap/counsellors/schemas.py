"""Request and response bodies of counsellors, availability and slots."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time
from typing import Annotated

from carenet_core.clock import to_utc
from pydantic import AfterValidator, AwareDatetime, BaseModel, Field, field_validator, model_validator

from ..common import Gender, Kind, Mode, SlotStatus, example_of
from .models import AvailabilityException, Counsellor, Slot, WeeklyHours


def _wall_clock(t: time) -> time:
    if t.tzinfo is not None:
        raise ValueError("a wall-clock time in Asia/Taipei, without an offset (e.g. 09:00)")
    return t


# Working hours are wall-clock times of the counsellor's day (Asia/Taipei), never instants.
WallTime = Annotated[time, AfterValidator(_wall_clock)]


class CounsellorIn(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    kinds: list[Kind] = Field(min_length=1, max_length=6)
    gender: Gender
    modes: list[Mode] = Field(min_length=1, max_length=3)
    languages: list[str] = Field(default_factory=lambda: ["zh-TW"], max_length=20)
    location: str | None = Field(None, max_length=200)
    user_sub: str | None = Field(None, min_length=1, max_length=200, description="the counsellor's login `sub`")
    session_minutes: int | None = Field(None, ge=10, le=480)
    buffer_minutes: int | None = Field(None, ge=0, le=240)

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "name": "林心怡",
                    "kinds": ["psychological", "career"],
                    "gender": "F",
                    "modes": ["in_person", "video"],
                    "languages": ["zh-TW", "en"],
                    "location": "市政大樓 北區 8 樓 員工協談室",
                    "user_sub": "counsellor-lin",
                }
            ]
        }
    }

    @field_validator("kinds", "modes")
    @classmethod
    def _distinct(cls, v: list[str]) -> list[str]:
        return list(dict.fromkeys(v))


class CounsellorOut(BaseModel):
    id: str
    name: str
    kinds: list[Kind]
    gender: Gender
    modes: list[Mode]
    languages: list[str]
    location: str | None = None
    session_minutes: int
    buffer_minutes: int
    user_sub: str | None = Field(None, description="shown to eap_admin only")

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "id": "5b0c7d4e-2f7a-4c1e-9c55-0d7f3f0c2a11",
                    "name": "林心怡",
                    "kinds": ["psychological", "career"],
                    "gender": "F",
                    "modes": ["in_person", "video"],
                    "languages": ["zh-TW", "en"],
                    "location": "市政大樓 北區 8 樓 員工協談室",
                    "session_minutes": 50,
                    "buffer_minutes": 10,
                    "user_sub": "counsellor-lin",
                }
            ]
        }
    }


class SlotIn(BaseModel):
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    mode: Mode

    @model_validator(mode="after")
    def _order(self) -> SlotIn:
        if self.ends_at <= self.starts_at:
            raise ValueError("ends_at must be after starts_at")
        if (self.ends_at - self.starts_at).total_seconds() > 8 * 3600:
            raise ValueError("a session lasts at most 8 hours")
        return self


class SlotsIn(BaseModel):
    slots: list[SlotIn] = Field(min_length=1, max_length=500)

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "slots": [
                        {
                            "starts_at": "2026-12-01T09:00:00+08:00",
                            "ends_at": "2026-12-01T09:50:00+08:00",
                            "mode": "in_person",
                        },
                        {
                            "starts_at": "2026-12-01T10:00:00+08:00",
                            "ends_at": "2026-12-01T10:50:00+08:00",
                            "mode": "video",
                        },
                    ]
                }
            ]
        }
    }


class SlotOut(BaseModel):
    id: str
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    mode: Mode
    status: SlotStatus = Field(examples=["free"])

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "id": "0e6f1e0a-8d43-4b7f-9a37-2f3c2b1d5e60",
                    "starts_at": "2026-12-01T01:00:00Z",
                    "ends_at": "2026-12-01T01:50:00Z",
                    "mode": "in_person",
                    "status": "free",
                }
            ]
        }
    }


class SlotList(BaseModel):
    items: list[SlotOut]

    model_config = {"json_schema_extra": {"examples": [{"items": [example_of(SlotOut)]}]}}


class CounsellorBrief(BaseModel):
    id: str
    name: str
    gender: Gender
    languages: list[str]
    location: str | None = None


class FreeSlotOut(SlotOut):
    counsellor: CounsellorBrief
    kinds: list[Kind]

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "id": "0e6f1e0a-8d43-4b7f-9a37-2f3c2b1d5e60",
                    "starts_at": "2026-12-01T01:00:00Z",
                    "ends_at": "2026-12-01T01:50:00Z",
                    "mode": "video",
                    "status": "free",
                    "kinds": ["psychological"],
                    "counsellor": {
                        "id": "5b0c7d4e-2f7a-4c1e-9c55-0d7f3f0c2a11",
                        "name": "林心怡",
                        "gender": "F",
                        "languages": ["zh-TW"],
                        "location": "市政大樓 北區 8 樓",
                    },
                }
            ]
        }
    }


class WeeklyHoursIn(BaseModel):
    weekday: int = Field(ge=0, le=6, description="0 = Monday … 6 = Sunday")
    start: WallTime
    end: WallTime
    mode: Mode

    @model_validator(mode="after")
    def _order(self) -> WeeklyHoursIn:
        if self.end <= self.start:
            raise ValueError("end must be after start")
        return self


class ExceptionIn(BaseModel):
    on: date
    closed: bool = True
    start: WallTime | None = None
    end: WallTime | None = None
    mode: Mode | None = None

    @model_validator(mode="after")
    def _hours(self) -> ExceptionIn:
        if not self.closed and (self.start is None or self.end is None or self.end <= self.start):
            raise ValueError("extra hours need start < end")
        return self


class AvailabilityIn(BaseModel):
    """Weekly working hours (replacing the previous ones) plus dated exceptions (added)."""

    weekly: list[WeeklyHoursIn] = Field(default_factory=list, max_length=100)
    exceptions: list[ExceptionIn] = Field(default_factory=list, max_length=400)
    session_minutes: int | None = Field(None, ge=10, le=480)
    buffer_minutes: int | None = Field(None, ge=0, le=240)

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "weekly": [
                        {"weekday": 1, "start": "09:00", "end": "12:00", "mode": "in_person"},
                        {"weekday": 3, "start": "14:00", "end": "17:00", "mode": "video"},
                    ],
                    "exceptions": [
                        {"on": "2026-12-25", "closed": True},
                        {"on": "2026-12-27", "closed": False, "start": "09:00", "end": "11:00", "mode": "phone"},
                    ],
                    "session_minutes": 50,
                    "buffer_minutes": 10,
                }
            ]
        }
    }


class AvailabilityOut(BaseModel):
    weekly: list[WeeklyHoursIn]
    exceptions: list[ExceptionIn]
    session_minutes: int
    buffer_minutes: int

    model_config = {"json_schema_extra": {"examples": [example_of(AvailabilityIn)]}}


class MaterialiseIn(BaseModel):
    start: date = Field(alias="from")
    end: date = Field(alias="to")

    model_config = {
        "populate_by_name": True,
        "json_schema_extra": {"examples": [{"from": "2026-12-01", "to": "2026-12-31"}]},
    }

    @model_validator(mode="after")
    def _range(self) -> MaterialiseIn:
        if self.end < self.start or (self.end - self.start).days > 92:
            raise ValueError("'to' must be on or after 'from' and at most 92 days later")
        return self


class MaterialiseOut(BaseModel):
    created: list[SlotOut]
    skipped: int = Field(description="planned sessions that would overlap existing slots or lie in the past")

    model_config = {"json_schema_extra": {"examples": [{"created": [], "skipped": 0}]}}


class CounsellorPatch(BaseModel):
    """Fields to change (If-Match with the counsellor's ETag is honoured: 412 on mismatch)."""

    name: str | None = Field(None, min_length=1, max_length=100)
    kinds: list[Kind] | None = Field(None, min_length=1, max_length=6)
    modes: list[Mode] | None = Field(None, min_length=1, max_length=3)
    languages: list[str] | None = Field(None, max_length=20)
    location: str | None = Field(None, max_length=200)
    active: bool | None = None

    model_config = {"json_schema_extra": {"examples": [{"languages": ["zh-TW", "nan"], "active": True}]}}


# Shaping of rows into bodies, shared by the counsellor, booking and crisis routes.


def slot_out(s: Slot) -> SlotOut:
    return SlotOut(id=s.id, starts_at=to_utc(s.starts_at), ends_at=to_utc(s.ends_at), mode=s.mode, status=s.status)


def counsellor_brief(c: Counsellor) -> CounsellorBrief:
    return CounsellorBrief(id=c.id, name=c.name, gender=c.gender, languages=c.languages, location=c.location)


def free_slot_out(s: Slot, c: Counsellor, kinds: list[Kind]) -> FreeSlotOut:
    return FreeSlotOut(**slot_out(s).model_dump(), kinds=kinds, counsellor=counsellor_brief(c))


def counsellor_out(c: Counsellor, kinds: list[Kind], *, show_user_sub: bool) -> CounsellorOut:
    return CounsellorOut(
        id=c.id,
        name=c.name,
        kinds=kinds,
        gender=c.gender,
        modes=c.modes,
        languages=c.languages,
        location=c.location,
        session_minutes=c.session_minutes,
        buffer_minutes=c.buffer_minutes,
        user_sub=c.user_sub if show_user_sub else None,
    )


def _hhmm(s: str | None) -> time | None:
    return time.fromisoformat(s) if s else None


def availability_out(
    c: Counsellor, weekly: Sequence[WeeklyHours], exceptions: Sequence[AvailabilityException]
) -> AvailabilityOut:
    return AvailabilityOut(
        weekly=[
            WeeklyHoursIn(
                weekday=h.weekday,
                start=time.fromisoformat(h.start_time),
                end=time.fromisoformat(h.end_time),
                mode=h.mode,
            )
            for h in weekly
        ],
        exceptions=[
            ExceptionIn(on=e.on_date, closed=e.closed, start=_hhmm(e.start_time), end=_hhmm(e.end_time), mode=e.mode)
            for e in exceptions
        ],
        session_minutes=c.session_minutes,
        buffer_minutes=c.buffer_minutes,
    )
