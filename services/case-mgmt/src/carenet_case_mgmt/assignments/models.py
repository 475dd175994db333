"""The assignment history of cases."""

from __future__ import annotations

from datetime import datetime

from carenet_core.db import Base, Instant
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column


class CaseAssignment(Base):
    """個案指派 — who the case was given to, by whom, when and why (intake, supervisor, transfer)."""

    __tablename__ = "case_assignments"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    from_sub: Mapped[str | None] = mapped_column(String(200))
    to_sub: Mapped[str | None] = mapped_column(String(200), index=True)
    reason: Mapped[str] = mapped_column(Text)
    assigned_at: Mapped[datetime] = mapped_column(Instant())
    assigned_by: Mapped[str] = mapped_column(String(200))
