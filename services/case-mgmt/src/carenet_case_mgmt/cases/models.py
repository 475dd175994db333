"""The case table."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from carenet_core.db import Base, Instant
from sqlalchemy import JSON, Boolean, Date, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column


class Case(Base):
    """個案 — one person followed by the county's community team (one open case per person)."""

    __tablename__ = "cases"
    __table_args__ = (
        Index(
            "uq_cases_open_person",
            "person_key",
            unique=True,
            postgresql_where=text("status = 'open'"),
            sqlite_where=text("status = 'open'"),
        ),
        Index("ix_cases_county_district", "county", "district"),
        # the worklist, keyset-paged in due order (issue 15): by district, by county, by assigned worker
        Index(
            "ix_cases_open_district_due",
            "county",
            "district",
            "next_visit_due",
            "id",
            postgresql_where=text("status = 'open'"),
            sqlite_where=text("status = 'open'"),
        ),
        Index(
            "ix_cases_open_county_due",
            "county",
            "next_visit_due",
            "id",
            postgresql_where=text("status = 'open'"),
            sqlite_where=text("status = 'open'"),
        ),
        Index(
            "ix_cases_open_assignee_due",
            "county",
            "assigned_to",
            "next_visit_due",
            "id",
            postgresql_where=text("status = 'open'"),
            sqlite_where=text("status = 'open'"),
        ),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    national_id: Mapped[str] = mapped_column(String(10))
    person_key: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(100))
    birth_date: Mapped[date] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String(1))
    county: Mapped[str] = mapped_column(String(10))
    district: Mapped[str] = mapped_column(String(50))
    kinds: Mapped[Any] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(String(50))
    intake_date: Mapped[date] = mapped_column(Date)
    household: Mapped[Any] = mapped_column(JSON, nullable=True)
    flags: Mapped[Any] = mapped_column(JSON)
    tier: Mapped[int] = mapped_column(Integer)
    tier_locked_until: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    situation: Mapped[str | None] = mapped_column(String(20))
    situation_reason: Mapped[str | None] = mapped_column(Text)
    refuses_service: Mapped[bool] = mapped_column(Boolean, default=False)
    protective_worker: Mapped[str | None] = mapped_column(String(200))
    # the case worker (a `sub`) who holds the case; null = unassigned (cases older than assignment, after a transfer)
    assigned_to: Mapped[str | None] = mapped_column(String(200), index=True)
    closed_on: Mapped[date | None] = mapped_column(Date)
    close_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(Instant())
    created_by: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, default=1)
    # What the standing needs of the visits (tiers.rules.facts_of over every visit), and the due date under the
    # county policy in force: written in the transaction of every visit, tier change, transfer and policy
    # version (cases/facts.py). Nothing that depends on "today" is stored: overdue is `next_visit_due < today`.
    last_visit_on: Mapped[date | None] = mapped_column(Date)
    last_visit_outcome: Mapped[str | None] = mapped_column(String(10))
    last_contact_on: Mapped[date | None] = mapped_column(Date)  # latest face-to-face or met visit
    consecutive_not_met: Mapped[int] = mapped_column(Integer, default=0)
    next_visit_due: Mapped[date] = mapped_column(Date)
