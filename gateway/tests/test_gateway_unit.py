"""The gateway's own routes and pieces, in process (the proxy against real services is in tests/)."""

import httpx
import pytest
from carenet_gateway.config import Settings
from carenet_gateway.main import create_app
from carenet_gateway.openapi import merge_specs
from carenet_gateway.ratelimit import TokenBuckets


def app_lifespan(app):
    """Enter the gateway's lifespan (it opens the pooled upstream session)."""
    return app.api.router.lifespan_context(app.api)


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
    svc = {
        "info": {"title": "eap"},
        "paths": {
            "/v1/bookings": {
                "post": {
                    "operationId": "book",
                    "requestBody": {
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Booking"}}}
                    },
                }
            },
            "/health": {"get": {"operationId": "health"}},
        },
        "components": {"schemas": {"Booking": {"type": "object"}}},
    }
    merged = merge_specs({"paths": {"/health": {"get": {}}}}, {"eap": svc})
    op = merged["paths"]["/eap/v1/bookings"]["post"]
    assert op["operationId"] == "eap_book"
    assert op["requestBody"]["content"]["application/json"]["schema"]["$ref"] == "#/components/schemas/Eap_Booking"
    assert merged["components"]["schemas"]["Eap_Booking"]["title"] == "Eap_Booking"  # unique titles
    assert "/eap/health" not in merged["paths"]
    assert merged["paths"]["/health"]["get"]["security"] == []
    assert "security" not in op


def test_merge_names_operations_declares_tags_and_marks_public_routes():
    svc = {
        "info": {"title": "CareNet case management"},
        "paths": {
            "/v1/cases": {"post": {"operationId": "openCase", "tags": ["cases"]}},
            "/v1/self-checks": {"post": {"operationId": "selfCheck", "tags": ["checks"]}},
        },
    }
    merged = merge_specs({"paths": {}}, {"case-mgmt": svc}, frozenset({("POST", "/case-mgmt/v1/self-checks")}))
    op = merged["paths"]["/case-mgmt/v1/cases"]["post"]
    assert op["operationId"] == "caseMgmt_openCase"
    declared = {t["name"] for t in merged["tags"]}
    used = {t for item in merged["paths"].values() for o in item.values() for t in o.get("tags", [])}
    assert used <= declared and all(t["description"] for t in merged["tags"])
    assert merged["paths"]["/case-mgmt/v1/self-checks"]["post"]["security"] == []
    assert merged["servers"] == [{"url": "/", "description": "this gateway"}]


