"""Purge records: what the retention purge destroyed, when, and under which cutoff."""

from __future__ import annotations

from datetime import datetime

from carenet_core.db import Base
from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column


class PurgeRecord(Base):
    __tablename__ = "purge_records"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    ran_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    cutoff: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    retention_years: Mapped[int] = mapped_column(Integer)
    bookings: Mapped[int] = mapped_column(Integer)
    notes: Mapped[int] = mapped_column(Integer)
    slots: Mapped[int] = mapped_column(Integer)
    referrals: Mapped[int] = mapped_column(Integer)
    actor: Mapped[str] = mapped_column(String(200))
