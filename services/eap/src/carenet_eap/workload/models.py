"""Workload figures from the HR system, agency thresholds, and each agency's care team (關懷小組).

Who may see what:
- WorkloadFigure: written by the HR system (role `system`), which reads nothing back. Named rows
  above the agency's threshold are visible to members of that agency's care team alone (not
  eap_admin, not HR, not another agency's team); everyone else sees only suppressed aggregates
  (eap_admin and the agency's care team).
- WorkloadThreshold and CareTeamMember: eap_admin (no workload data in them).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from carenet_core.db import Base
from sqlalchemy import DateTime, Index, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column


class WorkloadFigure(Base):
    """One employee's figures for one month (a resend for the same month replaces them)."""

    __tablename__ = "workload_figures"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    month: Mapped[str] = mapped_column(String(7))
    agency: Mapped[str] = mapped_column(String(200))
    employee_sub: Mapped[str] = mapped_column(String(200))
    overtime_hours: Mapped[Decimal] = mapped_column(Numeric(6, 1))
    documents: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        UniqueConstraint("month", "employee_sub", name="uq_workload_figures_month_employee_sub"),
        Index("ix_workload_figures_agency_month", "agency", "month"),
    )


class WorkloadThreshold(Base):
    """An agency's own threshold (absent: the service setting)."""

    __tablename__ = "workload_thresholds"

    agency: Mapped[str] = mapped_column(String(200), primary_key=True)
    overtime_hours: Mapped[Decimal] = mapped_column(Numeric(6, 1))
    documents: Mapped[int | None] = mapped_column(Integer)
    updated_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CareTeamMember(Base):
    """A login on an agency's care team (關懷小組)."""

    __tablename__ = "care_team_members"

    agency: Mapped[str] = mapped_column(String(200), primary_key=True)
    member_sub: Mapped[str] = mapped_column(String(200), primary_key=True)
