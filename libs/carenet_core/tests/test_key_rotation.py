"""HS256 key rotation without downtime: the previous secret is accepted during its window only."""

import time

import jwt
import pytest
from carenet_core.auth import TokenVerifier
from carenet_core.errors import Unauthorized
from carenet_core.settings import DEV_JWT_SECRET, CoreSettings
from pydantic import SecretStr

OLD = "old-secret-0123456789-0123456789-abcdef"
NEW = "new-secret-0123456789-0123456789-abcdef"
OTHER = "other-secret-0123456789-0123456789-abcd"


def _token(secret: str, sub: str = "u") -> str:
    body = {"sub": sub, "roles": ["case_worker"], "exp": int(time.time()) + 3600, "aud": "carenet"}
    return jwt.encode(body, secret, algorithm="HS256")


def _rotating(until: str | None = "2026-12-01T00:00:00+08:00") -> CoreSettings:
    return CoreSettings(
        env="test", jwt_secret=SecretStr(NEW), jwt_previous_secret=SecretStr(OLD), jwt_previous_secret_until=until
    )


@pytest.mark.now("2026-11-30T10:00:00+08:00")
def test_during_the_window_both_secrets_are_accepted_and_others_are_not():
    verifier = TokenVerifier(_rotating())
    assert verifier.verify(_token(NEW, "a")).sub == "a"
    assert verifier.verify(_token(OLD, "b")).sub == "b"
    with pytest.raises(Unauthorized):
        verifier.verify(_token(OTHER))


def test_after_the_window_the_previous_secret_is_refused_even_for_a_cached_token(clock_at):
    clock_at.at("2026-11-30T23:59:00+08:00")
    verifier = TokenVerifier(_rotating())
    old = _token(OLD)
    assert verifier.verify(old).sub == "u"  # accepted, and now in the verification cache
    clock_at.at("2026-12-01T00:00:01+08:00")
    with pytest.raises(Unauthorized):
        verifier.verify(old)
    assert verifier.verify(_token(NEW)).sub == "u"


def test_without_a_previous_secret_an_old_token_is_refused():
    with pytest.raises(Unauthorized):
        TokenVerifier(CoreSettings(env="test", jwt_secret=SecretStr(NEW))).verify(_token(OLD))


def test_production_refuses_the_dev_secret_as_current_or_previous_and_needs_a_window():
    with pytest.raises(ValueError, match="JWT_SECRET"):
        CoreSettings(
            env="production", jwt_previous_secret=SecretStr(OLD), jwt_previous_secret_until="2026-12-01T00:00:00+08:00"
        )
    with pytest.raises(ValueError, match="development secret"):
        CoreSettings(
            env="production",
            jwt_secret=SecretStr(NEW),
            jwt_previous_secret=SecretStr(DEV_JWT_SECRET),
            jwt_previous_secret_until="2026-12-01T00:00:00+08:00",
        )
    with pytest.raises(ValueError, match="PREVIOUS_SECRET_UNTIL"):
        CoreSettings(env="production", jwt_secret=SecretStr(NEW), jwt_previous_secret=SecretStr(OLD))
    ok = CoreSettings(
        env="production",
        jwt_secret=SecretStr(NEW),
        jwt_previous_secret=SecretStr(OLD),
        jwt_previous_secret_until="2026-12-01T00:00:00+08:00",
    )
    assert ok.jwt_previous_secret is not None


def test_the_previous_secret_may_not_equal_the_current_one():
    with pytest.raises(ValueError, match="differ"):
        CoreSettings(env="test", jwt_secret=SecretStr(NEW), jwt_previous_secret=SecretStr(NEW))


def test_rotation_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("CARENET_JWT_SECRET", NEW)
    monkeypatch.setenv("CARENET_JWT_PREVIOUS_SECRET", OLD)
    monkeypatch.setenv("CARENET_JWT_PREVIOUS_SECRET_UNTIL", "2999-01-01T00:00:00+08:00")
    assert TokenVerifier(CoreSettings(env="test")).verify(_token(OLD)).sub == "u"


async def test_a_service_accepts_both_secrets_through_http(app, client):
    """The running app's verifier: the previous secret's token reaches the endpoint, an unknown one is 401."""
    kept = app.state.verifier
    app.state.verifier = TokenVerifier(_rotating(until="2999-01-01T00:00:00+08:00"))
    try:
        for secret in (NEW, OLD):
            r = await client.get("/v1/widgets/none", headers={"Authorization": f"Bearer {_token(secret)}"})
            assert r.status_code == 404, r.text
        r = await client.get("/v1/widgets/none", headers={"Authorization": f"Bearer {_token(OTHER)}"})
        assert r.status_code == 401
    finally:
        app.state.verifier = kept
