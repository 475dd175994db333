"""Nothing grows forever: idempotency keys expire and are swept under a lock; outbox rows every
registered consumer has passed are archived (deleted from the live table), the newest always kept."""

from carenet_core.housekeeping import sweep_once
from carenet_core.idempotency import IdempotencyRecord
from carenet_core.outbox import OutboxEvent, publish_pending
from sqlalchemy import func, select


async def _post(client, auth, *, key=None, sub="phone-1", name="a"):
    headers = auth("case_worker", sub=sub)  # minted now, at the test's clock
    if key:
        headers["Idempotency-Key"] = key
    return await client.post("/v1/widgets", json={"name": name}, headers=headers)


async def _count(db, model):
    async with db.transaction() as s:
        return await s.scalar(select(func.count()).select_from(model))


async def test_a_key_replays_for_seven_days_then_is_forgotten(client, auth, db, clock_at):
    from probe.app import Widget

    clock_at.at("2026-11-01T09:00:00+08:00")
    first = await _post(client, auth, key="k-ttl")
    clock_at.at("2026-11-08T08:59:00+08:00")  # 7 days less a minute
    again = await _post(client, auth, key="k-ttl")
    assert again.headers.get("idempotent-replay") == "true" and again.json() == first.json()
    clock_at.at("2026-11-08T09:00:01+08:00")  # 7 days and a second: expired, even before any sweep
    late = await _post(client, auth, key="k-ttl")
    assert late.status_code == 201 and "idempotent-replay" not in late.headers
    assert late.json()["id"] != first.json()["id"]
    assert await _count(db, Widget) == 2
    assert await _count(db, IdempotencyRecord) == 1  # the expired row gave way to the new one


async def test_the_sweep_deletes_expired_keys_only_and_the_ttl_is_a_setting(app, client, auth, db, clock_at):
    clock_at.at("2026-11-01T09:00:00+08:00")
    await _post(client, auth, key="old")
    clock_at.at("2026-11-07T09:00:00+08:00")
    await _post(client, auth, key="young")
    clock_at.freeze("2026-11-08T09:00:01+08:00")
    swept = await sweep_once(db, app.state.settings)
    assert swept is not None and swept.idempotency_keys == 1
    async with db.transaction() as s:
        assert (await s.scalars(select(IdempotencyRecord.key))).all() == ["young"]
    one_day = app.state.settings.model_copy(update={"idempotency_ttl_days": 1})
    assert (await sweep_once(db, one_day)).idempotency_keys == 1
    assert await _count(db, IdempotencyRecord) == 0


async def test_one_replica_at_a_time_sweeps(app, client, auth, db, clock_at):
    if not db.is_postgres:
        return  # SQLite has one writer at a time anyway; the lock is PostgreSQL's
    clock_at.at("2026-11-01T09:00:00+08:00")
    await _post(client, auth, key="locked")
    clock_at.freeze("2026-11-20T09:00:00+08:00")
    async with db.transaction() as holder:
        assert await db.advisory_lock(holder, "housekeeping")  # another replica is sweeping
        assert await sweep_once(db, app.state.settings) is None
    assert await _count(db, IdempotencyRecord) == 1
    assert (await sweep_once(db, app.state.settings)).idempotency_keys == 1


async def _seqs(db):
    async with db.transaction() as s:
        return list((await s.scalars(select(OutboxEvent.seq).order_by(OutboxEvent.seq))).all())


async def _read(client, auth, sub, after):
    r = await client.get(f"/v1/events?after={after}", headers=auth("system", sub=sub))
    assert r.status_code == 200
    return [e["seq"] for e in r.json()["items"]]


async def test_outbox_rows_every_registered_consumer_passed_are_archived(app, client, auth, db, clock_at):
    clock_at.at("2026-09-01T10:00:00+08:00")
    for i in range(5):
        await _post(client, auth, name=f"w{i}")
    async with db.transaction() as s:
        await publish_pending(s)
    settings = app.state.settings.model_copy(update={"outbox_consumers": ["svc-a", "svc-b"]})
    clock_at.at("2026-10-15T10:00:00+08:00")
    assert await _read(client, auth, "svc-a", 4) == [5]
    assert await _read(client, auth, "nobody-registered", 5) == []
    clock_at.freeze("2026-11-01T10:00:00+08:00")
    assert (await sweep_once(db, settings)).outbox_events == 0  # svc-b has never read: keep everything
    assert (await sweep_once(db, app.state.settings)).outbox_events == 0  # no consumer registered: keep

    assert await _read(client, auth, "svc-b", 2) == [3, 4, 5]
    assert (await sweep_once(db, settings)).outbox_events == 2
    assert await _seqs(db) == [3, 4, 5]

    assert await _read(client, auth, "svc-b", 5) == []  # both have passed everything
    assert (await sweep_once(db, settings)).outbox_events == 2
    assert await _seqs(db) == [5]  # the newest stays: numbering goes on above it

    await _post(client, auth, name="after")
    assert await _read(client, auth, "svc-a", 5) == [6]
    assert (await sweep_once(db, settings)).outbox_events == 1  # seq 5 is no longer the newest
    assert await _seqs(db) == [6]


async def test_young_events_are_kept_even_when_passed(app, client, auth, db, clock_at):
    clock_at.at("2026-10-20T10:00:00+08:00")
    for i in range(3):
        await _post(client, auth, name=f"y{i}")
    settings = app.state.settings.model_copy(update={"outbox_consumers": ["svc-a"]})
    assert await _read(client, auth, "svc-a", 0) == [1, 2, 3]
    assert await _read(client, auth, "svc-a", 3) == []
    clock_at.freeze("2026-11-01T10:00:00+08:00")  # 12 days later, under the 30-day archive age
    assert (await sweep_once(db, settings)).outbox_events == 0
    clock_at.freeze("2026-11-20T10:00:01+08:00")
    assert (await sweep_once(db, settings)).outbox_events == 2
    assert await _seqs(db) == [3]


async def test_the_housekeeper_runs_in_the_service_lifespan(app, db, clock_at):
    """A service started with background tasks sweeps by itself (here every 50 ms)."""
    import asyncio
    from datetime import timedelta

    from carenet_core import clock
    from probe.app import create_app

    clock_at.at("2026-11-20T09:00:00+08:00")
    async with db.transaction() as s:
        s.add(
            IdempotencyRecord(
                owner="phone-9",
                key="ancient",
                request_hash="0" * 64,
                status_code=201,
                body={},
                headers={},
                created_at=clock.now() - timedelta(days=8),
            )
        )
    settings = app.state.settings.model_copy(update={"background_tasks": True, "housekeeping_interval": 0.05})
    service = create_app(settings)
    async with service.router.lifespan_context(service):
        for _ in range(200):
            if await _count(db, IdempotencyRecord) == 0:
                break
            await asyncio.sleep(0.05)
    assert await _count(db, IdempotencyRecord) == 0
