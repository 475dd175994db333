"""`Principal.reaches_county`: a county caller reaches only its own county; national roles reach all."""

import pytest
from carenet_core.auth import Principal


@pytest.mark.parametrize(
    ("roles", "county", "target", "reaches"),
    [
        ({"county_admin"}, "TW-MIA", "TW-MIA", True),
        ({"county_admin"}, "TW-MIA", "TW-NWT", False),
        ({"auditor"}, "TW-MIA", None, False),
        ({"auditor"}, None, "TW-MIA", False),  # a county role without a county claim reaches nothing
        ({"ministry"}, None, "TW-NWT", True),
        ({"system"}, None, "TW-MIA", True),
        ({"ministry", "auditor"}, "TW-MIA", "TW-NWT", True),
    ],
)
def test_reaches_county(roles, county, target, reaches):
    p = Principal(sub="u", roles=frozenset(roles), county=county)
    assert p.reaches_county(target) is reaches
