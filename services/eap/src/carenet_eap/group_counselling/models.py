"""Group counselling sessions held for an agency after an incident, their participants and surveys.

Who may see what:
- GroupSession: eap_admin and the session's counsellor; a participant sees the session they joined.
  `topic` describes the incident without names.
- GroupParticipant: the participant (their own place), eap_admin and the counsellor by code name
  only (代號); attendance is recorded by code name.
- GroupSurveyMarker / GroupSurveyResponse: a response is stored unlinked (no participant, no
  time); eap_admin sees only suppressed averages.
"""

from __future__ import annotations

from datetime import datetime

from carenet_core.db import Base
from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column


class GroupSession(Base):
    __tablename__ = "group_sessions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    agency: Mapped[str] = mapped_column(String(200), index=True)
    topic: Mapped[str] = mapped_column(String(300))
    counsellor_id: Mapped[str | None] = mapped_column(ForeignKey("counsellors.id"))
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    capacity: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class GroupParticipant(Base):
    __tablename__ = "group_participants"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("group_sessions.id", ondelete="CASCADE"), index=True)
    employee_sub: Mapped[str] = mapped_column(String(200))
    code_name: Mapped[str] = mapped_column(String(20), unique=True)
    attended: Mapped[bool | None] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (UniqueConstraint("session_id", "employee_sub", name="uq_group_participants_session_employee"),)


class GroupSurveyMarker(Base):
    """Only that a participant answered the session's survey — never which response is theirs."""

    __tablename__ = "group_survey_markers"

    participant_id: Mapped[str] = mapped_column(
        ForeignKey("group_participants.id", ondelete="CASCADE"), primary_key=True
    )


class GroupSurveyResponse(Base):
    """團體滿意度: no participant, no time — the year and agency only."""

    __tablename__ = "group_survey_responses"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    agency: Mapped[str] = mapped_column(String(200))
    overall: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
