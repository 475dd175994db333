"""Needs surveys, who has answered one (never which answer), and the unlinked answers.

Who may see what: NeedsSurvey — anyone authenticated (title, year); NeedsSurveyMarker — nobody
through the API (it only stops a second answer); NeedsSurveyResponse — eap_admin, as averages by
gender or disability with groups under the threshold suppressed. A response carries no login, no
time and no agency.
"""

from __future__ import annotations

from datetime import datetime

from carenet_core.db import Base
from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..common import Disability, Gender


class NeedsSurvey(Base):
    __tablename__ = "needs_surveys"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class NeedsSurveyMarker(Base):
    __tablename__ = "needs_survey_markers"

    survey_id: Mapped[str] = mapped_column(ForeignKey("needs_surveys.id", ondelete="CASCADE"), primary_key=True)
    employee_sub: Mapped[str] = mapped_column(String(200), primary_key=True)


class NeedsSurveyResponse(Base):
    __tablename__ = "needs_survey_responses"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    survey_id: Mapped[str] = mapped_column(ForeignKey("needs_surveys.id", ondelete="CASCADE"), index=True)
    gender: Mapped[Gender | None] = mapped_column(String(1))
    disability: Mapped[Disability | None] = mapped_column(String(3))
    needs: Mapped[dict[str, int]] = mapped_column(JSON)
    comment: Mapped[str | None] = mapped_column(Text)
