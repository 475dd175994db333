"""Words for people: the API's codes (`psychiatric`, `face_to_face_home`, a fact's value) in Traditional Chinese."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from .dates import roc

KINDS = {"psychiatric": "精神", "suicide_attempt": "自殺企圖"}
METHODS = {"face_to_face_home": "家訪", "face_to_face_other": "面訪（其他地點）", "phone": "電話", "video": "視訊"}
INCIDENTS = {"media_reported": "媒體報導", "filicide_suicide": "攜子自殺", "group_suicide": "集體自殺"}
FACT_KEYS = {
    "consecutive_not_met": "連續未遇次數",
    "reasons": "原因",
    "why": "原因",
    "next_visit_due": "應訪日",
    "overdue": "逾期",
    "days_overdue": "逾期天數",
    "last_visit_date": "最近訪視",
    "caregiver_age": "照顧者年齡",
    "psychiatric_patients": "家中精神病人數",
    "intake_date": "收案日",
    "tier": "級數",
}
CODES = {
    **KINDS,
    "consecutive_not_met": "連續訪視未遇",
    "caregiver_65_plus": "照顧者65歲以上",
    "psychiatric_and_suicide": "精神合併自殺企圖",
    "psychiatric_and_protective_issue": "精神合併保護議題",
    "protective_issue": "保護議題",
    "domestic_violence": "家庭暴力",
    "child_protection": "兒少保護",
    "sexual_assault": "性侵害",
    "new_report_on_open_case": "開案中再次通報",
    "reported_again_after_closure": "結案後再次通報",
    "flagged_re_reported": "標記為再次通報",
}
EAP_VALUES = {
    "psychological": "心理",
    "legal": "法律",
    "financial": "財務",
    "medical": "醫療",
    "management": "管理",
    "career": "職涯",
    "F": "女",
    "M": "男",
    "X": "其他",
    "in_person": "面談",
    "video": "視訊",
    "phone": "電話",
}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def kinds(values: list[str]) -> str:
    return "、".join(KINDS.get(v, v) for v in values)


def method(value: str) -> str:
    return METHODS.get(value, value)


def incident(value: str) -> str:
    return INCIDENTS.get(value, value)


def fact_key(key: str) -> str:
    return FACT_KEYS.get(key, key)


def fact_value(value: object) -> Markup:
    """A fact of an agenda entry: dates in ROC, yes/no, lists joined, nothing as a dash."""
    if value is None:
        return Markup("—")
    if isinstance(value, bool):
        return Markup("是" if value else "否")
    if isinstance(value, str) and _DATE.match(value):
        return roc(value)
    if isinstance(value, list):
        return Markup("、").join(fact_value(v) for v in value)
    if isinstance(value, str):
        return escape(CODES.get(value, value))
    return escape(str(value))


def eap_value(value: object) -> str:
    """A statistics cell's dimension value in words (unknown values as they are)."""
    return EAP_VALUES.get(str(value), str(value)) if value is not None else "—"


def mask_id(national_id: str) -> str:
    """A national ID on screen as the worklist shows it (`A12****789`): enough to tell two people apart."""
    return national_id if "*" in national_id or len(national_id) < 7 else national_id[:3] + "****" + national_id[-3:]


def case_status(value: str) -> str:
    return {"open": "開案中", "closed": "已結案"}.get(value, value)
