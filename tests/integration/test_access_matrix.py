"""For every role, a matrix of what each per-agency query returns: a unit never receives another
unit's rows, through any query or the assembled report."""

import leaks
import pytest

from dgcore import queries
from dgcore.access import EMPTY_SCOPE, Actor, scope_for
from dgcore.report import agency_report

TARGETS = ["D317", "D227", "D001", "P-LAND-50", "P-LAND-57", "P-PVO-50", "P-STAT-10", "CIO-50", "L-BMA", "L-PTY"]
ACTORS = {
    "agency RTP": Actor("a", "agency", "D317"),
    "agency land office Chiang Mai": Actor("b", "agency", "P-LAND-50"),
    "agency BMA": Actor("c", "agency", "L-BMA"),
    "province Chiang Mai": Actor("d", "province", "50"),
    "province Chon Buri": Actor("e", "province", "20"),
    "department of lands": Actor("f", "department", "D227"),
    "staff": Actor("g", "staff"),
    "presenter": Actor("h", "presenter"),
    "admin": Actor("i", "admin"),
    "unknown role": Actor("j", "root", "D317"),
    "nobody": None,
}


STAFF_SCOPE = scope_for(Actor("s", "staff"))


def allowed(db, actor) -> set[str]:
    """Who an actor may see, computed from the registry independently of the SQL under test."""
    return leaks.allowed(leaks.registry(db), actor)


PER_AGENCY = {
    "agency_unit": lambda db, s, a: queries.agency_unit(db, s, a),
    "report_history": lambda db, s, a: queries.report_history(db, s, a),
    "report_subs": lambda db, s, a: queries.report_subs(
        db, s, a, 2563, "provincial" if a.startswith("P-") else "department"
    ),
    "report_pillars": lambda db, s, a: queries.report_pillars(db, s, a, 2563, "department"),
}


@pytest.mark.parametrize("who", sorted(ACTORS))
def test_unit_lists_of_a_province_ministry_or_department_hold_only_allowed_units(any_db, who):
    actor, scope = ACTORS[who], scope_for(ACTORS[who])
    may = allowed(any_db, actor)
    reg = any_db.query("SELECT agency_id, province_code, ministry_code, parent_id, kind FROM agencies").set_index(
        "agency_id"
    )
    staff = scope_for(Actor("s", "staff"))
    for target in [t for t in TARGETS if t in reg.index]:
        r = reg.loc[target]
        lists = []
        if isinstance(r["province_code"], str):
            lists.append(lambda sc, r=r: queries.province_units(any_db, sc, 2563, r["province_code"]))
        if r["kind"] == "department" and isinstance(r["ministry_code"], str):
            lists.append(lambda sc, r=r: queries.ministry_units(any_db, sc, 2563, r["ministry_code"]))
        dept = r["parent_id"] if isinstance(r["parent_id"], str) else target
        lists.append(lambda sc, d=dept: queries.branch_units(any_db, sc, 2563, d))
        for fn in lists:
            listed = set(fn(staff)["agency_id"])
            got = set(fn(scope)["agency_id"])
            assert got <= may and got == listed & may, (who, target)
            if target in listed:
                assert (target in got) == (target in may), (who, target)


@pytest.fixture(scope="module", params=["published", "without aggregates"])
def any_db(request, demo_db, demo_settings, tmp_path_factory):
    """The demo version, and a copy of it as published before the aggregates existed (a rollback target),
    opened as the app opens one: its aggregates written first."""
    if request.param == "published":
        yield demo_db
        return
    import shutil

    import duckdb

    from dgcore.build import AGGREGATES, complete_version
    from dgcore.db import ResultsDB, set_current

    d = tmp_path_factory.mktemp("old")
    shutil.copy(
        demo_settings.results_dir / (demo_settings.results_dir / "CURRENT").read_text().strip(), d / "old.duckdb"
    )
    con = duckdb.connect(str(d / "old.duckdb"))
    for t in AGGREGATES:
        con.execute(f'DROP TABLE "{t}"')
    con.close()
    set_current(d, "old.duckdb")
    db = ResultsDB(d, complete=complete_version)
    yield db
    db.close()


