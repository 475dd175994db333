"""Supervisor: the district worklist with reasons and filters, a case page, the month's conference agenda
(and its A4 print view), caseloads."""

from __future__ import annotations

from typing import Any

from carenet_core import clock
from fastapi import APIRouter, Request
from fastapi.responses import Response

from ..web import SUPERVISION, WORKLIST, allow, api, render, viewer

router = APIRouter()
CM = "/case-mgmt/v1"
SECTIONS = [
    ("not_met_3_plus", "連續三次以上訪視未遇"),
    ("high_risk_household", "高風險家庭"),
    ("due_and_overdue", "到期及逾期未訪"),
    ("combined_issues", "合併多重議題"),
    ("refusing_tier_1_2", "拒絕服務之一、二級個案"),
    ("re_reported", "自殺企圖再次通報"),
    ("multiple_problems", "自殺企圖合併精神、保護議題"),
]
REASONS = {
    "overdue": "逾期未訪",
    "due_soon": "即將到期",
    "not_met_retry": "未遇待再訪",
    "consecutive_not_met": "連續訪視未遇",
    "lost_contact": "失聯",
    "missing": "失蹤",
    "only_phone_for_a_year": "一年僅電話訪視",
    "elderly_monthly_visits": "高齡照顧者每月訪視",
    "elderly_monthly_face_to_face": "高齡照顧者每月面訪",
    "elderly_missed_last_month": "高齡照顧者上月未訪",
    "child_under_6_monthly_visits": "六歲以下兒童每月訪視",
    "child_under_6_monthly_face_to_face": "六歲以下兒童每月面訪",
    "child_under_6_missed_last_month": "六歲以下兒童上月未訪",
    "discharge_first_visit": "出院首次訪視",
    "transfer_expired": "轉介逾期",
}


@router.get("/supervisor/worklist")
async def worklist(request: Request, days: int = 7, reason: str = "", district: str = "") -> Response:
    who = allow(await viewer(request), WORKLIST)
    days = min(max(days, 1), 90)
    w = await api(request).get(f"{CM}/worklist", who.token, days=days, limit=500)
    items = w["items"]
    reasons = sorted({r for i in items for r in i.get("reasons", [])})
    districts = sorted({i["district"] for i in items})
    shown = [i for i in items if (not reason or reason in i["reasons"]) and (not district or i["district"] == district)]
    return render(
        request,
        "supervision/worklist.html",
        {
            "w": w,
            "items": shown,
            "total": len(items),
            "days": days,
            "reason": reason,
            "district": district,
            "reasons": reasons,
            "districts": districts,
            "reason_names": REASONS,
        },
        who=who,
    )


async def _all(request: Request, token: str, path: str, **params: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    cursor = None
    for _ in range(20):
        page = await api(request).get(path, token, limit=500, cursor=cursor, **params)
        out += page["items"]
        cursor = page.get("next_cursor")
        if not cursor:
            break
    return out


@router.get("/cases/{case_id}")
async def case_page(request: Request, case_id: str) -> Response:
    who = allow(await viewer(request), SUPERVISION)
    case = await api(request).get(f"{CM}/cases/{case_id}", who.token)
    tiers = (await api(request).get(f"{CM}/cases/{case_id}/tier-changes", who.token))["items"]
    visits = await _all(request, who.token, f"{CM}/cases/{case_id}/visits")
    incidents = [i for i in await _all(request, who.token, f"{CM}/incidents") if i["case_id"] == case_id]
    plans = [p for p in await _all(request, who.token, f"{CM}/discharge-plans") if p.get("case_id") == case_id]
    return render(
        request,
        "supervision/case.html",
        {"c": case, "tiers": tiers, "visits": visits, "incidents": incidents, "plans": plans},
        who=who,
    )


async def _agenda(request: Request, month: str) -> tuple[Any, dict[str, Any], str]:
    who = allow(await viewer(request), SUPERVISION)
    month = month or clock.month_of(clock.today())
    agenda = await api(request).get(f"{CM}/conferences/agenda", who.token, county=who.principal.county, month=month)
    return who, agenda, month


@router.get("/supervisor/agenda")
async def agenda(request: Request, month: str = "") -> Response:
    who, a, month = await _agenda(request, month)
    return render(request, "supervision/agenda.html", {"a": a, "month": month, "sections": SECTIONS}, who=who)


@router.get("/supervisor/agenda/print")
async def agenda_print(request: Request, month: str = "") -> Response:
    who, a, month = await _agenda(request, month)
    return render(
        request,
        "supervision/agenda_print.html",
        {"a": a, "month": month, "sections": SECTIONS, "today": clock.today()},
        who=who,
    )


@router.get("/supervisor/caseloads")
async def caseloads(request: Request, district: str = "") -> Response:
    who = allow(await viewer(request), SUPERVISION)
    c = await api(request).get(f"{CM}/caseloads", who.token, county=who.principal.county, district=district or None)
    return render(request, "supervision/caseloads.html", {"c": c, "district": district}, who=who)
