"""Mentorships of new staff and the monthly talks held.

Who may see what: eap_admin (by the new staff member's code name, 代號) and the mentor (their own
mentorships). A talk records only that it was held and when — never what was said.
"""

from __future__ import annotations

from datetime import date, datetime

from carenet_core.db import Base
from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column


class Mentorship(Base):
    __tablename__ = "mentorships"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    new_staff_id: Mapped[str] = mapped_column(ForeignKey("new_staff.id", ondelete="CASCADE"), unique=True)
    mentor_sub: Mapped[str] = mapped_column(String(200), index=True)
    months: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class MentoringTalk(Base):
    __tablename__ = "mentoring_talks"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    mentorship_id: Mapped[str] = mapped_column(ForeignKey("mentorships.id", ondelete="CASCADE"))
    month: Mapped[str] = mapped_column(String(7))
    held_on: Mapped[date] = mapped_column(Date)

    __table_args__ = (UniqueConstraint("mentorship_id", "month", name="uq_mentoring_talks_mentorship_month"),)
