"""Legal holds that stop the purge, and the purge's own records."""

from __future__ import annotations

import uuid
from datetime import datetime

from carenet_core.db import Base, Instant
from sqlalchemy import BigInteger, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column


class LegalHold(Base):
    """A hold on a county-month (one unit, or every unit when `unit` is null): nothing of it is purged."""

    __tablename__ = "legal_holds"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    county: Mapped[str] = mapped_column(String(10))
    unit: Mapped[str | None] = mapped_column(String(50))
    month: Mapped[str] = mapped_column(String(7))
    reason: Mapped[str] = mapped_column(Text)
    placed_by: Mapped[str] = mapped_column(String(200))
    placed_at: Mapped[datetime] = mapped_column(Instant())
    released_by: Mapped[str | None] = mapped_column(String(200))
    released_at: Mapped[datetime | None] = mapped_column(Instant())

    __table_args__ = (Index("ix_legal_holds_county_month", "county", "month"),)


class PurgeRecord(Base):
    """What a purge removed: which kind of record, of which county and period, how many rows."""

    __tablename__ = "purge_records"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    ran_at: Mapped[datetime] = mapped_column(Instant())
    cutoff_month: Mapped[str] = mapped_column(String(7))
    county: Mapped[str] = mapped_column(String(10))
    period: Mapped[str] = mapped_column(String(7))  # YYYY-MM or YYYY-Hn
    kind: Mapped[str] = mapped_column(String(30))  # query_logs | samplings | internal_audits | month_seeds
    rows: Mapped[int] = mapped_column(Integer)
