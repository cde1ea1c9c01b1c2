"""Typed reads over dgcore/sql/*.sql. Every function takes the caller's Scope and binds it itself.

Aggregate queries return rows only when scope.aggregates is set. Per-agency statements go through
dgcore/sql/visible_units.sql, the row-level rule written once, which `statement` binds into them, as
Superset attaches its row-level-security predicates: as the condition `visible_unit(a)` on a directory's
rows, or as the relation `visible_units` that a statement over facts joins; the scope's parameters then
fill it. An empty scope therefore gets empty results from every function here.

Aggregates are read from the tables computed when the version was published (dgcore.build.AGGREGATES),
so their cost does not grow with the number of units. A version published before they existed gets them
before it is read again (dgcore.build.complete_version, on rollback and when the reader opens it).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

from dgcore import scoring
from dgcore.access import EMPTY_SCOPE, Scope
from dgcore.db import ResultsDB, sql_text
from dgcore.framework import Framework, framework_from_dict

UNIT_SEARCH_LIMIT = 200


def _query(db: ResultsDB, sql: str, scope: Scope, params: dict[str, Any]) -> pd.DataFrame:
    wanted = set(re.findall(r"\$([a-z_]+)", sql))
    bound = {k: v for k, v in {**params, **scope.sql_params()}.items() if k in wanted}
    return db.query(sql, bound)


VISIBLE_UNITS = "visible_units"
_NAMES_VISIBLE_UNITS = re.compile(rf"\b{VISIBLE_UNITS}\b")
_VISIBLE_UNIT = re.compile(r"\bvisible_unit\(a\)")
_LEADING_WITH = re.compile(r"\A((?:\s*--[^\n]*\n)*\s*)WITH\b", re.IGNORECASE)


def visible_unit_rule() -> str:
    """The condition of dgcore/sql/visible_units.sql (its WHERE clause) over a unit row aliased a."""
    body = re.sub(r"--[^\n]*", "", sql_text(VISIBLE_UNITS))
    return "(" + body.split("WHERE", 1)[1].strip() + ")"


@functools.cache
def statement(name: str) -> str:
    """The SQL that runs for dgcore/sql/<name>.sql, with the unit rule bound where the statement asks for it.

    A statement over a unit directory (agencies, agg_units, agg_unit_years aliased a) writes
    `visible_unit(a)` in its WHERE clause and gets the rule's condition there: a filter on rows it reads
    anyway (joining every unit of the directory to itself cost staff ~100 ms at 100x the units). A statement
    over facts names the relation visible_units and gets it bound in front as a common table expression
    (joined to its own WITH list if it has one); its own unit filter reaches the relation's scan."""
    sql = _VISIBLE_UNIT.sub(lambda _: visible_unit_rule(), sql_text(name))
    if not _NAMES_VISIBLE_UNITS.search(sql):
        return sql
    cte = VISIBLE_UNITS + " AS (\n" + sql_text(VISIBLE_UNITS) + ")"
    merged, n = _LEADING_WITH.subn(lambda m: m.group(1) + "WITH " + cte + ",", sql, count=1)
    return merged if n else "WITH " + cte + "\n" + sql


# What the public's scope (Scope.is_public: a visitor of the public page) may read: statements without unit
# figures, and aggregates that drop or blank any mean over fewer than $scope_min_units responding units.
# Every other statement runs for it with the empty scope, so it returns nothing (default deny).
PUBLIC_STATEMENTS = frozenset({"survey_years", "agency_kinds", "framework_body", "response_rates"})
PUBLIC_SMALL_CELL_STATEMENTS = frozenset(
    {"headline_trend", "pillar_means", "maturity_distribution", "province_summary", "province_pillars"}
)


def _run(db: ResultsDB, name: str, scope: Scope, **params: Any) -> pd.DataFrame:
    if scope.is_public and name not in PUBLIC_STATEMENTS | PUBLIC_SMALL_CELL_STATEMENTS:
        scope = EMPTY_SCOPE
    return _query(db, statement(name), scope, params)


