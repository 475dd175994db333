"""Bookings of counselling sessions and the counsellor's notes (諮商紀錄)."""

from __future__ import annotations

from datetime import datetime

from carenet_core.db import Base
from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from ..common import BookingStatus, Disability, Flow, Gender, Kind, Mode

# A slot can carry at most one booking in these states (partial unique index below).
ACTIVE_STATUSES = ("booked", "attended", "no_show")
_ACTIVE_SQL = "status IN ('booked', 'attended', 'no_show')"


class Booking(Base):
    """One counselling session booked by an employee, known to administration only by its code name (代號)."""

    __tablename__ = "bookings"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    code_name: Mapped[str] = mapped_column(String(20), unique=True)
    slot_id: Mapped[str] = mapped_column(ForeignKey("slots.id"))
    counsellor_id: Mapped[str] = mapped_column(ForeignKey("counsellors.id"), index=True)
    employee_sub: Mapped[str] = mapped_column(String(200), index=True)
    contact_name: Mapped[str | None] = mapped_column(String(100))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    employee_gender: Mapped[Gender | None] = mapped_column(String(1))
    # Self-declared 身心障礙, optional: `yes` / `no` / unknown; only ever counted in suppressed statistics.
    employee_disability: Mapped[Disability | None] = mapped_column(String(3))
    agency: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[Kind] = mapped_column(String(20))
    issue_category: Mapped[str | None] = mapped_column(String(50))
    flow: Mapped[Flow] = mapped_column(String(20))
    referral_id: Mapped[str | None] = mapped_column(String(36))
    status: Mapped[BookingStatus] = mapped_column(String(20))
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    mode: Mapped[Mode] = mapped_column(String(20))
    rescheduled_from_id: Mapped[str | None] = mapped_column(String(36))
    rescheduled_to_id: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # carenet_core.etag: bumped on every change of state (cancel, reschedule, attendance).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __table_args__ = (
        Index(
            "uq_bookings_active_slot",
            "slot_id",
            unique=True,
            postgresql_where=text(_ACTIVE_SQL),
            sqlite_where=text(_ACTIVE_SQL),
        ),
    )


class CounsellingNote(Base):
    """諮商紀錄 — the counsellor's own note of a session; no other role ever reads it."""

    __tablename__ = "counselling_notes"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    booking_id: Mapped[str] = mapped_column(ForeignKey("bookings.id", ondelete="CASCADE"), index=True)
    counsellor_id: Mapped[str] = mapped_column(String(36))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
