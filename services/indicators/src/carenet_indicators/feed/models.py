"""Projections of case-mgmt's feed: only the ids, dates and outcomes the indicators need.

Every row remembers the feed `seq` that last wrote it, so a replayed older event never
overwrites a newer one (and a replay of the same event changes nothing).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from carenet_core.db import Base
from sqlalchemy import BigInteger, Boolean, Date, DateTime, Index, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column


class CaseProjection(Base):
    """個案 — a case as case-mgmt announced it (no names, no national IDs)."""

    __tablename__ = "proj_cases"

    case_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    county: Mapped[str] = mapped_column(String(10))
    district: Mapped[str | None] = mapped_column(String(50))
    is_psychiatric: Mapped[bool] = mapped_column(Boolean, default=False)
    is_suicide: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str | None] = mapped_column(String(60))
    intake_date: Mapped[date | None] = mapped_column(Date)
    tier: Mapped[int | None] = mapped_column(Integer)
    closed_on: Mapped[date | None] = mapped_column(Date)
    seq: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (Index("ix_proj_cases_county_intake", "county", "intake_date"),)


class TierChangeProjection(Base):
    """分級異動 — a tier change (keyed by case and instant: the event carries no id of its own)."""

    __tablename__ = "proj_tier_changes"

    case_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    changed_at: Mapped[str] = mapped_column(String(40), primary_key=True)
    county: Mapped[str] = mapped_column(String(10))
    from_tier: Mapped[int | None] = mapped_column(Integer)
    to_tier: Mapped[int] = mapped_column(Integer)
    visit_id: Mapped[str | None] = mapped_column(String(64))
    seq: Mapped[int] = mapped_column(BigInteger)


class VisitProjection(Base):
    """訪視 — one visit (met or not met); `visit.updated` replaces it."""

    __tablename__ = "proj_visits"

    visit_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    case_id: Mapped[str] = mapped_column(String(64))
    county: Mapped[str] = mapped_column(String(10))
    district: Mapped[str | None] = mapped_column(String(50))
    is_psychiatric: Mapped[bool] = mapped_column(Boolean, default=False)
    is_suicide: Mapped[bool] = mapped_column(Boolean, default=False)
    visit_date: Mapped[date] = mapped_column(Date)
    method: Mapped[str | None] = mapped_column(String(30))
    outcome: Mapped[str] = mapped_column(String(10))
    face_to_face: Mapped[bool] = mapped_column(Boolean, default=False)
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    seq: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (
        Index("ix_proj_visits_county_date", "county", "visit_date"),
        Index("ix_proj_visits_case_date", "case_id", "visit_date"),
    )


class DischargeProjection(Base):
    """出院通知 — a discharge as the hospital notified it (`discharge.notified`), or, for a plan that
    arrived with no notice, the discharge the plan describes (`from_plan`, seq 0: any notice replaces it)."""

    __tablename__ = "proj_discharges"

    discharge_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    county: Mapped[str] = mapped_column(String(10))
    hospital: Mapped[str | None] = mapped_column(String(100))
    discharged_at: Mapped[date] = mapped_column(Date)
    plan_due: Mapped[date] = mapped_column(Date)  # discharged_at + 14 days (出院後2星期內)
    needs_follow_up: Mapped[bool] = mapped_column(Boolean)
    compulsory: Mapped[bool] = mapped_column(Boolean, default=False)
    notified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    from_plan: Mapped[bool] = mapped_column(Boolean, default=False)
    seq: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (Index("ix_proj_discharges_county_discharged", "county", "discharged_at"),)


class DischargePlanProjection(Base):
    """出院準備計畫 — upload timeliness and the first visit after upload."""

    __tablename__ = "proj_discharge_plans"

    plan_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    case_id: Mapped[str | None] = mapped_column(String(64))
    county: Mapped[str] = mapped_column(String(10))
    discharged_at: Mapped[date | None] = mapped_column(Date)
    upload_date: Mapped[date | None] = mapped_column(Date)
    uploaded_within_14_days: Mapped[bool | None] = mapped_column(Boolean)
    first_visit_due: Mapped[date | None] = mapped_column(Date)
    first_visit_id: Mapped[str | None] = mapped_column(String(64))
    first_visit_date: Mapped[date | None] = mapped_column(Date)
    first_visit_within_14_days: Mapped[bool | None] = mapped_column(Boolean)
    discharge_id: Mapped[str | None] = mapped_column(String(64))  # the notice it links to
    needs_follow_up: Mapped[bool | None] = mapped_column(Boolean)  # None: an event from before wave 2
    seq: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (
        Index("ix_proj_discharge_plans_discharge", "discharge_id"),
        Index("ix_proj_discharge_plans_county_discharged", "county", "discharged_at"),
        Index("ix_proj_discharge_plans_county_upload", "county", "upload_date"),
    )


class ConferenceProjection(Base):
    """個案管理會議 — a case-management conference held."""

    __tablename__ = "proj_conferences"

    conference_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    county: Mapped[str] = mapped_column(String(10))
    month: Mapped[str | None] = mapped_column(String(7))
    held_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))
    # seed 001 p.53 外部專家督導: only a conference with an external expert counts; None = before wave 2
    has_external_expert: Mapped[bool | None] = mapped_column(Boolean)
    seq: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (Index("ix_proj_conferences_county_held", "county", "held_on"),)


class IncidentProjection(Base):
    """重大事件 — a media-reported incident, filicide-suicide or group suicide, with its two deadlines."""

    __tablename__ = "proj_incidents"

    incident_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    case_id: Mapped[str | None] = mapped_column(String(64))
    county: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(30))  # media_reported | filicide_suicide | group_suicide
    occurred_on: Mapped[date] = mapped_column(Date)
    flash_report_due: Mapped[date | None] = mapped_column(Date)
    conference_due: Mapped[date | None] = mapped_column(Date)
    flash_report_filed_on: Mapped[date | None] = mapped_column(Date)
    flash_report_on_time: Mapped[bool | None] = mapped_column(Boolean)
    conference_held_on: Mapped[date | None] = mapped_column(Date)
    conference_on_time: Mapped[bool | None] = mapped_column(Boolean)
    conference_id: Mapped[str | None] = mapped_column(String(64))
    seq: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (Index("ix_proj_incidents_county_occurred", "county", "occurred_on"),)


class VisitAuditProjection(Base):
    """訪視紀錄稽核 抽樣 — a quarter's audit draw."""

    __tablename__ = "proj_visit_audits"

    audit_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    county: Mapped[str] = mapped_column(String(10))
    quarter: Mapped[str] = mapped_column(String(7))
    kind: Mapped[str] = mapped_column(String(20))
    population: Mapped[int | None] = mapped_column(Integer)
    sample_size: Mapped[int | None] = mapped_column(Integer)
    rate: Mapped[Decimal | None] = mapped_column(Numeric(8, 4))
    seq: Mapped[int] = mapped_column(BigInteger)


class VisitAuditRecordProjection(Base):
    """One audited visit record (the numerator of the audit rate)."""

    __tablename__ = "proj_visit_audit_records"

    audit_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    visit_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    county: Mapped[str] = mapped_column(String(10))
    quarter: Mapped[str] = mapped_column(String(7))
    kind: Mapped[str] = mapped_column(String(20))
    result: Mapped[str | None] = mapped_column(String(40))
    seq: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (Index("ix_proj_visit_audit_records_county_quarter", "county", "quarter"),)


class FeedStatus(Base):
    """How fresh the projections are: the last time the feed was read to its end (the scores' `as_of`)."""

    __tablename__ = "feed_status"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    caught_up_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_event_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    last_error_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
