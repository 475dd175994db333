"""County targets (縣市自訂目標值): one per county, indicator and period, with its evidence."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from carenet_core.db import Base
from sqlalchemy import DateTime, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column


class CountyTarget(Base):
    """A county's own target for one indicator and period (seed 003: Miaoli's 80% first-visit target)."""

    __tablename__ = "county_targets"

    county: Mapped[str] = mapped_column(String(10), primary_key=True)
    code: Mapped[str] = mapped_column(String(80), primary_key=True)
    period: Mapped[str] = mapped_column(String(7), primary_key=True)  # YYYY, YYYY-Hn or YYYY-Qn
    threshold: Mapped[Decimal] = mapped_column(Numeric(18, 4))
    op: Mapped[str] = mapped_column(String(2))  # >=, <=, ==
    evidence: Mapped[str] = mapped_column(String(500))
    note: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    set_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    set_by: Mapped[str] = mapped_column(String(200))
