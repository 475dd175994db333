"""BSRS-5 results: anonymous by default (month, band, refer); linked to a login only when asked."""

from __future__ import annotations

from carenet_core.db import Base
from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column


class SelfCheckResult(Base):
    """One self-check. Who may see it: nobody row by row — eap_admin sees suppressed counts (month, band,
    agency code), and the person sees the results they asked to keep (`subject_sub`)."""

    __tablename__ = "self_check_results"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), index=True)
    total: Mapped[int] = mapped_column(Integer)
    suicide_ideation: Mapped[int] = mapped_column(Integer)
    band: Mapped[str] = mapped_column(String(10))
    refer: Mapped[bool] = mapped_column(Boolean)
    subject_sub: Mapped[str | None] = mapped_column(String(200))
    # Optional agency code the person chose to give; reported only as suppressed aggregates.
    agency_code: Mapped[str | None] = mapped_column(String(50))
