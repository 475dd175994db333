"""The access trail partitioned by Taipei month (PostgreSQL): rows land in their month's partition (or the
default one, never failing), the chain verifies across a month boundary, housekeeping makes the coming
months' partitions ahead, and the migration converts an existing trail and back with the chain intact."""

import asyncio
from pathlib import Path

import pytest
from carenet_core import clock
from carenet_core.db import Database
from carenet_core.housekeeping import sweep_once
from carenet_core.migrations import downgrade, upgrade
from carenet_core.partitions import month_partitions
from carenet_core.trail import TRAIL, ensure_trail_partitions, link_pending, verify_chain
from carenet_testing.plugin import _create_database
from sqlalchemy import text

PROBE = Path(__file__).parent / "probe"


@pytest.fixture(autouse=True)
def _postgres_only(carenet_database):
    if carenet_database.kind != "postgresql":
        pytest.skip("partitioning is PostgreSQL's; SQLite keeps a plain table")


async def _write(client, auth, n):
    headers = auth("case_worker", sub="worker-1")  # minted at the test's clock
    for i in range(n):
        assert (await client.post("/v1/widgets", json={"name": f"w{i}"}, headers=headers)).status_code == 201


async def _rows_in(db, table):
    async with db.transaction() as s:
        return await s.scalar(text(f"SELECT count(*) FROM {table}"))


async def _verify(db):
    async with db.transaction() as s:
        while await link_pending(s):
            pass
    async with db.transaction() as s:
        return await verify_chain(s)


@pytest.mark.parametrize(
    ("month", "name"), [("2026-12", "access_trail_p2026_12"), ("2027-01", "access_trail_p2027_01")]
)
def test_a_months_partition_name(month, name):
    assert TRAIL.partition(month) == name


def test_a_month_partition_is_bounded_by_taipei_midnights():
    assert TRAIL.bounds("2026-12") == "FOR VALUES FROM ('2026-12-01T00:00:00+08:00') TO ('2027-01-01T00:00:00+08:00')"
    with pytest.raises(ValueError):
        TRAIL.bounds("2026-13'); DROP TABLE access_trail; --")


async def test_the_chain_verifies_across_a_month_boundary_and_rows_land_in_their_taipei_month(
    client, auth, db, clock_at
):
    clock_at.freeze("2026-11-30T23:30:00+08:00")  # 15:30 UTC: still November in Taipei
    assert {"2026-11", "2026-12", "2027-01"} <= set(await ensure_trail_partitions(db)) | set(await _partitions(db))
    await _write(client, auth, 3)
    clock_at.freeze("2026-12-01T07:00:00+08:00")  # 30 November 23:00 UTC, but 1 December in Taipei
    await _write(client, auth, 4)
    report = await _verify(db)
    assert report.ok and report.checked == 7 and report.unlinked == 0
    assert await _rows_in(db, "access_trail_p2026_11") == 3
    assert await _rows_in(db, "access_trail_p2026_12") == 4
    assert await _rows_in(db, "access_trail_default") == 0
    # an edit in the older month's partition is still caught through the parent
    async with db.transaction() as s:
        await s.execute(text("UPDATE access_trail_p2026_11 SET actor = 'someone-else' WHERE chain_seq = 2"))
    broken = await _verify(db)
    assert not broken.ok and broken.broken_at == 2 and broken.reason == "row was altered"


async def _partitions(db):
    async with db.transaction() as s:
        return await month_partitions(s, TRAIL)


async def test_a_month_without_a_partition_lands_in_the_default_and_stays_there(client, auth, db, clock_at):
    clock_at.freeze("2031-03-15T10:00:00+08:00")  # nobody made partitions this far ahead
    assert "2031-03" not in await _partitions(db)
    await _write(client, auth, 2)  # the insert never fails
    assert await _rows_in(db, "access_trail_default") == 2
    made = await ensure_trail_partitions(db)
    # the next months are made; March is not made over its rows already in the default partition
    assert made == {"2031-04", "2031-05"} and "2031-03" not in await _partitions(db)
    clock_at.freeze("2031-04-01T00:00:01+08:00")
    await _write(client, auth, 1)
    assert await _rows_in(db, "access_trail_p2031_04") == 1
    report = await _verify(db)
    assert report.ok and report.checked == 3


async def test_housekeeping_makes_this_and_the_next_two_months_partitions_once(app, db, clock_at):
    clock_at.freeze("2029-07-20T10:00:00+08:00")
    first = await sweep_once(db, app.state.settings)
    assert first is not None and first.trail_partitions == {"2029-07", "2029-08", "2029-09"}
    again = await sweep_once(db, app.state.settings)
    assert again is not None and again.trail_partitions == set()
    assert {"2029-07", "2029-08", "2029-09"} <= set(await _partitions(db))


async def _relkind(db):
    async with db.transaction() as s:
        return await s.scalar(text("SELECT relkind::text FROM pg_class WHERE oid = to_regclass('access_trail')"))


