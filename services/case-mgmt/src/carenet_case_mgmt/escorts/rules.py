"""Escort to hospital (護送就醫) recorded on a case, with why the person was taken (送醫事由).

Seed 001 (001_c9d8afea91fb3f89.txt, 強化精神病人護送就醫及強制治療服務): 「針對緊急護送就醫案件，輔導所轄醫院或
公共衛生護士落實登錄至精神照護資訊管理系統護送就醫單，並分析個案送醫事由，檢討修正處理機制與流程」.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta

REASONS = ("self_harm", "harm_to_others", "acute_psychosis", "refusing_treatment", "physical_illness", "other")
ESCORTED_BY = ("police", "fire", "public_health_nurse", "case_worker", "family", "ambulance", "other")
OUTCOMES = ("admitted", "compulsory_admission", "emergency_only", "refused_by_hospital", "other")


def is_in_future(*, escorted_at: datetime, received_at: datetime, skew_minutes: int = 10) -> bool:
    """An escort time ahead of the server by more than the tolerated clock skew."""
    return escorted_at - received_at > timedelta(minutes=skew_minutes)


def reasons_count(reasons: Iterable[str]) -> dict[str, int]:
    """送醫事由 analysed: escorts per reason, every reason listed."""
    seen = Counter(reasons)
    return {r: seen.get(r, 0) for r in REASONS}
