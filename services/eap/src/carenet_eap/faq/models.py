"""The curated FAQ of the assistant (常見問答) and its revision history.

Who may see it: FaqEntry's active entries are public content (anyone, anonymous included, through
`GET /v1/faq`); the full entries, inactive ones and FaqRevision are for eap_admin, who alone edits
them. Neither table holds personal data, and no question anyone asks is stored, with or without
who asked.
"""

from __future__ import annotations

from datetime import datetime

from carenet_core.db import Base
from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column


class FaqEntry(Base):
    """One question and its answer, with the source it was written from; `version` is its ETag."""

    __tablename__ = "faq_entries"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    question: Mapped[str] = mapped_column(String(300))
    answer: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(300))
    keywords: Mapped[list[str]] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[str] = mapped_column(String(200))


class FaqRevision(Base):
    """An entry as it was at one version (every create, edit and withdrawal leaves one)."""

    __tablename__ = "faq_revisions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    entry_id: Mapped[str] = mapped_column(ForeignKey("faq_entries.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    question: Mapped[str] = mapped_column(String(300))
    answer: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(300))
    keywords: Mapped[list[str]] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(Boolean)
    changed_by: Mapped[str] = mapped_column(String(200))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_faq_revisions_entry_id_version", "entry_id", "version", unique=True),)
