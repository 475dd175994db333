"""The authorisation matrix (tests/authz_matrix.py) walked through the gateway with real processes:
every endpoint of the contract × every kind of caller → the status the matrix says, errors as
problem+json; and tokens that are expired, wrongly signed, `alg: none`, of another audience or
issuer are refused (401) at the gateway and at the services behind it."""

from __future__ import annotations

import base64
import itertools
import json
import random
import re
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from typing import Any

import httpx
import jwt
import pytest
from carenet_core import clock
from carenet_core.settings import DEV_JWT_SECRET

from .authz_matrix import (
    BAD_TOKEN_TARGETS,
    BAD_TOKENS,
    CALLERS,
    COUNTY,
    DISTRICT,
    KNOWN_BUGS,
    MATRIX,
    OTHER_COUNTY,
    OTHER_COUNTY_DISTRICT,
    Row,
)
from .twid import national_id

TODAY = clock.today()
QUARTER, HALF = f"{TODAY.year}-Q{(TODAY.month - 1) // 3 + 1}", f"{TODAY.year}-H{1 if TODAY.month <= 6 else 2}"
# the month before last: household-audit's scheduler draws last month by itself at every start
MONTH = ((TODAY.replace(day=1) - timedelta(days=1)).replace(day=1) - timedelta(days=1)).strftime("%Y-%m")


