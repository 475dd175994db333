"""Dates and flags the projections derive from case-mgmt's events (pure).

seed 001_c9d8afea91fb3f89.txt p.54, 計算公式 1: 「(出院後2星期內上傳出院準備計畫之精神病人數/出院之精神病人數)
X 100%」 — the denominator is every discharge needing community follow-up, the numerator those
whose plan was uploaded 「出院後2星期內」 (on or before the 14th day after discharge).
"""

from __future__ import annotations

from datetime import date, timedelta

PLAN_UPLOAD_DAYS = 14  # 出院後2星期內


def plan_upload_due(discharged_at: date) -> date:
    """The last day a discharge plan counts as uploaded in time (discharge day + 14)."""
    return discharged_at + timedelta(days=PLAN_UPLOAD_DAYS)


def own_notice_id(plan_id: str) -> str:
    """The notice id of a plan that arrived with no notice: the discharge it describes (its own notice)."""
    return f"plan:{plan_id}"


def needs_follow_up(notice: bool, plan_flags: list[bool | None]) -> bool:
    """Whether a discharge is in the upload indicator: a plan's own flag (the hospital's later word)
    decides when a plan says so; otherwise the notice's."""
    said = [f for f in plan_flags if f is not None]
    if said:
        return any(said)
    return notice
