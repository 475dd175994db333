"""The employee's inbox (提示訊息): EAP information messages addressed to one employee.

Who may see it: the addressed employee alone (their login `sub`). No other role reads it —
eap_admin, counsellors and the HR system included — and whether it was read is never reported
to anyone (no event, no statistic).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from carenet_core.db import Base
from sqlalchemy import Boolean, DateTime, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

MessageKind = Literal["eap_info", "care_offer"]


class Message(Base):
    __tablename__ = "messages"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    employee_sub: Mapped[str] = mapped_column(String(200))
    kind: Mapped[MessageKind] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    bsrs5_invite: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_messages_employee_sub_created_at", "employee_sub", "created_at"),)
