"""The visit table."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from carenet_core.db import Base, Instant
from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column


class Visit(Base):
    """訪視 — one visit attempt; the id is the phone's own UUID, so a resend finds it."""

    __tablename__ = "visits"
    __table_args__ = (
        Index("ix_visits_case_visited", "case_id", "visited_at"),
        Index("ix_visits_county_date", "county", "visit_date"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"))
    county: Mapped[str] = mapped_column(String(10))  # the case's county when the visit happened
    district: Mapped[str] = mapped_column(String(50))
    kinds: Mapped[Any] = mapped_column(JSON)
    visitor: Mapped[str] = mapped_column(String(200))
    visited_at: Mapped[datetime] = mapped_column(Instant())  # device time
    visit_date: Mapped[date] = mapped_column(Date)  # Asia/Taipei day of visited_at
    received_at: Mapped[datetime] = mapped_column(Instant())  # server time
    method: Mapped[str] = mapped_column(String(30))
    outcome: Mapped[str] = mapped_column(String(10))
    seen: Mapped[str | None] = mapped_column(String(20))  # person | family_only (null: nobody, a not-met visit)
    assessment: Mapped[Any] = mapped_column(JSON, nullable=True)
    note: Mapped[str | None] = mapped_column(Text)
    tier_recommendation: Mapped[int | None] = mapped_column(Integer)
    late: Mapped[bool] = mapped_column(Boolean)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime | None] = mapped_column(Instant())
    updated_by: Mapped[str | None] = mapped_column(String(200))
