"""The aggregates published with each version equal the same figures computed from its facts (on the demo
and on a hand-made case), and a version published before they existed gets them before it is read again.

The oracles are tests/oracles/<name>.sql: each page statement written over the fact tables only (the
statements the app ran on older versions before those gained their aggregates)."""

import dataclasses
import math
import re
import shutil
from decimal import Decimal
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from builders import hand_tables

from dgcore import advice, queries
from dgcore.access import Actor, scope_for
from dgcore.build import AGGREGATES, complete_version, missing_aggregates, publish_tables
from dgcore.db import ResultsDB, set_current
from dgcore.importer import rollback

ORACLES = Path(__file__).resolve().parents[1] / "oracles"

STAFF = scope_for(Actor("s", "staff"))
AGENCY = scope_for(Actor("a", "agency", "D317"))


@cache
def oracle(name: str) -> str:
    return (ORACLES / f"{name}.sql").read_text(encoding="utf-8")


def rows(db, sql: str, params: dict) -> tuple[list[str], list[tuple]]:
    """Column names and rows of a statement with the staff scope bound as queries._query binds it. Plain
    tuples: turning ~3,000 small results into DataFrames took half of this module's time."""
    wanted = set(re.findall(r"\$([a-z_]+)", sql))
    bound = {k: v for k, v in {**params, **STAFF.sql_params()}.items() if k in wanted}
    cur = db._connection().cursor()
    try:
        cur.execute(sql, bound)
        return [d[0] for d in cur.description], cur.fetchall()
    finally:
        cur.close()


def same_value(a, b) -> bool:
    """Equal, or both missing, or numbers within 1e-9 (relative or absolute), as assert_frame_equal(rtol,
    atol) with check_dtype=False would have it."""
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, (int, float, Decimal)) and isinstance(b, (int, float, Decimal)):
        a, b = float(a), float(b)
        return (a != a and b != b) or math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return a == b


def assert_same(db, name, **params) -> int:
    """The statement over the published aggregates and its oracle over the facts give the same rows, in the
    same order, in every column the oracle has."""
    fast_cols, fast = rows(db, queries.statement(name), params)
    cols, slow = rows(db, oracle(name), params)
    keep = [fast_cols.index(c) for c in cols]
    where = f"{name} {params}"
    assert len(fast) == len(slow), where
    for i, (f, s) in enumerate(zip(fast, slow)):
        got = tuple(f[k] for k in keep)
        assert all(same_value(a, b) for a, b in zip(got, s)), f"{where} row {i}: {got} != {s}"
    return len(slow)


def every_comparison(db):
    years = db.query("SELECT year FROM years ORDER BY year")["year"].tolist()
    provinces = db.query("SELECT code FROM provinces")["code"].tolist()
    depts = db.query("SELECT DISTINCT parent_dept_id AS d FROM agency_types WHERE parent_dept_id IS NOT NULL")["d"]
    yield "headline_trend", {}
    for y in years:
        for name in (
            "pillar_means",
            "maturity_distribution",
            "response_rates",
            "province_summary",
            "province_pillars",
            "ministry_summary",
            "ministry_maturity",
            "branch_departments",
        ):
            yield name, {"year": y}
        fw = queries.framework(db, STAFF, y)
        below = advice.accelerate_below(fw)
        for p in provinces:
            yield "province_sub_profile", {"year": y, "province": p, "below_z": below}
        for d in depts:
            yield "branch_sub_profile", {"year": y, "dept": d}
            yield "branch_units", {"year": y, "dept": d}
        for p in provinces:
            yield "province_units", {"year": y, "province": p}
        for m in db.query("SELECT ministry_code FROM ministries")["ministry_code"]:
            yield "ministry_units", {"year": y, "ministry": m}
        for a, k in sample_units(db):
            yield "report_subs", {"agency_id": a, "year": y, "kind": k}
            yield "report_pillars", {"agency_id": a, "year": y, "kind": k}
    for a, _ in sample_units(db):
        yield "report_history", {"agency_id": a}


def sample_units(db):
    """A few units of every kind (the first three ids of each), with their kind."""
    return db.query(
        "SELECT agency_id, kind FROM (SELECT agency_id, kind, row_number() OVER (PARTITION BY kind "
        "ORDER BY agency_id) AS i FROM agencies) WHERE i <= 3 ORDER BY agency_id"
    ).itertuples(index=False)


@pytest.fixture(scope="module")
def hand_db(tmp_path_factory):
    d = tmp_path_factory.mktemp("hand")
    publish_tables(d, hand_tables(), "hand")
    db = ResultsDB(d)
    yield db
    db.close()


def test_every_published_aggregate_equals_the_figure_from_the_demo_facts(demo_db):
    assert set(AGGREGATES) <= demo_db.tables()
    rows = [assert_same(demo_db, name, **params) for name, params in every_comparison(demo_db)]
    assert len(rows) > 1000 and sum(r > 0 for r in rows) > 0.6 * len(rows)


def test_every_published_aggregate_equals_the_figure_from_hand_made_facts(hand_db):
    rows = [assert_same(hand_db, name, **params) for name, params in every_comparison(hand_db)]
    assert sum(r > 0 for r in rows) > 40


