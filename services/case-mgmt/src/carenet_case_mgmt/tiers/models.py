"""Tables of tiers: the versioned county policy and the tier history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from carenet_core.db import Base, Instant
from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column


class TierPolicyVersion(Base):
    """分級照護訪視頻率 — one version of a county's tier policy, in force from `effective_from`."""

    __tablename__ = "tier_policies"
    __table_args__ = (UniqueConstraint("county", "effective_from"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    county: Mapped[str] = mapped_column(String(10))
    effective_from: Mapped[date] = mapped_column(Date)
    intervals: Mapped[Any] = mapped_column(JSON)
    not_met_retry_days: Mapped[int] = mapped_column(Integer)
    lock_months: Mapped[int] = mapped_column(Integer)
    transfer_expiry_days: Mapped[int] = mapped_column(Integer)
    late_after_days: Mapped[int] = mapped_column(Integer)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(Instant())
    # the county's stored due dates follow this version (set when it takes effect: cases/facts.py)
    applied: Mapped[bool] = mapped_column(Boolean, default=False)


class TierChange(Base):
    """One entry of a case's tier history: who, when, why, and the visit it rests on."""

    __tablename__ = "tier_changes"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    from_tier: Mapped[int | None] = mapped_column(Integer)
    to_tier: Mapped[int] = mapped_column(Integer)
    changed_at: Mapped[datetime] = mapped_column(Instant())
    changed_by: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    visit_id: Mapped[str | None] = mapped_column(String(36))
    exception_reason: Mapped[str | None] = mapped_column(Text)
