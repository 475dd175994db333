"""Discharge plans (出院準備計畫): upload within 14 days of discharge, first visit within 14 days of upload."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

UPLOAD_WITHIN_DAYS = 14  # seed 001: 醫院需於個案出院後兩週內上傳出院準備計畫
FIRST_VISIT_WITHIN_DAYS = 14  # seed 001: 上傳後，兩週內完成訪視評估


def uploaded_within_14_days(*, discharged_on: date, upload_date: date) -> bool:
    return (upload_date - discharged_on).days <= UPLOAD_WITHIN_DAYS


def first_visit_due(upload_date: date) -> date:
    return upload_date + timedelta(days=FIRST_VISIT_WITHIN_DAYS)


def first_visit_within_14_days(*, upload_date: date, visit_date: date) -> bool:
    return visit_date <= first_visit_due(upload_date)


def first_visit(*, discharged_on: date, visits: Iterable[tuple[str, date, str]]) -> tuple[str, date] | None:
    """The first visit assessment after discharge: the earliest `met` visit on or after the discharge day.

    `visits` are (id, visit_date, outcome); ties go to the smaller id so the answer is stable.
    """
    met = sorted((d, i) for i, d, outcome in visits if outcome == "met" and d >= discharged_on)
    return (met[0][1], met[0][0]) if met else None
