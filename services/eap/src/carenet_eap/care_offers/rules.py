"""Proactive care (主動關懷) as a consent-first offer: which signs trigger an offer, what an answer does.

Seed 002 (三、方案導入 › 3.（5）A): 「針對在職場適應或工作表現不佳(如考績連續 3年乙等、經法院強制
扣薪、受懲處)、執行職務意外致傷或涉及職務、生活變動之人員，主動進行關懷」.
Reaching out is an offer to the employee, never a referral behind their back: only an offer the
employee accepts becomes a (consented) referral; a declined or unanswered one leads nowhere.
"""

from __future__ import annotations

from typing import Literal

CareTrigger = Literal[
    "appraisal_grade_b_three_years",  # 考績連續3年乙等
    "court_wage_garnishment",  # 經法院強制扣薪
    "disciplinary_action",  # 受懲處
    "injured_on_duty",  # 執行職務意外致傷
    "job_or_life_change",  # 涉及職務、生活變動
]
OfferStatus = Literal["offered", "accepted", "declined"]

# What the referral created from an accepted offer says of its reason (no more than the trigger).
TRIGGER_REASON: dict[str, str] = {
    "appraisal_grade_b_three_years": "主動關懷：考績連續3年乙等",
    "court_wage_garnishment": "主動關懷：經法院強制扣薪",
    "disciplinary_action": "主動關懷：受懲處",
    "injured_on_duty": "主動關懷：執行職務意外致傷",
    "job_or_life_change": "主動關懷：職務或生活變動",
}

OFFER_TITLE = "員工協助方案關懷邀請"
OFFER_BODY = (
    "我們關心您近來的工作與生活狀況。員工協助方案提供保密的個別諮詢（心理、法律、財務、醫療、管理、職涯），"
    "如果您願意，可以在「關懷邀請」中接受，我們會為您安排轉介並由您自行預約時段；"
    "您也可以婉拒，婉拒不會有任何後續，也不會通知任何人。\n24 小時安心專線：1925"
)


def answer_status(accept: bool) -> OfferStatus:
    """The offer's status after the employee's answer."""
    return "accepted" if accept else "declined"


def becomes_referral(status: OfferStatus) -> bool:
    """Only an accepted offer becomes a referral."""
    return status == "accepted"