class World:
    """The records the matrix needs, made once through the API; `new_*` makes a fresh one per cell."""

    def __init__(self, gw: httpx.Client, login: Any) -> None:
        self.gw, self.login = gw, login
        self.rng = random.Random(8_0001)
        self.serial = itertools.count(1)
        self.serials: dict[str, itertools.count[int]] = {}
        self.headers = {
            name: (
                login(
                    *c["roles"],
                    county=c.get("county"),
                    district=c.get("district"),
                    sub=c["sub"],
                    unit=c.get("unit"),
                    agency=c.get("agency"),
                )
                if c
                else {}
            )
            for name, c in CALLERS.items()
        }
        self.slot_base = clock.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=3)
        self.ids: dict[str, str] = {}
        self.case_national_id = ""
        self.decisions: list[str] = []  # undone decisions of the set-up conference, one per cell that marks one done
        self._setup()

    def post(self, caller: str, path: str, body: Any = None, expect: int = 201) -> Any:
        r = self.gw.post(path, json=body, headers=self.headers[caller])
        assert r.status_code == expect, (path, r.status_code, r.text)
        return r.json()

    # ---- case-mgmt
    def case_body(self) -> dict[str, Any]:
        return {
            "national_id": national_id(self.rng),
            "name": "矩陣測試",
            "birth_date": "1980-05-05",
            "sex": "F",
            "county": COUNTY,
            "district": DISTRICT,
            "kinds": ["psychiatric"],
            "source": "hospital_discharge",
            "intake_date": TODAY.isoformat(),
        }

    def new_case(self) -> str:
        return self.post("sup", "/case-mgmt/v1/cases", self.case_body())["id"]

    def new_transfer(self) -> str:
        return self.post(
            "sup",
            f"/case-mgmt/v1/cases/{self.new_case()}/transfers",
            {"to_county": OTHER_COUNTY, "to_district": OTHER_COUNTY_DISTRICT, "reason": "搬遷"},
        )["id"]

    def new_incident(self) -> str:
        return self.post("sup", f"/case-mgmt/v1/cases/{self.ids['case']}/incidents", self.incident_body())["id"]

    @staticmethod
    def incident_body() -> dict[str, Any]:
        return {"kind": "media_reported", "occurred_on": (TODAY - timedelta(days=1)).isoformat(), "note": "矩陣"}

    @staticmethod
    def conference_body(decisions: int = 1) -> dict[str, Any]:
        return {
            "county": COUNTY,
            "month": TODAY.strftime("%Y-%m"),
            "held_on": TODAY.isoformat(),
            "kind": "combined",
            "expert": "矩陣外部專家",
            "attendees": [{"role": "external_expert", "count": 1}],
            "decisions": [
                {"text": f"追蹤 {i}", "owner": "authz-cw", "follow_up_on": TODAY.isoformat()} for i in range(decisions)
            ],
        }

    def discharge_body(self) -> dict[str, Any]:
        return {
            "national_id": national_id(self.rng),
            "name": "出院測試",
            "hospital": "頭份醫院",
            "discharged_at": (TODAY - timedelta(days=3)).isoformat(),
            "compulsory": False,
            "needs_follow_up": True,
        }

    # ---- eap
    def new_slot(self, counsellor: str | None = None) -> str:
        return self.new_slots(counsellor or self.ids["counsellor"], "eapa")[0]["id"]

    def slots_body(self) -> dict[str, Any]:
        start = self.slot_base + timedelta(hours=next(self.serial))
        return {
            "slots": [
                {
                    "starts_at": start.isoformat(),
                    "ends_at": (start + timedelta(minutes=50)).isoformat(),
                    "mode": "in_person",
                }
            ]
        }

    def new_slots(self, counsellor: str, caller: str) -> list[dict[str, Any]]:
        return self.post(caller, f"/eap/v1/counsellors/{counsellor}/slots", self.slots_body())["items"]

    def new_booking(self) -> str:
        return self.post("emp", "/eap/v1/bookings", {"slot_id": self.new_slot(), "kind": "psychological"})["id"]

    # ---- household-audit
    def querylog_record(self, unit: str | None = None, user_id: str = "authz-user") -> dict[str, Any]:
        return {
            "id": str(uuid.uuid4()),
            "unit": unit or self.ids["unit"],
            "county": COUNTY,
            "user_id": user_id,
            "queried_at": f"{MONTH}-10T10:00:00+08:00",
            "subject_national_id": national_id(self.rng),
            "purpose": "訪視前確認戶籍地址",
            "case_ref": None,
        }

    def _setup(self) -> None:
        ids = self.ids
        body = self.case_body()
        ids["case"] = self.post("sup", "/case-mgmt/v1/cases", body)["id"]
        self.case_national_id = body["national_id"]  # for the access log: the person is named in the body
        ids["counsellor"] = self.post(
            "eapa",
            "/eap/v1/counsellors",
            {
                "name": "矩陣心理師",
                "kinds": ["psychological"],
                "gender": "F",
                "modes": ["in_person"],
                "user_sub": CALLERS["cou"]["sub"],
            },
        )["id"]
        self.post(
            "eapa",
            "/eap/v1/counsellors",
            {
                "name": "另一位心理師",
                "kinds": ["legal"],
                "gender": "M",
                "modes": ["in_person"],
                "user_sub": CALLERS["cou2"]["sub"],
            },
        )
        ids["booking"] = self.new_booking()
        ids["workshop"] = self.post("eapa", "/eap/v1/workshops", {"title": "矩陣工作坊", "capacity": 50})["id"]
        ids["unit"] = f"AUTHZ-{uuid.uuid4().hex[:6].upper()}"
        self.post(
            "adm",
            "/household-audit/v1/units",
            {"code": ids["unit"], "name": "矩陣衛生所", "county": COUNTY, "kind": "health_station"},
        )
        # three queries of a user, and one made under the auditor's own account (which the auditor may not review)
        records = [self.querylog_record() for _ in range(3)] + [self.querylog_record(user_id=CALLERS["aud"]["sub"])]
        self.post("sys", "/household-audit/v1/query-logs", {"records": records}, expect=200)
        r = self.gw.post(
            "/household-audit/v1/samplings", json={"month": MONTH, "county": COUNTY}, headers=self.headers["aud"]
        )
        assert r.status_code in (201, 409), r.text  # 409: another test drew this month already
        ids["sampling"] = r.json()["id"]
        r = self.gw.get(f"/household-audit/v1/samplings/{ids['sampling']}/samples", headers=self.headers["aud"])
        assert r.status_code == 200 and r.json()["items"], r.text
        samples = r.json()["items"]  # fewer than 10 records: every one is drawn
        others = [s["id"] for s in samples if s["user_id"] != CALLERS["aud"]["sub"]]
        ids["sample"] = others[0]
        review = {"verdict": "unjustified", "note": "查詢目的不明"}  # opens an anomaly
        ids["anomaly"] = self.post("aud", f"/household-audit/v1/samples/{others[1]}/review", review, expect=200)[
            "anomaly_id"
        ]
        own = [s["id"] for s in samples if s["user_id"] == CALLERS["aud"]["sub"]]
        if own:  # absent when another test drew the month before these records came
            ids["own_sample"] = own[0]
        # workforce: a staff record, an account with no staff record, and a review that flags it
        ids["staff"] = self.post("adm", "/workforce/v1/staff", self.staff_body())["id"]
        self.post("sys", "/workforce/v1/account-activity", self.activity_body("authz-stranger"), expect=200)
        review = self.post("adm", "/workforce/v1/account-reviews", {"county": COUNTY, "half": "2011-H1"})
        assert review["flags"], review
        ids["review"] = review["id"]
        ids["resource"] = self.post("adm", "/resources/v1/resources", self.resource_body())["id"]
        # case-mgmt wave 2: an incident on the case, and a visit audit of a long-ended quarter (no late records)
        ids["incident"] = self.new_incident()
        r = self.gw.post(
            "/case-mgmt/v1/visit-audits",
            json={"county": COUNTY, "quarter": "2010-Q1", "kind": "psychiatric"},
            headers=self.headers["sup"],
        )
        assert r.status_code in (201, 409), r.text
        ids["visit_audit"] = r.json()["id"]
        ids["discharge"] = self.post("hosp", "/case-mgmt/v1/discharges", self.discharge_body())["id"]
        conference = self.post("sup", "/case-mgmt/v1/conferences", self.conference_body(decisions=20))
        ids["conference"] = conference["id"]
        self.decisions = [d["id"] for d in conference["decisions"]]
        self._setup_eap_outreach()
        r = self.gw.get("/eap/v1/messages/mine", headers=self.headers["emp"])
        assert r.status_code == 200 and r.json()["items"], r.text  # the case conference's invitation at least
        ids["message"] = r.json()["items"][0]["id"]
        ids["internal_audit"] = self.new_internal_audit()

    def _setup_eap_outreach(self) -> None:
        """emp is on 工務局's care team (emp2 is not), a referral of emp with a consented case conference whose
        participant is cou, a group session run by cou, a needs survey, an FAQ entry."""
        ids, agency = self.ids, CALLERS["emp"]["agency"]
        members = {"member_subs": [CALLERS["emp"]["sub"]]}
        self.put("eapa", f"/eap/v1/care-teams/{agency}/members", members)
        self.post("sys", "/eap/v1/workload-figures", self.figures_body(), expect=202)
        ids["referral"] = self.post(
            "eapa", "/eap/v1/referrals", {"employee_ref": CALLERS["emp"]["sub"], "reason": "工作壓力", "crisis": False}
        )["id"]
        ids["case_conference"] = self.new_case_conference()
        ids["group_session"] = self.post("eapa", "/eap/v1/group-sessions", self.group_session_body())["id"]
        # a second session that emp attended (emp2 did not join it): its satisfaction survey is emp's to answer
        attended = ids["attended_session"] = self.post("eapa", "/eap/v1/group-sessions", self.group_session_body())[
            "id"
        ]
        place = self.post("emp", f"/eap/v1/group-sessions/{attended}/participants")
        marks = {"attended": [place["code_name"]], "absent": []}
        self.post("eapa", f"/eap/v1/group-sessions/{attended}/attendance", marks, expect=200)
        ids["needs_survey"] = self.post("eapa", "/eap/v1/needs-surveys", {"year": TODAY.year, "title": "矩陣需求調查"})[
            "id"
        ]
        mentorship = {"new_staff_id": self.new_staff(), "mentor_sub": CALLERS["emp"]["sub"]}
        ids["mentorship"] = self.post("eapa", "/eap/v1/mentorships", mentorship)["id"]
        ids["faq_entry"] = self.post("eapa", "/eap/v1/faq/entries", self.faq_entry_body("authz_setup"))["id"]

    def put(self, caller: str, path: str, body: Any, expect: int = 200) -> Any:
        r = self.gw.put(path, json=body, headers=self.headers[caller])
        assert r.status_code == expect, (path, r.status_code, r.text)
        return r.json()

    @staticmethod
    def figures_body() -> dict[str, Any]:
        items = [{"employee_sub": CALLERS["emp"]["sub"], "overtime_hours": 80, "documents": 300}]
        return {"month": MONTH, "agency": CALLERS["emp"]["agency"], "items": items}

    def group_session_body(self) -> dict[str, Any]:
        start = self.slot_base + timedelta(days=1)
        return {
            "agency": CALLERS["emp"]["agency"],
            "topic": "工地意外後的團體減壓",
            "counsellor_id": self.ids["counsellor"],
            "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=2)).isoformat(),
            "capacity": 30,
        }

    @staticmethod
    def faq_entry_body(key: str) -> dict[str, Any]:
        return {"key": key, "question": "矩陣測試問題？", "answer": "矩陣測試答案。", "source": "矩陣"}

    def new_staff(self) -> str:
        """A newly hired employee registered for the new-staff care (mentoring, check-ins)."""
        body = {
            "employee_ref": f"authz-new-{uuid.uuid4().hex[:8]}",
            "hire_date": (TODAY - timedelta(days=10)).isoformat(),
        }
        return self.post("eapa", "/eap/v1/new-staff", {**body, "agency": CALLERS["emp"]["agency"]})["id"]

    def new_case_conference(self, consent: bool = True) -> str:
        """A case conference on emp's referral with cou as participant; consented unless `consent` is False."""
        body = {
            "scheduled_at": (self.slot_base + timedelta(days=2)).isoformat(),
            "participants": [{"sub": CALLERS["cou"]["sub"], "role": "counsellor"}],
        }
        cc = self.post("eapa", f"/eap/v1/referrals/{self.ids['referral']}/case-conferences", body)["id"]
        if consent:
            self.post("emp", f"/eap/v1/case-conferences/{cc}/consent", {"consent": True}, expect=200)
        return cc

    def new_care_offer(self) -> str:
        """An offer to emp, found in emp's list (the raiser reads nothing back)."""
        body = {"id": f"AUTHZ-CARE-{uuid.uuid4().hex[:8]}", "employee_sub": CALLERS["emp"]["sub"]}
        self.post("eapa", "/eap/v1/care-offers", {**body, "trigger": "injured_on_duty"}, expect=202)
        r = self.gw.get("/eap/v1/care-offers/mine", headers=self.headers["emp"])
        assert r.status_code == 200, r.text
        offers = sorted((o for o in r.json() if o["status"] == "offered"), key=lambda o: o["created_at"])
        assert offers, r.text
        return offers[-1]["id"]

    def new_internal_audit(self) -> str:
        n = next(self.serials.setdefault("new_internal_audit", itertools.count()))
        body = {"half": f"{2012 - n // 2}-H{n % 2 + 1}", "county": COUNTY}
        return self.post("adm", "/household-audit/v1/internal-audits", body)["id"]

    # ---- workforce
    def staff_body(self) -> dict[str, Any]:
        return {
            "sub": f"authz-staff-{uuid.uuid4().hex[:8]}",
            "name": "矩陣人員",
            "county": COUNTY,
            "kind": "psychiatric_visitor",
            "funding": "subsidised",
            "started_on": "2024-01-02",
            "psychiatric_visit_share": 0.5,
        }

    @staticmethod
    def activity_body(sub: str) -> dict[str, Any]:
        return {"records": [{"sub": sub, "county": COUNTY, "last_seen": clock.now().isoformat()}]}

    def new_review(self) -> str:
        """A review of a fresh half-year with every flag decided: ready for sign-off."""
        n = next(self.serials.setdefault("new_review", itertools.count()))
        review = self.post(
            "adm", "/workforce/v1/account-reviews", {"county": COUNTY, "half": f"{2000 + n // 2}-H{n % 2 + 1}"}
        )
        for flag in review["flags"]:
            body = {"sub": flag["sub"], "reason": flag["reason"], "decision": "kept", "note": "矩陣"}
            self.post("adm", f"/workforce/v1/account-reviews/{review['id']}/decisions", body, expect=200)
        return review["id"]

    # ---- resources

    def resource_body(self) -> dict[str, Any]:
        return {
            "name": "矩陣心衛中心",
            "county": COUNTY,
            "district": DISTRICT,
            "categories": ["community_mental_health_centre"],
            "address": "苗栗縣頭份市",
            "lat": 24.68,
            "lon": 120.91,
        }

    # ---- a cell
    def resolve(self, row: Row) -> str:
        path = row.path
        fresh = {"new_case": self.new_case, "new_transfer": self.new_transfer, "new_booking": self.new_booking}
        fresh["new_review"] = self.new_review
        fresh["new_incident"] = self.new_incident
        fresh["new_decision"] = self.decisions.pop
        fresh["new_care_offer"] = self.new_care_offer
        fresh["new_case_conference"] = lambda: self.new_case_conference(consent=False)
        fresh["new_internal_audit"] = self.new_internal_audit
        for key, make in fresh.items():
            if "{" + key + "}" in path:
                path = path.replace("{" + key + "}", make())
        return path.format(**self.ids)

    def body(self, row: Row) -> Any:
        # a counter per row keeps every generated period inside the calendar the services accept (2000–2099)
        n = next(self.serials.setdefault(row.name, itertools.count()))
        bodies: dict[str, Any] = {
            "case.intake": lambda: self.case_body(),
            "visit.record": lambda: {
                "id": str(uuid.uuid4()),
                "visited_at": clock.now().isoformat(),
                "method": "phone",
                "outcome": "met",
                "note": "矩陣",
            },
            "tier.change": lambda: {"to_tier": 2, "reason": "穩定"},
            "discharge.upload": lambda: {**self.discharge_body(), "summary": "穩定出院"},
            "transfer.offer": lambda: {
                "to_county": OTHER_COUNTY,
                "to_district": OTHER_COUNTY_DISTRICT,
                "reason": "搬遷",
            },
            "transfer.accept": lambda: {"district": OTHER_COUNTY_DISTRICT},
            "case.close": lambda: {"reason": "遷出"},
            "case.assign": lambda: {"assigned_to": f"authz-cw-{n}-{uuid.uuid4().hex[:6]}", "reason": "案量調整"},
            "incident.record": lambda: self.incident_body(),
            "incident.flash": lambda: {"reference": f"速報-{n}"},
            "conference.record": lambda: self.conference_body(),
            "decision.done": lambda: {"note": "已追蹤"},
            "policy.set": lambda: {"rate": "0.02", "floor": 10},
            "vaudit.draw": lambda: {
                "county": COUNTY,
                "quarter": f"{2019 - n // 4}-Q{n % 4 + 1}",
                "kind": "psychiatric",
            },
            "discharge.notify": lambda: self.discharge_body(),
            "calendar.set": lambda: {"holidays": [{"date": "2090-01-02", "name": "開國紀念日補假"}], "workdays": []},
            "calendar.closure": lambda: {
                "county": COUNTY,
                "date": (date(2090, 7, 1) + timedelta(days=n)).isoformat(),
                "reason": "颱風停止上班",
            },
            "escort.record": lambda: {
                "id": str(uuid.uuid4()),
                "escorted_at": (clock.now() - timedelta(hours=1)).isoformat(),
                "reason": "self_harm",
                "escorted_by": ["police", "case_worker"],
                "hospital": "頭份醫院",
                "outcome": "admitted",
            },
            "case.edit": lambda: {"refuses_service": False},
            "access_log": lambda: {"national_id": self.case_national_id},
            "settings.set": lambda: {"caseload_limit": 60},
            "fact.create": lambda: {
                "county": COUNTY,
                "period": f"{2020 - n // 4}-Q{n % 4 + 1}",
                "code": "cross_agency_meetings",
                "value": 1,
                "evidence": "府衛字第1150000001號",
            },
            "target.set": lambda: {"target": 100, "evidence": "苗栗縣計畫"},
            "hr_event": lambda: {
                "id": f"AUTHZ-HR-{uuid.uuid4().hex[:8]}",
                "employee_sub": CALLERS["emp"]["sub"],
                "agency": "工務局",
                "kind": "bereavement",
                "occurred_on": (TODAY - timedelta(days=2)).isoformat(),
            },
            "workload.figures": lambda: self.figures_body(),
            "workload.threshold": lambda: {"overtime_hours": "40", "documents": 400},
            "care_team.set": lambda: {"member_subs": [CALLERS["emp"]["sub"]]},
            "care_offer.raise": lambda: {
                "id": f"AUTHZ-CARE-{uuid.uuid4().hex[:8]}",
                "employee_sub": CALLERS["emp2"]["sub"],
                "trigger": "job_or_life_change",
            },
            "care_offer.answer": lambda: {"accept": False},
            "group.create": lambda: self.group_session_body(),
            "group.satisfaction": lambda: {"overall": 4, "comment": "有幫助"},
            "group.attendance": lambda: {"attended": [], "absent": []},
            "new_staff.register": lambda: {
                "employee_ref": f"authz-new-{uuid.uuid4().hex[:8]}",
                "hire_date": (TODAY - timedelta(days=3)).isoformat(),
            },
            "mentoring.pair": lambda: {"new_staff_id": self.new_staff(), "mentor_sub": CALLERS["emp2"]["sub"]},
            "mentoring.talk": lambda: {"held_on": TODAY.isoformat()},
            "cc.convene": lambda: {
                "scheduled_at": (self.slot_base + timedelta(days=3)).isoformat(),
                "participants": [{"sub": CALLERS["cou"]["sub"], "role": "counsellor"}],
            },
            "cc.consent": lambda: {"consent": True},
            "cc.minutes.write": lambda: {"text": "討論如何協助"},
            "needs.create": lambda: {"year": TODAY.year, "title": f"矩陣需求調查 {n}"},
            "needs.respond": lambda: {"needs": {"work": 4, "life": 3, "health": 3, "organisation": 2}},
            "faq.entry.create": lambda: self.faq_entry_body(f"authz_{n}_{uuid.uuid4().hex[:6]}"),
            "faq.entry.edit": lambda: {"answer": "改寫的答案。"},
            "counsellor.create": lambda: {"name": "新心理師", "kinds": ["career"], "gender": "X", "modes": ["video"]},
            "slots.publish": lambda: self.slots_body(),
            "booking.create": lambda: {"slot_id": self.new_slot(), "kind": "psychological"},
            "note.write": lambda: {"text": "晤談紀錄"},
            "referral.create": lambda: {"employee_ref": "authz-emp-9", "reason": "情緒低落", "crisis": False},
            "workshop.create": lambda: {"title": "新工作坊", "capacity": 5},
            "bsrs5.self_check": lambda: {"items": [1, 1, 0, 0, 1], "suicide_ideation": 0},
            "satisfaction": lambda: {"overall": 5, "helpfulness": 4},
            "unit.register": lambda: {
                "code": f"AUTHZ-U{n}-{uuid.uuid4().hex[:4]}",
                "name": "新衛生所",
                "county": COUNTY,
                "kind": "health_station",
            },
            "querylog.ingest": lambda: {"records": [self.querylog_record()]},
            "sampling.draw": lambda: {"month": f"{2024 - n // 12}-{n % 12 + 1:02d}", "county": COUNTY},
            "sample.review": lambda: {"verdict": "justified", "note": "依個案訪視需要"},
            "sample.explain": lambda: {"explanation": "依個案訪視需要查詢"},
            "anomaly.submit": lambda: {"report_ref": "府衛字第1150000001號"},
            "sample.self_review": lambda: {"verdict": "justified", "note": "自己的查詢"},
            "internal_audit": lambda: {"half": f"{2023 - n // 2}-H{n % 2 + 1}", "county": COUNTY},
            "wf.staff.create": lambda: self.staff_body(),
            "wf.staff.change": lambda: {"name": "改名"},
            "wf.training.add": lambda: {
                "course": "矩陣進階課程",
                "level": "advanced",
                "topic": "work_risk",
                "hours": 2,
                "completed_on": TODAY.isoformat(),
                "certificate": f"AUTHZ-{n}-{uuid.uuid4().hex[:6]}",
            },
            "wf.case_report.add": lambda: {"submitted_on": TODAY.isoformat(), "title": "矩陣個案報告"},
            "wf.activity.ingest": lambda: self.activity_body("authz-active"),
            "wf.review.open": lambda: {"county": COUNTY, "half": f"{2023 - n // 2}-H{n % 2 + 1}"},
            "wf.review.decide": lambda: {"sub": "authz-stranger", "decision": "kept", "note": "矩陣"},
            "resource.create": lambda: self.resource_body(),
            "resource.edit": lambda: {"phone": "037-000000"},
        }
        make = bodies.get(row.name)
        return make() if make else None

    def params(self, row: Row) -> dict[str, str]:
        if row.name == "target.set":  # a fresh period per cell: the first setting of a period is 201
            return {"period": str(2040 + next(self.serials.setdefault("target.set/period", itertools.count())))}
        return {
            "conference.agenda": {"county": COUNTY, "month": TODAY.strftime("%Y-%m")},
            "scorecard.read": {"period": str(TODAY.year)},
            "scorecard.export": {"period": str(TODAY.year), "format": "csv"},
            "eap.stats": {"year": str(TODAY.year)},
            "unit.list": {"county": COUNTY},
            "sampling.export": {"format": "csv"},
            "case-mgmt.feed": {"after": "0", "limit": "1"},
            "caseloads": {"county": COUNTY},
            "worklist.mine": {"mine": "true"},
            "incident.list": {"county": COUNTY},
            "discharge.missing": {"county": COUNTY, "missing_plan": "true"},
            "referral_sources": {"county": COUNTY, "quarter": QUARTER},
            "faq": {"q": "怎麼預約心理諮商"},
            "conference.list": {"county": COUNTY},
            "vaudit.list": {"county": COUNTY},
            "incident.report": {"county": COUNTY, "half": HALF},
            "report.case_kinds": {"county": COUNTY, "quarter": QUARTER},
            "report.escorts": {"county": COUNTY, "quarter": QUARTER},
            "workload.summary": {"month": MONTH},
            "workload.care_list": {"month": MONTH},
            "mentoring.missing": {"month": MONTH},
            "group.stats": {"year": str(TODAY.year)},
            "indicators.feed": {"after": "0", "limit": "1"},
            "eap.feed": {"after": "0", "limit": "1"},
            "household.feed": {"after": "0", "limit": "1"},
            "wf.compliance": {"county": COUNTY, "year": str(TODAY.year)},
            "wf.training.import": {"county": COUNTY},
            "wf.activity.list": {"county": COUNTY},
            "wf.review.status": {"county": COUNTY},
            "wf.feed": {"after": "0", "limit": "1"},
            "resource.stale": {"county": COUNTY},
            "resources.feed": {"after": "0", "limit": "1"},
        }.get(row.name, {})


