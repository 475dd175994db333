"""Bodies of agency referrals (非自願個案), consent, and the supervisor's view."""

from __future__ import annotations

from carenet_core.clock import to_utc
from pydantic import AwareDatetime, BaseModel, Field

from ..bookings.schemas import CrisisOut
from ..common import Kind
from .models import Referral
from .rules import agency_outcome


class ReferralIn(BaseModel):
    employee_ref: str = Field(min_length=1, max_length=200, description="the employee's login `sub`")
    reason: str = Field(min_length=1, max_length=4000)
    crisis: bool = False
    kind: Kind = "psychological"
    agency: str | None = Field(None, max_length=200)

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "employee_ref": "emp-0042",
                    "reason": "近月多次請假、情緒低落，主管觀察到明顯徵兆",
                    "crisis": False,
                    "kind": "psychological",
                    "agency": "臺北市政府工務局",
                }
            ]
        }
    }


class ReferralAdminOut(BaseModel):
    """What the referring agency learns: only the outcome, and only with the employee's agreement."""

    id: str
    code_name: str
    kind: Kind
    crisis: bool
    outcome: str = Field(description="awaiting_consent | undisclosed | consented | declined | attended")
    created_at: AwareDatetime
    crisis_plan: CrisisOut | None = None

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "id": "3f2e1d0c-9b8a-4765-8432-10fedcba9876",
                    "code_name": "REF-Q8M2ZK4P",
                    "kind": "psychological",
                    "crisis": False,
                    "outcome": "awaiting_consent",
                    "created_at": "2026-11-23T02:00:00Z",
                    "crisis_plan": None,
                }
            ]
        }
    }


class ReferralEmployeeOut(BaseModel):
    id: str
    kind: Kind
    crisis: bool
    reason: str
    status: str = Field(description="pending | consented | declined | attended")
    share_outcome: bool
    booking_id: str | None = None
    created_at: AwareDatetime
    crisis_plan: CrisisOut | None = None

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "id": "3f2e1d0c-9b8a-4765-8432-10fedcba9876",
                    "kind": "psychological",
                    "crisis": False,
                    "reason": "近月多次請假、情緒低落",
                    "status": "consented",
                    "share_outcome": True,
                    "booking_id": None,
                    "created_at": "2026-11-23T02:00:00Z",
                    "crisis_plan": None,
                }
            ]
        }
    }


class ConsentIn(BaseModel):
    consent: bool
    share_outcome: bool = Field(False, description="may the agency learn consented / declined / attended?")

    model_config = {"json_schema_extra": {"examples": [{"consent": True, "share_outcome": True}]}}


class SupervisorFeedbackIn(BaseModel):
    work_effect: int = Field(ge=1, le=5, description="1 much worse … 5 much better")
    comment: str | None = Field(None, max_length=2000)

    model_config = {"json_schema_extra": {"examples": [{"work_effect": 4, "comment": "出勤與工作效率明顯改善"}]}}


class SupervisorFeedbackOut(SupervisorFeedbackIn):
    referral_id: str

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "referral_id": "3f2e1d0c-9b8a-4765-8432-10fedcba9876",
                    "work_effect": 4,
                    "comment": "出勤與工作效率明顯改善",
                }
            ]
        }
    }


def admin_out(r: Referral, plan: CrisisOut | None = None) -> ReferralAdminOut:
    return ReferralAdminOut(
        id=r.id,
        code_name=r.code_name,
        kind=r.kind,
        crisis=r.crisis,
        outcome=agency_outcome(r.status, share_outcome=r.share_outcome),
        created_at=to_utc(r.created_at),
        crisis_plan=plan,
    )


def employee_out(r: Referral, plan: CrisisOut | None = None) -> ReferralEmployeeOut:
    return ReferralEmployeeOut(
        id=r.id,
        kind=r.kind,
        crisis=r.crisis,
        reason=r.reason,
        status=r.status,
        share_outcome=r.share_outcome,
        booking_id=r.booking_id,
        created_at=to_utc(r.created_at),
        crisis_plan=plan,
    )
