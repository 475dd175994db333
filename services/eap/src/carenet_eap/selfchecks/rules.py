"""BSRS-5 簡式健康量表 ("mood thermometer"): total, band, and whether to recommend referral."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

ITEM_MIN, ITEM_MAX, ITEM_COUNT = 0, 4, 5
IDEATION_REFER_AT = 2


class Band(StrEnum):
    NORMAL = "normal"  # 0–5 身心適應狀況良好
    MILD = "mild"  # 6–9 輕度情緒困擾
    MODERATE = "moderate"  # 10–14 中度情緒困擾
    SEVERE = "severe"  # ≥ 15 重度情緒困擾


def bsrs5_total(items: Sequence[int]) -> int:
    """The sum of the five items (the suicide-ideation item is scored apart)."""
    if len(items) != ITEM_COUNT or any(not ITEM_MIN <= i <= ITEM_MAX for i in items):
        raise ValueError("BSRS-5 needs five items scored 0–4")
    return sum(items)


def bsrs5_band(total: int) -> Band:
    """Domain rules §3: 0–5 normal, 6–9 mild, 10–14 moderate, ≥ 15 severe."""
    if total <= 5:
        return Band.NORMAL
    if total <= 9:
        return Band.MILD
    if total <= 14:
        return Band.MODERATE
    return Band.SEVERE


def bsrs5_refer(total: int, suicide_ideation: int) -> bool:
    """Refer when ideation ≥ 2 whatever the total, or when the band is moderate or severe."""
    return suicide_ideation >= IDEATION_REFER_AT or bsrs5_band(total) in (Band.MODERATE, Band.SEVERE)
