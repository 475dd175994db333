"""Account activity (last seen per login and county) and the six-monthly account reviews (帳號清查)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from carenet_core.db import Base, Instant
from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column


class AccountActivity(Base):
    """The last time a login (`sub`) used CareNet within a county, as reported by the gateway or services."""

    __tablename__ = "account_activity"

    county: Mapped[str] = mapped_column(String(10), primary_key=True)
    sub: Mapped[str] = mapped_column(String(200), primary_key=True)
    first_seen: Mapped[datetime] = mapped_column(Instant())
    last_seen: Mapped[datetime] = mapped_column(Instant())
    roles: Mapped[str] = mapped_column(String(300), default="")
    reported_at: Mapped[datetime] = mapped_column(Instant())


class AccountReview(Base):
    """One county's review of its accounts for a half-year; signed off once every flag has a decision."""

    __tablename__ = "account_reviews"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    county: Mapped[str] = mapped_column(String(10))
    half: Mapped[str] = mapped_column(String(7))
    reviewed_on: Mapped[date] = mapped_column(Date)
    idle_days: Mapped[int] = mapped_column()
    accounts: Mapped[int] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(Instant())
    created_by: Mapped[str] = mapped_column(String(200))
    signed_at: Mapped[datetime | None] = mapped_column(Instant())
    signed_by: Mapped[str | None] = mapped_column(String(200))

    __table_args__ = (UniqueConstraint("county", "half", name="uq_account_reviews_county_half"),)


class ReviewFlag(Base):
    """An account flagged in a review, for one reason, with the county admin's decision once made."""

    __tablename__ = "review_flags"

    review_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("account_reviews.id", ondelete="CASCADE"), primary_key=True
    )
    sub: Mapped[str] = mapped_column(String(200), primary_key=True)
    reason: Mapped[str] = mapped_column(String(30), primary_key=True)
    last_seen: Mapped[datetime] = mapped_column(Instant())
    decision: Mapped[str | None] = mapped_column(String(30))
    note: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None] = mapped_column(Instant())
    decided_by: Mapped[str | None] = mapped_column(String(200))

    __table_args__ = (Index("ix_review_flags_review_decision", "review_id", "decision"),)
