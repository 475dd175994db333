"""Query-log records as stored: the subject only as a keyed hash plus its last four characters."""

from __future__ import annotations

import uuid
from datetime import datetime

from carenet_core.db import Base, Instant
from sqlalchemy import Boolean, Index, LargeBinary, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column


class QueryLog(Base):
    """One query of household-registry data (戶役政資料查詢紀錄), with its sampling ticket.

    PostgreSQL: partitioned by month (migration household_audit_0005, `partitions.py`); SQLite: a plain table.
    """

    __tablename__ = "query_logs"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)  # the source system's record id
    county: Mapped[str] = mapped_column(String(10))
    # Asia/Taipei month of queried_at; on PostgreSQL the partition key (one partition per month), hence in the key
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    unit: Mapped[str] = mapped_column(String(50))
    user_id: Mapped[str] = mapped_column(String(100))
    queried_at: Mapped[datetime] = mapped_column(Instant())
    subject_hmac: Mapped[bytes] = mapped_column(LargeBinary(32))
    subject_last4: Mapped[str] = mapped_column(String(4))
    purpose: Mapped[str] = mapped_column(String(500))
    case_ref: Mapped[str | None] = mapped_column(String(100))
    ticket: Mapped[bytes] = mapped_column(LargeBinary(32))
    matches_case: Mapped[bool] = mapped_column(Boolean)
    late: Mapped[bool] = mapped_column(Boolean)  # arrived after the month's sampling was drawn
    received_at: Mapped[datetime] = mapped_column(Instant())

    __table_args__ = (
        # The draw: per unit, the k lowest tickets of the month, read straight off this index.
        Index(
            "ix_query_logs_draw", "county", "month", "unit", "ticket", postgresql_include=["id", "matches_case", "late"]
        ),
    )