def meta(db: ResultsDB) -> dict[str, str]:
    """Facts about the published version: source (demo or real), labels. Not scoped: no unit data."""
    df = db.query(sql_text("meta"))
    return dict(zip(df["key"], df["value"]))


def is_demo(meta: Mapping[str, str]) -> bool:
    """Whether a published version's meta (see `meta`) says it holds the demo survey, not real results."""
    return meta.get("is_demo") == "true"


def survey_years(db: ResultsDB, scope: Scope) -> pd.DataFrame:
    """year, data_as_of, is_demo, note_th, note_en for every published year."""
    return _run(db, "survey_years", scope)


def agency_kinds(db: ResultsDB, scope: Scope) -> pd.DataFrame:
    """kind, name_th, name_en, short_th, short_en, sort."""
    return _run(db, "agency_kinds", scope)


def framework(db: ResultsDB, scope: Scope, year: int) -> Framework | None:
    """The published framework of a year, or None."""
    df = _run(db, "framework_body", scope, year=year)
    return framework_from_dict(json.loads(df["body"].iloc[0])) if len(df) else None


def response_rates(db: ResultsDB, scope: Scope, year: int) -> pd.DataFrame:
    """kind, targeted, responded, withdrawn, rate (%) per group, plus a 'total' row first."""
    df = _run(db, "response_rates", scope, year=year)
    if df.empty:
        return df.assign(rate=pd.Series(dtype=float))
    total = pd.DataFrame([{"kind": "total", **df[["targeted", "responded", "withdrawn"]].sum().to_dict()}])
    out = pd.concat([total, df], ignore_index=True)
    out["rate"] = 100.0 * out["responded"] / out["targeted"]
    return out


def headline_trend(db: ResultsDB, scope: Scope) -> pd.DataFrame:
    """year, kind, mean, n, sd: the mean overall score of responding units."""
    return _run(db, "headline_trend", scope)


def pillar_means(db: ResultsDB, scope: Scope, year: int) -> pd.DataFrame:
    """kind, pillar_code, mean, n for one year."""
    return _run(db, "pillar_means", scope, year=year)


def maturity_distribution(db: ResultsDB, scope: Scope, year: int) -> pd.DataFrame:
    """kind, maturity, n for one year."""
    return _run(db, "maturity_distribution", scope, year=year)


def unit_search(
    db: ResultsDB,
    scope: Scope,
    text: str = "",
    place: str | None = None,
    limit: int = UNIT_SEARCH_LIMIT,
    year: int | None = None,
) -> pd.DataFrame:
    """Per-agency rows: at most `limit` units in the scope whose id, name or province contains `text`, in
    province `place` ('' for units without a province, None for any), surveyed in `year` (None: any):
    agency_id, name_th, name_en, kind, province_code, province_th, province_en, by kind and id."""
    limit = max(0, min(int(limit), 1000))
    year = None if year is None else int(year)
    return _run(db, "unit_search", scope, q=(text or "").strip()[:100], place=place, limit=limit, year=year)


def unit_places(db: ResultsDB, scope: Scope) -> pd.DataFrame:
    """Per-agency rows, counted: place (province code, '' for none), province_th, province_en, n units in scope."""
    return _run(db, "unit_places", scope)


def agency_unit(db: ResultsDB, scope: Scope, agency_id: str) -> pd.DataFrame:
    """Per-agency rows: the one unit asked for, with place and parent names, or nothing if out of scope."""
    return _run(db, "agency_unit", scope, agency_id=agency_id)


def report_history(db: ResultsDB, scope: Scope, agency_id: str) -> pd.DataFrame:
    """Per-agency rows: year, kind, status, overall, band, maturity, peer_mean, national_mean, rank, peers,
    percentile of one unit in every year it was surveyed (if in scope)."""
    return _run(db, "report_history", scope, agency_id=agency_id)


def report_subs(db: ResultsDB, scope: Scope, agency_id: str, year: int, kind: str) -> pd.DataFrame:
    """Per-agency rows: sub_code, score, peer_mean, peer_sd, peer_n, national_mean of one unit in one year."""
    return _run(db, "report_subs", scope, agency_id=agency_id, year=year, kind=kind)


