"""Every query: correct against values computed independently from the raw tables, and isolated."""

import pytest

from dgcore import queries
from dgcore.access import EMPTY_SCOPE, Actor, scope_for

AGG = scope_for(Actor("someone", "agency", "D317"))  # aggregates are for everyone signed in
AGGREGATE_QUERIES = [
    ("survey_years", {}),
    ("agency_kinds", {}),
    ("response_rates", {"year": 2563}),
    ("headline_trend", {}),
    ("pillar_means", {"year": 2563}),
    ("maturity_distribution", {"year": 2563}),
]


def test_2563_response_tiles_read_the_published_figures(demo_db):
    r = queries.response_rates(demo_db, AGG, 2563).set_index("kind")
    got = {k: (int(row.targeted), int(row.responded), f"{row.rate:.2f}") for k, row in r.iterrows()}
    assert got == {
        "total": (1926, 1850, "96.05"),
        "department": (315, 292, "92.70"),
        "provincial": (1609, 1556, "96.71"),
        "special_local": (2, 2, "100.00"),
    }
    assert list(r.index) == ["total", "department", "provincial", "special_local"]


def test_headline_trend_equals_the_mean_of_overall_scores(demo_db):
    raw = demo_db.query("SELECT year, kind, overall FROM overall_scores")
    expect = raw.groupby(["year", "kind"])["overall"].agg(["mean", "size"])
    got = queries.headline_trend(demo_db, AGG).set_index(["year", "kind"])
    assert len(got) == len(expect)
    for key, row in expect.iterrows():
        assert got.loc[key, "mean"] == pytest.approx(row["mean"]) and got.loc[key, "n"] == row["size"]


def test_pillar_means_equal_a_hand_computed_join(demo_db):
    p = demo_db.query("SELECT agency_id, pillar_code, score FROM pillar_scores WHERE year = 2562")
    k = demo_db.query("SELECT agency_id, kind FROM overall_scores WHERE year = 2562")
    expect = p.merge(k, on="agency_id").groupby(["kind", "pillar_code"])["score"].mean()
    got = queries.pillar_means(demo_db, AGG, 2562).set_index(["kind", "pillar_code"])["mean"]
    assert got.sort_index().to_numpy() == pytest.approx(expect.sort_index().to_numpy())


def test_maturity_distribution_counts_every_responding_unit_once(demo_db):
    got = queries.maturity_distribution(demo_db, AGG, 2563)
    assert got["n"].sum() == 1850
    assert set(got["maturity"]) <= {1, 2, 3, 4, 5}


def test_framework_of_a_year_round_trips_from_the_database(demo_db):
    fw = queries.framework(demo_db, AGG, 2561)
    assert fw.year == 2561 and len(fw.subs) == 16
    assert queries.framework(demo_db, AGG, 2400) is None


@pytest.mark.parametrize("name, params", AGGREGATE_QUERIES)
def test_aggregate_queries_return_nothing_to_an_empty_scope(demo_db, name, params):
    assert len(getattr(queries, name)(demo_db, AGG, **params)) > 0
    assert len(getattr(queries, name)(demo_db, EMPTY_SCOPE, **params)) == 0


def test_framework_is_not_served_to_an_empty_scope(demo_db):
    assert queries.framework(demo_db, EMPTY_SCOPE, 2563) is None


def test_agency_rows_an_agency_sees_only_itself(demo_db):
    a = queries.unit_search(demo_db, scope_for(Actor("u", "agency", "D317")))
    assert a["agency_id"].tolist() == ["D317"]
    b = queries.unit_search(demo_db, scope_for(Actor("u", "agency", "P-LAND-50")))
    assert b["agency_id"].tolist() == ["P-LAND-50"]


def test_agency_rows_a_province_sees_only_units_located_there(demo_db):
    rows = queries.unit_search(demo_db, scope_for(Actor("u", "province", "50")))
    assert len(rows) > 15 and set(rows["province_code"]) == {"50"}
    assert not rows["kind"].eq("department").any()


def test_agency_rows_a_department_sees_itself_and_its_branches_only(demo_db):
    rows = queries.unit_search(demo_db, scope_for(Actor("u", "department", "D227")))
    branches = set(demo_db.query("SELECT agency_id FROM agencies WHERE parent_id = 'D227'")["agency_id"])
    assert set(rows["agency_id"]) == {"D227"} | branches and len(rows) > 60


@pytest.mark.parametrize("actor", [None, Actor("u", "guest"), Actor("u", "agency", None), Actor("u", "nobody", "D317")])
def test_agency_rows_nobody_without_a_unit_scope_sees_any(demo_db, actor):
    assert len(queries.unit_search(demo_db, scope_for(actor))) == 0
    assert len(queries.unit_places(demo_db, scope_for(actor))) == 0


def test_agency_rows_staff_see_every_unit_a_bounded_page_at_a_time(demo_db):
    places = queries.unit_places(demo_db, scope_for(Actor("u", "staff")))
    assert int(places["n"].sum()) == 2045 and len(places) == 78  # 77 provinces with units (Bangkok too) and none
    assert len(queries.unit_search(demo_db, scope_for(Actor("u", "staff")))) == queries.UNIT_SEARCH_LIMIT


def test_a_scope_id_that_looks_like_sql_matches_nothing(demo_db):
    evil = Actor("u", "agency", "D317' OR '1'='1")
    assert len(queries.unit_search(demo_db, scope_for(evil))) == 0
    assert len(queries.unit_search(demo_db, scope_for(Actor("u", "staff")), "D317' OR '1'='1")) == 0
