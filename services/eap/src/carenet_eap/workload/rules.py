"""Workload care (同仁工作負荷關懷機制): monthly figures, who is above the agency's threshold, bands.

Seed 002 (四（四）8): 「建立同仁工作負荷關懷機制：各機關定期統計所屬員工各項工作指標(含加班時數、
公文量等)，並作成分析與建議，提供各機關作為人力配置、職務調整或工作分配之參考，並由各機關關懷小組
針對工作負荷量較大之同仁適時予以關懷與協助。」
The agency's analysis is aggregates; the names of those above the threshold go to that agency's
care team (關懷小組) alone, to reach out to.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

OVERTIME_BANDS = ("under_20h", "20_to_46h", "over_46h")


@dataclass(frozen=True)
class Threshold:
    overtime_hours: Decimal
    documents: int | None = None  # None: the document count alone never puts anyone on the list


def above_threshold(overtime_hours: Decimal, documents: int, threshold: Threshold) -> bool:
    """Whether a month's figures put a person on the care team's list (more overtime, or more documents)."""
    if overtime_hours > threshold.overtime_hours:
        return True
    return threshold.documents is not None and documents > threshold.documents


def overtime_band(hours: Decimal) -> str:
    """The band of a month's overtime hours for the agency's aggregates."""
    if hours < 20:
        return "under_20h"
    if hours <= 46:
        return "20_to_46h"
    return "over_46h"