@pytest.fixture(scope="module")
def world(gw, login) -> World:
    return World(gw, login)


def cell(world: World, row: Row, caller: str, expected: int) -> str | None:
    """One cell: None when the gateway answers as the matrix says, else a readable line."""
    path = world.resolve(row)
    body = world.body(row)
    r = world.gw.request(
        row.method,
        path,
        params=world.params(row),
        headers=world.headers[caller],
        **({"json": body} if body is not None else {}),
    )
    if r.status_code != expected:
        return f"{row.name} {caller}: {row.method} {path} → {r.status_code} (matrix: {expected}) {r.text[:160]}"
    if r.status_code >= 400 and r.headers.get("content-type") != "application/problem+json":
        return f"{row.name} {caller}: {r.status_code} is not problem+json ({r.headers.get('content-type')})"
    if r.status_code == 201 and (location := r.headers.get("location")):
        # Wave 2 convention: a Location is a gateway path the client can follow.
        service = path.split("/")[1]
        followed = world.gw.get(location, headers=world.headers[caller])
        if not location.startswith(f"/{service}/v1/") or followed.status_code != 200:
            return f"{row.name} {caller}: Location {location} → {followed.status_code} through the gateway"
    return None


def walk(world: World, row: Row) -> list[str]:
    """Every cell of a row (the callers side by side); the mismatches."""
    with ThreadPoolExecutor(max_workers=8) as pool:
        cells = [(c, s) for c, s in row.cells.items() if (row.name, c) not in KNOWN_BUGS]
        results = pool.map(lambda kv: cell(world, row, *kv), cells)
        return [line for line in results if line]


