"""Review workflow, anomalies, sign-off, exports, semiannual internal audit, retention."""

import csv
import io
import uuid
from datetime import UTC, datetime

from carenet_household_audit.querylogs.models import QueryLog
from carenet_household_audit.retention.service import purge_expired
from carenet_household_audit.sampling.models import Sampling
from ha_testkit import COUNTY, OTHER, add_unit, ingest, records
from openpyxl import load_workbook
from sqlalchemy import func, select, text


async def drawn(client, admin, system, auditor, n=12, month="2026-10", unit="U1"):
    await add_unit(client, admin, unit)
    at = f"{month}-15T10:00:00+08:00"
    await ingest(client, system, records(unit, n, at=at))
    body = (await client.post("/v1/samplings", json={"month": month, "county": COUNTY}, headers=auditor)).json()
    items = (await client.get(f"/v1/samplings/{body['id']}/samples", params={"limit": 500}, headers=auditor)).json()[
        "items"
    ]
    return body["id"], items


async def review(client, auditor, sample_id, verdict, note="ok"):
    return await client.post(
        f"/v1/samples/{sample_id}/review", json={"verdict": verdict, "note": note}, headers=auditor
    )


async def test_review_workflow_to_sign_off(client, admin, system, auditor, auth):
    sid, items = await drawn(client, admin, system, auditor)
    supervisor = auth("supervisor", county=COUNTY, sub="sup-1")
    r = await review(client, auditor, items[0]["id"], "unjustified", "查詢目的與個案無關")
    assert r.status_code == 200
    assert r.json()["final"] is True and r.json()["anomaly_id"]
    anomaly_id = r.json()["anomaly_id"]
    follow = await review(client, auditor, items[1]["id"], "needs_follow_up", "請說明")
    assert follow.json()["follow_up_requested"] is True and follow.json()["final"] is False
    for s in items[2:]:
        assert (await review(client, auditor, s["id"], "justified")).status_code == 200

    early = await client.post(f"/v1/samplings/{sid}/sign-off", json={}, headers=supervisor)
    assert early.status_code == 422 and early.json()["code"] == "review_incomplete"

    # the querying user explains, then the auditor decides
    user = auth("case_worker", county=COUNTY, sub=items[1]["user_id"])
    explained = await client.post(
        f"/v1/samples/{items[1]['id']}/explanation", json={"explanation": "個案搬家，確認新址"}, headers=user
    )
    assert explained.status_code == 200
    stranger = auth("case_worker", county=COUNTY, sub="someone-else")
    assert (
        await client.post(f"/v1/samples/{items[1]['id']}/explanation", json={"explanation": "x"}, headers=stranger)
    ).status_code == 404
    assert (await review(client, auditor, items[1]["id"], "justified")).status_code == 200

    done = await client.post(f"/v1/samplings/{sid}/sign-off", json={"note": "完成"}, headers=supervisor)
    assert done.status_code == 200 and done.json()["status"] == "complete"
    assert done.json()["signed_off_by"] == "sup-1"
    assert (await review(client, auditor, items[0]["id"], "justified")).status_code == 409

    # the anomaly: investigated, concluded with an outcome, reported to the ministry
    got = await client.get(f"/v1/anomalies/{anomaly_id}", headers=auditor)
    assert got.json()["status"] == "open"
    etag = got.headers["etag"]
    stale = await client.patch(
        f"/v1/anomalies/{anomaly_id}", json={"status": "investigating"}, headers=auditor | {"If-Match": 'W/"stale"'}
    )
    assert stale.status_code == 412
    step = await client.patch(
        f"/v1/anomalies/{anomaly_id}", json={"status": "investigating"}, headers=auditor | {"If-Match": etag}
    )
    assert step.status_code == 200 and step.json()["investigation_started_at"]
    no_outcome = await client.patch(f"/v1/anomalies/{anomaly_id}", json={"status": "concluded"}, headers=auditor)
    assert no_outcome.status_code == 422 and no_outcome.json()["code"] == "outcome_required"
    await client.patch(
        f"/v1/anomalies/{anomaly_id}", json={"status": "concluded", "outcome": "已懲處"}, headers=auditor
    )
    rep = await client.patch(
        f"/v1/anomalies/{anomaly_id}", json={"status": "reported", "report_ref": "苗衛字第1號"}, headers=auditor
    )
    assert rep.json()["status"] == "reported" and rep.json()["reported_to_ministry_at"]
    listed = await client.get("/v1/anomalies", params={"status": "reported"}, headers=admin)
    assert [a["id"] for a in listed.json()["items"]] == [anomaly_id]
    assert (await client.get("/v1/anomalies", headers=auth("county_admin", county=OTHER))).json()["items"] == []


async def test_only_auditors_review_and_bad_verdicts_are_422(client, admin, system, auditor, auth):
    _, items = await drawn(client, admin, system, auditor)
    assert (await review(client, admin, items[0]["id"], "justified")).status_code == 403
    assert (await review(client, auditor, items[0]["id"], "maybe")).status_code == 422
    assert (await review(client, auditor, str(uuid.uuid4()), "justified")).status_code == 404
    assert (await review(client, auth("auditor", county=OTHER), items[0]["id"], "justified")).status_code == 404


