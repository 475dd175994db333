"""The referral table."""

from __future__ import annotations

from datetime import date, datetime

from carenet_core.db import Base, Instant
from sqlalchemy import Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column


class Referral(Base):
    """轉介 — a case referred to a care resource of the directory, named by the resource's id; the id is
    the client's own UUID, so a phone's resend finds it."""

    __tablename__ = "case_referrals"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    county: Mapped[str] = mapped_column(String(10), index=True)
    resource_id: Mapped[str] = mapped_column(String(64), index=True)
    # what the directory said of the resource when the referral was made (null when it could not be asked)
    resource_name: Mapped[str | None] = mapped_column(String(200))
    resource_county: Mapped[str | None] = mapped_column(String(10))
    resource_categories: Mapped[str | None] = mapped_column(String(300))
    resource_checked: Mapped[bool] = mapped_column(Boolean)
    referred_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(500))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(Instant())
