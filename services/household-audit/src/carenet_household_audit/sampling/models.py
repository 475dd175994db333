"""Seeds and their commitments, sampling policies, samplings, per-unit populations and samples."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from carenet_core.db import Base, Instant
from sqlalchemy import Boolean, ForeignKey, Index, Integer, LargeBinary, Numeric, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column


class MonthSeed(Base):
    """The secret seed of a county-month and its published commitment SHA-256(seed)."""

    __tablename__ = "month_seeds"

    county: Mapped[str] = mapped_column(String(10), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    seed: Mapped[str] = mapped_column(String(64))
    commitment: Mapped[str] = mapped_column(String(64))
    committed_at: Mapped[datetime] = mapped_column(Instant())
    revealed_at: Mapped[datetime | None] = mapped_column(Instant())


class SamplingPolicy(Base):
    """A county's own rate and floor (default 2% and 10)."""

    __tablename__ = "sampling_policies"

    county: Mapped[str] = mapped_column(String(10), primary_key=True)
    rate: Mapped[Decimal] = mapped_column(Numeric(6, 4))
    floor: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(Instant())
    updated_by: Mapped[str] = mapped_column(String(200))


class Sampling(Base):
    """每月抽樣 — the monthly sampling of one county (drawn once per county and month)."""

    __tablename__ = "samplings"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    county: Mapped[str] = mapped_column(String(10))
    month: Mapped[str] = mapped_column(String(7))
    seed: Mapped[str] = mapped_column(String(64))
    commitment: Mapped[str] = mapped_column(String(64))
    committed_at: Mapped[datetime] = mapped_column(Instant())
    rate: Mapped[Decimal] = mapped_column(Numeric(6, 4))
    floor: Mapped[int] = mapped_column(Integer)
    population: Mapped[int] = mapped_column(Integer)
    sample_total: Mapped[int] = mapped_column(Integer)
    trigger: Mapped[str] = mapped_column(String(20))  # scheduler | on_demand
    drawn_by: Mapped[str] = mapped_column(String(200))
    drawn_at: Mapped[datetime] = mapped_column(Instant())
    status: Mapped[str] = mapped_column(String(20))  # in_review | complete
    signed_off_by: Mapped[str | None] = mapped_column(String(200))
    signed_off_at: Mapped[datetime | None] = mapped_column(Instant())
    sign_off_note: Mapped[str | None] = mapped_column(Text)
    # Draws write their sample rows in the same transaction; False only for samplings drawn before that
    # (their rows are written on first read).
    samples_ready: Mapped[bool] = mapped_column(Boolean, default=False)
    # Bumped whenever what a reader sees changes (a verdict, an explanation, sign-off, a late record): its ETag.
    version: Mapped[int] = mapped_column(Integer, default=1)

    __table_args__ = (UniqueConstraint("county", "month"),)


class SamplingUnit(Base):
    """One unit's population of the month and its sample size, as drawn."""

    __tablename__ = "sampling_units"

    sampling_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("samplings.id", ondelete="CASCADE"), primary_key=True
    )
    unit: Mapped[str] = mapped_column(String(50), primary_key=True)
    population: Mapped[int] = mapped_column(Integer)
    sample_size: Mapped[int] = mapped_column(Integer)
    # The unit's k-th lowest (ticket, record id): the sample is every record at or below it.
    threshold_ticket: Mapped[bytes | None] = mapped_column(LargeBinary(32))
    threshold_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)


class Sample(Base):
    """A sampled record and its verdict; its id is the sampled query log's record id.

    Only what the draw decides is stored here (unit, rank, ticket); the query itself is read from
    `query_logs` (same retention), so a draw writes narrow rows straight from SQL.
    """

    __tablename__ = "samples"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)  # = query_logs.id
    sampling_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("samplings.id", ondelete="CASCADE"))
    unit: Mapped[str] = mapped_column(String(50))
    rank: Mapped[int] = mapped_column(Integer)  # 1 = the unit's lowest ticket
    ticket: Mapped[bytes] = mapped_column(LargeBinary(32))
    matches_case: Mapped[bool] = mapped_column(Boolean)
    verdict: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    reviewer: Mapped[str | None] = mapped_column(String(200))
    reviewed_at: Mapped[datetime | None] = mapped_column(Instant())
    explanation: Mapped[str | None] = mapped_column(Text)
    explained_at: Mapped[datetime | None] = mapped_column(Instant())

    __table_args__ = (
        # auditors see first the queries that match no case
        Index("ix_samples_review_order", "sampling_id", "matches_case", "unit", "rank"),
    )