async def test_exports_have_chinese_headers(client, admin, system, auditor, db):
    sid, items = await drawn(client, admin, system, auditor)
    await review(client, auditor, items[0]["id"], "justified", "合理查詢")
    r = await client.get(f"/v1/samplings/{sid}/export", params={"format": "csv"}, headers=auditor)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    header = rows[0]
    for col in ("單位代碼", "查詢者", "查詢時間", "當事人(遮罩)", "查詢目的", "籤號(SHA-256)", "審查結果", "審查意見"):
        assert col in header
    assert len(rows) == 1 + len(items)
    first = dict(zip(header, rows[1], strict=True))
    assert first["審查結果"] == "合理" and first["審查意見"] == "合理查詢"
    assert first["當事人(遮罩)"].startswith("******") and len(first["當事人(遮罩)"]) == 10
    x = await client.get(f"/v1/samplings/{sid}/export", params={"format": "xlsx"}, headers=auditor)
    wb = load_workbook(io.BytesIO(x.content))
    ws = wb.active
    assert [c.value for c in ws[1]][:4] == ["抽樣年月", "縣市", "單位代碼", "單位名稱"]
    assert ws.max_row == 1 + len(items)
    assert (
        await client.get(f"/v1/samplings/{sid}/export", params={"format": "pdf"}, headers=auditor)
    ).status_code == 422
    async with db.transaction() as s:
        exported = await s.scalar(text("SELECT count(*) FROM access_trail WHERE action = 'export'"))
    assert exported == 2 * len(items)


async def test_internal_audit_of_a_half(client, admin, system, auditor, auth):
    supervisor = auth("supervisor", county=COUNTY)
    await add_unit(client, admin, "U1")
    months = ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]
    for m in months[:5]:  # June is never drawn
        await ingest(client, system, records("U1", 11, at=f"{m}-10T09:00:00+08:00"))
        sid = (await client.post("/v1/samplings", json={"month": m, "county": COUNTY}, headers=auditor)).json()["id"]
        items = (await client.get(f"/v1/samplings/{sid}/samples", headers=auditor)).json()["items"]
        for s in items:
            await review(client, auditor, s["id"], "justified")
        if m != "2026-05":
            assert (await client.post(f"/v1/samplings/{sid}/sign-off", json={}, headers=supervisor)).status_code == 200
    r = await client.post("/v1/internal-audits", json={"half": "2026-H1", "county": COUNTY}, headers=admin)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["passed"] is False and body["plan"]["months"] == months
    by_month = {x["month"]: x for x in body["results"]}
    assert by_month["2026-06"]["drawn"] is False
    assert by_month["2026-05"]["signed_off"] is False and by_month["2026-05"]["reviews_complete"] is True
    # drawn today, long after the due date
    assert by_month["2026-01"]["on_time"] is False and by_month["2026-01"]["sizes_verified"] is True
    again = await client.post("/v1/internal-audits", json={"half": "2026-H1", "county": COUNTY}, headers=admin)
    assert again.status_code == 409 and again.json()["id"] == body["id"]
    xl = await client.get(f"/v1/internal-audits/{body['id']}/export", params={"format": "xlsx"}, headers=admin)
    ws = load_workbook(io.BytesIO(xl.content)).active
    assert ws["C1"].value == "月份" and ws.max_row == 7
    assert (await client.post("/v1/internal-audits", json={"half": "2099-H1", "county": COUNTY}, headers=admin)).json()[
        "code"
    ] == "half_not_ended"
    assert (
        await client.post(
            "/v1/internal-audits",
            json={"half": "2026-H1", "county": COUNTY},
            headers=auth("county_admin", county=OTHER),
        )
    ).status_code == 404


async def test_retention_purges_with_records_and_respects_holds(app, client, admin, system, auditor, db):
    await add_unit(client, admin, "U1")
    await add_unit(client, admin, "U2")
    await ingest(
        client,
        system,
        records("U1", 5, at="2023-05-10T09:00:00+08:00")
        + records("U2", 3, at="2023-05-10T09:00:00+08:00")
        + records("U1", 4, at="2023-06-10T09:00:00+08:00")
        + records("U1", 2, at="2024-01-10T09:00:00+08:00"),
    )
    for m in ("2023-05", "2023-06"):
        assert (
            await client.post("/v1/samplings", json={"month": m, "county": COUNTY}, headers=auditor)
        ).status_code == 201
    hold = await client.post(
        "/v1/legal-holds", json={"county": COUNTY, "month": "2023-05", "unit": "U1", "reason": "調查中"}, headers=admin
    )
    assert hold.status_code == 201
    now = datetime(2026, 11, 23, tzinfo=UTC)
    async with db.transaction() as s:
        cutoff, recs = await purge_expired(session=s, settings=app.state.settings, now=now)
    assert cutoff == "2023-11"
    got = {(r.period, r.kind): r.rows for r in recs}
    assert got == {
        ("2023-05", "query_logs"): 3,
        ("2023-06", "query_logs"): 4,
        ("2023-06", "samplings"): 1,
        ("2023-06", "samples"): 4,
        ("2023-06", "month_seeds"): 1,
    }
    async with db.transaction() as s:
        left = dict((await s.execute(select(QueryLog.month, func.count()).group_by(QueryLog.month))).all())
        kept = set((await s.scalars(select(Sampling.month))).all())
    assert left == {"2023-05": 5, "2024-01": 2} and kept == {"2023-05"}
    listed = (await client.get("/v1/purge-records", headers=admin)).json()["items"]
    assert {(p["period"], p["kind"]) for p in listed} == set(got)

    # released: the next run purges the rest of the month
    assert (await client.post(f"/v1/legal-holds/{hold.json()['id']}/release", headers=admin)).status_code == 200
    async with db.transaction() as s:
        _, recs = await purge_expired(session=s, settings=app.state.settings, now=now)
    assert {(r.period, r.kind): r.rows for r in recs}[("2023-05", "query_logs")] == 5
