"""Transfers: offered → accepted / rejected / revoked / expired; the sender keeps the case until acceptance."""

import uuid
from datetime import timedelta

from carenet_case_mgmt.transfers.models import Transfer
from carenet_core import clock
from sqlalchemy import update


async def test_offer_accept_moves_the_case_and_leaves_the_sender_read_only(
    client, auth, worker, supervisor, open_case, h
):
    case = await open_case()
    receiver = auth("supervisor", county="TW-HSQ", sub="hsq-sup")
    r = await client.post(
        f"/v1/cases/{case['id']}/transfers",
        json={"to_county": "TW-HSQ", "to_district": "竹北市", "reason": "lives in Zhubei"},
        headers=supervisor,
    )
    assert r.status_code == 201 and r.json()["state"] == "offered"
    transfer = r.json()
    again = await client.post(
        f"/v1/cases/{case['id']}/transfers", json={"to_county": "TW-TPE", "reason": "x"}, headers=supervisor
    )
    assert again.status_code == 409 and again.json()["id"] == transfer["id"]
    # until acceptance the sender is responsible and sees due dates
    mine = await client.get(f"/v1/cases/{case['id']}", headers=worker)
    assert mine.status_code == 200 and mine.json()["next_visit_due"]
    assert (await client.post(f"/v1/transfers/{transfer['id']}/accept", headers=supervisor)).status_code == 403
    assert (
        await client.post(f"/v1/transfers/{transfer['id']}/accept", headers=auth("supervisor", county="TW-TPE"))
    ).status_code == 404
    ok = await client.post(f"/v1/transfers/{transfer['id']}/accept", headers=receiver)
    assert ok.status_code == 200 and ok.json()["state"] == "accepted"
    moved = (await client.get(f"/v1/cases/{case['id']}", headers=receiver)).json()
    assert moved["county"] == "TW-HSQ" and moved["district"] == "竹北市"
    sender_view = await client.get(f"/v1/cases/{case['id']}", headers=worker)
    assert sender_view.status_code == 200 and sender_view.json()["read_only"] is True
    visit = {"id": str(uuid.uuid4()), "visited_at": h.at(clock.today()), "method": "phone", "outcome": "met"}
    assert (await client.post(f"/v1/cases/{case['id']}/visits", json=visit, headers=worker)).status_code == 403
    # a worker of another district of the sending county never had the case
    other = auth("case_worker", county="TW-MIA", district="竹南鎮")
    assert (await client.get(f"/v1/cases/{case['id']}", headers=other)).status_code == 404


async def test_reject_and_revoke(client, auth, supervisor, open_case):
    case = await open_case()
    body = {"to_county": "TW-HSQ", "to_district": "竹北市", "reason": "moved"}
    t = (await client.post(f"/v1/cases/{case['id']}/transfers", json=body, headers=supervisor)).json()
    r = await client.post(
        f"/v1/transfers/{t['id']}/reject", json={"note": "not ours"}, headers=auth("county_admin", county="TW-HSQ")
    )
    assert r.status_code == 200 and r.json()["state"] == "rejected"
    t2 = (await client.post(f"/v1/cases/{case['id']}/transfers", json=body, headers=supervisor)).json()
    assert (
        await client.post(f"/v1/transfers/{t2['id']}/revoke", headers=auth("supervisor", county="TW-HSQ"))
    ).status_code == 403
    r = await client.post(f"/v1/transfers/{t2['id']}/revoke", headers=supervisor)
    assert r.status_code == 200 and r.json()["state"] == "revoked"
    assert (
        await client.post(f"/v1/transfers/{t2['id']}/accept", headers=auth("supervisor", county="TW-HSQ"))
    ).status_code == 409
    assert (await client.get(f"/v1/cases/{case['id']}", headers=supervisor)).json()["county"] == "TW-MIA"


async def test_an_offer_expires_after_14_days(client, auth, supervisor, open_case, db):
    case = await open_case()
    t = (
        await client.post(
            f"/v1/cases/{case['id']}/transfers",
            json={"to_county": "TW-HSQ", "to_district": "竹北市", "reason": "moved"},
            headers=supervisor,
        )
    ).json()
    offered = clock.now()
    assert abs(
        (t_exp := __import__("datetime").datetime.fromisoformat(t["expires_at"])) - (offered + timedelta(days=14))
    ) < timedelta(minutes=1), t_exp
    async with db.transaction() as s:
        await s.execute(
            update(Transfer).where(Transfer.id == t["id"]).values(expires_at=offered - timedelta(seconds=1))
        )
    got = (await client.get(f"/v1/transfers/{t['id']}", headers=supervisor)).json()
    assert got["state"] == "expired"
    r = await client.post(f"/v1/transfers/{t['id']}/accept", headers=auth("supervisor", county="TW-HSQ"))
    assert r.status_code == 409 and r.json()["code"] == "transfer_expired"
    # a new offer is possible once the old one expired
    again = await client.post(
        f"/v1/cases/{case['id']}/transfers", json={"to_county": "TW-HSQ", "reason": "retry"}, headers=supervisor
    )
    assert again.status_code == 201


async def test_transfer_roles(client, worker, open_case):
    case = await open_case()
    r = await client.post(
        f"/v1/cases/{case['id']}/transfers", json={"to_county": "TW-HSQ", "reason": "x"}, headers=worker
    )
    assert r.status_code == 403


async def test_accept_without_a_district_leaves_the_case_unassigned_county_wide(client, auth, supervisor, open_case):
    case = await open_case()
    t = await client.post(f"/v1/cases/{case['id']}/transfers", json={"to_county": "TW-HSQ"}, headers=supervisor)
    assert t.status_code == 201
    receiver = auth("county_admin", county="TW-HSQ")
    # while offered, the receiver may look at the case before deciding
    assert (await client.get(f"/v1/cases/{case['id']}", headers=receiver)).json()["read_only"] is True
    assert (await client.post(f"/v1/transfers/{t.json()['id']}/accept", headers=receiver)).status_code == 200
    got = (await client.get(f"/v1/cases/{case['id']}", headers=receiver)).json()
    assert got["county"] == "TW-HSQ" and got["district"] == "unassigned" and got["read_only"] is False
    incoming = (await client.get("/v1/transfers?direction=incoming", headers=receiver)).json()["items"]
    assert [x["state"] for x in incoming] == ["accepted"]


async def test_an_expired_offer_is_flagged_on_the_senders_worklist(client, auth, supervisor, open_case, db):
    case = await open_case()  # due in 14 days: not on the 7-day worklist by itself
    t = (
        await client.post(f"/v1/cases/{case['id']}/transfers", json={"to_county": "TW-HSQ"}, headers=supervisor)
    ).json()
    before = (await client.get("/v1/worklist", headers=supervisor)).json()["items"]
    assert case["id"] not in [i["case_id"] for i in before]
    async with db.transaction() as s:
        await s.execute(
            update(Transfer).where(Transfer.id == t["id"]).values(expires_at=clock.now() - timedelta(hours=1))
        )
    after = (await client.get("/v1/worklist", headers=supervisor)).json()["items"]
    item = next(i for i in after if i["case_id"] == case["id"])
    assert item["reasons"] == ["transfer_expired"]
