"""Satisfaction surveys (滿意度調查): a marker per booking (once only) and an unlinkable response."""

from __future__ import annotations

from typing import Any

from carenet_core.db import Base
from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column


class SurveyMarker(Base):
    """Only that a booking's survey was answered — never which response is its."""

    __tablename__ = "survey_markers"

    booking_id: Mapped[str] = mapped_column(ForeignKey("bookings.id", ondelete="CASCADE"), primary_key=True)


class SatisfactionResponse(Base):
    """No booking id, no person, no timestamp: only the year and kind, for HR's reports."""

    __tablename__ = "satisfaction_responses"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    kind: Mapped[str] = mapped_column(String(20))
    flow: Mapped[str] = mapped_column(String(20))
    scores: Mapped[dict[str, Any]] = mapped_column(JSON)
    overall: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
