"""Tables of the office calendar: a year set by the ministry, and a county's closed days."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from carenet_core.db import Base, Instant
from sqlalchemy import JSON, Date, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column


class CalendarYear(Base):
    """政府行政機關辦公日曆表 — one year as the ministry set it (wins over the seeded data)."""

    __tablename__ = "calendar_years"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    holidays: Mapped[Any] = mapped_column(JSON)  # [{"date", "name"}]
    workdays: Mapped[Any] = mapped_column(JSON)  # ["YYYY-MM-DD"]
    set_by: Mapped[str] = mapped_column(String(200))
    set_at: Mapped[datetime] = mapped_column(Instant())


class OfficeClosure(Base):
    """停止上班 — a day a county closed its offices (typhoon and the like), declared by its admin."""

    __tablename__ = "office_closures"
    __table_args__ = (UniqueConstraint("county", "closed_on"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    county: Mapped[str] = mapped_column(String(10), index=True)
    closed_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    declared_by: Mapped[str] = mapped_column(String(200))
    declared_at: Mapped[datetime] = mapped_column(Instant())
