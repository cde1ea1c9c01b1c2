"""For every role, a matrix of what each per-agency query returns: a unit never receives another
unit's rows, through any query or the assembled report."""

import leaks
import pytest

from dgcore import queries
from dgcore.access import ANONYMOUS, EMPTY_SCOPE, Actor, scope_for
from dgcore.config import DEFAULT_DATA_DIR
from dgcore.disclosure import load_rule
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
    "public page visitor": ANONYMOUS,  # public_overview on: aggregates with the small-cell minimum, no unit
}
MIN_UNITS = load_rule(DEFAULT_DATA_DIR).min_units


def scope_of(actor):
    """The scope the app gives this actor (the anonymous one with the shipped small-cell minimum)."""
    return scope_for(actor, MIN_UNITS if actor == ANONYMOUS else 0)


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
    actor, scope = ACTORS[who], scope_of(ACTORS[who])
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
    actor, scope = ACTORS[who], scope_of(ACTORS[who])
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
    actor, scope = ACTORS[who], scope_of(ACTORS[who])
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
    scope = scope_of(actor)
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


PUBLIC = scope_of(ANONYMOUS)
AGGREGATE_CALLS = {  # every aggregate query, with arguments that give the staff rows
    "province_summary": (2563,),
    "province_pillars": (2563,),
    "headline_trend": (),
    "pillar_means": (2563,),
    "maturity_distribution": (2563,),
    "response_rates": (2563,),
    "survey_years": (),
    "agency_kinds": (),
    "ministry_summary": (2563,),
    "ministry_maturity": (2563,),
    "branch_departments": (2563,),
    "province_sub_profile": (2563, "50"),
    "branch_sub_profile": (2563, "D227"),
}


@pytest.mark.parametrize("name", sorted(AGGREGATE_CALLS))
def test_the_public_reads_only_the_aggregates_that_apply_the_minimum(any_db, name):
    """Ministry spreads (their min and max are units' own scores), a province's or a department's
    sub-indicator profile: nothing for the public. The rest: rows only where the minimum holds."""
    args = AGGREGATE_CALLS[name]
    staff, public = (getattr(queries, name)(any_db, s, *args) for s in (STAFF_SCOPE, PUBLIC))
    assert len(staff) > 0, name
    if name not in queries.PUBLIC_STATEMENTS | queries.PUBLIC_SMALL_CELL_STATEMENTS:
        assert len(public) == 0, name
    elif "n" in public.columns:  # a mean's or a count's group: never fewer units than the minimum
        group = "kind" if name == "maturity_distribution" else None
        sizes = public.groupby(group)["n"].sum() if group else public["n"]
        assert (sizes >= MIN_UNITS).all() and len(public) <= len(staff), name


def test_the_public_sees_no_mean_of_the_two_special_local_bodies(any_db):
    """Bangkok and Pattaya are the whole special-local group: its mean would be nearly their own
    scores. Staff see it; the public neither its headline, nor its pillars, nor its maturity counts."""
    for name, args in (("headline_trend", ()), ("pillar_means", (2563,)), ("maturity_distribution", (2563,))):
        staff, public = (getattr(queries, name)(any_db, s, *args) for s in (STAFF_SCOPE, PUBLIC))
        assert "special_local" in set(staff["kind"]) and "special_local" not in set(public["kind"]), name
        assert set(public["kind"]) == set(staff["kind"]) - {"special_local"}, name


def test_the_public_map_withholds_every_average_over_too_few_units(any_db):
    """Checked against the facts: a province's average shows exactly when at least the minimum of its
    representing units have an overall score, and then equals what staff see. From 2566 a province is
    its one CIO committee, so no average shows at all."""
    for year in (2563, 2566):
        counts = any_db.query(
            "SELECT a.province_code AS code, count(o.overall) AS n FROM overall_scores o "
            "JOIN agencies a USING (agency_id) WHERE o.year = $y AND a.kind IN ('provincial', 'cio_committee') "
            "GROUP BY 1",
            {"y": year},
        ).set_index("code")["n"]
        staff = queries.province_summary(any_db, STAFF_SCOPE, year).set_index("code")
        public = queries.province_summary(any_db, PUBLIC, year).set_index("code")
        for code, row in public.iterrows():
            enough = counts.get(code, 0) >= MIN_UNITS
            assert (row["overall"] == row["overall"]) == enough, (year, code)
            if enough:
                assert row["overall"] == pytest.approx(staff.loc[code, "overall"]), (year, code)
        if year == 2566:
            assert public["overall"].isna().all() and public["responded"].isna().all()
        else:
            assert public["overall"].notna().sum() > 60


def test_the_public_gets_no_unit_through_any_per_unit_query(any_db):
    for name, fn in PER_AGENCY.items():
        for target in TARGETS:
            assert len(fn(any_db, PUBLIC, target)) == 0, (name, target)
    assert (
        len(queries.unit_search(any_db, PUBLIC, "", None, 1000)) == 0 and len(queries.unit_places(any_db, PUBLIC)) == 0
    )
    assert len(queries.survey_units(any_db, PUBLIC, 2563)) == 0
    assert len(queries.province_units(any_db, PUBLIC, 2563, "50")) == 0
