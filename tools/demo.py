"""`make demo`: a fictional county, filled through the public API, so every list and screen has data.

Everything is generated (seeded, repeatable) and goes in through the gateway like any client's data:
cases across tiers with visits (some overdue, some not met three times), discharge plans, a
conference, media-reported incidents (one with its flash report overdue), staff, care resources, a
month of household-registry query logs with its sampling drawn, EAP counsellors with free slots and a
booking, indicator facts and so a scorecard with numbers. The names are invented and
the national IDs are valid-looking numbers drawn from a seed: no real person is in it.

It needs development tokens (`POST /auth/dev-token`), which exist only with `CARENET_ENV=dev`: in
production the loader cannot run, and nothing of it is shipped in a migration.

    python tools/demo.py --gateway http://127.0.0.1:8000 [--county TW-MIA]
"""

from __future__ import annotations

import argparse
import random
import sys
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

import httpx
from carenet_core import clock

SEED = 20261130
SURNAMES = "陳林黃張李王吳劉蔡楊許鄭謝郭洪曾邱廖賴周"
GIVEN = ["志明", "淑芬", "美玲", "俊傑", "怡君", "家豪", "雅婷", "建宏", "佩珊", "宗翰", "欣怡", "冠宇"]
DISTRICTS = {
    "TW-MIA": ["頭份市", "竹南鎮", "苗栗市"],
    "TW-ILA": ["宜蘭市", "羅東鎮", "頭城鎮"],
    "TW-HSQ": ["竹北市", "竹東鎮", "湖口鄉"],
    "TW-NAN": ["南投市", "埔里鎮", "草屯鎮"],
    "TW-KEE": ["仁愛區", "中正區", "七堵區"],
}
LETTERS = "ABCDEFGHJKLMNPQRSTUVXYWZIO"


