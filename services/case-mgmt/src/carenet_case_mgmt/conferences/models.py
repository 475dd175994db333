"""The conference table."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from carenet_core.db import Base, Instant
from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column


class Conference(Base):
    """個案管理會議 — a monthly case conference held with an external expert."""

    __tablename__ = "conferences"
    __table_args__ = (Index("ix_conferences_county_month", "county", "month"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    county: Mapped[str] = mapped_column(String(10))
    month: Mapped[str] = mapped_column(String(7))
    held_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))
    expert: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)
    case_ids: Mapped[Any] = mapped_column(JSON)
    attendees: Mapped[Any] = mapped_column(JSON, nullable=True)  # [{"role", "count"}]
    incident_ids: Mapped[Any] = mapped_column(JSON, nullable=True)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(Instant())


class ConferenceDecision(Base):
    """會議決議 — a decision with its owner and follow-up date; undone, it returns on the next agenda."""

    __tablename__ = "conference_decisions"
    __table_args__ = (Index("ix_conference_decisions_county_done", "county", "done_on"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    conference_id: Mapped[str] = mapped_column(ForeignKey("conferences.id"), index=True)
    county: Mapped[str] = mapped_column(String(10))
    held_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200))
    follow_up_on: Mapped[date] = mapped_column(Date)
    case_id: Mapped[str | None] = mapped_column(String(36))
    done_on: Mapped[date | None] = mapped_column(Date)
    done_by: Mapped[str | None] = mapped_column(String(200))
    done_note: Mapped[str | None] = mapped_column(Text)
