"""Semiannual internal audits (內部稽核) of the monthly sampling."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from carenet_core.db import Base, Instant
from sqlalchemy import JSON, Boolean, Index, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column


class InternalAudit(Base):
    """The half-year's audit: its plan and its results, one per county and half."""

    __tablename__ = "internal_audits"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    county: Mapped[str] = mapped_column(String(10))
    half: Mapped[str] = mapped_column(String(7))
    plan: Mapped[Any] = mapped_column(JSON)
    results: Mapped[Any] = mapped_column(JSON)
    passed: Mapped[bool] = mapped_column(Boolean)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(Instant())
    version: Mapped[int] = mapped_column(Integer, default=1)
    # 提報 — submitted to the ministry (「每年由衛生局提報2次稽核作業計畫及結果至心口司」): who and when.
    status: Mapped[str] = mapped_column(String(20), default="draft")  # draft | submitted
    submitted_by: Mapped[str | None] = mapped_column(String(200))
    submitted_at: Mapped[datetime | None] = mapped_column(Instant())

    __table_args__ = (UniqueConstraint("county", "half"), Index("ix_internal_audits_submitted", "submitted_at", "id"))
