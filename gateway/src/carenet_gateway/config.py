"""Gateway settings (env prefix CARENET_GATEWAY_)."""

from __future__ import annotations

from carenet_core.settings import CoreSettings
from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

SERVICES = ("case-mgmt", "indicators", "eap", "household-audit", "workforce", "resources")


class Settings(CoreSettings):
    model_config = SettingsConfigDict(env_prefix="CARENET_GATEWAY_", populate_by_name=True, extra="ignore")

    case_mgmt_url: str = "http://127.0.0.1:8001"
    indicators_url: str = "http://127.0.0.1:8002"
    eap_url: str = "http://127.0.0.1:8003"
    household_audit_url: str = "http://127.0.0.1:8004"
    workforce_url: str = "http://127.0.0.1:8005"
    resources_url: str = "http://127.0.0.1:8006"
    console_url: str | None = Field(
        "http://127.0.0.1:8007",
        description="The console (web pages for people) reached at `/console/`; it keeps its own session, so the gateway asks it for no token. Empty: no console.",
    )

    connect_timeout: float = 2.0
    read_timeout: float = 30.0
    health_timeout: float = 2.0
    # A service builds its OpenAPI on its first request (case-mgmt: about 1 s idle, several under load), so
    # one timeout, generous enough for that first build, serves every fetch; a service that is down answers at
    # once (connection refused), and the last copy of its spec is kept.
    spec_timeout: float = 20.0
    max_body_bytes: int = 16 * 1024 * 1024
    pool_size: int = 512
    # Per-subject token bucket; 0 switches it off.
    rate_limit_per_second: float = 200.0
    rate_limit_burst: int = 400
    redis_url: str | None = Field(
        None,
        description="Redis for rate limits shared by every replica (`redis://host:6379/0`); unset or unreachable: each replica limits alone (`/health` says `rate_limit: local`).",
    )
    rate_limit_redis_prefix: str = Field("carenet:ratelimit:", description="Prefix of the rate-limit keys in Redis.")
    rate_limit_redis_retry_seconds: float = Field(
        5.0, gt=0, description="While Redis is down, how often a request tries it again."
    )
    dev_token_ttl: int = 3600
    cors_origins: list[str] = Field(default_factory=list)
    # Account activity for workforce's account review: seconds between batches (0: off), and the
    # `system` token it is sent with (outside production one is minted with the shared dev secret).
    activity_flush_seconds: float = Field(30.0, ge=0, le=3600)
    activity_token: SecretStr | None = None

    def console(self) -> str | None:
        """The console's upstream (not a service: no health, no OpenAPI of its own in the merged spec)."""
        return self.console_url.rstrip("/") if self.console_url else None

    def upstreams(self) -> dict[str, str]:
        return {name: getattr(self, name.replace("-", "_") + "_url").rstrip("/") for name in SERVICES}
