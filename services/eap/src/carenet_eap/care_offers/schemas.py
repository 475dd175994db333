"""Bodies of proactive care offers."""

from __future__ import annotations

from carenet_core.clock import to_utc
from pydantic import AwareDatetime, BaseModel, Field

from ..common import Kind
from .models import CareOffer
from .rules import CareTrigger, OfferStatus


class CareOfferIn(BaseModel):
    id: str = Field(min_length=1, max_length=200, description="the raising system's own id (idempotency)")
    employee_sub: str = Field(min_length=1, max_length=200)
    agency: str | None = Field(None, max_length=200)
    trigger: CareTrigger
    kind: Kind = "psychological"

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "id": "HR-CARE-2026-0042",
                    "employee_sub": "emp-0042",
                    "agency": "工務局",
                    "trigger": "injured_on_duty",
                    "kind": "psychological",
                }
            ]
        }
    }


class CareOfferAccepted(BaseModel):
    """The same answer for a new offer and a repeat: the raiser learns nothing more."""

    accepted: bool = True


class CareOfferAnswerIn(BaseModel):
    accept: bool
    share_outcome: bool = Field(False, description="whether the referring agency may learn the outcome")

    model_config = {"json_schema_extra": {"examples": [{"accept": True, "share_outcome": False}]}}


class CareOfferOut(BaseModel):
    id: str
    kind: Kind
    status: OfferStatus
    referral_id: str | None = Field(None, description="set once accepted: book with it")
    created_at: AwareDatetime
    answered_at: AwareDatetime | None = None


def offer_out(o: CareOffer) -> CareOfferOut:
    return CareOfferOut(
        id=o.id,
        kind=o.kind,
        status=o.status,
        referral_id=o.referral_id,
        created_at=to_utc(o.created_at),
        answered_at=to_utc(o.answered_at) if o.answered_at else None,
    )
