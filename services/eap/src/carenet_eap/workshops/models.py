"""Workshops and support groups (工作坊 / 支持性團體) with a hard capacity and an ordered waitlist."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from carenet_core.db import Base
from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

TargetGroup = Literal[
    "new_staff",
    "age_55_plus",
    "age_60_plus",
    "disabled_staff",
    "family_caregivers",
    "new_parents",
    "living_away",
    "managers",
    "all_staff",
]
EnrolmentStatus = Literal["enrolled", "waitlisted", "cancelled"]


class Workshop(Base):
    __tablename__ = "workshops"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    target_group: Mapped[TargetGroup] = mapped_column(String(30))
    capacity: Mapped[int] = mapped_column(Integer)
    location: Mapped[str | None] = mapped_column(String(200))
    sessions: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    next_seq: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Enrolment(Base):
    """`status`: enrolled | waitlisted | cancelled; `seq` orders arrivals (the waitlist is promoted by it)."""

    __tablename__ = "enrolments"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    employee_sub: Mapped[str] = mapped_column(String(200))
    code_name: Mapped[str] = mapped_column(String(20), unique=True)
    status: Mapped[EnrolmentStatus] = mapped_column(String(20))
    seq: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    promoted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("ix_enrolments_workshop_id_seq", "workshop_id", "seq", unique=True),
        Index(
            "uq_enrolments_live_employee",
            "workshop_id",
            "employee_sub",
            unique=True,
            postgresql_where=text("status <> 'cancelled'"),
            sqlite_where=text("status <> 'cancelled'"),
        ),
    )


class SessionAttendance(Base):
    __tablename__ = "workshop_attendance"

    enrolment_id: Mapped[str] = mapped_column(ForeignKey("enrolments.id", ondelete="CASCADE"), primary_key=True)
    session_index: Mapped[int] = mapped_column(Integer, primary_key=True)
    attended: Mapped[bool] = mapped_column(Boolean)
