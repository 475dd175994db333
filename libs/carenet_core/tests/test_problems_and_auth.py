"""Errors are problem+json; tokens are verified (signature, expiry, audience, algorithm)."""

import time

import jwt
import pytest
from carenet_core.auth import Principal, TokenVerifier
from carenet_core.errors import RuleViolation, Unauthorized
from carenet_core.pagination import decode_cursor, encode_cursor
from carenet_core.settings import DEV_JWT_SECRET, CoreSettings


async def test_no_token_is_401_problem(client):
    r = await client.post("/v1/widgets", json={"name": "x"})
    assert r.status_code == 401
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["code"] == "unauthorized" and r.json()["type"].startswith("urn:carenet:problem:")


async def test_validation_errors_name_the_field(client, auth):
    r = await client.post("/v1/widgets", json={"nom": "x"}, headers=auth("case_worker"))
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "validation_error"
    assert body["errors"][0]["field"] == "body.name"


async def test_malformed_json_is_a_problem_not_a_500(client, auth):
    r = await client.post(
        "/v1/widgets", content=b"{not json", headers={**auth("case_worker"), "content-type": "application/json"}
    )
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"


async def test_unknown_route_is_404_problem(client, auth):
    r = await client.get("/v1/nothing-here", headers=auth("case_worker"))
    assert r.status_code == 404 and r.json()["code"] == "not_found"


async def test_request_id_is_echoed(client, auth):
    r = await client.get("/health", headers={"X-Request-ID": "abc-123"})
    assert r.headers["x-request-id"] == "abc-123"
    assert len((await client.get("/health")).headers["x-request-id"]) == 32


def _settings():
    return CoreSettings(env="test")


def _encode(claims, key=DEV_JWT_SECRET, alg="HS256"):
    base = {"sub": "u", "roles": ["case_worker"], "exp": int(time.time()) + 60, "aud": "carenet"}
    base.update(claims)
    return jwt.encode({k: v for k, v in base.items() if v is not None}, key, algorithm=alg)


@pytest.mark.parametrize(
    "token, why",
    [
        (_encode({"exp": int(time.time()) - 3600}), "expired"),
        (_encode({}, key="another-secret-of-sufficient-length-xx"), "wrongly signed"),
        (_encode({"aud": "someone-else"}), "wrong audience"),
        (
            jwt.encode(
                {"sub": "u", "roles": ["ministry"], "exp": int(time.time()) + 60, "aud": "carenet"},
                None,
                algorithm="none",
            ),
            "alg none",
        ),
        ("not-a-jwt", "garbage"),
    ],
)
def test_bad_tokens_are_refused(token, why):
    with pytest.raises(Unauthorized):
        TokenVerifier(_settings()).verify(token)


def test_a_good_token_gives_the_principal():
    p = TokenVerifier(_settings()).verify(
        _encode({"county": "TW-MIA", "district": "頭份市", "roles": ["case_worker", "bogus"]})
    )
    assert p.sub == "u" and p.roles == frozenset({"case_worker"}) and p.county == "TW-MIA"


@pytest.mark.parametrize(
    "roles, district, case, visible",
    [
        ({"case_worker"}, "A", ("TW-MIA", "A"), True),
        ({"case_worker"}, "A", ("TW-MIA", "B"), False),
        ({"case_worker"}, "A", ("TW-TPE", "A"), False),
        ({"supervisor"}, "A", ("TW-MIA", "B"), True),
        ({"supervisor"}, None, ("TW-TPE", "B"), False),
        ({"ministry"}, None, ("TW-TPE", "B"), True),
    ],
)
def test_jurisdiction(roles, district, case, visible):
    p = Principal(sub="u", roles=frozenset(roles), county="TW-MIA", district=district)
    assert p.can_see(*case) is visible


def test_production_refuses_the_dev_secret():
    with pytest.raises(ValueError):
        CoreSettings(env="production")


def test_cursor_round_trip_and_garbage():
    assert decode_cursor(encode_cursor(["2026-01-01", 7])) == ["2026-01-01", 7]
    with pytest.raises(RuleViolation):
        decode_cursor("%%%")


def test_extra_problem_members_never_replace_the_standard_ones():
    from carenet_core.errors import problem_body

    body = problem_body(409, "slot_taken", "Conflict", "taken", extra={"status": "booked", "id": "b1"})
    assert body["status"] == 409 and body["status_"] == "booked" and body["id"] == "b1"


async def test_an_unparseable_body_is_422_problem(client, auth):
    r = await client.post(
        "/v1/widgets", content="名".encode("big5"), headers={**auth("case_worker"), "content-type": "application/json"}
    )
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"


def test_production_with_a_jwks_needs_an_issuer():
    with pytest.raises(ValueError):
        CoreSettings(env="production", jwks_url="https://idp.example/jwks")
    ok = CoreSettings(env="production", jwks_url="https://idp.example/jwks", jwt_issuer="https://idp.example")
    assert ok.jwt_algorithms and "HS256" not in ok.jwt_algorithms


def test_a_token_of_another_issuer_is_refused_when_an_issuer_is_set():
    settings = CoreSettings(env="test", jwt_issuer="https://idp.example")
    with pytest.raises(Unauthorized):
        TokenVerifier(settings).verify(_encode({"iss": "https://evil.example"}))
    assert TokenVerifier(settings).verify(_encode({"iss": "https://idp.example"})).sub == "u"
