"""Review history of sampled records and the anomalies an `unjustified` verdict opens."""

from __future__ import annotations

import uuid
from datetime import datetime

from carenet_core.db import Base, Instant
from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column


class SampleReview(Base):
    """One verdict given to a sample (append-only history; the sample carries the latest)."""

    __tablename__ = "sample_reviews"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    sample_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("samples.id", ondelete="CASCADE"), index=True)
    verdict: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    reviewer: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(Instant())


class Anomaly(Base):
    """異常查詢 — an unjustified query: investigated, its outcome reported to the ministry."""

    __tablename__ = "anomalies"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    sample_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("samples.id", ondelete="CASCADE"), unique=True)
    sampling_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("samplings.id", ondelete="CASCADE"))
    county: Mapped[str] = mapped_column(String(10))
    month: Mapped[str] = mapped_column(String(7))
    unit: Mapped[str] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(20))  # open | investigating | concluded | reported
    opened_at: Mapped[datetime] = mapped_column(Instant())
    opened_by: Mapped[str] = mapped_column(String(200))
    investigation_started_at: Mapped[datetime | None] = mapped_column(Instant())
    outcome: Mapped[str | None] = mapped_column(Text)
    concluded_at: Mapped[datetime | None] = mapped_column(Instant())
    reported_to_ministry_at: Mapped[datetime | None] = mapped_column(Instant())
    report_ref: Mapped[str | None] = mapped_column(String(200))
    reported_by: Mapped[str | None] = mapped_column(String(200))  # who submitted it to the ministry
    version: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        Index("ix_anomalies_county_status", "county", "status"),
        Index("ix_anomalies_reported", "reported_to_ministry_at", "id"),
    )
