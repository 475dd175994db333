"""Using units (使用單位) of a county and the cases each serves."""

from __future__ import annotations

from datetime import datetime

from carenet_core.db import Base, Instant
from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column


class Unit(Base):
    """A unit whose users query household-registry data: 衛生局, 衛生所, 醫院 …"""

    __tablename__ = "units"

    code: Mapped[str] = mapped_column(String(50), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    county: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(Instant())
    created_by: Mapped[str] = mapped_column(String(200))

    __table_args__ = (Index("ix_units_county_code", "county", "code"),)


class ServedCase(Base):
    """A case the unit serves: a query whose `case_ref` is one of these "matches a case"."""

    __tablename__ = "served_cases"

    unit: Mapped[str] = mapped_column(String(50), primary_key=True)
    case_ref: Mapped[str] = mapped_column(String(100), primary_key=True)
