"""Console settings (env prefix CARENET_CONSOLE_); token verification comes from the shared `CARENET_*` base."""

from __future__ import annotations

from carenet_core.settings import DEV_JWT_SECRET, CoreSettings
from pydantic import Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

DEV_SESSION_SECRET = "carenet-console-dev-session-secret-0123456789"


class Settings(CoreSettings):
    model_config = SettingsConfigDict(env_prefix="CARENET_CONSOLE_", populate_by_name=True, extra="ignore")

    gateway_url: str = Field(
        "http://127.0.0.1:8000", description="The gateway the console calls, server side, with the user's token."
    )
    gateway_timeout: float = Field(30.0, gt=0, description="Seconds a call to the gateway may take.")
    session_secret: SecretStr = Field(
        SecretStr(DEV_SESSION_SECRET), description="Signs the session cookie (HttpOnly, Secure, SameSite=Lax)."
    )
    session_max_age: int = Field(8 * 3600, gt=0, description="Seconds a session cookie lives (a working day).")
    cookie_secure: bool = Field(
        True,
        description="Mark the session cookie Secure (browsers accept it on http://127.0.0.1 and localhost too); false only for a dev console opened over plain http from another host — production refuses false.",
    )
    oidc_client_id: str = Field("carenet-console", description="The console's client at the identity provider.")
    oidc_client_secret: SecretStr | None = Field(
        None, description="Only for a confidential client; the console is public and always uses PKCE (S256)."
    )
    oidc_scope: str = Field("openid carenet.read", description="Scopes asked for at sign-in.")
    oidc_resource: str | None = Field(
        "urn:carenet", description="RFC 8707 resource indicator whose audience the gateway accepts; empty: none."
    )
    oidc_redirect_url: str | None = Field(
        None,
        description="The callback URL the provider sends people back to (e.g. `https://carenet.example.gov.tw/console/login/callback`); required in production (behind the gateway the console cannot see the public host); unset in dev: built from the request.",
    )

    @property
    def dev_login(self) -> bool:
        """The role/county picker (development tokens from the gateway) exists outside production only."""
        return self.env != "production"

    @model_validator(mode="after")
    def _refuse_dev_session_secret_in_production(self) -> Settings:
        if self.env == "production":
            if self.session_secret.get_secret_value() in (DEV_SESSION_SECRET, DEV_JWT_SECRET):
                raise ValueError("production needs its own CARENET_CONSOLE_SESSION_SECRET")
            if not self.oidc_issuer:
                raise ValueError(
                    "production console needs CARENET_OIDC_ISSUER: people sign in at the identity provider"
                )
            if not self.oidc_redirect_url:
                raise ValueError("production console needs CARENET_CONSOLE_OIDC_REDIRECT_URL (its public callback URL)")
            if not self.cookie_secure:
                raise ValueError("production refuses CARENET_CONSOLE_COOKIE_SECURE=false")
        return self
