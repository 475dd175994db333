"""Case conference for a referred employee (個案研討會) — only with the employee's consent.

Seed 004 (伍、三（一）): 「對於機關（構）學校轉介所屬員工至員工協談室進行個別協談者，得由其業務單位
主管、人事主管及員工協談室專任心理輔導員先行召開個案研討會…如有職務調整等需考量情形，得適時邀請
高階主管參加討論。」
Talking about a person among their managers is a disclosure: it happens only after the employee
consents, and its minutes are for the participants alone.
"""

from __future__ import annotations

from typing import Literal

ParticipantRole = Literal["unit_head", "hr_head", "counsellor", "senior_manager"]
ConferenceStatus = Literal["awaiting_consent", "consented", "declined"]


def consent_status(consent: bool) -> ConferenceStatus:
    """The conference's status after the employee's answer."""
    return "consented" if consent else "declined"


def may_hold(status: ConferenceStatus) -> bool:
    """Minutes (the conference itself) only after the employee consented."""
    return status == "consented"
