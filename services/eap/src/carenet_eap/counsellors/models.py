"""Counsellors (諮詢/協談人員), their weekly hours and dated exceptions, and bookable slots."""

from __future__ import annotations

from datetime import date, datetime

from carenet_core.db import Base
from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..common import Gender, Kind, Mode, SlotStatus


class Counsellor(Base):
    __tablename__ = "counsellors"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    gender: Mapped[Gender] = mapped_column(String(1))
    modes: Mapped[list[Mode]] = mapped_column(JSON)
    languages: Mapped[list[str]] = mapped_column(JSON)
    location: Mapped[str | None] = mapped_column(String(200))
    user_sub: Mapped[str | None] = mapped_column(String(200), unique=True)
    session_minutes: Mapped[int] = mapped_column(Integer)
    buffer_minutes: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # carenet_core.etag: bumped on every change of the profile, its kinds or its session length.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class CounsellorKind(Base):
    """One consultation kind a counsellor offers (a counsellor may offer several)."""

    __tablename__ = "counsellor_kinds"

    counsellor_id: Mapped[str] = mapped_column(ForeignKey("counsellors.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[Kind] = mapped_column(String(20), primary_key=True, index=True)


class WeeklyHours(Base):
    __tablename__ = "weekly_hours"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    counsellor_id: Mapped[str] = mapped_column(ForeignKey("counsellors.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int] = mapped_column(Integer)
    start_time: Mapped[str] = mapped_column(String(5))
    end_time: Mapped[str] = mapped_column(String(5))
    mode: Mapped[Mode] = mapped_column(String(20))


class AvailabilityException(Base):
    __tablename__ = "availability_exceptions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    counsellor_id: Mapped[str] = mapped_column(ForeignKey("counsellors.id", ondelete="CASCADE"), index=True)
    on_date: Mapped[date] = mapped_column(Date)
    closed: Mapped[bool] = mapped_column(Boolean)
    start_time: Mapped[str | None] = mapped_column(String(5))
    end_time: Mapped[str | None] = mapped_column(String(5))
    mode: Mapped[Mode | None] = mapped_column(String(20))


class Slot(Base):
    """A bookable session of one counsellor; `status` is `free`, `booked` or `withdrawn`."""

    __tablename__ = "slots"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    counsellor_id: Mapped[str] = mapped_column(ForeignKey("counsellors.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    mode: Mapped[Mode] = mapped_column(String(20))
    status: Mapped[SlotStatus] = mapped_column(String(20), default="free")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("ix_slots_counsellor_id_starts_at", "counsellor_id", "starts_at"),
        Index("ix_slots_status_starts_at", "status", "starts_at"),
    )