@pytest.mark.parametrize("row", MATRIX, ids=[r.name for r in MATRIX])
def test_authorisation_matrix(world, row):
    missing = [k for k in re.findall(r"\{(\w+)\}", row.path) if not k.startswith("new_") and k not in world.ids]
    if missing:
        pytest.skip(f"no {missing} in this stack (another test drew the sampling month first)")
    wrong = walk(world, row)
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    "row_name, caller",
    [pytest.param(r, c, marks=pytest.mark.xfail(strict=True, reason=why)) for (r, c), why in KNOWN_BUGS.items()],
)
def test_known_bug_cells(world, row_name, caller):
    row = next(r for r in MATRIX if r.name == row_name)
    line = cell(world, row, caller, row.cells[caller])
    assert line is None, line


def test_the_matrix_covers_every_contract_row():
    """Each `| `METHOD /path` |` row of the public contract has a row in the matrix (by method and path shape)."""
    from pathlib import Path

    contract = Path(__file__).resolve().parents[2] / "shared" / "api-contract.md"  # ../shared beside the repo
    if not contract.exists():
        pytest.skip("the contract is not on this machine")
    shape = lambda p: re.sub(r"\{[^}]+\}", "{}", p.split("?")[0])  # noqa: E731
    have = {(r.method, shape(r.path)) for r in MATRIX}
    missing = []
    for cell in re.findall(r"^\| `([^|]+)` \|", contract.read_text(), flags=re.M):
        prev = ""
        for part in cell.split("` · `") if "` · `" in cell else cell.split("` / `"):
            method, _, path = part.strip("` ").partition(" ")
            if path.startswith(".../"):  # continues the previous path: `.../samplings/{id}`, `.../{id}/sign-off`
                rest = path[4:]
                head = rest.split("/")[0]
                path = prev[: prev.index(head)] + rest if head in prev else f"{prev}/{rest}"
            prev = path
            if method in {"GET", "POST", "DELETE", "PATCH", "PUT"} and (method, shape(path)) not in have:
                missing.append(f"{method} {path}")
    # the matrix adds the feeds of every service, which the contract names once
    assert not missing, missing


