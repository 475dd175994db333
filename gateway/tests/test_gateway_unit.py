"""The gateway's own routes and pieces, in process (the proxy against real services is in tests/)."""

import httpx
import pytest
from carenet_gateway.config import Settings
from carenet_gateway.main import create_app
from carenet_gateway.openapi import merge_specs
from carenet_gateway.ratelimit import TokenBuckets


def _client(**settings):
    app = create_app(Settings(**settings))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gw")


async def test_dev_token_in_dev_and_404_elsewhere():
    async with _client(env="dev") as c:
        r = await c.post("/auth/dev-token", json={"sub": "cw-1", "roles": ["case_worker"], "county": "TW-MIA"})
        assert r.status_code == 200
        body = r.json()
        assert body["token_type"] == "bearer" and body["expires_in"] == 3600 and body["access_token"]
        bad = await c.post("/auth/dev-token", json={"sub": "x", "roles": ["wizard"]})
        assert bad.status_code == 422 and bad.headers["content-type"] == "application/problem+json"
    async with _client(env="test") as c:
        r = await c.post("/auth/dev-token", json={"sub": "cw-1", "roles": ["case_worker"]})
        assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"


async def test_service_paths_need_a_token_before_anything_is_forwarded():
    async with _client(env="dev", case_mgmt_url="http://127.0.0.1:9") as c:
        r = await c.get("/case-mgmt/v1/cases")
        assert r.status_code == 401 and r.json()["code"] == "unauthorized"


def test_merge_prefixes_paths_and_namespaces_schemas():
    svc = {"info": {"title": "eap"}, "paths": {
        "/v1/bookings": {"post": {"operationId": "book", "requestBody": {"content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Booking"}}}}}},
        "/health": {"get": {"operationId": "health"}}},
        "components": {"schemas": {"Booking": {"type": "object"}}}}
    merged = merge_specs({"paths": {"/health": {}}}, {"eap": svc})
    op = merged["paths"]["/eap/v1/bookings"]["post"]
    assert op["operationId"] == "Eap_book"
    assert op["requestBody"]["content"]["application/json"]["schema"]["$ref"] == "#/components/schemas/Eap_Booking"
    assert "Eap_Booking" in merged["components"]["schemas"]
    assert "/eap/health" not in merged["paths"]


def test_rate_limit_bucket_refuses_past_the_burst_and_says_when_to_retry():
    b = TokenBuckets(rate=1.0, burst=3)
    assert [b.take("u") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert b.take("u") > 0
    assert b.take("other") == 0.0
    assert TokenBuckets(rate=0, burst=0).take("u") == 0.0


@pytest.mark.parametrize("path, expected", [
    ("/case-mgmt/v1/cases", ("case-mgmt", "/v1/cases")),
    ("/household-audit/v1/samplings/1", ("household-audit", "/v1/samplings/1")),
    ("/health", None), ("/unknown/v1/x", None), ("/eap", None),
])
def test_service_of(path, expected):
    from carenet_core.auth import TokenVerifier
    from carenet_gateway.proxy import Proxy

    s = Settings()
    assert Proxy(s, TokenVerifier(s)).service_of(path) == expected
