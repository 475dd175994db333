"""Proactive care offers (主動關懷邀請) addressed to one employee.

Who may see it: the addressed employee alone (their own offers, by their login `sub`). Neither the
agency or HR that raised the sign nor eap_admin reads an offer or its answer; an offer the
employee accepts becomes a referral, and from then on the referral's rules apply (the agency
learns the outcome only if the employee agrees to share it).
"""

from __future__ import annotations

from datetime import datetime

from carenet_core.db import Base
from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from ..common import Kind
from .rules import CareTrigger, OfferStatus


class CareOffer(Base):
    __tablename__ = "care_offers"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    source_id: Mapped[str] = mapped_column(String(200), unique=True)
    employee_sub: Mapped[str] = mapped_column(String(200), index=True)
    agency: Mapped[str | None] = mapped_column(String(200))
    trigger: Mapped[CareTrigger] = mapped_column(String(40))
    kind: Mapped[Kind] = mapped_column(String(20))
    status: Mapped[OfferStatus] = mapped_column(String(20))
    referral_id: Mapped[str | None] = mapped_column(String(36))
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
