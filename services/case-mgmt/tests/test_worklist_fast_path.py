"""Today's worklist, read from the standing facts stored on the case rows through the due-date indexes
(issue 15), gives the same items in the same order, page by page, as recomputing every case's standing from
its history; another day's list is that recomputation."""

from datetime import date, timedelta

from carenet_case_mgmt.worklist import service
from carenet_core import clock
from carenet_core.auth import principal_from_claims


async def _mixed_cases(client, auth, worker, open_case, add_visit, h) -> None:
    on = clock.today()
    for n in (0, 3, 6, 9, 13, 14, 15, 21, 35, 60):  # intake only: due intake + 14
        await open_case(intake_date=h.days_ago(n).isoformat())
    met = await open_case(intake_date=h.days_ago(50).isoformat())
    await add_visit(met["id"], when=h.at(h.days_ago(10)))
    late = await open_case(intake_date=h.days_ago(50).isoformat())  # the older visit arrives last
    await add_visit(late["id"], when=h.at(h.days_ago(2)), outcome="not_met")
    await add_visit(late["id"], when=h.at(h.days_ago(20)), method="phone")
    once = await open_case(intake_date=h.days_ago(30).isoformat())
    await add_visit(once["id"], when=h.at(h.days_ago(12)), outcome="not_met")
    thrice = await open_case(intake_date=h.days_ago(60).isoformat())
    for d in (9, 6, 3):
        await add_visit(thrice["id"], when=h.at(h.days_ago(d)), outcome="not_met")
    tier2 = await open_case(intake_date=h.days_ago(120).isoformat())
    await add_visit(tier2["id"], when=h.at(h.days_ago(1)), method="face_to_face_other", outcome="met")
    r = await client.post(
        f"/v1/cases/{tier2['id']}/tier-changes", json={"to_tier": 2, "reason": "stable"}, headers=worker
    )
    assert r.status_code == 201, r.text
    elderly = await open_case(
        kinds=["suicide_attempt"],
        flags=["repeat_suicide_attempt"],
        birth_date=date(on.year - 70, 1, 1).isoformat(),
        intake_date=h.days_ago(40).isoformat(),
    )
    await add_visit(elderly["id"], when=h.at(on), method="face_to_face_home")  # due in 14 days, but flagged
    child = await open_case(kinds=["suicide_attempt"], flags=["child_under_6"], intake_date=h.days_ago(45).isoformat())
    await add_visit(child["id"], when=h.at(on), method="face_to_face_home")  # due in 14 days, but 1 visit < 3
    phone = await open_case(intake_date=h.days_ago(400).isoformat())
    await add_visit(phone["id"], when=h.at(h.days_ago(2)), method="phone", outcome="not_met")
    await add_visit(phone["id"], when=h.at(h.days_ago(1)), method="phone", outcome="met")  # not face-to-face
    lost = await open_case(intake_date=h.days_ago(5).isoformat())
    r = await client.patch(
        f"/v1/cases/{lost['id']}",
        json={"situation": "lost_contact", "situation_reason": "no answer"},
        headers={**worker, "If-Match": '"1"'},
    )
    assert r.status_code == 200, r.text
    await open_case(
        headers=auth("case_worker", county="TW-MIA", district="竹南鎮"),
        district="竹南鎮",
        intake_date=h.days_ago(30).isoformat(),
    )


async def test_stored_facts_list_matches_the_recomputation(
    client, auth, worker, open_case, add_visit, h, db, monkeypatch
):
    await _mixed_cases(client, auth, worker, open_case, add_visit, h)
    principal = principal_from_claims(
        {"sub": "cw-1", "roles": ["case_worker"], "county": "TW-MIA", "district": "頭份市"}
    )
    views = [
        (clock.today(), 7),
        (clock.today(), 30),
        (clock.today(), 0),
        (clock.today() - timedelta(days=10), 7),
        (clock.today() + timedelta(days=20), 3),
    ]
    flagged_beyond_window = 0
    for on, days in views:
        async with db.transaction() as s:
            exact = await service.worklist_items_exact(session=s, principal=principal, on=on, days=days)
        want = [item.model_dump(mode="json") for item, _ in exact]
        flagged_beyond_window += sum(1 for i in want if i["next_visit_due"] > (on + timedelta(days=days)).isoformat())

        def no_fallback(**_):  # today's answer must come from the stored facts
            raise AssertionError("recomputed today's list from the history")

        if on == clock.today():
            monkeypatch.setattr(service, "worklist_items_exact", no_fallback)
        got, cursor = [], None
        while True:
            url = f"/v1/worklist?on={on.isoformat()}&days={days}&limit=2" + (f"&cursor={cursor}" if cursor else "")
            r = await client.get(url, headers=worker)
            assert r.status_code == 200, r.text
            got += r.json()["items"]
            cursor = r.json()["next_cursor"]
            if not cursor:
                break
        monkeypatch.undo()
        assert got == want, (on, days)
        assert len(want) >= 3
    assert flagged_beyond_window >= 2  # the data set reaches the rules that list a case not yet due
