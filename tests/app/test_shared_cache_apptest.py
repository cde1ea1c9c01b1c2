"""The matrix's cache cells, loader by loader: st.cache_data is shared by every session of the
process, so a loader that staff have just filled must still answer each other actor with its own
scope's rows only (the scope is in every key; tests/unit/test_project_rules.py checks the signatures).
The pages themselves are run after staff's in tests/e2e/test_adversarial_ws.py."""

import matrix
import pytest

from dgcore import queries
from dgcore.access import Actor, scope_for

YEAR = 2563
STAFF = scope_for(Actor("s", "staff"))
CALLS = {  # loader -> arguments after (scope, version)
    "unit_search": ("", None, 1000),
    "agency_unit": ("D317",),
    "province_units": (YEAR, "50"),
    "branch_units": (YEAR, "D227"),
    "ministry_units": (YEAR, "MOI"),
    "agency_report": ("P-LAND-50", YEAR),
}


def rows(value):
    if value is None:
        return None
    if hasattr(value, "unit"):  # an AgencyReport
        return value.unit["agency_id"]
    return sorted(value["agency_id"])


@pytest.mark.parametrize("name", [n for n in matrix.ACTORS if matrix.ACTORS[n]])
def test_a_loader_filled_by_staff_answers_every_actor_with_its_own_scope(demo_db, demo_settings, name):
    from ui import loaders

    version = loaders.version()
    scope = matrix.scope(name)
    for loader, args in CALLS.items():
        fn = getattr(loaders, loader)
        warmed = fn(STAFF, version, *args)  # staff first: the entry for these arguments now exists
        got = fn(scope, version, *args)
        if loader == "agency_report":
            from dgcore.report import agency_report

            want = agency_report(demo_db, scope, *args, queries.framework(demo_db, STAFF, YEAR))
        else:
            want = getattr(queries, loader)(demo_db, scope, *args)
        assert rows(got) == rows(want), (name, loader)
        assert warmed is not None or loader == "agency_report"
