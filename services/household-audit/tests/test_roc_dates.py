"""Exports carry the ROC (民國) date beside every ISO date: `2026-11-30` → `115/11/30`, instants by their Taipei day."""

import csv
import io
from datetime import UTC, date, datetime

import pytest
from carenet_household_audit.common.exports import roc_of, with_roc_dates
from ha_testkit import COUNTY, add_unit, ingest, records
from openpyxl import load_workbook


@pytest.mark.parametrize(
    ("value", "roc"),
    [
        (date(2026, 11, 30), "115/11/30"),
        (date(2028, 2, 29), "117/02/29"),
        (datetime(2026, 12, 31, 16, 30, tzinfo=UTC), "116/01/01"),  # already 1 January in Taipei
        (datetime(2026, 12, 31, 15, 59, tzinfo=UTC), "115/12/31"),
        (None, ""),
    ],
)
def test_roc_of(value, roc):
    assert roc_of(value) == roc


def test_a_roc_column_follows_each_dated_column():
    headers, rows = with_roc_dates(["單位", "查詢時間"], [["U1", date(2026, 10, 5)], ["U2", None]], ["查詢時間"])
    assert headers == ["單位", "查詢時間", "查詢時間(民國)"]
    assert rows == [["U1", date(2026, 10, 5), "115/10/05"], ["U2", None, ""]]


async def test_sampling_sheet_has_roc_dates_beside_iso(client, admin, system, auditor):
    await add_unit(client, admin, "U1")
    await ingest(client, system, records("U1", 12, at="2026-10-31T23:30:00+08:00"))
    sid = (await client.post("/v1/samplings", json={"month": "2026-10", "county": COUNTY}, headers=auditor)).json()[
        "id"
    ]
    r = await client.get(f"/v1/samplings/{sid}/export", headers=auditor)
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    header = rows[0]
    at = header.index("查詢時間")
    assert header[at + 1] == "查詢時間(民國)" and header[header.index("審查時間") + 1] == "審查時間(民國)"
    first = rows[1]
    assert first[at] == "2026-10-31 23:30:00" and first[at + 1] == "115/10/31"
    x = await client.get(f"/v1/samplings/{sid}/export", params={"format": "xlsx"}, headers=auditor)
    ws = load_workbook(io.BytesIO(x.content)).active
    xl_header = [c.value for c in ws[1]]
    assert ws.cell(row=2, column=xl_header.index("查詢時間(民國)") + 1).value == "115/10/31"


async def test_internal_audit_sheet_has_roc_due_dates(client, admin):
    await add_unit(client, admin, "U1")
    audit = (await client.post("/v1/internal-audits", json={"half": "2026-H1", "county": COUNTY}, headers=admin)).json()
    r = await client.get(f"/v1/internal-audits/{audit['id']}/export", headers=admin)
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    by_month = {row["月份"]: row for row in rows}
    # January's sampling is due 5 days after the month ends (Taipei): 2026-02-06 00:00 → 115/02/06
    assert by_month["2026-01"]["期限(民國)"] == "115/02/06"
    assert by_month["2026-01"]["抽樣時間(民國)"] == ""  # never drawn