def test_hand_made_aggregates_hold_the_numbers_worked_by_hand(hand_db):
    # overall = ((a1 + 3 a2) / 4 + 2 b1) / 3. 2598: D1 55 + 2*60 -> 58.33, D2 80 + 140 -> 73.33
    trend = queries.headline_trend(hand_db, STAFF).set_index(["year", "kind"])
    assert trend.loc[(2598, "department"), "n"] == 2
    assert trend.loc[(2598, "department"), "mean"] == pytest.approx((175 / 3 + 220 / 3) / 2)
    rates = queries.response_rates(hand_db, STAFF, 2598).set_index("kind")
    assert rates.loc["provincial", ["targeted", "responded", "withdrawn"]].tolist() == [2, 2, 1]
    prov = queries.province_summary(hand_db, STAFF, 2599).set_index("code")
    assert prov.loc["50", "targeted"] == 2 and prov.loc["50", "responded"] == 2  # P1 and the CIO committee
    assert prov.loc["57", "responded"] == 0 and prov.loc["57", "overall"] != prov.loc["57", "overall"]
    # 2598's kinds in 50 (provincial) are among 2599's, so the change is against P1's 2598 score
    assert prov.loc["50", "prev_overall"] == pytest.approx(((20 + 120) / 4 + 100) / 3)
    subs = queries.report_subs(hand_db, STAFF, "D3", 2599, "department").set_index("sub_code")
    assert subs.loc["a1", "peer_mean"] == pytest.approx(170 / 3) and subs.loc["a1", "peer_n"] == 3
    assert subs.loc["a1", "national_mean"] == pytest.approx((50 + 90 + 30 + 40 + 70) / 5)
    history = queries.report_history(hand_db, STAFF, "D3").set_index("year")
    assert history.loc[2599, ["rank", "peers", "percentile"]].tolist() == [3, 3, 0.0]


def old_version(src: Path, dest: Path) -> Path:
    """A copy of the published demo as a version published before the aggregates existed."""
    path = dest / "20200101T000000-000000-old.duckdb"
    shutil.copy(src / (src / "CURRENT").read_text().strip(), path)
    con = duckdb.connect(str(path))
    for table in AGGREGATES:
        con.execute(f'DROP TABLE "{table}"')
    con.close()
    return path


def test_a_version_without_aggregates_gets_them_when_opened(demo_settings, tmp_path):
    """A reader opening a file published before the aggregates first writes them: every page's query
    answers the same as on the published version."""
    src = demo_settings.results_dir
    set_current(tmp_path, old_version(src, tmp_path).name)
    old, new = ResultsDB(tmp_path, complete=complete_version), ResultsDB(src)
    try:
        assert set(AGGREGATES) <= old.tables()
        for fn, args in [
            ("headline_trend", ()),
            ("pillar_means", (2563,)),
            ("province_summary", (2563,)),
            ("province_sub_profile", (2563, "50")),
            ("branch_departments", (2563,)),
            ("ministry_summary", (2563,)),
            ("unit_places", ()),
        ]:
            pd.testing.assert_frame_equal(
                getattr(queries, fn)(old, STAFF, *args),
                getattr(queries, fn)(new, STAFF, *args),
                check_dtype=False,
                rtol=1e-9,
                atol=1e-9,
                obj=fn,
            )
        for scope in (STAFF, AGENCY):
            for fn, args in [
                ("agency_unit", ("D317",)),
                ("report_history", ("D317",)),
                ("report_subs", ("D317", 2563, "department")),
                ("unit_search", ("police",)),
            ]:
                pd.testing.assert_frame_equal(
                    getattr(queries, fn)(old, scope, *args),
                    getattr(queries, fn)(new, scope, *args),
                    check_dtype=False,
                    obj=fn,
                )
    finally:
        old.close()
        new.close()


def test_a_rollback_to_a_version_without_aggregates_writes_them_first(demo_settings, tmp_path):
    path = old_version(demo_settings.results_dir, tmp_path)
    rollback(dataclasses.replace(demo_settings, results_dir=tmp_path), path.name)
    assert (tmp_path / "CURRENT").read_text().strip() == path.name  # the same version, now complete
    assert not missing_aggregates(path) and not complete_version(path)  # nothing left to write
    assert [p.name for p in tmp_path.glob("*.duckdb*")] == [path.name]  # no copy left behind
    assert not list(tmp_path.glob("*.upgrade*"))


def test_a_province_profile_counts_with_the_years_own_threshold(demo_db):
    got = queries.province_sub_profile(demo_db, STAFF, 2563, "50")
    below = advice.accelerate_below(queries.framework(demo_db, STAFF, 2563))
    params = {"year": 2563, "province": "50"}
    pd.testing.assert_frame_equal(
        got, queries._query(demo_db, oracle("province_sub_profile"), STAFF, {**params, "below_z": below})
    )
    stricter = queries._query(demo_db, oracle("province_sub_profile"), STAFF, {**params, "below_z": below + 1.5})
    assert (stricter["n_accelerate"] >= got["n_accelerate"]).all() and not stricter.equals(got)


def test_aggregates_are_written_in_the_order_of_their_keys(demo_db):
    for table, keys in AGGREGATES.items():
        cols = ", ".join(f'"{k}"' for k in keys)
        df = demo_db.query(f'SELECT {cols} FROM "{table}"')
        assert df.equals(df.sort_values(list(keys), na_position="last", kind="stable").reset_index(drop=True)), table
