"""Statistics by disability (seed 002: 不同性別、身心障礙者) and anonymous BSRS-5 by agency code, all suppressed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from carenet_eap.bookings.models import Booking
from carenet_eap.common import new_code_name, new_id
from carenet_eap.counsellors.models import Counsellor, Slot
from carenet_eap.selfchecks.models import SelfCheckResult
from sqlalchemy import select

from .helpers import at, book, make_counsellor, make_slots


async def test_a_booking_keeps_the_self_declared_disability_and_nothing_else_changes(client, auth, db):
    c = await make_counsellor(client, auth)
    s1, s2, s3 = await make_slots(client, auth, c["id"], [at(1), at(2), at(3)])
    assert (await book(client, auth, s1["id"], sub="e1", disability=True)).status_code == 201
    assert (await book(client, auth, s2["id"], sub="e2", disability=False)).status_code == 201
    r = await book(client, auth, s3["id"], sub="e3")
    assert r.status_code == 201 and "disability" not in r.json()  # never shown back, not even to the employee
    async with db.transaction() as s:
        got = dict((await s.execute(select(Booking.employee_sub, Booking.employee_disability))).all())
    assert got == {"e1": "yes", "e2": "no", "e3": None}


async def _seed(db, rows: list[tuple[str, str | None, int]]) -> None:
    async with db.transaction() as s:
        c = Counsellor(
            id=new_id(),
            name="統計",
            gender="F",
            modes=["video"],
            languages=["zh-TW"],
            session_minutes=50,
            buffer_minutes=10,
            active=True,
            created_at=datetime(2025, 1, 1, tzinfo=UTC),
        )
        s.add(c)
        await s.flush()
        t = datetime(2025, 4, 1, 1, tzinfo=UTC)
        for kind, disability, n in rows:
            for _ in range(n):
                t += timedelta(hours=1)
                slot = Slot(
                    id=new_id(),
                    counsellor_id=c.id,
                    starts_at=t,
                    ends_at=t + timedelta(minutes=50),
                    mode="video",
                    status="booked",
                    created_at=t,
                )
                s.add(slot)
                await s.flush()
                s.add(
                    Booking(
                        id=new_id(),
                        code_name=new_code_name(),
                        slot_id=slot.id,
                        counsellor_id=c.id,
                        employee_sub=f"emp-{new_id()[:8]}",
                        employee_disability=disability,
                        kind=kind,
                        flow="self",
                        status="attended",
                        starts_at=t,
                        ends_at=t + timedelta(minutes=50),
                        mode="video",
                        created_at=t,
                    )
                )


async def test_statistics_by_disability_suppress_small_cells(client, auth, db):
    await _seed(db, [("psychological", "yes", 3), ("psychological", "no", 12), ("legal", "no", 9), ("legal", None, 6)])
    r = await client.get("/v1/stats", params={"year": 2025, "by": "disability"}, headers=auth("eap_admin"))
    assert r.status_code == 200, r.text
    cells = {c["disability"]: c for c in r.json()["cells"]}
    assert set(cells) == {"yes", "no", "unknown"}
    assert cells["yes"] == {"disability": "yes", "count": None, "suppressed": True}
    # the 3 cannot be recomputed from the total: a second cell is withheld beside it
    assert sum(c["suppressed"] for c in cells.values()) >= 2 or r.json()["total"]["count"] is None
    assert all(c["count"] >= 5 for c in cells.values() if not c["suppressed"])

    r = await client.get("/v1/stats", params={"year": 2025, "by": "kind,disability"}, headers=auth("eap_admin"))
    body = r.json()
    both = {(c["kind"], c["disability"]): c for c in body["cells"]}
    assert both[("psychological", "yes")]["suppressed"] is True
    assert both[("psychological", "no")]["count"] == 12 or both[("psychological", "no")]["suppressed"]
    for dim, idx in (("kind", 0), ("disability", 1)):
        for m in body["margins"][dim]:
            line = [c for k, c in both.items() if k[idx] == m[dim]]
            if m["count"] is not None:
                assert sum(c["suppressed"] for c in line) != 1, (dim, m)
    assert (await client.get("/v1/stats", params={"by": "disability"}, headers=auth("employee"))).status_code == 403


async def test_anonymous_self_checks_by_agency_are_suppressed_aggregates_only(client, auth, db):
    severe = {"items": [4, 4, 3, 3, 3], "suicide_ideation": 1}
    normal = {"items": [0, 1, 0, 0, 1], "suicide_ideation": 0}
    for _ in range(6):
        assert (await client.post("/v1/self-checks/bsrs5", json={**severe, "agency_code": "A01"})).status_code == 200
    for _ in range(2):
        await client.post("/v1/self-checks/bsrs5", json={**normal, "agency_code": "A01"})
    for _ in range(7):
        await client.post("/v1/self-checks/bsrs5", json={**normal, "agency_code": "B02"})
    await client.post("/v1/self-checks/bsrs5", json=normal)
    # a kept (logged-in) result never carries the agency code beside the login
    await client.post(
        "/v1/self-checks/bsrs5", json={**normal, "agency_code": "B02", "keep": True}, headers=auth("employee", sub="e9")
    )
    assert (await client.post("/v1/self-checks/bsrs5", json={**normal, "agency_code": "bad code!"})).status_code == 422
    async with db.transaction() as s:
        kept = (await s.scalars(select(SelfCheckResult).where(SelfCheckResult.subject_sub.is_not(None)))).all()
    assert [(k.subject_sub, k.agency_code) for k in kept] == [("e9", None)]

    year = (await client.get("/v1/stats/self-checks", headers=auth("eap_admin"))).json()["year"]
    r = await client.get("/v1/stats/self-checks", params={"year": year}, headers=auth("eap_admin"))
    assert r.status_code == 200, r.text
    body = r.json()
    cells = {(c["agency"], c["band"]): c for c in body["cells"]}
    assert cells[("A01", "severe")]["count"] == 6  # the high-risk agency shows
    assert cells[("A01", "normal")]["suppressed"] is True  # 2 < 5
    assert all(c["count"] >= 5 for c in body["cells"] if not c["suppressed"] and c["count"])
    for dim, idx in (("agency", 0), ("band", 1)):
        for m in body["margins"][dim]:
            line = [c for k, c in cells.items() if k[idx] == m[dim]]
            if m["count"] is not None:
                assert sum(c["suppressed"] for c in line) != 1, (dim, m)
    for who in (auth("employee"), auth("system"), auth("counsellor")):
        assert (await client.get("/v1/stats/self-checks", headers=who)).status_code == 403
