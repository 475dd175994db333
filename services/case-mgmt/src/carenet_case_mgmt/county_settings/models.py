"""The county settings table."""

from __future__ import annotations

from datetime import datetime

from carenet_core.db import Base, Instant
from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column


class CountySettingsRow(Base):
    """縣市設定 — one county's caseload limit and extended care periods (absent: the defaults)."""

    __tablename__ = "county_settings"

    county: Mapped[str] = mapped_column(String(10), primary_key=True)
    caseload_limit: Mapped[int] = mapped_column(Integer)
    elderly_care_months: Mapped[int] = mapped_column(Integer)
    child_under_6_care_months: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(Instant())
