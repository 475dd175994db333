"""Request and response bodies of bookings, notes, attendance and the crisis flow."""

from __future__ import annotations

from typing import Any

from carenet_core.clock import taipei_date, to_utc
from pydantic import AwareDatetime, BaseModel, Field

from ..common import BookingStatus, Flow, Gender, Kind, Mode, example_of
from ..counsellors.models import Counsellor
from ..counsellors.schemas import CounsellorBrief, FreeSlotOut, counsellor_brief
from .models import Booking, CounsellingNote

_BOOKING_EXAMPLE: dict[str, Any] = {
    "id": "9a4f0e55-1b8c-4d7e-8f21-6a0b3c2d1e90",
    "code_name": "EAP-7KQ3XP2M",
    "slot_id": "0e6f1e0a-8d43-4b7f-9a37-2f3c2b1d5e60",
    "status": "booked",
    "kind": "psychological",
    "issue_category": "work_stress",
    "flow": "self",
    "starts_at": "2026-12-01T01:00:00Z",
    "ends_at": "2026-12-01T01:50:00Z",
    "mode": "in_person",
    "counsellor": {
        "id": "5b0c7d4e-2f7a-4c1e-9c55-0d7f3f0c2a11",
        "name": "林心怡",
        "gender": "F",
        "languages": ["zh-TW"],
        "location": "市政大樓 北區 8 樓",
    },
    "employee": {"sub": "emp-0042", "contact_name": "王小明", "contact_phone": "0912-345-678"},
    "rescheduled_from": None,
    "rescheduled_to": None,
}


class BookingIn(BaseModel):
    slot_id: str = Field(min_length=1, max_length=36)
    kind: Kind
    issue_category: str | None = Field(None, max_length=50, examples=["work_stress"])
    referral_id: str | None = Field(None, max_length=36, description="a referral the employee consented to")
    crisis: bool = Field(False, description="a same-day crisis booking: the minimum notice does not apply")
    gender: Gender | None = Field(None, description="the employee's own gender, for anonymous statistics only")
    disability: bool | None = Field(
        None, description="self-declared 身心障礙 (disability), optional, for anonymous statistics only"
    )
    contact_name: str | None = Field(None, max_length=100, description="seen by the employee and the counsellor only")
    contact_phone: str | None = Field(None, max_length=40)

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "slot_id": "0e6f1e0a-8d43-4b7f-9a37-2f3c2b1d5e60",
                    "kind": "psychological",
                    "issue_category": "work_stress",
                    "gender": "M",
                    "contact_name": "王小明",
                    "contact_phone": "0912-345-678",
                }
            ]
        }
    }


class RescheduleIn(BaseModel):
    slot_id: str = Field(min_length=1, max_length=36)

    model_config = {"json_schema_extra": {"examples": [{"slot_id": "4c1b8e2a-7d3f-4a9e-b5c6-1f2e3d4c5b6a"}]}}


class EmployeeContact(BaseModel):
    sub: str
    contact_name: str | None = None
    contact_phone: str | None = None


class BookingOut(BaseModel):
    """A booking as its employee and its counsellor see it (nobody else ever does)."""

    id: str
    code_name: str = Field(description="代號 — the name administration and reimbursement use")
    slot_id: str
    status: BookingStatus = Field(examples=["booked"])
    kind: Kind
    issue_category: str | None = None
    flow: Flow = Field(examples=["self"])
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    mode: Mode
    counsellor: CounsellorBrief
    employee: EmployeeContact
    rescheduled_from: str | None = None
    rescheduled_to: str | None = None

    model_config = {"json_schema_extra": {"examples": [_BOOKING_EXAMPLE]}}


class AdminBookingOut(BaseModel):
    """What administration sees of a booking: the code name, never the person."""

    code_name: str
    kind: Kind
    flow: Flow
    status: BookingStatus
    date: str = Field(description="the session's day (Asia/Taipei)")
    counsellor_id: str

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "code_name": "EAP-7KQ3XP2M",
                    "kind": "psychological",
                    "flow": "self",
                    "status": "attended",
                    "date": "2026-12-01",
                    "counsellor_id": "5b0c7d4e-2f7a-4c1e-9c55-0d7f3f0c2a11",
                }
            ]
        }
    }


