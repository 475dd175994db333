"""Group counselling after an incident (團體諮商) for one agency: a hard capacity, attendance, satisfaction.

Seed 002 (四（四）7 暖心陪伴渡危機): 「於危機事件發生時…適時提供團體諮商或心理衛生相關課程，協助機關
成員釋放壓力及提升危機辨識與應變能力」; (四（四）1（2）): 「針對攻擊或自傷傾向等情形員工，提供機關團體
諮商」; (四（五）3（1）): 「接受諮詢(商)服務之個別及團體申請人滿意度調查」.
Statistics count group sessions apart from individual counselling.
"""

from __future__ import annotations


def has_seat(taken: int, capacity: int) -> bool:
    """Whether one more participant fits (the capacity is hard: no waitlist for a group session)."""
    return taken < capacity


def may_join(session_agency: str, caller_agency: str | None) -> bool:
    """A group session after an incident is for the staff of the agency it is held for."""
    return caller_agency is not None and caller_agency == session_agency
