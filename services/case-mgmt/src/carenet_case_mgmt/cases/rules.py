"""Who is a case: the Taiwan national ID (身分證統一編號) and resident certificate (居留證) checks."""

from __future__ import annotations

import re
from enum import StrEnum

# The letter's two-digit code (I, O, W, X, Y, Z out of alphabetical order by history).
LETTER_CODES = {
    "A": 10,
    "B": 11,
    "C": 12,
    "D": 13,
    "E": 14,
    "F": 15,
    "G": 16,
    "H": 17,
    "I": 34,
    "J": 18,
    "K": 19,
    "L": 20,
    "M": 21,
    "N": 22,
    "O": 35,
    "P": 23,
    "Q": 24,
    "R": 25,
    "S": 26,
    "T": 27,
    "U": 28,
    "V": 29,
    "W": 32,
    "X": 30,
    "Y": 31,
    "Z": 33,
}
WEIGHTS = (1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1)

NATIONAL_ID_RE = re.compile(r"^[A-Z][12]\d{8}$")
NEW_RESIDENT_RE = re.compile(r"^[A-Z][89]\d{8}$")  # 新式統一證號 (2021)
OLD_RESIDENT_RE = re.compile(r"^[A-Z][A-D]\d{8}$")  # 舊式居留證號


class IdKind(StrEnum):
    NATIONAL_ID = "national_id"
    RESIDENT_CERTIFICATE = "resident_certificate"


def _checksum_ok(letter: str, digits: list[int]) -> bool:
    code = LETTER_CODES[letter]
    values = [code // 10, code % 10, *digits]
    return sum(v * w for v, w in zip(values, WEIGHTS, strict=True)) % 10 == 0


def identify(raw: str) -> IdKind | None:
    """The kind of a valid national ID or resident certificate number, or None when invalid."""
    value = raw.strip().upper()
    if NATIONAL_ID_RE.match(value) or NEW_RESIDENT_RE.match(value):
        ok = _checksum_ok(value[0], [int(c) for c in value[1:]])
        kind = IdKind.NATIONAL_ID if value[1] in "12" else IdKind.RESIDENT_CERTIFICATE
        return kind if ok else None
    if OLD_RESIDENT_RE.match(value):
        # the old format's second letter counts by the last digit of its code (A→0, B→1, C→2, D→3)
        second = LETTER_CODES[value[1]] % 10
        ok = _checksum_ok(value[0], [second, *(int(c) for c in value[2:])])
        return IdKind.RESIDENT_CERTIFICATE if ok else None
    return None


def is_valid_person_id(raw: str) -> bool:
    return identify(raw) is not None


def with_check_digit(first_nine: str) -> str:
    """Complete a 9-character prefix (letter + 8 digits, new formats) with its check digit (for tests and fixtures)."""
    prefix = first_nine.upper()
    for d in range(10):
        if identify(prefix + str(d)) is not None:
            return prefix + str(d)
    raise ValueError("no check digit fits")


KINDS = ("psychiatric", "suicide_attempt")
SOURCES = (
    "hospital_discharge",
    "compulsory_admission_discharge",
    "suicide_report",
    "hotline_1925",
    "social_referral",
    "labour_referral",
    "education_referral",
    "mental_disability_certificate",
    "police_fire_escort",
    "self_or_family",
    "other",
)
KNOWN_FLAGS = (
    "protective_issue",
    "child_under_6",
    "lives_alone",
    "compulsory_admission",
    "high_risk_family",
    "substitution_therapy",
    "repeat_suicide_attempt",
    "media_reported",
)
SITUATIONS = ("imprisoned", "missing", "lost_contact")


def high_risk_household(household: dict | None) -> list[str]:
    """Why a household is on the conference agenda: main caregiver 65+, or 2+ psychiatric patients."""
    if not household:
        return []
    why = []
    age = household.get("caregiver_age")
    if isinstance(age, int) and age >= 65:
        why.append("caregiver_65_plus")
    patients = household.get("psychiatric_patients")
    if isinstance(patients, int) and patients >= 2:
        why.append("two_or_more_psychiatric_patients")
    return why


def combined_issues(kinds: list[str], flags: list[str]) -> list[str]:
    """Psychiatric + suicide, psychiatric + protective issue (agenda section d)."""
    why = []
    if "psychiatric" in kinds and "suicide_attempt" in kinds:
        why.append("psychiatric_and_suicide")
    if "psychiatric" in kinds and "protective_issue" in flags:
        why.append("psychiatric_and_protective_issue")
    return why