class AttendanceIn(BaseModel):
    attended: bool

    model_config = {"json_schema_extra": {"examples": [{"attended": True}]}}


class NoteIn(BaseModel):
    text: str = Field(min_length=1, max_length=20000)

    model_config = {"json_schema_extra": {"examples": [{"text": "第一次晤談：工作壓力與睡眠困擾，約定兩週後追蹤。"}]}}


class NoteOut(BaseModel):
    id: str
    booking_id: str
    text: str
    created_at: AwareDatetime

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "id": "1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
                    "booking_id": "9a4f0e55-1b8c-4d7e-8f21-6a0b3c2d1e90",
                    "text": "第一次晤談：工作壓力與睡眠困擾，約定兩週後追蹤。",
                    "created_at": "2026-12-01T02:00:00Z",
                }
            ]
        }
    }


class NoteList(BaseModel):
    items: list[NoteOut]

    model_config = {"json_schema_extra": {"examples": [{"items": [example_of(NoteOut)]}]}}


class CrisisIn(BaseModel):
    kind: Kind = "psychological"

    model_config = {"json_schema_extra": {"examples": [{"kind": "psychological"}]}}


class Contact(BaseModel):
    name: str
    phone: str
    hours: str | None = None


class CrisisResource(BaseModel):
    """A care resource near the caller, by its id in the resources service's directory."""

    id: str
    name: str
    phone: str | None = None
    categories: list[str] = Field(default_factory=list)
    address: str | None = None


class CrisisOut(BaseModel):
    """危機個案: the next free slot of any counsellor of the kind, and who to call now."""

    kind: Kind
    next_slot: FreeSlotOut | None
    same_day: bool = Field(description="the slot is today (Asia/Taipei)")
    escalation_contacts: list[Contact]
    resources: list[CrisisResource] = Field(
        default_factory=list,
        description="crisis lines and suicide-prevention resources of the caller's county (resources service)",
    )
    resources_available: bool = Field(
        False, description="false when the resources service is off, unreachable or the caller has no county"
    )

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "kind": "psychological",
                    "same_day": True,
                    "next_slot": example_of(FreeSlotOut),
                    "escalation_contacts": [
                        {"name": "安心專線", "phone": "1925", "hours": "24h"},
                        {"name": "緊急救護", "phone": "119", "hours": "24h"},
                    ],
                    "resources": [
                        {
                            "id": "5b0e8a4c-2f1d-4c3e-9a7b-1d2e3f4a5b6c",
                            "name": "花蓮縣社區心理衛生中心",
                            "phone": "03-822-7083",
                            "categories": ["crisis_line", "suicide_prevention"],
                            "address": "花蓮縣花蓮市文苑路12號",
                        }
                    ],
                    "resources_available": True,
                }
            ]
        }
    }


def booking_out(b: Booking, c: Counsellor) -> BookingOut:
    return BookingOut(
        id=b.id,
        code_name=b.code_name,
        slot_id=b.slot_id,
        status=b.status,
        kind=b.kind,
        issue_category=b.issue_category,
        flow=b.flow,
        starts_at=to_utc(b.starts_at),
        ends_at=to_utc(b.ends_at),
        mode=b.mode,
        counsellor=counsellor_brief(c),
        employee=EmployeeContact(sub=b.employee_sub, contact_name=b.contact_name, contact_phone=b.contact_phone),
        rescheduled_from=b.rescheduled_from_id,
        rescheduled_to=b.rescheduled_to_id,
    )


def admin_booking_out(b: Booking) -> AdminBookingOut:
    return AdminBookingOut(
        code_name=b.code_name,
        kind=b.kind,
        flow=b.flow,
        status=b.status,
        date=taipei_date(to_utc(b.starts_at)).isoformat(),
        counsellor_id=b.counsellor_id,
    )


def note_out(n: CounsellingNote) -> NoteOut:
    return NoteOut(id=n.id, booking_id=n.booking_id, text=n.text, created_at=to_utc(n.created_at))
