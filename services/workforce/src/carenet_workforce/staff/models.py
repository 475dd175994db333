"""The staff register (計畫人力): who works under the plan in a county, on what, since when."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from carenet_core.db import Base, Instant
from sqlalchemy import ColumnElement, Date, Index, Integer, Numeric, String, UniqueConstraint, Uuid, and_, or_
from sqlalchemy.orm import Mapped, mapped_column


class Staff(Base):
    """One person on the plan's staff of a county; `sub` is their CareNet login."""

    __tablename__ = "staff"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    sub: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(100))
    county: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(30))
    funding: Mapped[str] = mapped_column(String(20))
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    psychiatric_visit_share: Mapped[Decimal] = mapped_column(Numeric(4, 3))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(Instant())
    updated_at: Mapped[datetime] = mapped_column(Instant())

    __table_args__ = (
        UniqueConstraint("county", "sub", name="uq_staff_county_sub"),
        Index("ix_staff_county_started_on", "county", "started_on"),
    )


def employed_between(first: date, last: date) -> ColumnElement[bool]:
    """SQL twin of `rules.employed_during`: the employment overlaps [first, last] (one day: first = last)."""
    return and_(Staff.started_on <= last, or_(Staff.ended_on.is_(None), Staff.ended_on >= first))
