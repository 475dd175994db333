"""Personal data never reaches a log line or an event: drive requests carrying known national IDs and
names through the real stack (intake, duplicates and bad IDs, visits with notes, discharge plans,
query-log ingest, EAP bookings with contact names, samplings), then grep every log file the stack
wrote and every service's outbox feed for each ID and name used."""

from __future__ import annotations

import random
import uuid
from datetime import timedelta, timezone
from pathlib import Path

import pytest
from carenet_core import clock

from .twid import national_id

COUNTY, DISTRICT = "TW-ILA", "宜蘭市"  # a county no other cross-service test writes to
TAIPEI = timezone(timedelta(hours=8))
TODAY = clock.today()
# the month before last: household-audit's scheduler draws last month by itself at every start
MONTH = ((TODAY.replace(day=1) - timedelta(days=1)).replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
NAMES = ["鄭秘密", "林隱私", "王個資", "陳不露", "黃保密", "吳匿名"]


def _bad_check_digit(nid: str) -> str:
    return nid[:-1] + str((int(nid[-1]) + 1) % 10)


@pytest.fixture(scope="module")
def driven(stack, gw, login):
    """Everything personal the module sent: {"ids": [...], "names": [...]}."""
    rng = random.Random(20261124)
    sup = login("supervisor", county=COUNTY, sub="pii-sup")
    cw = login("case_worker", county=COUNTY, district=DISTRICT, sub="pii-cw")
    hospital = login("hospital", county=COUNTY, sub="pii-hosp", unit="H-ILA-01")
    system = login("system", county=None, sub="pii-sys")
    auditor = login("auditor", county=COUNTY, sub="pii-aud")
    ids: list[str] = []
    names = list(NAMES)

    # case-mgmt: intakes, a duplicate (409), a bad check digit (422), reads, a visit with a note naming the person
    cases = []
    for name in NAMES[:3]:
        nid = national_id(rng, "G")
        ids.append(nid)
        body = {
            "national_id": nid,
            "name": name,
            "birth_date": "1970-01-02",
            "sex": "M",
            "county": COUNTY,
            "district": DISTRICT,
            "kinds": ["psychiatric", "suicide_attempt"],
            "source": "community",
            "intake_date": TODAY.isoformat(),
            "flags": ["lives_alone"],
        }
        r = gw.post("/case-mgmt/v1/cases", json=body, headers=sup)
        assert r.status_code == 201, r.text
        cases.append(r.json()["id"])
        assert gw.post("/case-mgmt/v1/cases", json=body, headers=sup).status_code == 409
    bad = _bad_check_digit(ids[0])
    ids.append(bad)
    r = gw.post(
        "/case-mgmt/v1/cases",
        headers=sup,
        json={
            "national_id": bad,
            "name": NAMES[0],
            "birth_date": "1970-01-02",
            "sex": "M",
            "county": COUNTY,
            "district": DISTRICT,
            "kinds": ["psychiatric"],
            "source": "community",
            "intake_date": TODAY.isoformat(),
        },
    )
    assert r.status_code == 422, r.text
    for case_id in cases:
        assert gw.get(f"/case-mgmt/v1/cases/{case_id}", headers=cw).status_code == 200
        visit = {
            "id": str(uuid.uuid4()),
            "visited_at": clock.now().isoformat(),
            "method": "face_to_face_home",
            "outcome": "met",
            "note": f"與{NAMES[0]}及其母面談，身分證 {ids[0]} 已核對",
        }
        assert gw.post(f"/case-mgmt/v1/cases/{case_id}/visits", json=visit, headers=cw).status_code == 201
    # a national ID in a query string (never logged) and in a filter the list ignores
    assert gw.get("/case-mgmt/v1/cases", params={"q": ids[1], "limit": 5}, headers=cw).status_code in (200, 422)

    # discharge plans: one for an open case, two opening pending intakes, one with a bad ID
    for nid, name in [(ids[1], NAMES[1]), (national_id(rng, "G", 2), NAMES[3]), (national_id(rng, "G", 2), NAMES[4])]:
        if nid not in ids:
            ids.append(nid)
        r = gw.post(
            "/case-mgmt/v1/discharge-plans",
            headers=hospital,
            json={
                "national_id": nid,
                "name": name,
                "hospital": "宜蘭醫院",
                "discharged_at": (TODAY - timedelta(days=2)).isoformat(),
                "compulsory": True,
                "needs_follow_up": True,
                "summary": f"{name} 出院，需追蹤",
            },
        )
        assert r.status_code == 201, r.text
    r = gw.post(
        "/case-mgmt/v1/discharge-plans",
        headers=hospital,
        json={
            "national_id": _bad_check_digit(ids[-1]),
            "name": NAMES[4],
            "hospital": "宜蘭醫院",
            "discharged_at": TODAY.isoformat(),
            "compulsory": False,
            "needs_follow_up": True,
            "summary": "x",
        },
    )
    ids.append(_bad_check_digit(ids[-1]))
    assert r.status_code == 422, r.text

    # household-audit: a unit, a batch of query logs (one bad subject ID, rejected alone), a sampling and its samples
    unit = f"PII-{uuid.uuid4().hex[:6].upper()}"
    assert (
        gw.post(
            "/household-audit/v1/units",
            headers=system,
            json={"code": unit, "name": "宜蘭市衛生所", "county": COUNTY, "kind": "health_station"},
        ).status_code
        == 201
    )
    subjects = [national_id(rng, "G", 1 + i % 2) for i in range(30)]
    ids.extend(subjects)
    records = [
        {
            "id": str(uuid.uuid4()),
            "unit": unit,
            "county": COUNTY,
            "user_id": "pii-user",
            "queried_at": f"{MONTH}-0{1 + i % 9}T09:00:00+08:00",
            "subject_national_id": s,
            "purpose": "訪視前確認戶籍地址",
            "case_ref": cases[i % 3],
        }
        for i, s in enumerate(subjects)
    ]
    bad_subject = _bad_check_digit(subjects[0])
    ids.append(bad_subject)
    records.append({**records[0], "id": str(uuid.uuid4()), "subject_national_id": bad_subject})
    r = gw.post("/household-audit/v1/query-logs", json={"records": records}, headers=system)
    assert r.status_code == 200, r.text
    assert r.json()["accepted"] == 30 and len(r.json()["rejected"]) == 1
    r = gw.post("/household-audit/v1/samplings", json={"month": MONTH, "county": COUNTY}, headers=auditor)
    assert r.status_code == 201, r.text
    r = gw.get(f"/household-audit/v1/samplings/{r.json()['id']}/samples", headers=auditor)
    assert r.status_code == 200 and r.json()["items"]

    # resources: a county CSV whose rows carry a contact person's name and ID in columns the import does not read,
    # and a bad row (rejected with its reason) whose phone cell is a national ID
    contact_id = national_id(rng, "G")
    ids.append(contact_id)
    csv_text = (
        "編號,機構名稱,鄉鎮市區,地址,電話,服務類別,緯度,經度,聯絡人,聯絡人身分證\n"
        f"PII-1,宜蘭縣社區心理衛生中心,宜蘭市,宜蘭縣宜蘭市,03-9322634,社區心理衛生中心,24.75,121.75,{NAMES[4]},{contact_id}\n"
        f"PII-2,宜蘭縣生命線,宜蘭市,宜蘭縣宜蘭市,{contact_id},專線,24.76,121.76,{NAMES[4]},{contact_id}\n"
    )
    r = gw.post(
        "/resources/v1/imports",
        files={"file": ("pii.csv", csv_text.encode("big5"), "text/csv")},
        headers=login("county_admin", county=COUNTY, sub="pii-adm"),
    )
    assert r.status_code == 200, r.text
    assert r.json()["accepted"] == 1 and [x["index"] for x in r.json()["rejected"]] == [2], r.text
    assert gw.get("/resources/v1/resources", params={"county": COUNTY}).status_code == 200

    # eap: a booking with a contact name and phone, a second one for the taken slot (409), reads
    admin = login("eap_admin", county=COUNTY, sub="pii-eapa")
    employee = login("employee", county=COUNTY, sub="pii-emp", agency="宜蘭縣政府")
    counsellor = gw.post(
        "/eap/v1/counsellors",
        headers=admin,
        json={
            "name": "宜蘭心理師",
            "kinds": ["psychological"],
            "gender": "F",
            "modes": ["in_person"],
            "user_sub": "pii-cou",
        },
    )
    assert counsellor.status_code == 201, counsellor.text
    start = clock.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=5)
    slots = gw.post(
        f"/eap/v1/counsellors/{counsellor.json()['id']}/slots",
        headers=admin,
        json={
            "slots": [
                {
                    "starts_at": start.isoformat(),
                    "ends_at": (start + timedelta(minutes=50)).isoformat(),
                    "mode": "in_person",
                }
            ]
        },
    )
    assert slots.status_code == 201, slots.text
    phone = "0912-765-432"
    booking = {
        "slot_id": slots.json()["items"][0]["id"],
        "kind": "psychological",
        "contact_name": NAMES[5],
        "contact_phone": phone,
    }
    r = gw.post("/eap/v1/bookings", json=booking, headers=employee)
    assert r.status_code == 201, r.text
    assert gw.get(f"/eap/v1/bookings/{r.json()['id']}", headers=employee).status_code == 200
    assert gw.post("/eap/v1/bookings", json=booking, headers=login("employee", sub="pii-emp2")).status_code == 409

    # workforce: a staff record with a name, a training record, a departure, an account review
    wf_admin = login("county_admin", county=COUNTY, sub="pii-adm")
    staff_name = "周職員"
    names.append(staff_name)
    r = gw.post(
        "/workforce/v1/staff",
        headers=wf_admin,
        json={
            "sub": "pii-cw",
            "name": staff_name,
            "county": COUNTY,
            "kind": "psychiatric_visitor",
            "funding": "subsidised",
            "started_on": "2024-01-02",
            "psychiatric_visit_share": 0.6,
        },
    )
    assert r.status_code == 201, r.text
    staff_id = r.json()["id"]
    training = {"course": f"{staff_name}的課程", "level": "advanced", "topic": "work_risk", "hours": 3}
    training |= {"completed_on": TODAY.isoformat(), "certificate": "PII-1"}
    assert gw.post(f"/workforce/v1/staff/{staff_id}/training", json=training, headers=wf_admin).status_code == 201
    r = gw.patch(
        f"/workforce/v1/staff/{staff_id}",
        json={"ended_on": TODAY.isoformat()},
        headers={**wf_admin, "If-Match": '"1"'},
    )
    assert r.status_code == 200, r.text
    activity = {"records": [{"sub": "pii-cw", "county": COUNTY, "last_seen": clock.now().isoformat()}]}
    assert gw.post("/workforce/v1/account-activity", json=activity, headers=system).status_code == 200
    half = f"{TODAY.year}-H{1 if TODAY.month <= 6 else 2}"
    r = gw.post("/workforce/v1/account-reviews", json={"county": COUNTY, "half": half}, headers=wf_admin)
    assert r.status_code == 201, r.text
    return {"ids": ids, "names": names, "phones": [phone], "cases": cases}