async def test_the_migration_converts_a_filled_trail_and_back_with_the_chain_intact(carenet_database, clock_at):
    from probe.app import ProbeSettings

    url, drop = await _create_database(carenet_database.url)
    db = Database(url, schema=ProbeSettings.db_schema)
    try:
        await asyncio.to_thread(upgrade, PROBE, url, "probe_0001")  # the trail as one plain table
        assert await _relkind(db) == "r"
        for at in ("2026-10-31T23:59:00+08:00", "2026-11-01T00:00:00+08:00", "2026-11-15T12:00:00+08:00"):
            clock_at.freeze(at)
            async with db.transaction() as s:
                await s.execute(
                    text(
                        "INSERT INTO access_trail (at, actor, role, action, resource) "
                        "VALUES (:at, 'worker-1', 'case_worker', 'read', 'case/1')"
                    ),
                    {"at": clock.now()},
                )
        before = await _verify(db)
        assert before.ok and before.checked == 3

        await asyncio.to_thread(upgrade, PROBE, url, "head")
        assert await _relkind(db) == "p"
        after = await _verify(db)
        assert after.ok and after.checked == 3
        assert await _rows_in(db, "access_trail_p2026_10") == 1 and await _rows_in(db, "access_trail_p2026_11") == 2
        async with db.transaction() as s:  # the id sequence carried on
            new_id = await s.scalar(
                text(
                    "INSERT INTO access_trail (at, actor, role, action, resource) "
                    "VALUES ('2026-11-16T09:00:00+08:00', 'w', 'r', 'read', 'case/2') RETURNING id"
                )
            )
        assert new_id == 4
        assert (await _verify(db)).checked == 4

        await asyncio.to_thread(downgrade, PROBE, url, "probe_0001")
        assert await _relkind(db) == "r"
        down = await _verify(db)
        assert down.ok and down.checked == 4
        await asyncio.to_thread(upgrade, PROBE, url, "head")
        assert await _relkind(db) == "p" and (await _verify(db)).checked == 4
    finally:
        await db.dispose()
        await asyncio.to_thread(drop)


@pytest.fixture
async def dumped_and_dropped(db):
    """After the test, what the operator does once a detached month is safely dumped: drop its table."""
    yield
    async with db.transaction() as s:
        names = (
            await s.scalars(
                text(
                    "SELECT relname FROM pg_class WHERE relname LIKE 'access\\_trail\\_p%' AND relkind = 'r' "
                    "AND NOT relispartition AND relnamespace = to_regnamespace(current_schema())"
                )
            )
        ).all()
        for name in names:
            await s.execute(text(f"DROP TABLE {name}"))


async def _write_at(client, auth, clock_at, at, n=1):
    clock_at.freeze(at)
    await _write(client, auth, n)


async def test_a_past_month_goes_to_cold_storage_and_the_live_chain_still_verifies(
    client, auth, db, clock_at, dumped_and_dropped
):
    from carenet_core.errors import Conflict
    from carenet_core.trail import archive_month, chain_anchor

    clock_at.freeze("2025-01-10T09:00:00+08:00")
    await ensure_trail_partitions(db)  # 2025-01, -02, -03
    await _write(client, auth, 2)  # seq 1, 2: January
    await _write_at(client, auth, clock_at, "2025-02-01T00:00:01+08:00")  # seq 3: February
    # a request that began on 31 January and committed after February's first row: January, numbered 4
    await _write_at(client, auth, clock_at, "2025-01-31T23:59:59+08:00")
    await _write_at(client, auth, clock_at, "2025-02-02T10:00:00+08:00", 2)  # seq 5, 6: February
    assert (await _verify(db)).checked == 6

    clock_at.freeze("2025-03-05T10:00:00+08:00")
    with pytest.raises(Conflict):
        await archive_month(db, "2025-02")  # January first
    with pytest.raises(Conflict):
        await archive_month(db, "2025-03")  # not over
    moved = await archive_month(db, "2025-01")
    assert (moved.table, moved.rows, moved.first_seq, moved.last_seq) == ("access_trail_p2025_01", 3, 1, 4)
    assert "2025-01" not in await _partitions(db)
    assert await _rows_in(db, "access_trail_p2025_01") == 3  # detached, a plain table until dumped and dropped
    async with db.transaction() as s:
        anchor = await chain_anchor(s)
    assert anchor.seq == 2 and set(anchor.interleaved) == {4}
    report = await _verify(db)
    assert report.ok and report.checked == 3  # 3, 5, 6 live; 4 linked through its archived hash

    # a deleted live row is still caught, an edited one too
    async with db.transaction() as s:
        await s.execute(text("UPDATE access_trail SET action = 'nothing' WHERE chain_seq = 5"))
    assert (await _verify(db)).broken_at == 5
    async with db.transaction() as s:
        await s.execute(text("DELETE FROM access_trail WHERE chain_seq = 5"))
    broken = await _verify(db)
    assert not broken.ok and broken.broken_at == 5 and "missing" in (broken.reason or "")


async def test_the_chain_goes_on_after_every_archived_month(client, auth, db, clock_at, dumped_and_dropped):
    from carenet_core.trail import archive_month

    clock_at.freeze("2025-01-10T09:00:00+08:00")
    await ensure_trail_partitions(db)
    await _write(client, auth, 2)
    await _write_at(client, auth, clock_at, "2025-02-03T09:00:00+08:00", 2)
    await _verify(db)
    clock_at.freeze("2025-03-05T10:00:00+08:00")
    await archive_month(db, "2025-01")
    await archive_month(db, "2025-02")
    empty = await _verify(db)
    assert empty.ok and empty.checked == 0
    await _write(client, auth, 2)  # March: positions 5 and 6, linked onto February's last hash
    report = await _verify(db)
    assert report.ok and report.checked == 2
