"""Agency referrals (非自願個案): they exist without a booking until the employee consents."""

from __future__ import annotations

from datetime import datetime

from carenet_core.db import Base
from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..common import Kind


class Referral(Base):
    __tablename__ = "referrals"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    code_name: Mapped[str] = mapped_column(String(20), unique=True)
    employee_ref: Mapped[str] = mapped_column(String(200), index=True)
    agency: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    kind: Mapped[Kind] = mapped_column(String(20))
    crisis: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(20))  # pending | consented | declined | attended
    share_outcome: Mapped[bool] = mapped_column(Boolean, default=False)
    booking_id: Mapped[str | None] = mapped_column(String(36))
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    responded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SupervisorFeedback(Base):
    """The referring supervisor's view of the effect on work (seed 002 滿意度調查 (2))."""

    __tablename__ = "supervisor_feedback"

    referral_id: Mapped[str] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"), primary_key=True)
    work_effect: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
