"""The 22 counties and cities (縣市) as reference data, editable by the ministry."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from carenet_core.db import Base
from sqlalchemy import Boolean, DateTime, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column


class County(Base):
    """縣市 — one of Taiwan's 22 counties and cities, with seed 001's 2020 class, subsidy and staffing."""

    __tablename__ = "counties"

    code: Mapped[str] = mapped_column(String(10), primary_key=True)  # ISO 3166-2:TW
    name: Mapped[str] = mapped_column(String(20))
    name_en: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(20))  # municipality | city | county
    is_municipality: Mapped[bool] = mapped_column(Boolean)
    is_island: Mapped[bool] = mapped_column(Boolean)
    financial_class: Mapped[int] = mapped_column(Integer)
    subsidy_rate: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    districts: Mapped[int] = mapped_column(Integer)
    visitor_posts: Mapped[int | None] = mapped_column(Integer)
    subsidised_staff_cap: Mapped[int | None] = mapped_column(Integer)
    county_funded_staff: Mapped[int | None] = mapped_column(Integer)
    staff_total: Mapped[int | None] = mapped_column(Integer)
    psychiatric_audit_rate: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    suicide_audit_rate: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[str | None] = mapped_column(String(200))
