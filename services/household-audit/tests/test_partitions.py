"""Query logs partitioned by month (PostgreSQL): ingest fills the month's partition, the purge drops a past
month's partition whole, and sampling, verify and ingest work on the partitioned table."""

from datetime import UTC, datetime

import pytest
from carenet_household_audit.querylogs.partitions import QUERY_LOGS, month_partitions
from carenet_household_audit.retention.service import purge_expired
from ha_testkit import COUNTY, add_unit, ingest, record, records
from sqlalchemy import text


@pytest.fixture(autouse=True)
def _postgres_only(db):
    if not db.is_postgres:
        pytest.skip("partitioning is PostgreSQL's; SQLite keeps a plain table")


@pytest.mark.parametrize(("month", "name"), [("2026-10", "query_logs_p2026_10"), ("2023-01", "query_logs_p2023_01")])
def test_partition_name(month, name):
    assert QUERY_LOGS.partition(month) == name


@pytest.mark.parametrize("bad", ["2026-13", "2026-1", "x'); DROP TABLE query_logs; --"])
def test_partition_name_refuses_anything_but_a_month(bad):
    with pytest.raises(ValueError):
        QUERY_LOGS.partition(bad)


async def rows_in(db, table):
    async with db.transaction() as s:
        return await s.scalar(text(f"SELECT count(*) FROM {table}"))


async def exists(db, table):
    async with db.transaction() as s:
        return await s.scalar(text("SELECT to_regclass(:t) IS NOT NULL"), {"t": table})


async def test_ingest_fills_the_months_partition_and_sampling_and_verify_work(client, admin, system, auditor, db):
    await add_unit(client, admin, "U1")
    result = await ingest(client, system, records("U1", 30) + records("U1", 5, at="2026-09-03T08:00:00+08:00"))
    assert result["accepted"] == 35
    assert await rows_in(db, "query_logs_p2026_10") == 30 and await rows_in(db, "query_logs_p2026_09") == 5
    assert await rows_in(db, "query_logs_default") == 0
    again = await ingest(client, system, records("U1", 30))  # new ids, same month: the partition exists already
    assert again["accepted"] == 30
    drawn = await client.post("/v1/samplings", json={"month": "2026-10", "county": COUNTY}, headers=auditor)
    assert drawn.status_code == 201 and drawn.json()["units"] == [{"unit": "U1", "population": 60, "sample_size": 10}]
    sid = drawn.json()["id"]
    items = (await client.get(f"/v1/samplings/{sid}/samples", headers=auditor)).json()["items"]
    assert len(items) == 10 and all(s["user_id"] and s["purpose"] for s in items)  # joined from the partition
    verify = await client.get(f"/v1/samplings/{sid}/verify", headers=auditor)
    assert verify.json()["match"] is True, verify.json()["checks"]
    # a late record after the draw still lands in the month's partition, flagged late and not sampled
    late = await ingest(client, system, [record("U1", i=77)])
    assert len(late["late"]) == 1 and await rows_in(db, "query_logs_p2026_10") == 61
    assert (await client.get(f"/v1/samplings/{sid}/verify", headers=auditor)).json()["match"] is True


async def test_a_repeated_id_is_still_a_duplicate_on_the_partitioned_table(client, admin, system, db):
    await add_unit(client, admin, "U1")
    batch = records("U1", 20)
    assert (await ingest(client, system, batch))["accepted"] == 20
    again = await ingest(client, system, batch)
    assert again["accepted"] == 0 and again["duplicates"] == 20
    assert await rows_in(db, "query_logs") == 20


