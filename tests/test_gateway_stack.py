"""The gateway in front of the real services: auth, routing, request ids, health of all, 503 when down."""

import time

from carenet_testing.stack import SERVICES


def test_health_reports_every_service_ok(gw):
    r = gw.get("/health")
    assert r.status_code == 200
    # rate_limit: whether limits are shared across gateway replicas (the stack switches the limit off)
    assert r.json() == {"status": "ok", "services": {s.name: "ok" for s in SERVICES}, "rate_limit": "off"}


def test_no_token_is_401_problem(gw):
    r = gw.get("/case-mgmt/v1/events")
    assert r.status_code == 401
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["status"] == 401


def test_a_bad_token_is_401(gw):
    r = gw.get("/case-mgmt/v1/events", headers={"Authorization": "Bearer not.a.token"})
    assert r.status_code == 401 and r.json()["code"] == "invalid_token"


def test_a_dev_token_reaches_each_service(gw, login):
    headers = login("system", county=None, sub="feeder")
    for s in SERVICES:
        r = gw.get(f"/{s.name}/v1/events", params={"after": 0, "limit": 1}, headers=headers)
        assert r.status_code == 200, (s.name, r.text)
        assert set(r.json()) == {"items", "next_cursor"}


def test_the_service_checks_the_role_itself(gw, login):
    r = gw.get("/case-mgmt/v1/events", headers=login("case_worker"))
    assert r.status_code == 403 and r.headers["content-type"] == "application/problem+json"


def test_request_id_goes_through_and_comes_back(gw, login):
    r = gw.get("/eap/v1/events", headers={**login("system", county=None), "X-Request-ID": "trace-me-42"})
    assert r.headers["x-request-id"] == "trace-me-42"
    assert len(gw.get("/health").headers["x-request-id"]) == 32


def test_openapi_lists_every_service_under_its_prefix(gw):
    spec = gw.get("/openapi.json").json()
    for s in SERVICES:
        assert f"/{s.name}/v1/events" in spec["paths"], s.name
    assert "/auth/dev-token" in spec["paths"] and "/health" in spec["paths"]
    assert gw.get("/docs").status_code == 200


def test_a_killed_service_answers_503_and_recovers(stack, gw, login):
    headers = login("system", county=None)
    stack.stop("eap", kill=True)
    try:
        started = time.monotonic()
        r = gw.get("/eap/v1/events", headers=headers)
        assert r.status_code == 503
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["code"] == "service_unavailable" and r.json()["service"] == "eap"
        assert time.monotonic() - started < 10  # never hangs: well inside the read timeout
        h = gw.get("/health")
        assert h.status_code == 503 and h.json()["services"]["eap"] == "down"
        assert h.json()["services"]["case-mgmt"] == "ok"
    finally:
        stack.start("eap")
        stack.wait_healthy(names=["eap"])
    assert gw.get("/eap/v1/events", headers=headers).status_code == 200
    assert gw.get("/health").status_code == 200