def test_lists_leak_nothing_across_jurisdictions(world):
    """A case worker of another district or county, or another county's admin, never sees the case in a list."""
    case_id = world.ids["case"]
    for caller in ("cw_d2", "cw_c2", "adm_c2"):
        r = world.gw.get("/case-mgmt/v1/cases", params={"limit": 500}, headers=world.headers[caller])
        assert r.status_code == 200
        assert case_id not in r.text, caller
        r = world.gw.get("/case-mgmt/v1/worklist", params={"days": 60}, headers=world.headers[caller])
        assert case_id not in r.text, caller
    r = world.gw.get("/case-mgmt/v1/cases", params={"county": COUNTY, "limit": 500}, headers=world.headers["cw_c2"])
    assert r.status_code in (200, 403, 404) and case_id not in r.text
    r = world.gw.get("/household-audit/v1/units", params={"county": COUNTY}, headers=world.headers["adm_c2"])
    assert r.status_code == 200 and r.json()["items"] == [], r.text
    # and the case's own worker does see it
    seen, cursor = False, None
    for _ in range(50):
        r = world.gw.get(
            "/case-mgmt/v1/cases",
            params={"limit": 500, **({"cursor": cursor} if cursor else {})},
            headers=world.headers["cw"],
        )
        seen = seen or case_id in r.text
        cursor = r.json()["next_cursor"]
        if seen or not cursor:
            break
    assert seen


