"""The discharge-plan table."""

from __future__ import annotations

from datetime import date, datetime

from carenet_core.db import Base, Instant
from sqlalchemy import Boolean, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column


class DischargePlan(Base):
    """出院準備計畫 — uploaded by a hospital; linked to the person's open case or waiting as a pending intake."""

    __tablename__ = "discharge_plans"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[str | None] = mapped_column(ForeignKey("cases.id"), index=True)
    person_key: Mapped[str] = mapped_column(String(64), index=True)
    national_id: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(100))
    hospital: Mapped[str] = mapped_column(String(200))
    county: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20))  # linked | pending_intake
    discharged_at: Mapped[date] = mapped_column(Date)
    uploaded_at: Mapped[datetime] = mapped_column(Instant())
    upload_date: Mapped[date] = mapped_column(Date)
    uploaded_within_14_days: Mapped[bool] = mapped_column(Boolean)
    first_visit_due: Mapped[date] = mapped_column(Date)
    compulsory: Mapped[bool] = mapped_column(Boolean)
    needs_follow_up: Mapped[bool] = mapped_column(Boolean)
    summary: Mapped[str | None] = mapped_column(Text)
    uploaded_by: Mapped[str] = mapped_column(String(200))
    first_visit_id: Mapped[str | None] = mapped_column(String(36))
    first_visit_date: Mapped[date | None] = mapped_column(Date)
    first_visit_within_14_days: Mapped[bool | None] = mapped_column(Boolean)
    discharge_id: Mapped[str | None] = mapped_column(String(36), index=True)  # the notice it links to


class DischargeNotice(Base):
    """出院通知 — a hospital's notice of a discharge, at discharge; a plan with no notice is its own notice.

    One notice per discharge: the person (keyed hash), the hospital and the discharge day.
    """

    __tablename__ = "discharge_notices"
    __table_args__ = (
        UniqueConstraint("person_key", "hospital_key", "discharged_at"),
        Index("ix_discharge_notices_county_missing", "county", "plan_id", "discharged_at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_key: Mapped[str] = mapped_column(String(64))
    national_id: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(100))
    hospital: Mapped[str] = mapped_column(String(200))
    hospital_key: Mapped[str] = mapped_column(String(200))  # rules.normal_hospital(hospital)
    county: Mapped[str] = mapped_column(String(10))
    discharged_at: Mapped[date] = mapped_column(Date)
    compulsory: Mapped[bool] = mapped_column(Boolean)
    needs_follow_up: Mapped[bool] = mapped_column(Boolean)
    source: Mapped[str] = mapped_column(String(10))  # notice | plan
    notified_at: Mapped[datetime] = mapped_column(Instant())
    notified_by: Mapped[str] = mapped_column(String(200))
    plan_id: Mapped[str | None] = mapped_column(String(36))
    plan_upload_date: Mapped[date | None] = mapped_column(Date)
