"""Settings of case-mgmt (env prefix CARENET_CASE_MGMT_)."""

from typing import ClassVar

from carenet_core.settings import ServiceSettings
from pydantic import Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

DEV_PERSON_KEY_SECRET = "case-mgmt-dev-person-key-change-me"


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CARENET_CASE_MGMT_", populate_by_name=True, extra="ignore")

    service_name: ClassVar[str] = "case-mgmt"
    db_schema: ClassVar[str] = "case_mgmt"

    # Keyed hash of national IDs: links a person's cases and discharge plans, names them in the trail.
    person_key_secret: SecretStr = SecretStr(DEV_PERSON_KEY_SECRET)
    # Clock skew tolerated on a phone's `visited_at` before it counts as "in the future".
    visit_clock_skew_minutes: int = 10
    # The resource directory's base URL, through the gateway (e.g. http://gateway:8000/resources): a
    # referral names a resource by its id and keeps what the directory said of it.
    resources_url: str = Field("", description="the resources service's base URL (through the gateway)")
    resources_wait_seconds: float = Field(2.0, gt=0, le=30, description="how long a referral waits for the directory")

    @model_validator(mode="after")
    def _refuse_dev_person_key(self) -> "Settings":
        if self.env == "production" and self.person_key_secret.get_secret_value() == DEV_PERSON_KEY_SECRET:
            raise ValueError("production needs CARENET_CASE_MGMT_PERSON_KEY_SECRET")
        return self