def test_wave2_lists_leak_nothing_across_jurisdictions(world):
    """The wave-2 lists: another county sees none of this county's incidents, discharge notices, conferences,
    visit audits or submitted internal audits (asking for the county by name included); the own county and
    the ministry do; a phone syncs only its own worker's cases."""
    ids, get = world.ids, world.gw.get

    def seen(caller: str, path: str, record: str, **params: str) -> bool:
        r = get(path, params=params, headers=world.headers[caller])
        assert r.status_code == 200, (caller, path, r.text)
        return record in r.text

    lists = [
        ("/case-mgmt/v1/incidents", "incident", "sup"),
        ("/case-mgmt/v1/discharges", "discharge", "adm"),
        ("/case-mgmt/v1/conferences", "conference", "min"),
        ("/case-mgmt/v1/visit-audits", "visit_audit", "aud"),
    ]
    for path, record, own in lists:
        assert seen(own, path, ids[record], county=COUNTY), (own, path)
        assert not seen("adm_c2", path, ids[record]), path
        assert not seen("adm_c2", path, ids[record], county=COUNTY), (path, "by name")
    assert not seen("aud_c2", "/case-mgmt/v1/visit-audits", ids["visit_audit"], county=COUNTY)

    audit = world.new_internal_audit()
    world.post("adm", f"/household-audit/v1/internal-audits/{audit}/submit", expect=200)
    submissions = "/household-audit/v1/submissions/internal-audits"
    assert seen("min", submissions, audit, limit="500") and seen("adm", submissions, audit, limit="500")
    assert not seen("adm_c2", submissions, audit, limit="500")
    assert not seen("adm_c2", submissions, audit, county=COUNTY, limit="500")

    mine = world.new_case()
    world.post("sup", f"/case-mgmt/v1/cases/{mine}/assignment", {"assigned_to": CALLERS["cw"]["sub"], "reason": "矩陣"})
    assert seen("cw", "/case-mgmt/v1/sync", mine)
    assert not seen("cw_d2", "/case-mgmt/v1/sync", mine) and not seen("cw_c2", "/case-mgmt/v1/sync", mine)
    assert seen("cw", "/case-mgmt/v1/worklist", mine, mine="true", days="366")
    assert not seen("cw_d2", "/case-mgmt/v1/worklist", mine, mine="true", days="366")


