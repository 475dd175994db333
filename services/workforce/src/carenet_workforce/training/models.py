"""Training records (研習證明) and case reports (個案報告) per staff member."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from carenet_core.db import Base, Instant
from sqlalchemy import Date, ForeignKey, Index, Numeric, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column


class TrainingRecord(Base):
    """A course completed: level, topic, hours (of which case-conference hours), certificate reference."""

    __tablename__ = "training_records"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    staff_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("staff.id", ondelete="CASCADE"))
    course: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(10))
    topic: Mapped[str] = mapped_column(String(50))
    hours: Mapped[Decimal] = mapped_column(Numeric(5, 1))
    case_conference_hours: Mapped[Decimal] = mapped_column(Numeric(5, 1))
    completed_on: Mapped[date] = mapped_column(Date)
    certificate: Mapped[str] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(10))  # manual | import
    created_at: Mapped[datetime] = mapped_column(Instant())
    created_by: Mapped[str] = mapped_column(String(200))

    __table_args__ = (
        # The same certificate for the same topic is one record: a re-imported CSV adds nothing.
        UniqueConstraint("staff_id", "certificate", "topic", name="uq_training_records_certificate_topic"),
        Index("ix_training_records_staff_completed", "staff_id", "completed_on"),
    )


class CaseReport(Base):
    """個案報告 — a case report submitted by a staff member (advanced curriculum: at least one a year)."""

    __tablename__ = "case_reports"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    staff_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("staff.id", ondelete="CASCADE"))
    submitted_on: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(Instant())
    created_by: Mapped[str] = mapped_column(String(200))

    __table_args__ = (Index("ix_case_reports_staff_submitted", "staff_id", "submitted_on"),)
