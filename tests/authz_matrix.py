"""The authorisation matrix as data: role × jurisdiction × endpoint → the status the gateway answers.

Columns are callers (a role and its jurisdiction), rows are endpoints of the public contract
(../shared/api-contract.md), cells the expected status:
  2xx / 422 — let in (422: the rule, not the role, stops the write: it proves authorisation passed;
        428 likewise: an edit let in, refused only for its missing If-Match; 409 too where the
        record's state, not the caller, refuses)
  403 — the role may not; also a write INTO another jurisdiction (opening a case, a fact, a unit
        there): nothing exists to hide, so the refusal is plain
  404 — the role may, but the existing record is outside the caller's jurisdiction (or it is
        someone else's): indistinguishable from absent
  lists — 200, but filtered to the caller's jurisdiction (tests/test_authz_matrix.py checks nothing leaks)
  401 — no token
Path placeholders name records set up once per module ({case}, {booking} …); a placeholder starting
with `new_` is made afresh for every cell (writes that change state: close, accept, cancel …).
The body of each row is built by the test (tests/test_authz_matrix.py, BODIES) from the row's name.
"""

from __future__ import annotations

from typing import NamedTuple

COUNTY, DISTRICT, OTHER_DISTRICT = "TW-MIA", "頭份市", "竹南鎮"
OTHER_COUNTY, OTHER_COUNTY_DISTRICT = "TW-HSZ", "東區"

# caller → the dev-token claims (None: no Authorization header at all)
CALLERS: dict[str, dict | None] = {
    "cw": {"roles": ["case_worker"], "county": COUNTY, "district": DISTRICT, "sub": "authz-cw"},
    "cw_d2": {"roles": ["case_worker"], "county": COUNTY, "district": OTHER_DISTRICT, "sub": "authz-cw-d2"},
    "cw_c2": {
        "roles": ["case_worker"],
        "county": OTHER_COUNTY,
        "district": OTHER_COUNTY_DISTRICT,
        "sub": "authz-cw-c2",
    },
    "sup": {"roles": ["supervisor"], "county": COUNTY, "sub": "authz-sup"},
    "adm": {"roles": ["county_admin"], "county": COUNTY, "sub": "authz-adm"},
    "adm_c2": {"roles": ["county_admin"], "county": OTHER_COUNTY, "sub": "authz-adm-c2"},
    "min": {"roles": ["ministry"], "county": None, "sub": "authz-min"},
    "hosp": {"roles": ["hospital"], "county": COUNTY, "unit": "H-MIA-01", "sub": "authz-hosp"},
    "aud": {"roles": ["auditor"], "county": COUNTY, "sub": "authz-aud"},
    "aud_c2": {"roles": ["auditor"], "county": OTHER_COUNTY, "sub": "authz-aud-c2"},
    "sys": {"roles": ["system"], "county": None, "sub": "authz-sys"},
    "emp": {"roles": ["employee"], "county": COUNTY, "agency": "工務局", "sub": "authz-emp-1"},
    "emp2": {"roles": ["employee"], "county": COUNTY, "agency": "工務局", "sub": "authz-emp-2"},
    "cou": {"roles": ["counsellor"], "county": COUNTY, "sub": "authz-cou-1"},
    "cou2": {"roles": ["counsellor"], "county": COUNTY, "sub": "authz-cou-2"},
    "eapa": {"roles": ["eap_admin"], "county": COUNTY, "sub": "authz-eapa"},
    "anon": None,
}
COLUMNS = tuple(CALLERS)


class Row(NamedTuple):
    name: str
    method: str
    path: str
    cells: dict[str, int]


def _row(name: str, method: str, path: str, *cells: int) -> Row:
    assert len(cells) == len(COLUMNS), f"{name}: {len(cells)} cells for {len(COLUMNS)} columns"
    return Row(name, method, path, dict(zip(COLUMNS, cells, strict=True)))


