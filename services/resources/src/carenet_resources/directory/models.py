"""Tables of the directory: resources, their categories (indexed for search) and their edit history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from carenet_core.db import Base, Instant
from sqlalchemy import JSON, Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship


class Resource(Base):
    """資源 — one place or line people can be referred to, in one county's directory."""

    __tablename__ = "resources"
    __table_args__ = (
        UniqueConstraint("county", "source_id"),
        Index("ix_resources_county_district", "county", "district"),
        Index("ix_resources_lat_lon", "lat", "lon"),
        Index("ix_resources_county_last_checked_on", "county", "last_checked_on"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    county: Mapped[str] = mapped_column(String(10))
    district: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    phone: Mapped[str | None] = mapped_column(String(60))
    hours: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    languages: Mapped[list[str]] = mapped_column(JSON)
    accessibility: Mapped[list[str]] = mapped_column(JSON)
    fees: Mapped[str | None] = mapped_column(Text)
    eligibility: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(300))
    source_id: Mapped[str] = mapped_column(String(100))
    last_checked_on: Mapped[date] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(Instant)
    updated_at: Mapped[datetime] = mapped_column(Instant)

    category_rows: Mapped[list[ResourceCategory]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ResourceCategory.category"
    )

    @property
    def categories(self) -> list[str]:
        return [c.category for c in self.category_rows]


class ResourceCategory(Base):
    """One category of a resource (a row each, so `?category=` is an indexed lookup on any database)."""

    __tablename__ = "resource_categories"

    resource_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("resources.id", ondelete="CASCADE"), primary_key=True
    )
    category: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)


class ResourceRevision(Base):
    """One change of a resource: who, when, through what (edit or import), and each field's old and new value."""

    __tablename__ = "resource_revisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    resource_id: Mapped[str] = mapped_column(String(36), ForeignKey("resources.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    changed_at: Mapped[datetime] = mapped_column(Instant)
    changed_by: Mapped[str] = mapped_column(String(200))
    via: Mapped[str] = mapped_column(String(20))  # created | edit | import
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)
