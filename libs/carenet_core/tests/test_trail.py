"""The access trail's hash chain: every row linked, edits and deletions detected, no request serialised."""

import asyncio

from carenet_core.trail import AccessEntry, link_pending, verify_chain
from sqlalchemy import delete, update


async def _write_widgets(client, auth, n):
    headers = auth("case_worker", sub="worker-1")
    return await asyncio.gather(
        *(client.post("/v1/widgets", json={"name": f"w{i}"}, headers=headers) for i in range(n))
    )


async def _link_all(db):
    async with db.transaction() as s:
        await link_pending(s)


async def test_fifty_concurrent_requests_each_leave_a_row_and_the_chain_verifies(client, auth, db):
    responses = await _write_widgets(client, auth, 50)
    assert [r.status_code for r in responses] == [201] * 50
    await _link_all(db)
    async with db.transaction() as s:
        report = await verify_chain(s)
    assert report.ok and report.checked == 50 and report.unlinked == 0


async def test_an_edited_row_breaks_the_chain(client, auth, db):
    await _write_widgets(client, auth, 5)
    await _link_all(db)
    async with db.transaction() as s:
        await s.execute(update(AccessEntry).where(AccessEntry.chain_seq == 3).values(actor="someone-else"))
    async with db.transaction() as s:
        report = await verify_chain(s)
    assert not report.ok
    assert report.broken_at == 3 and report.reason == "row was altered"


async def test_a_deleted_row_breaks_the_chain(client, auth, db):
    await _write_widgets(client, auth, 5)
    await _link_all(db)
    async with db.transaction() as s:
        await s.execute(delete(AccessEntry).where(AccessEntry.chain_seq == 2))
    async with db.transaction() as s:
        report = await verify_chain(s)
    assert not report.ok
    assert report.broken_at == 2 and "missing" in (report.reason or "")


async def test_rows_written_after_linking_extend_the_same_chain(client, auth, db):
    await _write_widgets(client, auth, 3)
    await _link_all(db)
    await _write_widgets(client, auth, 4)
    await _link_all(db)
    async with db.transaction() as s:
        report = await verify_chain(s)
    assert report.ok and report.checked == 7


async def test_a_rolled_back_request_leaves_no_trail_row(client, auth, db):
    headers = auth("case_worker", sub="worker-1")
    r = await client.get("/v1/widgets/does-not-exist", headers=headers)
    assert r.status_code == 404
    await _link_all(db)
    async with db.transaction() as s:
        report = await verify_chain(s)
    assert report.checked == 0


async def test_the_scheduled_check_raises_the_alarm_on_a_broken_chain(client, auth, db, app, monkeypatch):
    import asyncio

    from carenet_core.app import trail_verifier

    await _write_widgets(client, auth, 3)
    await _link_all(db)
    async with db.transaction() as s:
        await s.execute(update(AccessEntry).where(AccessEntry.chain_seq == 1).values(action="nothing-to-see"))
    monkeypatch.setattr(app.state.settings, "trail_verify_interval", 0.01)
    task = asyncio.create_task(trail_verifier(app))
    await asyncio.sleep(0.3)
    task.cancel()
    metrics = (await client.get("/metrics")).text
    app.state.metrics.chain_ok.set(1)
    assert 'carenet_access_trail_chain_ok{service="probe"} 0.0' in metrics