def test_eap_outreach_stays_with_the_agency_and_the_person(world):
    """Outreach reaches only whom it concerns: another agency's employee can neither join 工務局's group session
    nor read its workload; one employee never sees another's inbox or care offers; HR and the raiser of an offer
    read the same bare answer for a new event and a repeat."""
    ids, get = world.ids, world.gw.get
    elsewhere = world.login("employee", county=COUNTY, sub="authz-emp-other", agency="社會局")
    r = world.gw.post(f"/eap/v1/group-sessions/{ids['group_session']}/participants", headers=elsewhere)
    assert r.status_code == 404, r.text
    r = get(f"/eap/v1/workload/{CALLERS['emp']['agency']}/summary", params={"month": MONTH}, headers=elsewhere)
    assert r.status_code == 404, r.text

    inbox = get("/eap/v1/messages/mine", params={"limit": 500}, headers=world.headers["emp2"])
    assert inbox.status_code == 200 and ids["message"] not in inbox.text
    offer = world.new_care_offer()
    offers = get("/eap/v1/care-offers/mine", headers=world.headers["emp2"])
    assert offers.status_code == 200 and offer not in offers.text

    event = {
        "id": f"AUTHZ-HR-{uuid.uuid4().hex[:8]}",
        "employee_sub": CALLERS["emp"]["sub"],
        "kind": "childbirth",
        "occurred_on": TODAY.isoformat(),
    }
    first = world.gw.post("/eap/v1/hr-events", json=event, headers=world.headers["sys"])
    again = world.gw.post("/eap/v1/hr-events", json=event, headers=world.headers["sys"])
    assert first.status_code == again.status_code == 202 and first.json() == again.json() == {"accepted": True}