@pytest.mark.parametrize("who", sorted(ACTORS))
def test_unit_search_finds_exactly_the_allowed_units(any_db, who):
    actor, scope = ACTORS[who], scope_for(ACTORS[who])
    may = allowed(any_db, actor)
    for target in TARGETS:
        got = set(queries.unit_search(any_db, scope, target, None, 1000)["agency_id"])
        assert (target in got) == (target in may), (who, target)
        assert got <= may, (who, target)
    places = queries.unit_places(any_db, scope)
    assert int(places["n"].sum()) == len(may), who
    listed = set()
    for place in places["place"]:
        listed |= set(queries.unit_search(any_db, scope, "", place, 1000)["agency_id"])
    assert listed == may, who


@pytest.mark.parametrize("who", sorted(ACTORS))
@pytest.mark.parametrize("query", sorted(PER_AGENCY))
def test_per_agency_queries_return_rows_only_inside_the_scope(any_db, who, query):
    """On the published version and on one published before the aggregates (which gets them on opening)."""
    actor, scope = ACTORS[who], scope_for(ACTORS[who])
    may = allowed(any_db, actor)
    for target in TARGETS:
        has_data = len(PER_AGENCY[query](any_db, scope_for(Actor("s", "staff")), target)) > 0
        assert (len(PER_AGENCY[query](any_db, scope, target)) > 0) == (has_data and target in may), (who, query, target)


def test_unit_search_is_bounded_and_ignores_wildcards(demo_db):
    staff = scope_for(ACTORS["staff"])
    assert len(queries.unit_search(demo_db, staff)) == queries.UNIT_SEARCH_LIMIT
    assert len(queries.unit_search(demo_db, staff, "", None, 10**9)) == 1000
    assert len(queries.unit_search(demo_db, staff, "%")) == 0 and len(queries.unit_search(demo_db, staff, "_")) == 0
    assert queries.unit_search(demo_db, staff, "royal thai police")["agency_id"].tolist() == ["D317"]
    assert set(queries.unit_search(demo_db, staff, "เชียงใหม่", "50", 1000)["province_code"]) == {"50"}


@pytest.mark.parametrize("who", sorted(ACTORS))
def test_the_report_exists_only_for_units_in_scope(demo_db, who):
    actor = ACTORS[who]
    scope = scope_for(actor)
    fw = queries.framework(demo_db, scope_for(Actor("s", "staff")), 2563)
    may = allowed(demo_db, actor)
    for target in TARGETS:
        rep = agency_report(demo_db, scope, target, 2563, fw)
        assert (rep is not None) == (target in may), (who, target)
        if rep is not None:
            assert rep.unit["agency_id"] == target


def test_empty_scope_gets_nothing_from_any_query(demo_db):
    for name, fn in PER_AGENCY.items():
        assert len(fn(demo_db, EMPTY_SCOPE, "D317")) == 0, name
    assert len(queries.unit_search(demo_db, EMPTY_SCOPE)) == 0 and len(queries.unit_places(demo_db, EMPTY_SCOPE)) == 0
    for name, args in [
        ("province_pillars", (2563,)),
        ("ministry_summary", (2563,)),
        ("branch_departments", (2563,)),
        ("headline_trend", ()),
        ("pillar_means", (2563,)),
        ("maturity_distribution", (2563,)),
        ("response_rates", (2563,)),
    ]:
        assert len(getattr(queries, name)(demo_db, STAFF_SCOPE, *args)) > 0, name
        assert len(getattr(queries, name)(demo_db, EMPTY_SCOPE, *args)) == 0, name


def test_rank_reveals_only_the_units_own_position(demo_db):
    h = queries.report_history(demo_db, scope_for(ACTORS["agency RTP"]), "D317")
    r = h[h["year"] == 2562][["rank", "peers", "percentile"]].reset_index(drop=True)
    assert len(r) == 1 and h["year"].is_unique  # one row a year: its own position, never its peers' rows
    o = demo_db.query("SELECT agency_id, overall FROM overall_scores WHERE year = 2562 AND kind = 'department'")
    expect = int((o["overall"] > o.set_index("agency_id").loc["D317", "overall"]).sum()) + 1
    assert r["rank"][0] == expect and r["peers"][0] == 301
