"""Case conferences about a referred employee and their minutes.

Who may see what:
- CaseConference: eap_admin (who convenes it) and the listed participants see its status and
  participants; the employee sees their own conference and answers the consent.
- ConferenceParticipant: as the conference.
- ConferenceMinutes: the listed participants alone (not eap_admin unless listed) — and only
  written after the employee consented.
"""

from __future__ import annotations

from datetime import datetime

from carenet_core.db import Base
from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .rules import ConferenceStatus, ParticipantRole


class CaseConference(Base):
    __tablename__ = "case_conferences"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    referral_id: Mapped[str] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"), index=True)
    employee_sub: Mapped[str] = mapped_column(String(200), index=True)
    scheduled_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[ConferenceStatus] = mapped_column(String(20))
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ConferenceParticipant(Base):
    __tablename__ = "conference_participants"

    conference_id: Mapped[str] = mapped_column(ForeignKey("case_conferences.id", ondelete="CASCADE"), primary_key=True)
    member_sub: Mapped[str] = mapped_column(String(200), primary_key=True)
    role: Mapped[ParticipantRole] = mapped_column(String(20))


class ConferenceMinutes(Base):
    __tablename__ = "conference_minutes"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    conference_id: Mapped[str] = mapped_column(ForeignKey("case_conferences.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    written_by: Mapped[str] = mapped_column(String(200))
    written_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
