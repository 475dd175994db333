"""Discharge plans (出院準備計畫): upload within 14 days of discharge, first visit within 14 days of upload.

seed 001 (001_c9d8afea91fb3f89.txt): 「經醫院評估出院後有社區追蹤關懷需求之精神疾病個案，醫院需於個案
出院後兩週內上傳出院準備計畫」 and the indicator 「(出院後2星期內上傳出院準備計畫之精神病人數/出院之
精神病人數) X 100%」 — the denominator is the discharges, so a hospital notifies each discharge
(the notice) and the plan links to it; a county audits hospitals on plans missing after 14 days
(「列入醫院督導考核項目」).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

UPLOAD_WITHIN_DAYS = 14  # seed 001: 醫院需於個案出院後兩週內上傳出院準備計畫
FIRST_VISIT_WITHIN_DAYS = 14  # seed 001: 上傳後，兩週內完成訪視評估


def uploaded_within_14_days(*, discharged_on: date, upload_date: date) -> bool:
    return (upload_date - discharged_on).days <= UPLOAD_WITHIN_DAYS


def plan_missing(*, discharged_on: date, plan_upload_date: date | None, today: date) -> bool:
    """No plan, and the 14 days after discharge are over."""
    return plan_upload_date is None and (today - discharged_on).days > UPLOAD_WITHIN_DAYS


def normal_hospital(name: str) -> str:
    """A hospital's name as matched: whitespace removed, 台 read as 臺 (臺北/台北).

    A plan belongs to a notice when the person (keyed hash), this form of the hospital's name and the
    discharge day all match; any other difference is another discharge.
    """
    return "".join(name.split()).replace("台", "臺")


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