def test_eap_admin_lists_bookings_by_code_name_only(world):
    """eap_admin's own list of bookings carries no employee `sub`, contact, or counsellor note."""
    r = world.gw.get("/eap/v1/bookings", params={"limit": 500}, headers=world.headers["eapa"])
    assert r.status_code == 200
    assert CALLERS["emp"]["sub"] not in r.text
    assert world.ids["booking"] not in r.text


# ---- bad tokens ----


def _b64(obj: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()


def bad_token(kind: str) -> str:
    now = int(time.time())
    claims = {
        "sub": "intruder",
        "roles": ["county_admin", "supervisor", "system", "eap_admin", "counsellor", "employee", "ministry"],
        "county": COUNTY,
        "aud": "carenet",
        "iss": "carenet-dev",
        "iat": now,
        "exp": now + 600,
    }
    if kind == "expired":
        return jwt.encode({**claims, "iat": now - 7200, "exp": now - 3600}, DEV_JWT_SECRET, algorithm="HS256")
    if kind == "wrong_secret":
        return jwt.encode(claims, "not-the-secret-" + "x" * 32, algorithm="HS256")
    if kind == "alg_none":
        return f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}."
    if kind == "wrong_audience":
        return jwt.encode({**claims, "aud": "someone-else"}, DEV_JWT_SECRET, algorithm="HS256")
    if kind == "wrong_issuer":
        return jwt.encode({**claims, "iss": "https://evil.example"}, DEV_JWT_SECRET, algorithm="HS256")
    if kind == "no_exp":
        return jwt.encode({k: v for k, v in claims.items() if k != "exp"}, DEV_JWT_SECRET, algorithm="HS256")
    if kind == "garbage":
        return "not.a.jwt"
    raise ValueError(kind)


def test_a_well_formed_self_minted_token_is_accepted(world):
    """The control for the bad-token cases: the same claims, signed properly, get through."""
    now = int(time.time())
    good = jwt.encode(
        {
            "sub": "authz-self",
            "roles": ["supervisor"],
            "county": COUNTY,
            "aud": "carenet",
            "iss": "carenet-dev",
            "iat": now,
            "exp": now + 600,
        },
        DEV_JWT_SECRET,
        algorithm="HS256",
    )
    r = world.gw.get(f"/case-mgmt/v1/cases/{world.ids['case']}", headers={"Authorization": f"Bearer {good}"})
    assert r.status_code == 200, r.text


@pytest.mark.parametrize("kind", BAD_TOKENS)
def test_bad_tokens_are_refused_at_the_gateway_and_at_each_service(world, stack, kind):
    token = bad_token(kind)
    headers = {"Authorization": f"Bearer {token}"}
    for method, path in BAD_TOKEN_TARGETS:
        path = path.format(**world.ids)
        r = world.gw.request(method, path, headers=headers)
        assert r.status_code == 401, (kind, path, r.status_code, r.text)
        assert r.headers["content-type"] == "application/problem+json"
        # behind the gateway too: a service reached directly is no weaker
        service, _, rest = path.lstrip("/").partition("/")
        r = httpx.request(method, f"{stack.service_url(service)}/{rest}", headers=headers, timeout=10)
        assert r.status_code == 401, (kind, "direct", path, r.status_code, r.text)