async def test_the_purge_drops_a_past_months_partition_whole(app, client, admin, system, auditor, db):
    await add_unit(client, admin, "U1")
    await add_unit(client, admin, "U2")
    await ingest(
        client,
        system,
        records("U1", 6, at="2023-04-10T09:00:00+08:00")
        + records("U2", 4, at="2023-04-11T09:00:00+08:00")
        + records("U1", 3, at="2023-05-10T09:00:00+08:00")
        + records("U1", 2, at="2024-01-10T09:00:00+08:00"),
    )
    assert await exists(db, "query_logs_p2023_04")
    assert (
        await client.post("/v1/samplings", json={"month": "2023-04", "county": COUNTY}, headers=auditor)
    ).status_code == 201
    hold = await client.post(
        "/v1/legal-holds", json={"county": COUNTY, "month": "2023-05", "reason": "調查中"}, headers=admin
    )
    assert hold.status_code == 201
    async with db.transaction() as s:
        cutoff, recs = await purge_expired(
            session=s, settings=app.state.settings, now=datetime(2026, 11, 23, tzinfo=UTC)
        )
    assert cutoff == "2023-11"
    assert {(r.period, r.kind): r.rows for r in recs if r.kind == "query_logs"} == {("2023-04", "query_logs"): 10}
    assert not await exists(db, "query_logs_p2023_04")  # dropped, not emptied row by row
    assert await exists(db, "query_logs_p2023_05") and await rows_in(db, "query_logs_p2023_05") == 3  # held
    assert await rows_in(db, "query_logs_p2024_01") == 2  # within retention
    async with db.transaction() as s:
        assert "2023-04" not in await month_partitions(s)
    # ingest of the kept months and the sampling of a kept month still work after the drop
    assert (await ingest(client, system, records("U2", 11, at="2024-01-12T09:00:00+08:00")))["accepted"] == 11
    drawn = await client.post("/v1/samplings", json={"month": "2024-01", "county": COUNTY}, headers=auditor)
    assert drawn.status_code == 201 and drawn.json()["population"] == 13


async def test_rows_in_the_default_partition_are_sampled_and_purged_row_by_row(app, client, admin, system, auditor, db):
    """A writer that bypasses the service (a bulk load) for a month with no partition lands in the default."""
    await add_unit(client, admin, "U1")
    await ingest(client, system, records("U1", 12, at="2023-02-10T09:00:00+08:00"))
    async with db.transaction() as s:  # move the month into the default partition, as such a writer leaves it
        await s.execute(text("CREATE TABLE moved AS SELECT * FROM query_logs_p2023_02"))
        await s.execute(text("ALTER TABLE query_logs DETACH PARTITION query_logs_p2023_02"))
        await s.execute(text("DROP TABLE query_logs_p2023_02"))
        await s.execute(text("INSERT INTO query_logs SELECT * FROM moved"))
        await s.execute(text("DROP TABLE moved"))
    assert await rows_in(db, "query_logs_default") == 12
    # a new batch of that month does not create a partition over rows already in the default
    assert (await ingest(client, system, records("U1", 2, at="2023-02-11T09:00:00+08:00")))["accepted"] == 2
    assert not await exists(db, "query_logs_p2023_02") and await rows_in(db, "query_logs_default") == 14
    sid = (await client.post("/v1/samplings", json={"month": "2023-02", "county": COUNTY}, headers=auditor)).json()[
        "id"
    ]
    assert (await client.get(f"/v1/samplings/{sid}/verify", headers=auditor)).json()["match"] is True
    async with db.transaction() as s:
        _, recs = await purge_expired(session=s, settings=app.state.settings, now=datetime(2026, 11, 23, tzinfo=UTC))
    assert {(r.period, r.kind): r.rows for r in recs if r.kind == "query_logs"} == {("2023-02", "query_logs"): 14}
    assert await rows_in(db, "query_logs_default") == 0


async def test_tallies_follow_every_insert_and_delete(client, admin, system, db):
    await add_unit(client, admin, "U1")
    await ingest(client, system, records("U1", 15) + records("U1", 4, at="2026-09-03T08:00:00+08:00"))
    await ingest(client, system, records("U1", 15)[:3])  # fresh ids: 3 more rows
    async with db.transaction() as s:
        await s.execute(text("DELETE FROM query_logs WHERE month = '2026-10' AND user_id = 'user-0'"))

    async def tallied_and_counted():
        async with db.transaction() as s:
            tallied = dict(
                (await s.execute(text("SELECT month, sum(rows) FROM query_log_tallies GROUP BY month"))).all()
            )
            counted = dict((await s.execute(text("SELECT month, count(*) FROM query_logs GROUP BY month"))).all())
        return {m: int(n) for m, n in tallied.items()}, counted

    tallied, counted = await tallied_and_counted()
    assert tallied == counted and counted["2026-09"] == 4 and counted["2026-10"] < 18


@pytest.mark.now("2026-12-20T10:00:00+08:00")
async def test_the_schedule_makes_this_and_next_months_partitions_ahead(app, db):
    from carenet_household_audit.schedule.service import run_scheduler_once

    await run_scheduler_once(db, app.state.settings)
    async with db.transaction() as s:
        made = await month_partitions(s)
    assert {"2026-12", "2027-01"} <= set(made)
