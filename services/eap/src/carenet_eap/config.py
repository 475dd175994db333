"""Settings of eap (env prefix CARENET_EAP_)."""

from decimal import Decimal
from typing import ClassVar

from carenet_core.settings import ServiceSettings
from pydantic import Field, field_validator
from pydantic_settings import SettingsConfigDict

from .retention.rules import LEGAL_MINIMUM_YEARS, MAXIMUM_YEARS, below_legal_minimum

DEFAULT_CRISIS_CONTACTS = [
    {"name": "安心專線 (national suicide-prevention line)", "phone": "1925", "hours": "24h"},
    {"name": "緊急救護 (ambulance, fire)", "phone": "119", "hours": "24h"},
    {"name": "報案 (police)", "phone": "110", "hours": "24h"},
    {"name": "員工協談室 值班心理輔導員 (EAP counsellor on duty)", "phone": "02-2720-8889", "hours": "08:30-17:30"},
]


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CARENET_EAP_", populate_by_name=True, extra="ignore")

    service_name: ClassVar[str] = "eap"
    db_schema: ClassVar[str] = "eap"

    # 心理師法 §25: counselling records are kept at least 10 years; PDPA: not longer than needed.
    retention_years: int = Field(LEGAL_MINIMUM_YEARS, le=MAXIMUM_YEARS)
    # Statistics: any cell under this count is suppressed.
    suppression_threshold: int = Field(5, ge=1, le=100)
    # An ordinary booking must be made at least this long before the session (crisis bookings skip it).
    min_notice_minutes: int = Field(30, ge=0)
    default_session_minutes: int = Field(50, ge=10, le=480)
    default_buffer_minutes: int = Field(10, ge=0, le=240)
    booking_link: str = "https://eap.example.gov.tw/book"
    crisis_contacts: list[dict[str, str]] = Field(default_factory=lambda: [dict(c) for c in DEFAULT_CRISIS_CONTACTS])
    # The resources service (through the gateway, e.g. http://gateway:8000/resources): the crisis answer
    # names the caller's county's crisis lines and suicide-prevention resources. Empty = off.
    resources_url: str = ""
    # How long the crisis answer waits for the resources service before answering without them.
    resources_timeout_seconds: float = Field(1.5, gt=0, le=5)
    # FAQ assistant: an entry answers only at or above this BM25 score (measured: off-topic questions
    # score 0, the weakest right answers of the held sets about 2.2); at most this many answers.
    faq_min_score: float = Field(2.0, gt=0)
    faq_max_answers: int = Field(3, ge=1, le=10)
    # Workload care: monthly overtime hours above which a person is on the agency care team's list
    # unless the agency sets its own (the seed names no number; 46 h is the Labour Standards Act's
    # monthly overtime ceiling).
    workload_overtime_threshold_hours: Decimal = Field(Decimal("46"), gt=0, le=744)
    # How often the retention purge runs in the background (seconds); 0 disables it.
    purge_interval_seconds: int = Field(86400, ge=0)

    @field_validator("retention_years")
    @classmethod
    def _retention_not_below_the_law(cls, years: int) -> int:
        # 心理師法 §25: refuse to start with a shorter period rather than destroy records early.
        if below_legal_minimum(years):
            raise ValueError(
                f"below_legal_minimum: counselling records are kept at least {LEGAL_MINIMUM_YEARS} years"
                f" (心理師法 §25), not {years}"
            )
        return years