def report_pillars(db: ResultsDB, scope: Scope, agency_id: str, year: int, kind: str) -> pd.DataFrame:
    """Per-agency rows: year, pillar_code, score of one unit in every year, with peer_mean and national_mean
    in `year`."""
    return _run(db, "report_pillars", scope, agency_id=agency_id, year=year, kind=kind)


def survey_units(db: ResultsDB, scope: Scope, year: int) -> pd.DataFrame:
    """Per-agency rows: agency_id, names, kind, province_th, status of the units targeted in a year."""
    return _run(db, "survey_units", scope, year=year)


def agency_units_for_letters(db: ResultsDB, scope: Scope, year: int) -> list[dict[str, Any]]:
    """Per-agency rows: the units targeted in a year with kind, type and province names, by unit id."""
    df = _run(db, "letter_units", scope, year=year)
    return [{k: (None if v != v else v) for k, v in row.items()} for row in df.to_dict("records")]


def province_summary(db: ResultsDB, scope: Scope, year: int) -> pd.DataFrame:
    """code, names, targeted, responded, rate, overall, prev_overall, change, rank per surveyed province;
    the change is against the previous *published* year (prev_year), not always year - 1."""
    years = survey_years(db, scope)["year"].astype(int)
    prev_year = int(years[years < year].max()) if (years < year).any() else year - 1
    df = _run(db, "province_summary", scope, year=year)  # the statement finds the same previous year
    df["prev_year"] = prev_year
    df["rate"] = 100.0 * df["responded"] / df["targeted"].where(df["targeted"] > 0)
    df["change"] = df["overall"] - df["prev_overall"]
    df["rank"] = scoring.competition_rank(df["overall"])
    return df


def province_pillars(db: ResultsDB, scope: Scope, year: int) -> pd.DataFrame:
    """code, pillar_code, mean, n for every surveyed province."""
    return _run(db, "province_pillars", scope, year=year)


def province_sub_profile(db: ResultsDB, scope: Scope, year: int, province: str) -> pd.DataFrame:
    """sub_code, mean, national_mean, n_units, n_accelerate of one province: n_accelerate counts its units
    below the year's own threshold (dgcore.advice.accelerate_below), as published."""
    return _run(db, "province_sub_profile", scope, year=year, province=province)


def province_units(db: ResultsDB, scope: Scope, year: int, province: str) -> pd.DataFrame:
    """Per-agency rows: a province's units with type, status, overall, band, maturity (if in scope)."""
    return _run(db, "province_units", scope, year=year, province=province)


def ministry_summary(db: ResultsDB, scope: Scope, year: int) -> pd.DataFrame:
    """ministry_code, names, n, mean, sd, lo, q1, med, q3, hi of department-level units."""
    return _run(db, "ministry_summary", scope, year=year)


def ministry_maturity(db: ResultsDB, scope: Scope, year: int) -> pd.DataFrame:
    """ministry_code, maturity, n."""
    return _run(db, "ministry_maturity", scope, year=year)


def ministry_units(db: ResultsDB, scope: Scope, year: int, ministry: str) -> pd.DataFrame:
    """Per-agency rows: a ministry's department-level units (if in scope)."""
    return _run(db, "ministry_units", scope, year=year, ministry=ministry)


def branch_departments(db: ResultsDB, scope: Scope, year: int) -> pd.DataFrame:
    """Departments with provincial branches: n_branches, branch_mean, branch_sd, branch_min, branch_max."""
    return _run(db, "branch_departments", scope, year=year)


def branch_sub_profile(db: ResultsDB, scope: Scope, year: int, dept: str) -> pd.DataFrame:
    """sub_code, mean, national_mean, n_units across one department's branches."""
    return _run(db, "branch_sub_profile", scope, year=year, dept=dept)


def branch_units(db: ResultsDB, scope: Scope, year: int, dept: str) -> pd.DataFrame:
    """Per-agency rows: a department and its branches with province, status and scores (if in scope)."""
    return _run(db, "branch_units", scope, year=year, dept=dept)
