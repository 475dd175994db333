"""Indicator definitions (衡量指標), versioned: a change is a new row, old scores keep theirs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from carenet_core.db import Base
from sqlalchemy import JSON, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column


class Definition(Base):
    """One version of one indicator: formula, unit, period, direction, target rule, input source."""

    __tablename__ = "indicator_definitions"

    code: Mapped[str] = mapped_column(String(80), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))  # Traditional Chinese, as in the seed
    title_en: Mapped[str] = mapped_column(String(200))
    area: Mapped[str] = mapped_column(String(40))
    formula: Mapped[dict[str, Any]] = mapped_column(JSON)  # {"kind", "numerator", "denominator", "scale", "prorate"}
    unit: Mapped[str] = mapped_column(String(30))
    period: Mapped[str] = mapped_column(String(10))  # quarter | year
    direction: Mapped[str] = mapped_column(String(10))  # higher | lower | true
    targets: Mapped[dict[str, Any]] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(String(20))  # case_mgmt | manual
    seed_ref: Mapped[str] = mapped_column(String(200))
    effective_from: Mapped[int] = mapped_column(Integer)  # first year this version scores
    sort_order: Mapped[int] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(200))
