"""Purge records: what the retention purge destroyed, when, and under which cutoff."""

from __future__ import annotations

from datetime import datetime

from carenet_core.db import Base
from sqlalchemy import JSON, CheckConstraint, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column


class PurgeRecord(Base):
    """What one purge destroyed. Who may see it: eap_admin and the system role (counts only, no person)."""

    __tablename__ = "purge_records"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    ran_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    cutoff: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    retention_years: Mapped[int] = mapped_column(Integer)
    bookings: Mapped[int] = mapped_column(Integer)
    notes: Mapped[int] = mapped_column(Integer)
    slots: Mapped[int] = mapped_column(Integer)
    referrals: Mapped[int] = mapped_column(Integer)
    # Counts per outreach table (messages, care offers, case conferences, workload figures, …).
    outreach: Mapped[dict[str, int] | None] = mapped_column(JSON)
    actor: Mapped[str] = mapped_column(String(200))


class RetentionPolicy(Base):
    """The retention period of counselling records in force (one row; absent → the setting).

    Who may see it: eap_admin and the system role. It holds no personal data. It can be raised,
    never set below the legal minimum (心理師法 §25: 10 years).
    """

    __tablename__ = "retention_policy"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    retention_years: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (CheckConstraint("retention_years >= 10", name="ck_retention_policy_legal_minimum"),)
