"""Auditor: samplings by month and county, reviewing a unit's sample record by record, anomalies, verify,
the semiannual internal audit, and the downloads of each."""

from __future__ import annotations

import re
from typing import Any

from carenet_core import clock
from carenet_core.etag import etag
from fastapi import APIRouter, Request
from fastapi.responses import Response

from ..gateway import ApiError
from ..progress import last_half, months_before, next_to_review, unit_progress
from ..web import (
    AUDIT,
    REVIEW,
    VERIFY,
    ForbiddenPage,
    allow,
    api,
    file_response,
    form_with_csrf,
    redirect,
    render,
    viewer,
)
from .login import COUNTIES

router = APIRouter(prefix="/audit")
HA = "/household-audit/v1"
VERDICTS = [("justified", "查詢合理", "1"), ("unjustified", "查詢不合理", "2"), ("needs_follow_up", "待說明", "3")]
ANOMALY_STATES = {"open": "新開立", "investigating": "調查中", "concluded": "已有結論", "reported": "已報部"}
# seed: an anomaly is investigated, concluded with an outcome, then reported to the ministry (the API holds the rule)
ANOMALY_NEXT = {"open": ["investigating", "concluded"], "investigating": ["concluded"]}
UUID_RE = re.compile(r"^[0-9a-fA-F-]{36}$")


async def _all_samples(request: Request, token: str, sampling_id: str, unit: str | None = None) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    for _ in range(100):  # 50 000 samples: far beyond any county-month (2 % of its queries, at least 10 a unit)
        page = await api(request).get(
            f"{HA}/samplings/{sampling_id}/samples", token, unit=unit, limit=500, cursor=cursor
        )
        items += page["items"]
        cursor = page.get("next_cursor")
        if not cursor:
            break
    return items


@router.get("/samplings")
async def samplings(request: Request, county: str = "", month: str = "") -> Response:
    who = allow(await viewer(request), AUDIT)
    county = county or who.principal.county or "TW-MIA"
    months = months_before(clock.today(), 6)
    drawn = {s["month"]: s for s in (await api(request).get(f"{HA}/samplings", who.token, county=county))["items"]}
    rows = []
    for m in months:
        c = await api(request).get(f"{HA}/commitments/{county}/{m}", who.token)
        s = drawn.get(m)
        rows.append({"month": m, "commitment": c["commitment"], "drawn": s is not None, "sampling": s})
    return render(request, "audit/samplings.html", {"rows": rows, "county": county, "counties": COUNTIES}, who=who)


@router.post("/samplings/open")
async def open_sampling(request: Request) -> Response:
    """The month's sampling: drawn now when it is not yet (201), else the one drawn (409 names it)."""
    who = allow(await viewer(request), AUDIT)
    form = await form_with_csrf(request)
    try:
        out = await api(request).post(
            f"{HA}/samplings", who.token, {"month": form.get("month"), "county": form.get("county")}
        )
    except ApiError as exc:
        if exc.status != 409 or "id" not in exc.problem:
            raise
        out = exc.problem
    return redirect(request, f"/audit/samplings/{out['id']}")


@router.get("/samplings/{sampling_id}")
async def sampling(request: Request, sampling_id: str) -> Response:
    who = allow(await viewer(request), AUDIT)
    s = await api(request).get(f"{HA}/samplings/{sampling_id}", who.token)
    samples = await _all_samples(request, who.token, sampling_id)
    units = unit_progress(s["units"], samples)
    return render(request, "audit/sampling.html", {"s": s, "units": units}, who=who)


@router.get("/samplings/{sampling_id}/units/{unit}")
async def review_unit(request: Request, sampling_id: str, unit: str, record: str = "") -> Response:
    who = allow(await viewer(request), AUDIT)
    s = await api(request).get(f"{HA}/samplings/{sampling_id}", who.token)
    samples = sorted(await _all_samples(request, who.token, sampling_id, unit), key=lambda x: x["rank"])
    if not samples:
        raise ApiError(404)
    current = next((x for x in samples if x["id"] == record), None) if record else next_to_review(samples)
    progress = unit_progress([{"unit": unit}], samples)[0]
    position = samples.index(current) if current else None
    return render(
        request,
        "audit/review.html",
        {
            "s": s,
            "unit": unit,
            "samples": samples,
            "current": current,
            "position": position,
            "progress": progress,
            "verdicts": VERDICTS,
            "may_review": who.may(REVIEW),
        },
        who=who,
    )


@router.post("/samplings/{sampling_id}/units/{unit}/review")
async def review(request: Request, sampling_id: str, unit: str) -> Response:
    who = allow(await viewer(request), REVIEW)
    form = await form_with_csrf(request)
    sample_id = form.get("sample_id", "")
    if form.get("verdict") not in {v for v, _, _ in VERDICTS} or not sample_id:
        raise ApiError(422, {"detail": "請選擇審查結果"})
    body = {"verdict": form["verdict"], "note": form.get("note") or None}
    await api(request).post(f"{HA}/samples/{sample_id}/review", who.token, body)
    samples = await _all_samples(request, who.token, sampling_id, unit)
    nxt = next_to_review(samples, after=sample_id)
    return redirect(request, f"/audit/samplings/{sampling_id}/units/{unit}" + (f"?record={nxt['id']}" if nxt else ""))


