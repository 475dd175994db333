"""HR events received from the HR and attendance system — an idempotency ledger, nothing more.

Who may see it: nobody through the API. The `system` role writes it and reads nothing back; HR
never learns whether the employee read, answered or booked. It holds no employee reference: the
message it caused sits in the employee's own inbox (messages.Message).
"""

from __future__ import annotations

from datetime import date, datetime

from carenet_core.db import Base
from sqlalchemy import Date, DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from .rules import HrEventKind


class HrEvent(Base):
    """One HR event by its source id (the HR system's own id): the same id again changes nothing."""

    __tablename__ = "hr_events"

    source_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    kind: Mapped[HrEventKind] = mapped_column(String(30))
    agency: Mapped[str | None] = mapped_column(String(200))
    occurred_on: Mapped[date] = mapped_column(Date)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
