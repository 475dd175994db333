"""Bodies of case conferences."""

from __future__ import annotations

from carenet_core.clock import to_utc
from pydantic import AwareDatetime, BaseModel, Field

from .models import CaseConference, ConferenceMinutes, ConferenceParticipant
from .rules import ConferenceStatus, ParticipantRole


class ParticipantIn(BaseModel):
    sub: str = Field(min_length=1, max_length=200)
    role: ParticipantRole


class ConferenceIn(BaseModel):
    scheduled_at: AwareDatetime
    participants: list[ParticipantIn] = Field(min_length=1, max_length=20)

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "scheduled_at": "2026-12-10T06:00:00Z",
                    "participants": [
                        {"sub": "head-7", "role": "unit_head"},
                        {"sub": "hr-3", "role": "hr_head"},
                        {"sub": "c-12", "role": "counsellor"},
                    ],
                }
            ]
        }
    }


class ConferenceConsentIn(BaseModel):
    consent: bool


class ConferenceOut(BaseModel):
    id: str
    referral_id: str
    scheduled_at: AwareDatetime
    status: ConferenceStatus
    participants: list[ParticipantIn]


class MinutesIn(BaseModel):
    text: str = Field(min_length=1, max_length=20000)


class MinutesOut(BaseModel):
    id: str
    text: str
    written_by: str
    written_at: AwareDatetime


class MinutesList(BaseModel):
    items: list[MinutesOut]


def conference_out(c: CaseConference, participants: list[ConferenceParticipant]) -> ConferenceOut:
    return ConferenceOut(
        id=c.id,
        referral_id=c.referral_id,
        scheduled_at=to_utc(c.scheduled_at),
        status=c.status,
        participants=[ParticipantIn(sub=p.member_sub, role=p.role) for p in participants],
    )


def minutes_out(m: ConferenceMinutes) -> MinutesOut:
    return MinutesOut(id=m.id, text=m.text, written_by=m.written_by, written_at=to_utc(m.written_at))
