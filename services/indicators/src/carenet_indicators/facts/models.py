"""Manual facts (縣市填報) entered by a county or the ministry, with evidence and an edit history."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from carenet_core.db import Base
from sqlalchemy import JSON, BigInteger, DateTime, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column


class Fact(Base):
    """One reported fact: a count, a ratio's numerator/denominator, a value or a yes/no, with its evidence."""

    __tablename__ = "facts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    county: Mapped[str] = mapped_column(String(10))
    period: Mapped[str] = mapped_column(String(7))  # YYYY or YYYY-Qn
    year: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(80))
    value: Mapped[Decimal | None] = mapped_column(Numeric(18, 4))
    numerator: Mapped[Decimal | None] = mapped_column(Numeric(18, 4))
    denominator: Mapped[Decimal | None] = mapped_column(Numeric(18, 4))
    evidence: Mapped[str] = mapped_column(String(500))
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default="active")  # active | withdrawn
    source: Mapped[str] = mapped_column(String(20), default="manual", server_default="manual")  # manual | workforce
    source_seq: Mapped[int | None] = mapped_column(BigInteger)  # workforce: the feed event that last wrote it
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[str] = mapped_column(String(200))

    __table_args__ = (Index("ix_facts_county_year_code", "county", "year", "code"),)


class FactRevision(Base):
    """One edit of a fact: who, when, why, and the fields before and after."""

    __tablename__ = "fact_revisions"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    fact_id: Mapped[str] = mapped_column(String(36), index=True)
    version: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(12))  # created | edited | withdrawn
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    by: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str | None] = mapped_column(String(500))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
