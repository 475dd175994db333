"""The caseload view's edges inside workforce: roles, and a 503 problem (never a 500) when case-mgmt
cannot be asked. The join itself through the gateway is in tests/test_workforce_stack.py."""

import pytest

pytestmark = pytest.mark.now("2026-11-12T10:00:00+08:00")


async def test_a_case_worker_may_not_read_the_view(client, auth):
    r = await client.get("/v1/caseloads", headers=auth("case_worker", county="TW-MIA"))
    assert r.status_code == 403


async def test_without_case_mgmt_the_view_is_a_503_problem(client, auth):
    r = await client.get("/v1/caseloads", headers=auth("supervisor", county="TW-MIA"))
    assert r.status_code == 503, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["code"] == "case_mgmt_unavailable"
