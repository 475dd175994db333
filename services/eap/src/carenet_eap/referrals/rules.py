"""What a referring agency may learn of a referral (轉介): only what the employee agreed to share.

Seed 002 (員工協助方案): the agency refers (主管轉介), the employee decides; the outcome reaches the
agency only with the employee's consent.
"""

from __future__ import annotations


def agency_outcome(status: str, *, share_outcome: bool) -> str:
    """The referring agency learns consented / declined / attended only when the employee agreed."""
    if status == "pending":
        return "awaiting_consent"
    if not share_outcome:
        return "undisclosed"
    return status
