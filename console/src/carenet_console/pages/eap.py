"""EAP admin: programme statistics (suppressed cells shown as such), workshops and their waitlists.
Never a counselling note, never an employee's name: the API gives neither to this role, and no page asks."""

from __future__ import annotations

from carenet_core import clock
from fastapi import APIRouter, Request
from fastapi.responses import Response

from ..web import EAP, allow, api, render, viewer

router = APIRouter(prefix="/eap")
DIMENSIONS = {"kind": "服務類別", "gender": "性別", "mode": "服務方式", "issue_category": "議題類別"}
MEASURES = {"bookings": "預約", "attended": "出席", "no_shows": "未到"}


@router.get("/stats")
async def stats(request: Request, year: int = 0, by: str = "kind", measure: str = "bookings") -> Response:
    who = allow(await viewer(request), EAP)
    year = year or clock.today().year
    by = by if by in DIMENSIONS or by == "kind,gender" else "kind"
    measure = measure if measure in MEASURES else "bookings"
    s = await api(request).get("/eap/v1/stats", who.token, year=year, by=by, measure=measure)
    return render(
        request,
        "eap/stats.html",
        {"s": s, "year": year, "by": by, "measure": measure, "dimensions": DIMENSIONS, "measures": MEASURES},
        who=who,
    )


@router.get("/workshops")
async def workshops(request: Request) -> Response:
    who = allow(await viewer(request), EAP)
    items = (await api(request).get("/eap/v1/workshops", who.token, limit=100))["items"]
    enrolments = {}
    for w in items:
        enrolments[w["id"]] = (await api(request).get(f"/eap/v1/workshops/{w['id']}/enrolments", who.token))["items"]
    return render(request, "eap/workshops.html", {"items": items, "enrolments": enrolments}, who=who)
