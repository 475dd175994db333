"""The transfer table."""

from __future__ import annotations

from datetime import datetime

from carenet_core.db import Base, Instant
from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column


class Transfer(Base):
    """轉介 — a case offered to another county; the sender stays responsible until acceptance."""

    __tablename__ = "transfers"
    __table_args__ = (
        Index(
            "uq_transfers_open_case",
            "case_id",
            unique=True,
            postgresql_where=text("state = 'offered'"),
            sqlite_where=text("state = 'offered'"),
        ),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    from_county: Mapped[str] = mapped_column(String(10))
    from_district: Mapped[str] = mapped_column(String(50))
    to_county: Mapped[str] = mapped_column(String(10), index=True)
    to_district: Mapped[str | None] = mapped_column(String(50))
    reason: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20))  # offered | accepted | rejected | revoked | expired
    offered_at: Mapped[datetime] = mapped_column(Instant())
    offered_by: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime] = mapped_column(Instant())
    decided_at: Mapped[datetime | None] = mapped_column(Instant())
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decision_note: Mapped[str | None] = mapped_column(Text)