def test_rate_limit_bucket_refuses_past_the_burst_and_says_when_to_retry():
    b = TokenBuckets(rate=1.0, burst=3)
    assert [b.take("u") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert b.take("u") > 0
    assert b.take("other") == 0.0
    assert TokenBuckets(rate=0, burst=0).take("u") == 0.0


@pytest.mark.parametrize(
    "path, expected",
    [
        ("/case-mgmt/v1/cases", ("case-mgmt", "/v1/cases")),
        ("/household-audit/v1/samplings/1", ("household-audit", "/v1/samplings/1")),
        ("/health", None),
        ("/unknown/v1/x", None),
        ("/eap", None),
    ],
)
def test_service_of(path, expected):
    from carenet_core.auth import TokenVerifier
    from carenet_gateway.proxy import Proxy

    s = Settings()
    assert Proxy(s, TokenVerifier(s)).service_of(path) == expected


@pytest.mark.parametrize(
    "path, expected",
    [
        ("/console", ("console", "/")),
        ("/console/", ("console", "/")),
        ("/console/audit/samplings", ("console", "/audit/samplings")),
        ("/consoles/x", None),
        ("/health", None),
    ],
)
def test_the_console_is_reached_at_console(path, expected):
    from carenet_core.auth import TokenVerifier
    from carenet_gateway.proxy import Proxy

    s = Settings()
    proxy = Proxy(s, TokenVerifier(s))
    assert (proxy.service_of(path) or proxy.console_of(path)) == expected
    off = Settings(console_url="")
    assert Proxy(off, TokenVerifier(off)).console_of("/console/") is None  # no console configured: nothing there


async def test_rate_limit_answers_429_with_retry_after_before_reaching_the_service():
    from carenet_core.auth import mint_dev_token

    settings = Settings(
        env="dev",
        rate_limit_per_second=0.5,
        rate_limit_burst=2,
        case_mgmt_url="http://127.0.0.1:9",
        connect_timeout=0.5,
    )
    token = mint_dev_token(settings, {"sub": "busy", "roles": ["case_worker"]})
    app = create_app(settings)
    async with app_lifespan(app), httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gw") as c:
        statuses = []
        for _ in range(3):
            r = await c.get("/case-mgmt/v1/cases", headers={"Authorization": f"Bearer {token}"})
            statuses.append(r.status_code)
        assert statuses == [503, 503, 429]  # the service is down; the third never tries
        assert int(r.headers["retry-after"]) >= 1 and r.json()["code"] == "rate_limited"


async def test_a_body_over_the_limit_is_413():
    from carenet_core.auth import mint_dev_token

    settings = Settings(env="dev", max_body_bytes=1000, eap_url="http://127.0.0.1:9")
    token = mint_dev_token(settings, {"sub": "big", "roles": ["employee"]})
    app = create_app(settings)
    async with app_lifespan(app), httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gw") as c:
        r = await c.post(
            "/eap/v1/bookings",
            content=b"x" * 5000,
            headers={"Authorization": f"Bearer {token}", "content-type": "application/json"},
        )
        assert r.status_code == 413 and r.headers["content-type"] == "application/problem+json"


async def test_security_headers_and_no_cors_by_default():
    async with _client(env="dev") as c:
        r = await c.get("/auth/nothing", headers={"Origin": "https://evil.example"})
        assert r.headers["x-content-type-options"] == "nosniff" and r.headers["cache-control"] == "no-store"
        assert "access-control-allow-origin" not in r.headers


def test_production_refuses_dev_secrets():
    with pytest.raises(ValueError):
        Settings(env="production")


async def test_account_activity_keeps_the_last_call_per_county_and_sub_and_survives_a_failed_send():
    from carenet_core.auth import Principal
    from carenet_gateway.activity import ActivityRecorder

    rec = ActivityRecorder()
    rec.note(Principal(sub="cw-1", roles=frozenset({"case_worker"}), county="TW-MIA"))
    rec.note(Principal(sub="cw-1", roles=frozenset({"case_worker"}), county="TW-MIA"))
    rec.note(Principal(sub="min-1", roles=frozenset({"ministry"})))  # national: no county to review it in
    rec.note(Principal(sub="sys", roles=frozenset({"system"}), county="TW-MIA"))
    assert list(rec.pending) == [("TW-MIA", "cw-1")]
    sent: list[dict] = []

    async def down(body):
        raise OSError("workforce is down")

    async def up(body):
        sent.append(body)

    assert await rec.flush(down) == 0 and list(rec.pending) == [("TW-MIA", "cw-1")]
    assert await rec.flush(up) == 1 and rec.pending == {}
    (record,) = sent[0]["records"]
    assert (record["county"], record["sub"], record["roles"]) == ("TW-MIA", "cw-1", ["case_worker"])
    assert "+00:00" in record["last_seen"] or record["last_seen"].endswith("Z")


async def test_the_public_resource_directory_needs_no_token_but_writes_do_and_anonymous_reads_are_rate_limited():
    settings = Settings(
        env="dev",
        rate_limit_per_second=0.5,
        rate_limit_burst=2,
        resources_url="http://127.0.0.1:9",
        connect_timeout=0.5,
    )
    app = create_app(settings)
    async with app_lifespan(app), httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gw") as c:
        # writes: refused at the gateway before anything is forwarded (and before the bucket is touched)
        assert (await c.post("/resources/v1/resources", json={})).status_code == 401
        assert (await c.patch("/resources/v1/resources/x", json={})).status_code == 401
        assert (await c.post("/resources/v1/imports")).status_code == 401
        assert (await c.get("/resources/v1/resources/stale")).status_code == 401
        # public reads are forwarded without a token (503: the service is down), then the anonymous bucket runs dry
        statuses = [(await c.get("/resources/v1/resources")).status_code for _ in range(2)]
        r = await c.get("/resources/v1/resources.geojson")
        assert [*statuses, r.status_code] == [503, 503, 429]
        assert r.json()["code"] == "rate_limited" and int(r.headers["retry-after"]) >= 1
