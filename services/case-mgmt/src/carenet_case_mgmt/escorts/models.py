"""The escort table."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from carenet_core.db import Base, Instant
from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column


class Escort(Base):
    """護送就醫 — the person taken to hospital; the id is the client's own UUID, so a resend finds it."""

    __tablename__ = "escorts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    county: Mapped[str] = mapped_column(String(10), index=True)
    escorted_at: Mapped[datetime] = mapped_column(Instant())
    reason: Mapped[str] = mapped_column(String(30))
    escorted_by: Mapped[Any] = mapped_column(JSON)
    hospital: Mapped[str] = mapped_column(String(200))
    outcome: Mapped[str] = mapped_column(String(30))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(Instant())