def _log_files(stack) -> list[Path]:
    assert stack.log_dir is not None
    return sorted(p for p in Path(stack.log_dir).rglob("*") if p.is_file())


def test_logs_were_written_for_the_requests(stack, driven):
    """The control: the stack does log these requests (so the next test has something to search)."""
    text = "\n".join(p.read_text(errors="replace") for p in _log_files(stack))
    logs = {p.name for p in _log_files(stack)}
    assert {"case-mgmt.log", "gateway.log", "eap.log", "household-audit.log", "workforce.log", "resources.log"} <= logs
    for case_id in driven["cases"]:
        assert case_id in text, f"no log line names the request path of case {case_id}"


def test_no_national_id_name_or_phone_in_any_log_line(stack, driven):
    leaks = []
    for path in _log_files(stack):
        for lineno, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            for secret in (*driven["ids"], *driven["names"], *driven["phones"]):
                if secret in line:
                    leaks.append(f"{path.name}:{lineno}: {secret!r} in {line[:200]}")
    assert not leaks, "\n".join(leaks[:20])


@pytest.mark.parametrize("service", ["case-mgmt", "indicators", "eap", "household-audit", "workforce", "resources"])
def test_no_national_id_or_name_in_the_event_feeds(gw, login, driven, service):
    system = login("system", county=None, sub="pii-feed")
    after, seen = 0, 0
    while True:
        r = gw.get(f"/{service}/v1/events", params={"after": after, "limit": 500}, headers=system)
        assert r.status_code == 200, r.text
        body = r.json()
        for secret in (*driven["ids"], *driven["names"], *driven["phones"]):
            assert secret not in r.text, f"{secret!r} in {service}'s feed"
        seen += len(body["items"])
        if not body["items"] or not body.get("next_cursor"):
            break
        after = body["items"][-1]["seq"]
    if service == "case-mgmt":
        assert seen >= 3  # the intakes were emitted
    if service == "workforce":
        assert seen >= 4  # staffing facts of the new staff record and of the departure