# fmt: off
#                                                                                  cw  cw_d2 cw_c2 sup  adm adm_c2 min hosp aud aud_c2 sys  emp emp2 cou cou2 eapa anon
MATRIX: tuple[Row, ...] = (
    # ---- case-mgmt ----
    _row("case.intake",       "POST", "/case-mgmt/v1/cases",                            201, 403, 403, 201, 201, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("case.read",         "GET",  "/case-mgmt/v1/cases/{case}",                     200, 404, 404, 200, 200, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("case.list",         "GET",  "/case-mgmt/v1/cases",                            200, 200, 200, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("visit.record",      "POST", "/case-mgmt/v1/cases/{case}/visits",              201, 404, 404, 201, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("visit.list",        "GET",  "/case-mgmt/v1/cases/{case}/visits",              200, 404, 404, 200, 200, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("tier.change",       "POST", "/case-mgmt/v1/cases/{case}/tier-changes",        422, 404, 404, 422, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("worklist",          "GET",  "/case-mgmt/v1/worklist",                         200, 200, 200, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("discharge.upload",  "POST", "/case-mgmt/v1/discharge-plans",                  201, 201, 201, 403, 403, 403, 403, 201, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("transfer.offer",    "POST", "/case-mgmt/v1/cases/{new_case}/transfers",       403, 403, 403, 201, 201, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("transfer.accept",   "POST", "/case-mgmt/v1/transfers/{new_transfer}/accept",  403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("case.close",        "POST", "/case-mgmt/v1/cases/{new_case}/close",           403, 403, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("conference.agenda", "GET",  "/case-mgmt/v1/conferences/agenda",               403, 403, 403, 200, 200, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("case-mgmt.feed",    "GET",  "/case-mgmt/v1/events",                           403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 401),
    # ---- case-mgmt, wave 2 (and the other routes it serves that a caller could misuse) ----
    #                                                                              cw  cw_d2 cw_c2 sup  adm adm_c2 min hosp aud aud_c2 sys  emp emp2 cou cou2 eapa anon
    _row("case.assign",       "POST", "/case-mgmt/v1/cases/{case}/assignment",          403, 403, 403, 201, 201, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("case.assignments",  "GET",  "/case-mgmt/v1/cases/{case}/assignments",         200, 404, 404, 200, 200, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("caseloads",         "GET",  "/case-mgmt/v1/caseloads",                        403, 403, 403, 200, 200, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("worklist.mine",     "GET",  "/case-mgmt/v1/worklist",                         200, 200, 200, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("sync",              "GET",  "/case-mgmt/v1/sync",                             200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("incident.record",   "POST", "/case-mgmt/v1/cases/{case}/incidents",           201, 404, 404, 201, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("incident.flash",    "POST", "/case-mgmt/v1/incidents/{new_incident}/flash-report", 200, 404, 404, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("incident.list",     "GET",  "/case-mgmt/v1/incidents",                        403, 403, 403, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("incident.read",     "GET",  "/case-mgmt/v1/incidents/{incident}",             200, 404, 404, 200, 200, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("conference.record", "POST", "/case-mgmt/v1/conferences",                      403, 403, 403, 201, 201, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("vaudit.draw",       "POST", "/case-mgmt/v1/visit-audits",                     403, 403, 403, 201, 201, 403, 403, 403, 201, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("vaudit.supplement", "POST", "/case-mgmt/v1/visit-audits/{visit_audit}/supplement", 403, 403, 403, 422, 422, 404, 403, 403, 422, 404, 403, 403, 403, 403, 403, 403, 401),
    _row("discharge.notify",  "POST", "/case-mgmt/v1/discharges",                       403, 403, 403, 403, 403, 403, 403, 201, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("discharge.missing", "GET",  "/case-mgmt/v1/discharges",                       403, 403, 403, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("calendar.read",     "GET",  "/case-mgmt/v1/calendar/2027",                    200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401),
    _row("calendar.set",      "PUT",  "/case-mgmt/v1/calendar/2090",                    403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("calendar.closure",  "POST", "/case-mgmt/v1/calendar/closures",                403, 403, 403, 403, 201, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("escort.record",     "POST", "/case-mgmt/v1/cases/{case}/escorts",             201, 404, 404, 201, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("escort.list",       "GET",  "/case-mgmt/v1/cases/{case}/escorts",             200, 404, 404, 200, 200, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("referral_sources",  "GET",  "/case-mgmt/v1/reports/referral-sources",         403, 403, 403, 200, 200, 404, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("settings.read",     "GET",  "/case-mgmt/v1/county-settings/TW-MIA",           200, 200, 404, 200, 200, 404, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("settings.set",      "PUT",  "/case-mgmt/v1/county-settings/TW-MIA",           403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("conference.list",   "GET",  "/case-mgmt/v1/conferences",                      403, 403, 403, 200, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("conference.read",   "GET",  "/case-mgmt/v1/conferences/{conference}",         403, 403, 403, 200, 200, 404, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("decision.done",     "POST", "/case-mgmt/v1/conferences/{conference}/decisions/{new_decision}/done", 403, 403, 403, 200, 200, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("vaudit.list",       "GET",  "/case-mgmt/v1/visit-audits",                     403, 403, 403, 200, 200, 200, 200, 403, 200, 200, 403, 403, 403, 403, 403, 403, 401),
    _row("vaudit.read",       "GET",  "/case-mgmt/v1/visit-audits/{visit_audit}",       403, 403, 403, 200, 200, 404, 200, 403, 200, 404, 403, 403, 403, 403, 403, 403, 401),
    _row("vaudit.verify",     "GET",  "/case-mgmt/v1/visit-audits/{visit_audit}/verify", 403, 403, 403, 200, 200, 404, 200, 403, 200, 404, 403, 403, 403, 403, 403, 403, 401),
    _row("notice.read",       "GET",  "/case-mgmt/v1/discharges/{discharge}",           200, 200, 404, 200, 200, 404, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("plans.list",        "GET",  "/case-mgmt/v1/discharge-plans",                  200, 200, 200, 200, 200, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("incident.report",   "GET",  "/case-mgmt/v1/incidents/report",                 403, 403, 403, 200, 200, 404, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("report.case_kinds", "GET",  "/case-mgmt/v1/reports/case-kinds",               403, 403, 403, 200, 200, 404, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("report.escorts",    "GET",  "/case-mgmt/v1/reports/escorts",                  403, 403, 403, 200, 200, 404, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("tier_policy.read",  "GET",  "/case-mgmt/v1/tier-policies/TW-MIA",             200, 200, 404, 200, 200, 404, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("case.edit",         "PATCH", "/case-mgmt/v1/cases/{case}",                    428, 404, 404, 428, 428, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("tier.list",         "GET",  "/case-mgmt/v1/cases/{case}/tier-changes",        200, 404, 404, 200, 200, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("transfer.list",     "GET",  "/case-mgmt/v1/transfers",                        403, 403, 403, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("access_log",        "POST", "/case-mgmt/v1/access-log",                       403, 403, 403, 403, 200, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    # ---- indicators ----
    _row("definitions",       "GET",  "/indicators/v1/definitions",                     200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401),
    _row("counties",          "GET",  "/indicators/v1/counties",                        200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401),
    _row("fact.create",       "POST", "/indicators/v1/facts",                           403, 403, 403, 403, 201, 403, 201, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("scorecard.read",    "GET",  "/indicators/v1/scorecards/TW-MIA",               403, 403, 403, 200, 200, 404, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("scorecard.export",  "GET",  "/indicators/v1/scorecards/TW-MIA/export",        403, 403, 403, 200, 200, 404, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("target.set",        "PUT",  "/indicators/v1/targets/TW-MIA/service_coverage", 403, 403, 403, 403, 201, 403, 201, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("target.list",       "GET",  "/indicators/v1/targets/TW-MIA",                  403, 403, 403, 200, 200, 404, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("indicators.feed",   "GET",  "/indicators/v1/events",                          403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 401),
    # ---- eap ----
    #                                                                              cw  cw_d2 cw_c2 sup  adm adm_c2 min hosp aud aud_c2 sys  emp emp2 cou cou2 eapa anon
    _row("counsellor.create", "POST", "/eap/v1/counsellors",                            403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 201, 401),
    _row("counsellor.list",   "GET",  "/eap/v1/counsellors",                            403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 200, 200, 200, 200, 401),
    _row("slots.publish",     "POST", "/eap/v1/counsellors/{counsellor}/slots",         403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 201, 403, 201, 401),
    _row("slots.free",        "GET",  "/eap/v1/slots",                                  403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 200, 200, 200, 200, 401),
    _row("booking.create",    "POST", "/eap/v1/bookings",                               403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 201, 201, 403, 403, 403, 401),
    _row("booking.mine",      "GET",  "/eap/v1/bookings/mine",                          403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 200, 403, 403, 403, 401),
    _row("booking.read",      "GET",  "/eap/v1/bookings/{booking}",                     404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 200, 404, 200, 404, 404, 401),
    _row("booking.cancel",    "DELETE", "/eap/v1/bookings/{new_booking}",               403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 404, 403, 403, 403, 401),
    _row("note.write",        "POST", "/eap/v1/bookings/{booking}/notes",               404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 201, 404, 404, 401),
    _row("note.read",         "GET",  "/eap/v1/bookings/{booking}/notes",               404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 200, 404, 404, 401),
    _row("referral.create",   "POST", "/eap/v1/referrals",                              403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 201, 401),
    _row("workshop.create",   "POST", "/eap/v1/workshops",                              403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 201, 401),
    _row("workshop.enrol",    "POST", "/eap/v1/workshops/{workshop}/enrolments",        403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 201, 201, 403, 403, 403, 401),
    _row("bsrs5.self_check",  "POST", "/eap/v1/self-checks/bsrs5",                      200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    _row("satisfaction",      "POST", "/eap/v1/bookings/{booking}/satisfaction",        403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 422, 404, 403, 403, 403, 401),
    _row("eap.stats",         "GET",  "/eap/v1/stats",                                  403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 401),
    _row("eap.feed",          "GET",  "/eap/v1/events",                                 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 401),
    # ---- eap outreach, wave 2 ----
    #                                                                              cw  cw_d2 cw_c2 sup  adm adm_c2 min hosp aud aud_c2 sys  emp emp2 cou cou2 eapa anon
    _row("hr_event",          "POST", "/eap/v1/hr-events",                              403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 202, 403, 403, 403, 403, 403, 401),
    _row("messages.mine",     "GET",  "/eap/v1/messages/mine",                          403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 200, 403, 403, 403, 401),
    _row("message.read",      "POST", "/eap/v1/messages/{message}/read",                403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 404, 403, 403, 403, 401),
    _row("faq",               "GET",  "/eap/v1/faq",                                    200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    _row("workload.figures",  "POST", "/eap/v1/workload-figures",                       403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 202, 403, 403, 403, 403, 403, 401),
    _row("workload.summary",  "GET",  "/eap/v1/workload/工務局/summary",                   403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 404, 403, 403, 200, 401),
    _row("workload.care_list", "GET",  "/eap/v1/workload/工務局/care-list",                403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 404, 403, 403, 403, 401),
    _row("workload.threshold", "PUT",  "/eap/v1/workload-thresholds/工務局",               403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 401),
    _row("care_team.set",     "PUT",  "/eap/v1/care-teams/工務局/members",                 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 401),
    _row("care_team.read",    "GET",  "/eap/v1/care-teams/工務局/members",                 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 401),
    _row("care_offer.raise",  "POST", "/eap/v1/care-offers",                            403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 202, 403, 403, 403, 403, 202, 401),
    _row("care_offer.mine",   "GET",  "/eap/v1/care-offers/mine",                       403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 200, 403, 403, 403, 401),
    _row("care_offer.answer", "POST", "/eap/v1/care-offers/{new_care_offer}/answer",    403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 404, 403, 403, 403, 401),
    _row("group.create",      "POST", "/eap/v1/group-sessions",                         403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 201, 401),
    _row("group.join",        "POST", "/eap/v1/group-sessions/{group_session}/participants", 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 201, 201, 403, 403, 403, 401),
    _row("group.participants", "GET",  "/eap/v1/group-sessions/{group_session}/participants", 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 200, 401),
    _row("group.stats",       "GET",  "/eap/v1/stats/group-sessions",                   403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 401),
    _row("group.satisfaction", "POST", "/eap/v1/group-sessions/{attended_session}/satisfaction", 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 201, 404, 403, 403, 403, 401),
    _row("cc.convene",        "POST", "/eap/v1/referrals/{referral}/case-conferences",  403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 201, 401),
    _row("cc.read",           "GET",  "/eap/v1/case-conferences/{case_conference}",     404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 200, 404, 200, 404, 200, 401),
    _row("cc.consent",        "POST", "/eap/v1/case-conferences/{new_case_conference}/consent", 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 404, 403, 403, 403, 401),
    _row("cc.minutes.write",  "POST", "/eap/v1/case-conferences/{case_conference}/minutes", 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 201, 404, 404, 401),
    _row("cc.minutes.read",   "GET",  "/eap/v1/case-conferences/{case_conference}/minutes", 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 200, 404, 404, 401),
    _row("mentoring.mine",    "GET",  "/eap/v1/mentorships/mine",                       403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 200, 403, 403, 403, 401),
    _row("mentoring.missing", "GET",  "/eap/v1/mentorships/missing",                    403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 401),
    _row("needs.create",      "POST", "/eap/v1/needs-surveys",                          403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 201, 401),
    _row("needs.respond",     "POST", "/eap/v1/needs-surveys/{needs_survey}/responses", 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 201, 201, 403, 403, 403, 401),
    _row("needs.results",     "GET",  "/eap/v1/needs-surveys/{needs_survey}/results",   403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 401),
    _row("faq.entries",       "GET",  "/eap/v1/faq/entries",                            403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 401),
    _row("faq.entry.create",  "POST", "/eap/v1/faq/entries",                            403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 201, 401),
    _row("faq.entry.edit",    "PATCH", "/eap/v1/faq/entries/{faq_entry}",               403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 428, 401),
    _row("cc.mine",           "GET",  "/eap/v1/case-conferences/mine",                  403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 200, 403, 403, 403, 401),
    _row("group.attendance",  "POST", "/eap/v1/group-sessions/{group_session}/attendance", 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 200, 401),
    _row("new_staff.register", "POST", "/eap/v1/new-staff",                             403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 201, 401),
    _row("new_staff.due",     "GET",  "/eap/v1/new-staff/due",                          403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 401),
    _row("mentoring.pair",    "POST", "/eap/v1/mentorships",                            403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 201, 401),
    _row("mentoring.talk",    "POST", "/eap/v1/mentorships/{mentorship}/talks",         403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 201, 404, 403, 403, 403, 401),
    _row("faq.entry.read",    "GET",  "/eap/v1/faq/entries/{faq_entry}",                403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 401),
    _row("faq.entry.history", "GET",  "/eap/v1/faq/entries/{faq_entry}/revisions",      403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 401),
    _row("faq.entry.withdraw", "DELETE", "/eap/v1/faq/entries/{faq_entry}",             403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 428, 401),
    _row("retention.policy",  "GET",  "/eap/v1/retention/policy",                       403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 200, 401),
    # ---- household-audit ----
    #                                                                              cw  cw_d2 cw_c2 sup  adm adm_c2 min hosp aud aud_c2 sys  emp emp2 cou cou2 eapa anon
    _row("unit.register",     "POST", "/household-audit/v1/units",                      403, 403, 403, 403, 201, 403, 403, 403, 403, 403, 201, 403, 403, 403, 403, 403, 401),
    _row("unit.list",         "GET",  "/household-audit/v1/units",                      403, 403, 403, 403, 200, 200, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 401),
    _row("querylog.ingest",   "POST", "/household-audit/v1/query-logs",                 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 401),
    _row("sampling.draw",     "POST", "/household-audit/v1/samplings",                  403, 403, 403, 403, 201, 404, 403, 403, 201, 404, 403, 403, 403, 403, 403, 403, 401),
    _row("sampling.read",     "GET",  "/household-audit/v1/samplings/{sampling}",       403, 403, 403, 403, 200, 404, 403, 403, 200, 404, 403, 403, 403, 403, 403, 403, 401),
    _row("sampling.samples",  "GET",  "/household-audit/v1/samplings/{sampling}/samples", 403, 403, 403, 403, 200, 404, 403, 403, 200, 404, 403, 403, 403, 403, 403, 403, 401),
    _row("sampling.verify",   "GET",  "/household-audit/v1/samplings/{sampling}/verify",  403, 403, 403, 403, 403, 403, 200, 403, 200, 404, 403, 403, 403, 403, 403, 403, 401),
    _row("sample.review",     "POST", "/household-audit/v1/samples/{sample}/review",    403, 403, 403, 403, 403, 403, 403, 403, 200, 404, 403, 403, 403, 403, 403, 403, 401),
    # the auditor has the role, but not for a query made under the own account: 403 `self_review`
    _row("sample.self_review", "POST", "/household-audit/v1/samples/{own_sample}/review", 403, 403, 403, 403, 403, 403, 403, 403, 403, 404, 403, 403, 403, 403, 403, 403, 401),
    _row("sample.explain",    "POST", "/household-audit/v1/samples/{sample}/explanation", 404, 404, 404, 404, 409, 404, 404, 404, 409, 404, 409, 404, 404, 404, 404, 404, 401),  # 409: no explanation was asked
    _row("anomaly.read",      "GET",  "/household-audit/v1/anomalies/{anomaly}",        403, 403, 403, 200, 200, 404, 200, 403, 200, 404, 403, 403, 403, 403, 403, 403, 401),
    _row("anomaly.submit",    "POST", "/household-audit/v1/anomalies/{anomaly}/submit", 403, 403, 403, 422, 422, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("sampling.export",   "GET",  "/household-audit/v1/samplings/{sampling}/export",  403, 403, 403, 403, 403, 403, 403, 403, 200, 404, 403, 403, 403, 403, 403, 403, 401),
    _row("internal_audit",    "POST", "/household-audit/v1/internal-audits",            403, 403, 403, 403, 201, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("ia.read",           "GET",  "/household-audit/v1/internal-audits/{internal_audit}", 403, 403, 403, 403, 200, 404, 200, 403, 200, 404, 403, 403, 403, 403, 403, 403, 401),
    _row("ia.submit",         "POST", "/household-audit/v1/internal-audits/{new_internal_audit}/submit", 403, 403, 403, 403, 200, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("submitted.audits",  "GET",  "/household-audit/v1/submissions/internal-audits", 403, 403, 403, 403, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("submitted.anomalies", "GET",  "/household-audit/v1/submissions/anomalies",    403, 403, 403, 403, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("policy.read",       "GET",  "/household-audit/v1/sampling-policies/TW-MIA",   403, 403, 403, 403, 200, 404, 200, 403, 200, 404, 403, 403, 403, 403, 403, 403, 401),
    _row("policy.set",        "PUT",  "/household-audit/v1/sampling-policies/TW-MIA",   403, 403, 403, 403, 200, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("anomaly.list",      "GET",  "/household-audit/v1/anomalies",                  403, 403, 403, 200, 200, 200, 200, 403, 200, 200, 403, 403, 403, 403, 403, 403, 401),
    _row("household.feed",    "GET",  "/household-audit/v1/events",                     403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 401),
    # ---- workforce (PATCH without If-Match: 428 proves the role got in) ----
    #                                                                              cw  cw_d2 cw_c2 sup  adm adm_c2 min hosp aud aud_c2 sys  emp emp2 cou cou2 eapa anon
    _row("wf.staff.create",   "POST", "/workforce/v1/staff",                            403, 403, 403, 403, 201, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("wf.staff.list",     "GET",  "/workforce/v1/staff",                            403, 403, 403, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("wf.staff.read",     "GET",  "/workforce/v1/staff/{staff}",                    403, 403, 403, 200, 200, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("wf.staff.change",   "PATCH", "/workforce/v1/staff/{staff}",                   403, 403, 403, 403, 428, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("wf.training.add",   "POST", "/workforce/v1/staff/{staff}/training",           403, 403, 403, 403, 201, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("wf.case_report.add", "POST", "/workforce/v1/staff/{staff}/case-reports",      403, 403, 403, 403, 201, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("wf.training.import", "POST", "/workforce/v1/training-imports",                403, 403, 403, 403, 422, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("wf.compliance",     "GET",  "/workforce/v1/compliance",                       403, 403, 403, 200, 200, 404, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("wf.activity.ingest", "POST", "/workforce/v1/account-activity",                403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 401),
    _row("wf.activity.list",  "GET",  "/workforce/v1/account-activity",                403, 403, 403, 403, 200, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("wf.review.open",    "POST", "/workforce/v1/account-reviews",                  403, 403, 403, 403, 201, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("wf.review.status",  "GET",  "/workforce/v1/account-reviews/status",          403, 403, 403, 403, 200, 404, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("wf.review.read",    "GET",  "/workforce/v1/account-reviews/{review}",         403, 403, 403, 403, 200, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("wf.review.decide",  "POST", "/workforce/v1/account-reviews/{review}/decisions", 403, 403, 403, 403, 200, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("wf.review.sign_off", "POST", "/workforce/v1/account-reviews/{new_review}/sign-off", 403, 403, 403, 403, 200, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("wf.feed",           "GET",  "/workforce/v1/events",                           403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 401),
    # ---- resources (the public directory: reads need no token) ----
    _row("resource.search",   "GET",  "/resources/v1/resources",                        200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    _row("resource.geojson",  "GET",  "/resources/v1/resources.geojson",                200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    _row("resource.create",   "POST", "/resources/v1/resources",                        403, 403, 403, 403, 201, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("resource.read",     "GET",  "/resources/v1/resources/{resource}",             200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401),
    _row("resource.edit",     "PATCH", "/resources/v1/resources/{resource}",            403, 403, 403, 403, 428, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("resource.history",  "GET",  "/resources/v1/resources/{resource}/history",     403, 403, 403, 403, 200, 404, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("resource.stale",    "GET",  "/resources/v1/resources/stale",                  403, 403, 403, 403, 200, 404, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("resource.import",   "POST", "/resources/v1/imports",                          403, 403, 403, 403, 422, 422, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401),
    _row("resources.feed",    "GET",  "/resources/v1/events",                           403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 401),
)
# fmt: on

# Cells where the services answer otherwise today: the matrix keeps the intended status, the walk
# skips these cells, and tests/test_authz_matrix.py checks each in a strict xfail (so a fix flips it).
KNOWN_BUGS: dict[tuple[str, str], str] = {}

# Requests that must be refused as 401 whatever the endpoint: the token itself is bad.
BAD_TOKENS = ("expired", "wrong_secret", "alg_none", "wrong_audience", "garbage", "no_exp")
BAD_TOKEN_TARGETS = (
    ("GET", "/case-mgmt/v1/cases/{case}"),
    ("GET", "/indicators/v1/definitions"),
    ("GET", "/eap/v1/bookings/{booking}"),
    ("GET", "/household-audit/v1/units"),
    ("GET", "/case-mgmt/v1/events"),
    ("GET", "/workforce/v1/staff/{staff}"),
    ("GET", "/resources/v1/resources"),
)
