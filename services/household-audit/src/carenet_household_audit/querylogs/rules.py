"""Pure rules of a query-log record (戶役政資料查詢紀錄): validation, subject protection, masking.

Validation is record by record: one bad record is rejected with a reason (never echoing the
national ID) and the good ones of the same batch are kept.
"""

from __future__ import annotations

import hashlib
import hmac
import re
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
UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


# letter → its two-digit code's weighted contribution (tens × 1 + units × 9)
_LETTER_SUM = {c: v // 10 + (v % 10) * 9 for c, v in LETTER_CODES.items()}


def valid_national_id(value: str) -> bool:
    """Taiwan national ID / resident certificate number with its check digit (seed format A123456789)."""
    if len(value) != 10:
        return False
    if RESIDENT_OLD_RE.match(value):
        return True
    if not (NATIONAL_ID_RE.match(value) or RESIDENT_NEW_RE.match(value)):
        return False
    d = value.encode()
    # weights 8 7 6 5 4 3 2 1 1 over the nine digits (ASCII '0' = 48; the 48s sum to 48 × 37)
    total = (
        _LETTER_SUM[value[0]]
        + 8 * d[1]
        + 7 * d[2]
        + 6 * d[3]
        + 5 * d[4]
        + 4 * d[5]
        + 3 * d[6]
        + 2 * d[7]
        + d[8]
        + d[9]
        - 48 * 37
    )
    return total % 10 == 0


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
    if type(v) is str and 0 < len(v) <= MAX_TEXT[name] and not v[0].isspace() and not v[-1].isspace():
        return v  # the common case, without copying
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
    if not isinstance(rid, str) or not UUID_RE.match(rid):
        raise ValueError("id must be a UUID (8-4-4-4-12 hex)")
    rid = rid.lower()
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
    # "+08:00" is Taipei time already: the month is in the text
    month = qa[:7] if qa.endswith("+08:00") and qa[4] == "-" else month_of(queried_at)
    return CleanRecord(
        id=rid,
        unit=unit,
        county=county,
        user_id=user_id,
        queried_at=queried_at,
        month=month,
        subject_national_id=nid,
        purpose=purpose,
        case_ref=case_ref,
    )
