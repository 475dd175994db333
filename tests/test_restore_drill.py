"""The restore drill of docs/operations.md §6 (what `make drill` runs): a backup of the running stack
with data in every service, restored into a new database, a second stack started on it; the trail
chains verify, every sampling re-draws to a match, scorecards and row counts are equal. And the
drill's checks do fail on a restore that lost a row or had a trail row altered."""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
from pathlib import Path

import asyncpg
import httpx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from drill import (
    DrillReport,
    count_differences,
    create_database,
    drop_database,
    fill,
    plain_url,
    restore,
    run_drill,
    table_counts,
    trail_problems,
    verify_trails,
)

COUNTY = "TW-NAN"  # 南投縣: no other cross-service test writes there


@pytest.fixture(scope="module")
def drill(stack, carenet_database, tmp_path_factory) -> tuple[DrillReport, Path, dict]:
    if carenet_database.kind != "postgresql":
        pytest.skip("the restore drill needs PostgreSQL (pg_dump/pg_restore)")
    if os.environ.get("CARENET_TEST_NOW"):
        # the stack's processes keep the real clock: data dated by a shifted test clock would be "in the future"
        pytest.skip("the restore drill fills a real-clock stack; CARENET_TEST_NOW shifts only this process")
    assert shutil.which("pg_dump") and shutil.which("pg_restore"), "PostgreSQL client tools are needed"
    with httpx.Client(base_url=stack.gateway_url, timeout=60) as gw:
        filled = fill(gw, COUNTY, cases=12)
    workdir = tmp_path_factory.mktemp("drill")
    report = run_drill(stack, carenet_database.url, workdir)
    print("\n" + report.summary())
    return report, workdir / "backup", filled


def test_a_restored_backup_serves_the_same_data_with_verifying_trails_and_samplings(drill):
    report, _dump, filled = drill
    assert report.problems == []
    counts = report.counts
    # data in every service came back (the county filled just before the backup at least)
    assert counts["case_mgmt.cases"] >= 12 and counts["case_mgmt.visits"] > 0
    assert counts["household_audit.samplings"] >= 1 and counts["household_audit.query_logs"] >= 600
    assert counts["eap.bookings"] >= 1 and counts["indicators.facts"] >= 1 and counts["indicators.proj_cases"] >= 12
    assert counts["workforce.staff"] >= 4 and counts["resources.resources"] >= 2
    # every chain verified in the restored database, and again with the restored stack's new rows on top
    assert report.trail_restored["case_mgmt"].checked > 0 and report.trail_restored["workforce"].checked > 0
    assert all(chain.ok and chain.unlinked == 0 for chain in report.trail_restored.values())
    assert all(chain.ok for chain in report.trail_after_run.values())
    assert report.trail_after_run["household_audit"].checked > report.trail_restored["household_audit"].checked
    # every sampling re-drew to a match on the restored stack, the one drawn just now among them
    assert filled["sampling"] in report.samplings and all(report.samplings.values())
    # scorecards with real numbers were compared
    assert report.scorecards >= 2 and report.scorecard_numbers > 0


def test_the_drill_checks_catch_a_lost_row_and_an_altered_trail_row(drill, carenet_database):
    report, backup, _filled = drill
    url = create_database(carenet_database.url, "carenet_tampered")
    try:
        restore(backup, url)
        assert count_differences(report.counts, table_counts(url)) == []
        assert trail_problems(verify_trails(url), report.trail_restored) == []

        async def tamper() -> None:
            conn = await asyncpg.connect(plain_url(url))
            try:
                await conn.execute(
                    "DELETE FROM workforce.case_reports WHERE ctid = (SELECT ctid FROM workforce.case_reports LIMIT 1)"
                )
                await conn.execute("UPDATE case_mgmt.access_trail SET actor = 'someone-else' WHERE chain_seq = 3")
            finally:
                await conn.close()

        asyncio.run(tamper())
        lost = count_differences(report.counts, table_counts(url))
        assert [line.split(":")[0] for line in lost] == ["workforce.case_reports"]
        broken = trail_problems(verify_trails(url), report.trail_restored)
        assert broken == ["case_mgmt trail broken at 3: row was altered"]
    finally:
        drop_database(url)
