"""New staff (新進同仁) and their care questionnaires (新進人員關懷問卷)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from carenet_core.db import Base
from sqlalchemy import JSON, Date, DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .rules import Questionnaire


class NewStaff(Base):
    __tablename__ = "new_staff"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    code_name: Mapped[str] = mapped_column(String(20), unique=True)
    employee_ref: Mapped[str] = mapped_column(String(200), unique=True)
    agency: Mapped[str | None] = mapped_column(String(200))
    hire_date: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CheckIn(Base):
    __tablename__ = "check_ins"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    new_staff_id: Mapped[str] = mapped_column(ForeignKey("new_staff.id", ondelete="CASCADE"))
    questionnaire: Mapped[Questionnaire] = mapped_column(String(20))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    submitted_on: Mapped[date] = mapped_column(Date)

    __table_args__ = (UniqueConstraint("new_staff_id", "questionnaire"),)
