"""The incident table. Deadlines are computed on read from the county's calendar (closures move them)."""

from __future__ import annotations

from datetime import date, datetime

from carenet_core.db import Base, Instant
from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column


class Incident(Base):
    """突發事件 — a media-reported event, a filicide-suicide or a group suicide on a case."""

    __tablename__ = "incidents"
    __table_args__ = (Index("ix_incidents_county_occurred", "county", "occurred_on"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    county: Mapped[str] = mapped_column(String(10))  # the case's county when recorded
    kind: Mapped[str] = mapped_column(String(20))
    occurred_on: Mapped[date] = mapped_column(Date)
    persons: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    recorded_on: Mapped[date] = mapped_column(Date)  # Taipei day of recording: a severe event's flash report is due
    recorded_at: Mapped[datetime] = mapped_column(Instant())
    recorded_by: Mapped[str] = mapped_column(String(200))
    flash_report_filed_on: Mapped[date | None] = mapped_column(Date)
    flash_report_reference: Mapped[str | None] = mapped_column(String(200))
    flash_report_filed_by: Mapped[str | None] = mapped_column(String(200))
    conference_held_on: Mapped[date | None] = mapped_column(Date)
    conference_id: Mapped[str | None] = mapped_column(String(36))
