"""Quarterly counts per care track (精神病人, 自殺企圖者, 自殺死亡者家屬) — pure.

Seed 001 (001_c9d8afea91fb3f89.txt): 「持續提供自殺企圖者及自殺死亡者家屬關懷服務」 — families of suicide
decedents are a track of their own (`bereaved_family`): their cases and visits are counted apart
from the suicide-attempt track, and never enter the psychiatric or suicide audit populations.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from ..tiers.rules import FACE_TO_FACE_METHODS

KINDS = ("psychiatric", "suicide_attempt", "bereaved_family")


@dataclass(frozen=True)
class CaseRow:
    kinds: Sequence[str]
    intake_date: date
    closed_on: date | None


@dataclass(frozen=True)
class VisitRow:
    kinds: Sequence[str]
    method: str
    outcome: str
    seen: str | None


def kind_counts(
    cases: Iterable[CaseRow], visits: Iterable[VisitRow], *, start: date, end: date
) -> dict[str, dict[str, int]]:
    """Per kind: cases opened in [start, end], open on `end`, and the visits of the period (met, not met,
    face-to-face, the person seen). A case or visit of two kinds counts in both."""
    out = {
        k: {
            "cases_opened": 0,
            "cases_open_at_end": 0,
            "visits": 0,
            "met": 0,
            "not_met": 0,
            "face_to_face": 0,
            "person_seen": 0,
        }
        for k in KINDS
    }
    for c in cases:
        for k in set(c.kinds) & set(KINDS):
            if start <= c.intake_date <= end:
                out[k]["cases_opened"] += 1
            if c.intake_date <= end and (c.closed_on is None or c.closed_on > end):
                out[k]["cases_open_at_end"] += 1
    for v in visits:
        for k in set(v.kinds) & set(KINDS):
            row = out[k]
            row["visits"] += 1
            row["met" if v.outcome == "met" else "not_met"] += 1
            row["face_to_face"] += v.method in FACE_TO_FACE_METHODS
            row["person_seen"] += v.seen == "person"
    return out
