"""Every table added for the outreach says who may see it (confidentiality first), in its class or module docstring."""

from __future__ import annotations

import sys

import carenet_eap.models  # noqa: F401  (every table registered)
import pytest
from carenet_core.db import Base

OUTREACH_TABLES = [
    "retention_policy",
    "hr_events",
    "messages",
    "faq_entries",
    "faq_revisions",
    "care_offers",
    "workload_figures",
    "workload_thresholds",
    "care_team_members",
    "group_sessions",
    "group_participants",
    "group_survey_markers",
    "group_survey_responses",
    "case_conferences",
    "conference_participants",
    "conference_minutes",
    "mentorships",
    "mentoring_talks",
    "needs_surveys",
    "needs_survey_markers",
    "needs_survey_responses",
]


@pytest.mark.parametrize("table", OUTREACH_TABLES)
def test_the_table_says_who_may_see_it(table):
    [mapper] = [m for m in Base.registry.mappers if m.local_table.name == table]
    cls = mapper.class_
    text = (cls.__doc__ or "") + (sys.modules[cls.__module__].__doc__ or "")
    assert "who may see" in text.lower(), f"{cls.__module__}.{cls.__name__} does not say who may see it"
