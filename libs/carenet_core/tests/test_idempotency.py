"""Idempotency-Key: a retry gets the first answer; the same key for another request is 409."""

from sqlalchemy import func, select


async def test_a_replay_returns_the_first_answer_and_creates_nothing(client, auth, db):
    from probe.app import Widget

    headers = {**auth("case_worker", sub="phone-1"), "Idempotency-Key": "k-1"}
    first = await client.post("/v1/widgets", json={"name": "a"}, headers=headers)
    again = await client.post("/v1/widgets", json={"name": "a"}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers.get("idempotent-replay") == "true"
    async with db.transaction() as s:
        assert await s.scalar(select(func.count()).select_from(Widget)) == 1


async def test_the_same_key_with_another_body_is_409(client, auth):
    headers = {**auth("case_worker", sub="phone-1"), "Idempotency-Key": "k-2"}
    assert (await client.post("/v1/widgets", json={"name": "a"}, headers=headers)).status_code == 201
    r = await client.post("/v1/widgets", json={"name": "b"}, headers=headers)
    assert r.status_code == 409
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["code"] == "idempotency_key_reused"


async def test_keys_belong_to_their_caller(client, auth):
    body = {"name": "a"}
    one = await client.post(
        "/v1/widgets", json=body, headers={**auth("case_worker", sub="u1"), "Idempotency-Key": "same"}
    )
    two = await client.post(
        "/v1/widgets", json=body, headers={**auth("case_worker", sub="u2"), "Idempotency-Key": "same"}
    )
    assert one.status_code == two.status_code == 201
    assert one.json()["id"] != two.json()["id"]
