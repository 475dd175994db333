"""Bodies of group counselling."""

from __future__ import annotations

from carenet_core.clock import to_utc
from pydantic import AwareDatetime, BaseModel, Field, model_validator

from .models import GroupParticipant, GroupSession


class GroupSessionIn(BaseModel):
    agency: str = Field(min_length=1, max_length=200)
    topic: str = Field(min_length=1, max_length=300, description="the incident, without names")
    counsellor_id: str | None = Field(None, max_length=36)
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    capacity: int = Field(ge=1, le=200)

    @model_validator(mode="after")
    def _order(self) -> GroupSessionIn:
        if self.ends_at <= self.starts_at:
            raise ValueError("ends_at must be after starts_at")
        return self

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "agency": "工務局",
                    "topic": "工地意外後的團體減壓",
                    "starts_at": "2026-12-02T06:00:00Z",
                    "ends_at": "2026-12-02T08:00:00Z",
                    "capacity": 12,
                }
            ]
        }
    }


class GroupSessionOut(BaseModel):
    id: str
    agency: str
    topic: str
    counsellor_id: str | None
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    capacity: int
    participants: int


class ParticipantOut(BaseModel):
    id: str
    session_id: str
    code_name: str
    attended: bool | None


class ParticipantList(BaseModel):
    items: list[ParticipantOut]


class GroupAttendanceIn(BaseModel):
    attended: list[str] = Field(default_factory=list, max_length=200, description="code names present")
    absent: list[str] = Field(default_factory=list, max_length=200, description="code names absent")


class GroupSurveyIn(BaseModel):
    overall: int = Field(ge=1, le=5)
    comment: str | None = Field(None, max_length=2000)


class GroupStatsOut(BaseModel):
    """Group counselling counted apart from individual sessions; small counts suppressed."""

    year: int
    threshold: int
    sessions: int
    participants: int | None
    attended: int | None
    survey_responses: int | None
    average_overall: float | None


def session_out(s: GroupSession, participants: int) -> GroupSessionOut:
    return GroupSessionOut(
        id=s.id,
        agency=s.agency,
        topic=s.topic,
        counsellor_id=s.counsellor_id,
        starts_at=to_utc(s.starts_at),
        ends_at=to_utc(s.ends_at),
        capacity=s.capacity,
        participants=participants,
    )


def participant_out(p: GroupParticipant) -> ParticipantOut:
    return ParticipantOut(id=p.id, session_id=p.session_id, code_name=p.code_name, attended=p.attended)
