"""Tables of the quarterly visit-record audit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from carenet_core.db import Base, Instant
from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column


class VisitAudit(Base):
    """訪視紀錄稽核 — one quarter's draw for one county and kind, reproducible from `seed` and `population_ids`."""

    __tablename__ = "visit_audits"
    __table_args__ = (UniqueConstraint("county", "quarter", "kind"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    county: Mapped[str] = mapped_column(String(10))
    quarter: Mapped[str] = mapped_column(String(7))
    kind: Mapped[str] = mapped_column(String(20))
    seed: Mapped[str] = mapped_column(String(64))
    population: Mapped[int] = mapped_column(Integer)
    population_ids: Mapped[Any] = mapped_column(JSON)
    rate: Mapped[str] = mapped_column(String(10))
    sample_size: Mapped[int] = mapped_column(Integer)
    drawn_at: Mapped[datetime] = mapped_column(Instant())
    drawn_by: Mapped[str] = mapped_column(String(200))


class VisitAuditSample(Base):
    """One drawn visit record and, once audited, its result."""

    __tablename__ = "visit_audit_samples"
    __table_args__ = (UniqueConstraint("audit_id", "visit_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    audit_id: Mapped[str] = mapped_column(ForeignKey("visit_audits.id"), index=True)
    visit_id: Mapped[str] = mapped_column(String(36))
    position: Mapped[int] = mapped_column(Integer)
    supplement_id: Mapped[str | None] = mapped_column(String(36), index=True)  # None: the quarter's first draw
    result: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str | None] = mapped_column(String(200))
    recorded_at: Mapped[datetime | None] = mapped_column(Instant())


class VisitAuditSupplement(Base):
    """補充抽查 — records of an audited quarter uploaded after its draw, drawn at the audit's rate."""

    __tablename__ = "visit_audit_supplements"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    audit_id: Mapped[str] = mapped_column(ForeignKey("visit_audits.id"), index=True)
    seed: Mapped[str] = mapped_column(String(64))
    population: Mapped[int] = mapped_column(Integer)
    population_ids: Mapped[Any] = mapped_column(JSON)
    rate: Mapped[str] = mapped_column(String(10))
    sample_size: Mapped[int] = mapped_column(Integer)
    drawn_at: Mapped[datetime] = mapped_column(Instant())
    drawn_by: Mapped[str] = mapped_column(String(200))
