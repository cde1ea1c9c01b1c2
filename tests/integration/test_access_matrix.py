"""For every role, a matrix of what each per-agency query returns: a unit never receives another
unit's rows, through any query or the assembled report."""
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
    "staff": Actor("g", "staff"), "presenter": Actor("h", "presenter"), "admin": Actor("i", "admin"),
    "unknown role": Actor("j", "root", "D317"), "nobody": None,
}


def allowed(db, actor) -> set[str]:
    """Who an actor may see, computed from the registry independently of the SQL under test."""
    reg = db.query("SELECT agency_id, province_code, parent_id FROM agencies")
    if actor is None or actor.role not in ("agency", "province", "department", "staff", "presenter", "admin"):
        return set()
    if actor.role in ("staff", "presenter", "admin"):
        return set(reg["agency_id"])
    if actor.role == "agency":
        return {actor.scope_id}
    if actor.role == "province":
        return set(reg[reg["province_code"] == actor.scope_id]["agency_id"])
    return set(reg[(reg["agency_id"] == actor.scope_id) | (reg["parent_id"] == actor.scope_id)]["agency_id"])


PER_AGENCY = {
    "agency_unit": lambda db, s, a: queries.agency_unit(db, s, a),
    "agency_history": lambda db, s, a: queries.agency_history(db, s, a),
    "agency_pillar_history": lambda db, s, a: queries.agency_pillar_history(db, s, a),
    "agency_sub_scores": lambda db, s, a: queries.agency_sub_scores(db, s, a, 2563),
    "agency_rank": lambda db, s, a: queries.agency_rank(db, s, a, 2563, "provincial" if a.startswith("P-") else "department"),
}


@pytest.mark.parametrize("who", sorted(ACTORS))
@pytest.mark.parametrize("query", sorted(PER_AGENCY))
def test_per_agency_queries_return_rows_only_inside_the_scope(demo_db, who, query):
    actor, scope = ACTORS[who], scope_for(ACTORS[who])
    may = allowed(demo_db, actor)
    for target in TARGETS:
        has_data = len(PER_AGENCY[query](demo_db, scope_for(Actor("s", "staff")), target)) > 0
        got = len(PER_AGENCY[query](demo_db, scope, target))
        assert (got > 0) == (has_data and target in may), (who, query, target)


@pytest.mark.parametrize("who", sorted(ACTORS))
def test_unit_lists_hold_exactly_the_allowed_units(demo_db, who):
    actor = ACTORS[who]
    got = set(queries.agency_units(demo_db, scope_for(actor))["agency_id"])
    assert got == allowed(demo_db, actor) & set(demo_db.query("SELECT agency_id FROM agencies")["agency_id"])
    got_rows = set(queries.agency_overall(demo_db, scope_for(actor), 2563)["agency_id"])
    assert got_rows <= got


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
    assert len(queries.agency_units(demo_db, EMPTY_SCOPE)) == 0
    assert len(queries.sub_benchmarks(demo_db, EMPTY_SCOPE, 2563, "department")) == 0
    assert len(queries.pillar_benchmarks(demo_db, EMPTY_SCOPE, 2563, "department")) == 0
    assert len(queries.overall_benchmarks(demo_db, EMPTY_SCOPE, "department")) == 0


def test_rank_reveals_only_the_units_own_position(demo_db):
    r = queries.agency_rank(demo_db, scope_for(ACTORS["agency RTP"]), "D317", 2562, "department")
    assert list(r.columns) == ["rank", "peers", "percentile"] and len(r) == 1
    o = demo_db.query("SELECT agency_id, overall FROM overall_scores WHERE year = 2562 AND kind = 'department'")
    expect = int((o["overall"] > o.set_index("agency_id").loc["D317", "overall"]).sum()) + 1
    assert r["rank"][0] == expect and r["peers"][0] == 301