def national_id(rng: random.Random) -> str:
    """A check-digit-valid national ID drawn from the seed (fictional)."""
    letter = rng.choice(LETTERS[:22])
    code = LETTERS.index(letter) + 10
    body = f"{rng.choice('12')}{rng.randrange(10**7):07d}"
    digits = [code // 10, code % 10] + [int(c) for c in body]
    check = (10 - sum(d * w for d, w in zip(digits, (1, 9, 8, 7, 6, 5, 4, 3, 2, 1), strict=True)) % 10) % 10
    return f"{letter}{body}{check}"


def at(d: date, hour: int = 10) -> str:
    """An instant on a Taipei day, never in the future."""
    instant = datetime.combine(d, time(hour), clock.TAIPEI)
    return min(instant, clock.now().astimezone(clock.TAIPEI) - timedelta(minutes=1)).isoformat()


@dataclass
class Demo:
    gw: httpx.Client
    county: str
    rng: random.Random = field(default_factory=lambda: random.Random(SEED))
    tokens: dict[str, str] = field(default_factory=dict)

    @property
    def districts(self) -> list[str]:
        return DISTRICTS.get(self.county, ["頭份市", "竹南鎮"])

    def login(self, name: str, **claims: Any) -> dict[str, str]:
        if name not in self.tokens:
            r = self.gw.post("/auth/dev-token", json={"sub": f"demo-{name}", **claims})
            if r.status_code == 404:
                raise SystemExit("the demo needs development tokens: run it against a CARENET_ENV=dev stack")
            r.raise_for_status()
            self.tokens[name] = r.json()["access_token"]
        return {"Authorization": f"Bearer {self.tokens[name]}"}

    def call(
        self, method: str, path: str, who: dict[str, str], body: Any = None, ok: tuple[int, ...] = (200, 201), **kw: Any
    ) -> Any:
        r = self.gw.request(method, path, json=body, headers=who, **kw)
        if r.status_code not in ok:
            raise RuntimeError(f"{method} {path} → {r.status_code}: {r.text[:300]}")
        return r.json() if r.content and r.headers.get("content-type", "").startswith("application/json") else None

    def name(self) -> str:
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)

    # ---- case management ----------------------------------------------------------------------
    def cases(self, n: int = 36) -> list[dict[str, Any]]:
        today = clock.today()
        sup = self.login("supervisor", roles=["supervisor"], county=self.county)
        opened = []
        for i in range(n):
            district = self.districts[i % len(self.districts)]
            worker = self.login(f"cw-{district}", roles=["case_worker"], county=self.county, district=district)
            kinds = [["psychiatric"], ["suicide_attempt"], ["psychiatric", "suicide_attempt"]][i % 3]
            intake = today - timedelta(days=self.rng.randint(20, 150))
            body = {
                "national_id": national_id(self.rng),
                "name": self.name(),
                "birth_date": date(
                    self.rng.randint(1945, 2004), self.rng.randint(1, 12), self.rng.randint(1, 28)
                ).isoformat(),
                "sex": self.rng.choice("MF"),
                "county": self.county,
                "district": district,
                "kinds": kinds,
                "source": "hospital_discharge",
                "intake_date": intake.isoformat(),
                "flags": self.rng.sample(["lives_alone", "child_under_6", "protective_issue"], k=i % 2),
            }
            if i % 5 == 0:
                body["household"] = {"caregiver_age": self.rng.randint(66, 85), "psychiatric_patients": 1}
            case = self.call("POST", "/case-mgmt/v1/cases", worker, body)
            opened.append(case)
            self._visits(case, worker, intake, pattern=i % 4)
            if i % 4 == 0 and (today - intake).days > 100:  # stable for months: one tier down (if the rules allow)
                self.call(
                    "POST",
                    f"/case-mgmt/v1/cases/{case['id']}/tier-changes",
                    sup,
                    {"to_tier": 2, "reason": "連續三個月穩定，面訪本人確認"},
                    ok=(201, 422),
                )
        return opened

    def _visits(self, case: dict[str, Any], worker: dict[str, str], intake: date, pattern: int) -> None:
        """0: visited regularly · 1: never visited (overdue) · 2: three visits not met · 3: one recent visit."""
        today = clock.today()
        if pattern == 1:
            return
        if pattern == 2:
            days = [today - timedelta(days=d) for d in (9, 6, 3)]
            outcomes = ["not_met"] * 3
        elif pattern == 3:
            days, outcomes = [today - timedelta(days=self.rng.randint(1, 5))], ["met"]
        else:
            days = [intake + timedelta(days=d) for d in range(3, (today - intake).days, 14)]
            outcomes = ["met" if self.rng.random() < 0.85 else "not_met" for _ in days]
        for d, outcome in zip(days, outcomes, strict=True):
            method = self.rng.choice(["face_to_face_home", "face_to_face_home", "phone", "face_to_face_other"])
            body = {
                "id": str(uuid.uuid4()),
                "visited_at": at(d, self.rng.randint(9, 17)),
                "method": method,
                "outcome": outcome,
                "note": "例行訪視" if outcome == "met" else "訪視未遇，留下聯絡卡",
            }
            self.call(
                "POST", f"/case-mgmt/v1/cases/{case['id']}/visits", {**worker, "Idempotency-Key": body["id"]}, body
            )

    def discharge_plans(self, n: int = 6) -> None:
        hospital = self.login("hospital", roles=["hospital"], county=self.county, unit="H-DEMO-01")
        today = clock.today()
        for i in range(n):
            self.call(
                "POST",
                "/case-mgmt/v1/discharge-plans",
                hospital,
                {
                    "national_id": national_id(self.rng),
                    "name": self.name(),
                    "hospital": "苗栗示範醫院",
                    "discharged_at": (today - timedelta(days=3 + 5 * i)).isoformat(),
                    "compulsory": i == 0,
                    "needs_follow_up": True,
                    "summary": "規律服藥，家屬同住，安排社區追蹤",
                },
            )

    def conference(self) -> None:
        sup = self.login("supervisor", roles=["supervisor"], county=self.county)
        today = clock.today()
        self.call(
            "POST",
            "/case-mgmt/v1/conferences",
            sup,
            {
                "county": self.county,
                "month": clock.month_of(today),
                "held_on": today.isoformat(),
                "kind": "combined",
                "expert": "陳醫師（外部督導）",
            },
        )

    # ---- household-registry audit -----------------------------------------------------------------
    def query_logs_and_sampling(self, last_month: date | None = None) -> str:
        """A month of query logs (last month unless `last_month`, a day in another ended month) and its sampling."""
        admin = self.login("county_admin", roles=["county_admin"], county=self.county)
        system = self.login("system", roles=["system"])
        auditor = self.login("auditor", roles=["auditor"], county=self.county)
        if last_month is None:
            last_month = clock.today().replace(day=1) - timedelta(days=1)
        else:  # the month's last day
            last_month = clock.add_months(last_month.replace(day=1), 1) - timedelta(days=1)
        month = clock.month_of(last_month)
        units = [f"DEMO-{self.county[-3:]}-{k}" for k in ("HB", "HS1", "HOSP")]
        kinds = ["health_bureau", "health_station", "hospital"]
        for code, kind in zip(units, kinds, strict=True):
            self.call(
                "POST",
                "/household-audit/v1/units",
                admin,
                {"code": code, "name": f"示範{code[-4:]}", "county": self.county, "kind": kind},
                ok=(201, 409),
            )
        records = []
        for i in range(600):
            d = last_month.replace(day=self.rng.randint(1, last_month.day))
            records.append(
                {
                    "id": str(uuid.UUID(int=self.rng.getrandbits(128), version=4)),
                    "unit": units[i % 3],
                    "county": self.county,
                    "user_id": f"clerk-{i % 7}",
                    "queried_at": at(d, self.rng.randint(8, 17)),
                    "subject_national_id": national_id(self.rng),
                    "purpose": "訪視前確認戶籍地址",
                    "case_ref": None,
                }
            )
        self.call("POST", "/household-audit/v1/query-logs", system, {"records": records})
        r = self.gw.post("/household-audit/v1/samplings", json={"month": month, "county": self.county}, headers=auditor)
        if r.status_code not in (201, 409):
            raise RuntimeError(f"sampling → {r.status_code}: {r.text[:300]}")
        return str(r.json()["id"])

    # ---- employee assistance ------------------------------------------------------------------------
    def eap(self) -> None:
        admin = self.login("eap_admin", roles=["eap_admin"], county=self.county)
        employee = self.login("employee", roles=["employee"], county=self.county, agency="示範局處")
        starts = datetime.combine(clock.today() + timedelta(days=3), time(9), clock.TAIPEI)
        for k, kind in enumerate(["psychological", "legal", "career"]):
            c = self.call(
                "POST",
                "/eap/v1/counsellors",
                admin,
                {
                    "name": f"{self.name()}{'心理師' if kind == 'psychological' else '顧問'}",
                    "kinds": [kind],
                    "gender": "FMX"[k],
                    "modes": ["in_person", "video"],
                    "user_sub": f"demo-counsellor-{self.county}-{k}",
                },
            )
            slots = [
                {
                    "starts_at": (starts + timedelta(days=d, hours=h)).isoformat(),
                    "ends_at": (starts + timedelta(days=d, hours=h, minutes=50)).isoformat(),
                    "mode": "in_person",
                }
                for d in range(3)
                for h in (0, 2, 5)
            ]
            made = self.call("POST", f"/eap/v1/counsellors/{c['id']}/slots", admin, {"slots": slots})["items"]
            if kind == "psychological":
                self.call("POST", "/eap/v1/bookings", employee, {"slot_id": made[0]["id"], "kind": kind})
        self.call("POST", "/eap/v1/workshops", admin, {"title": "壓力調適工作坊", "capacity": 20})

    # ---- indicators ---------------------------------------------------------------------------------
    def facts(self) -> None:
        admin = self.login("county_admin", roles=["county_admin"], county=self.county)
        year = clock.today().year
        for q in range(1, (clock.today().month - 1) // 3 + 2):
            self.call(
                "POST",
                "/indicators/v1/facts",
                admin,
                {
                    "county": self.county,
                    "period": f"{year}-Q{q}",
                    "code": "cross_agency_meetings",
                    "value": 1,
                    "evidence": f"府衛字第{year - 1911}000{q}號 會議紀錄",
                },
                ok=(201, 409),
            )

    # ---- incidents, staff, the resource directory ----------------------------------------------------------
    def incidents(self, cases: list[dict[str, Any]]) -> None:
        """Two media-reported events on suicide-attempt cases: one recent, one whose flash report is overdue."""
        sup = self.login("supervisor", roles=["supervisor"], county=self.county)
        suicide = [c for c in cases if "suicide_attempt" in c["kinds"]][:2]
        for case, days_ago in zip(suicide, (1, 12), strict=False):
            occurred = (clock.today() - timedelta(days=days_ago)).isoformat()
            self.call(
                "POST",
                f"/case-mgmt/v1/cases/{case['id']}/incidents",
                sup,
                {"kind": "media_reported", "occurred_on": occurred, "note": "地方新聞報導"},
            )

    def staff(self) -> None:
        admin = self.login("county_admin", roles=["county_admin"], county=self.county)
        people = (
            [("supervisor", 0.0), ("admin_staff", 0.0)]
            + [("psychiatric_visitor", 0.7)] * 5
            + [("suicide_visitor", 0.1)] * 3
        )
        for i, (kind, share) in enumerate(people):
            self.call(
                "POST",
                "/workforce/v1/staff",
                admin,
                {
                    "sub": f"demo-staff-{self.county}-{i}",
                    "name": self.name(),
                    "county": self.county,
                    "kind": kind,
                    "funding": "subsidised",
                    "started_on": "2024-02-01",
                    "psychiatric_visit_share": share,
                },
                ok=(201, 409),
            )

    def resources(self) -> None:
        admin = self.login("county_admin", roles=["county_admin"], county=self.county)
        places = [
            ("社區心理衛生中心", ["community_mental_health_centre", "psychological_counselling"], 24.6889, 120.9092),
            ("精神科門診", ["psychiatric_care"], 24.6847, 120.8789),
            ("成癮治療特約醫院", ["addiction_treatment"], 24.5660, 120.8226),
        ]
        for i, (name, categories, lat, lon) in enumerate(places):
            self.call(
                "POST",
                "/resources/v1/resources",
                admin,
                {
                    "county": self.county,
                    "district": self.districts[i % len(self.districts)],
                    "name": f"示範{name}",
                    "categories": categories,
                    "address": f"{self.districts[i % len(self.districts)]}示範路{i + 1}號",
                    "lat": lat,
                    "lon": lon,
                    "source_id": f"demo-{self.county}-{i}",
                },
                ok=(201, 409),
            )

    def load(self) -> dict[str, Any]:
        cases = self.cases()
        self.discharge_plans()
        self.conference()
        self.incidents(cases)
        sampling = self.query_logs_and_sampling()
        self.eap()
        self.facts()
        self.staff()
        self.resources()
        return {"cases": len(cases), "sampling": sampling}


ROLE_CLAIMS = {
    "case_worker": {"roles": ["case_worker"], "district": None},
    "supervisor": {"roles": ["supervisor"]},
    "county_admin": {"roles": ["county_admin"]},
    "auditor": {"roles": ["auditor"]},
    "hospital": {"roles": ["hospital"], "unit": "H-DEMO-01"},
    "ministry": {"roles": ["ministry"], "county": None},
    "system": {"roles": ["system"], "county": None},
    "employee": {"roles": ["employee"], "agency": "示範局處"},
    "counsellor": {"roles": ["counsellor"]},
    "eap_admin": {"roles": ["eap_admin"]},
}


def role_tokens(gw: httpx.Client, county: str) -> dict[str, str]:
    """A development token per role, for the newcomer to paste."""
    out = {}
    for role, claims in ROLE_CLAIMS.items():
        body = {"sub": f"demo-{role}", "county": county, **claims}
        if role == "case_worker":
            body["district"] = DISTRICTS.get(county, ["頭份市"])[0]
        if role == "counsellor":
            body["sub"] = f"demo-counsellor-{county}-0"
        out[role] = gw.post("/auth/dev-token", json=body).json()["access_token"]
    return out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gateway", default="http://127.0.0.1:8000")
    ap.add_argument("--county", default="TW-MIA")
    args = ap.parse_args(argv)
    with httpx.Client(base_url=args.gateway, timeout=60) as gw:
        summary = Demo(gw, args.county).load()
        print(f"\nDemo county {args.county}: {summary['cases']} cases, sampling {summary['sampling']}, EAP, facts.")
        print("Tokens for each role (Authorization: Bearer …):")
        for role, token in role_tokens(gw, args.county).items():
            print(f"  {role:13} {token}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