@router.get("/samplings/{sampling_id}/verify")
async def verify(request: Request, sampling_id: str) -> Response:
    who = allow(await viewer(request), VERIFY)
    v = await api(request).get(f"{HA}/samplings/{sampling_id}/verify", who.token)
    s = await api(request).get(f"{HA}/samplings/{sampling_id}", who.token) if who.may(AUDIT) else None
    return render(request, "audit/verify.html", {"v": v, "s": s, "sampling_id": sampling_id}, who=who)


@router.get("/samplings/{sampling_id}/export.{fmt}")
async def export_sampling(request: Request, sampling_id: str, fmt: str) -> Response:
    who = allow(await viewer(request), REVIEW)
    if fmt not in ("csv", "xlsx"):
        raise ApiError(404)
    r = await api(request).request("GET", f"{HA}/samplings/{sampling_id}/export", who.token, params={"format": fmt})
    return file_response(r)


@router.get("/anomalies")
async def anomalies(request: Request, status: str = "") -> Response:
    who = allow(await viewer(request), (*AUDIT, "ministry"))
    page = await api(request).get(f"{HA}/anomalies", who.token, status=status or None, limit=500)
    return render(
        request,
        "audit/anomalies.html",
        {
            "items": page["items"],
            "status": status,
            "states": ANOMALY_STATES,
            "next_states": ANOMALY_NEXT,
            "may_move": who.may(AUDIT),
            "may_report": who.may(("county_admin", "supervisor")),
        },
        who=who,
    )


@router.post("/anomalies/{anomaly_id}")
async def move_anomaly(request: Request, anomaly_id: str) -> Response:
    """The investigation moves on (with the version read, so a concurrent change is refused, not overwritten)."""
    who = allow(await viewer(request), AUDIT)
    form = await form_with_csrf(request)
    if not UUID_RE.match(anomaly_id):
        raise ApiError(404)
    version = form.get("version", "")
    if not version.isdigit():
        raise ApiError(422, {"detail": "缺少版本"})
    body = {"status": form.get("status"), "outcome": form.get("outcome") or None}
    await api(request).request(
        "PATCH", f"{HA}/anomalies/{anomaly_id}", who.token, json=body, headers={"If-Match": etag(int(version))}
    )
    return redirect(request, "/audit/anomalies")


@router.post("/anomalies/{anomaly_id}/report")
async def report_anomaly(request: Request, anomaly_id: str) -> Response:
    """A concluded anomaly's investigation and outcome go to the ministry (county admin; the API says who may)."""
    who = allow(await viewer(request), ("county_admin", "supervisor"))
    form = await form_with_csrf(request)
    version = form.get("version", "")
    if not UUID_RE.match(anomaly_id) or not version.isdigit():
        raise ApiError(404)
    await api(request).request(
        "POST",
        f"{HA}/anomalies/{anomaly_id}/submit",
        who.token,
        json={"report_ref": form.get("report_ref") or None},
        headers={"If-Match": etag(int(version))},
    )
    return redirect(request, "/audit/anomalies")


@router.get("/internal-audits")
async def internal_audits(request: Request, open: str = "") -> Response:
    who = allow(await viewer(request), (*AUDIT, "ministry"))
    if open:
        if not UUID_RE.match(open.strip()):
            raise ApiError(404)
        return redirect(request, f"/audit/internal-audits/{open.strip()}")
    return render(
        request,
        "audit/internal_audits.html",
        {"half": last_half(clock.today()), "county": who.principal.county, "may_run": who.may(("county_admin",))},
        who=who,
    )


@router.post("/internal-audits")
async def run_internal_audit(request: Request) -> Response:
    """County admin: run the half's audit (or open the one already run: 409 names it)."""
    who = allow(await viewer(request), ("county_admin",))
    form = await form_with_csrf(request)
    try:
        out = await api(request).post(
            f"{HA}/internal-audits", who.token, {"half": form.get("half"), "county": who.principal.county}
        )
    except ApiError as exc:
        if exc.status != 409 or "id" not in exc.problem:
            raise
        out = exc.problem
    return redirect(request, f"/audit/internal-audits/{out['id']}")


@router.get("/internal-audits/{audit_id}")
async def internal_audit(request: Request, audit_id: str) -> Response:
    who = allow(await viewer(request), (*AUDIT, "ministry"))
    a = await api(request).get(f"{HA}/internal-audits/{audit_id}", who.token)
    return render(request, "audit/internal_audit.html", {"a": a}, who=who)


@router.get("/internal-audits/{audit_id}/export.{fmt}")
async def export_internal_audit(request: Request, audit_id: str, fmt: str) -> Response:
    who = allow(await viewer(request), (*AUDIT, "ministry"))
    if fmt not in ("csv", "xlsx"):
        raise ForbiddenPage
    r = await api(request).request("GET", f"{HA}/internal-audits/{audit_id}/export", who.token, params={"format": fmt})
    return file_response(r)
