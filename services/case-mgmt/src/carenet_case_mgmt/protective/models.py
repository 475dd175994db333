"""The protective-issue assignment table."""

from __future__ import annotations

from datetime import datetime

from carenet_core.db import Base, Instant
from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column


class ProtectiveAssignment(Base):
    """心理衛生社工收案 — a protective-issue case held by a mental-health social worker until their closure."""

    __tablename__ = "protective_assignments"
    __table_args__ = (
        Index(
            "uq_protective_open_case",
            "case_id",
            unique=True,
            postgresql_where=text("closed_at IS NULL"),
            sqlite_where=text("closed_at IS NULL"),
        ),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    social_worker: Mapped[str] = mapped_column(String(200))
    issue: Mapped[str] = mapped_column(String(50))
    reason: Mapped[str | None] = mapped_column(Text)
    assigned_by: Mapped[str] = mapped_column(String(200))
    assigned_at: Mapped[datetime] = mapped_column(Instant())
    closed_at: Mapped[datetime | None] = mapped_column(Instant())
    closed_by: Mapped[str | None] = mapped_column(String(200))
    close_reason: Mapped[str | None] = mapped_column(Text)
