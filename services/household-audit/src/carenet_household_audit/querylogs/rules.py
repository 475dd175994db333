"""Pure rules of a query-log record (戶役政資料查詢紀錄): validation, subject protection, masking.

Validation is record by record: one bad record is rejected with a reason (never echoing the
national ID) and the good ones of the same batch are kept.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ..sampling.rules import month_of

NATIONAL_ID_RE = re.compile(r"^[A-Z][12]\d{8}$")
# New-style resident certificates (8/9 as second character) share the check digit; old-style ARCs
# (second character A–D) are accepted on shape alone.
RESIDENT_NEW_RE = re.compile(r"^[A-Z][89]\d{8}$")
RESIDENT_OLD_RE = re.compile(r"^[A-Z][A-D]\d{8}$")
LETTER_CODES = {c: v for c, v in zip("ABCDEFGHJKLMNPQRSTUVXYWZIO", range(10, 36), strict=True)}
MAX_TEXT = {"user_id": 100, "purpose": 500, "case_ref": 100, "unit": 50, "county": 10}
CLOCK_SKEW = timedelta(minutes=10)


def valid_national_id(value: str) -> bool:
    """Taiwan national ID / resident certificate number with its check digit (seed format A123456789)."""
    if RESIDENT_OLD_RE.match(value):
        return True
    if not (NATIONAL_ID_RE.match(value) or RESIDENT_NEW_RE.match(value)):
        return False
    code = LETTER_CODES[value[0]]
    digits = [code // 10, code % 10] + [int(c) for c in value[1:]]
    weights = [1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1]
    return sum(d * w for d, w in zip(digits, weights, strict=True)) % 10 == 0


def subject_hmac(key: bytes, national_id: str) -> bytes:
    """The keyed hash under which a subject is matched (HMAC-SHA-256; the ID itself is never stored)."""
    return hmac.new(key, national_id.encode(), hashlib.sha256).digest()


def mask_subject(last4: str | None) -> str:
    """What people see of a subject: the last four characters only (`******6789`)."""
    return "******" + (last4 or "????")


@dataclass(frozen=True, slots=True)
class CleanRecord:
    id: str
    unit: str
    county: str
    user_id: str
    queried_at: datetime
    month: str
    subject_national_id: str
    purpose: str
    case_ref: str | None


def _text(raw: dict[str, Any], name: str, *, required: bool = True) -> str | None:
    v = raw.get(name)
    if v is None or (isinstance(v, str) and not v.strip()):
        if required:
            raise ValueError(f"{name} is required")
        return None
    if not isinstance(v, str):
        raise ValueError(f"{name} must be a string")
    v = v.strip()
    if len(v) > MAX_TEXT[name]:
        raise ValueError(f"{name} is longer than {MAX_TEXT[name]} characters")
    return v


def clean_record(raw: Any, *, unit_counties: dict[str, str], now: datetime) -> CleanRecord:
    """A validated record, or ValueError with a reason fit to send back (no national ID in it)."""
    if not isinstance(raw, dict):
        raise ValueError("record must be an object")
    rid = raw.get("id")
    try:
        rid = str(uuid.UUID(str(rid))) if isinstance(rid, str) else None
    except ValueError:
        rid = None
    if rid is None:
        raise ValueError("id must be a UUID")
    unit = _text(raw, "unit")
    county = _text(raw, "county")
    assert unit is not None and county is not None
    registered = unit_counties.get(unit)
    if registered is None:
        raise ValueError(f"unknown unit '{unit}' (register it first)")
    if registered != county:
        raise ValueError(f"unit '{unit}' is registered in {registered}, not {county}")
    user_id = _text(raw, "user_id")
    assert user_id is not None
    qa = raw.get("queried_at")
    if not isinstance(qa, str):
        raise ValueError("queried_at is required (RFC 3339 with offset)")
    try:
        queried_at = datetime.fromisoformat(qa)
    except ValueError:
        raise ValueError("queried_at is not an RFC 3339 instant") from None
    if queried_at.tzinfo is None:
        raise ValueError("queried_at needs an offset (e.g. +08:00)")
    if queried_at > now + CLOCK_SKEW:
        raise ValueError("queried_at is in the future")
    nid = raw.get("subject_national_id")
    if not isinstance(nid, str) or not nid.strip():
        raise ValueError("subject_national_id is required")
    nid = nid.strip().upper()
    if not valid_national_id(nid):
        raise ValueError("subject_national_id is not a valid national ID")
    purpose = _text(raw, "purpose")
    assert purpose is not None
    case_ref = _text(raw, "case_ref", required=False)
    return CleanRecord(id=rid, unit=unit, county=county, user_id=user_id, queried_at=queried_at,
                       month=month_of(queried_at), subject_national_id=nid, purpose=purpose, case_ref=case_ref)
