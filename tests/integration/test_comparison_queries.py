"""Province, ministry and branch aggregates against hand-computed values, and their isolation."""

import pytest

from dgcore import queries
from dgcore.access import EMPTY_SCOPE, Actor, scope_for

STAFF = scope_for(Actor("s", "staff"))
AGENCY = scope_for(Actor("a", "agency", "D317"))


@pytest.fixture(scope="module")
def raw(demo_db):
    return demo_db.query("""SELECT p.year, p.agency_id, p.status, a.kind, a.province_code, a.ministry_code, a.parent_id,
                                   o.overall FROM participation p JOIN agencies a USING (agency_id)
                            LEFT JOIN overall_scores o ON o.year = p.year AND o.agency_id = p.agency_id""")


def test_province_summary_matches_a_hand_computation(demo_db, raw):
    got = queries.province_summary(demo_db, AGENCY, 2563).set_index("code")
    units = raw[
        (raw["year"] == 2563) & raw["kind"].isin(["provincial", "cio_committee"]) & (raw["status"] != "withdrawn")
    ]
    assert len(got) == 76 and "10" not in got.index
    cm = units[units["province_code"] == "50"]
    assert got.loc["50", "targeted"] == len(cm) and got.loc["50", "responded"] == (cm["status"] == "responded").sum()
    assert got.loc["50", "overall"] == pytest.approx(cm["overall"].mean())
    prev = raw[(raw["year"] == 2562) & (raw["province_code"] == "50") & (raw["kind"] == "provincial")]["overall"].mean()
    assert got.loc["50", "change"] == pytest.approx(cm["overall"].mean() - prev)
    assert got["rank"].min() == 1 and got["targeted"].sum() == 1609


def test_no_change_is_computed_across_the_switch_to_cio_committees(demo_db):
    got = queries.province_summary(demo_db, AGENCY, 2566)
    assert got["change"].isna().all() and got["overall"].notna().sum() >= 70


def test_ministry_summary_matches_a_hand_computation(demo_db, raw):
    got = queries.ministry_summary(demo_db, AGENCY, 2563).set_index("ministry_code")
    d = raw[(raw["year"] == 2563) & (raw["kind"] == "department") & raw["overall"].notna()]
    g = d.groupby("ministry_code")["overall"]
    assert got["n"].sum() == 292
    assert got.loc["MOF", "mean"] == pytest.approx(g.mean()["MOF"]) and got.loc["MOF", "sd"] == pytest.approx(
        g.std()["MOF"]
    )
    assert got.loc["MOF", "med"] == pytest.approx(g.median()["MOF"])


def test_branch_departments_average_their_branches(demo_db, raw):
    got = queries.branch_departments(demo_db, AGENCY, 2563).set_index("agency_id")
    b = raw[(raw["year"] == 2563) & (raw["parent_id"] == "D227") & raw["overall"].notna()]
    assert got.loc["D227", "n_branches"] == len(b) and got.loc["D227", "branch_mean"] == pytest.approx(
        b["overall"].mean()
    )


def test_province_sub_profile_counts_units_below_their_peers(demo_db):
    prof = queries.province_sub_profile(demo_db, AGENCY, 2563, "50")
    assert len(prof) == 16 and (prof["n_units"] == 21).all()
    assert ((prof["n_accelerate"] >= 0) & (prof["n_accelerate"] <= 21)).all()


@pytest.mark.parametrize(
    "actor, province, expect",
    [
        (Actor("p", "province", "50"), "50", 21),
        (Actor("p", "province", "50"), "57", 0),
        (Actor("a", "agency", "P-LAND-50"), "50", 1),
        (Actor("d", "department", "D227"), "50", 1),
        (Actor("s", "staff"), "57", None),
        (None, "50", 0),
    ],
)
def test_province_units_only_inside_the_scope(demo_db, actor, province, expect):
    got = queries.province_units(demo_db, scope_for(actor), 2563, province)
    if expect is None:
        assert len(got) > 15
    else:
        assert len(got) == expect
    if actor and actor.role == "agency":
        assert got["agency_id"].tolist() == ["P-LAND-50"]


@pytest.mark.parametrize(
    "actor, dept, expect_min, expect_max",
    [
        (Actor("d", "department", "D227"), "D227", 77, 77),
        (Actor("d", "department", "D227"), "D226", 0, 0),
        (Actor("p", "province", "50"), "D227", 1, 1),
        (Actor("s", "staff"), "D227", 77, 77),
        (None, "D227", 0, 0),
    ],
)
def test_branch_units_only_inside_the_scope(demo_db, actor, dept, expect_min, expect_max):
    got = queries.branch_units(demo_db, scope_for(actor), 2563, dept)
    assert expect_min <= len(got) <= expect_max
    if actor and actor.role == "province":
        assert set(got["province_code"]) == {"50"}


def test_ministry_units_only_inside_the_scope(demo_db):
    assert len(queries.ministry_units(demo_db, STAFF, 2563, "MOI")) > 5
    assert queries.ministry_units(demo_db, scope_for(Actor("d", "department", "D227")), 2563, "MOI")[
        "agency_id"
    ].tolist() == ["D227"]
    assert len(queries.ministry_units(demo_db, scope_for(Actor("p", "province", "50")), 2563, "MOI")) == 0
    assert len(queries.ministry_units(demo_db, AGENCY, 2563, "MOI")) == 0


@pytest.mark.parametrize(
    "name, args",
    [
        ("province_summary", (2563,)),
        ("province_pillars", (2563,)),
        ("province_sub_profile", (2563, "50")),
        ("ministry_summary", (2563,)),
        ("ministry_maturity", (2563,)),
        ("branch_departments", (2563,)),
        ("branch_sub_profile", (2563, "D227")),
    ],
)
def test_comparison_aggregates_return_nothing_to_an_empty_scope(demo_db, name, args):
    assert len(getattr(queries, name)(demo_db, STAFF, *args)) > 0
    assert len(getattr(queries, name)(demo_db, EMPTY_SCOPE, *args)) == 0
