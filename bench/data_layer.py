"""The data layer at growing scale: every query of dgcore.queries (and dgcore.report.agency_report)
against the demo survey, 10x the units over 20 years, and 100x the units.

The scaled results files have the demo's schema (dgcore.build.TABLES) and sort order: the demo
tables (dgcore.demo.demo_tables) are registered in DuckDB and replicated there with SQL
(`CROSS JOIN range(k)`), never in pandas: replica r>0 of a unit gets the id `R<rrr>-<id>` (its
parent id too, so department scopes keep their branches), and years beyond the demo's six are
copies of demo years shifted forward (frameworks and the years table included). Fact tables are
written ORDER BY their TABLES keys (agency_id first), as build.py does, and then the publish-time
aggregates by dgcore.build.write_aggregates, the code every publish runs (--no-aggregates: a version
published before them, which the reader completes with its aggregates when it opens it; the time that
takes is printed as "completed in").

Each query runs through dgcore.db.ResultsDB (a cursor per call, named parameters), with a staff
scope and with an agency scope (the Royal Thai Police, D317), at the latest year with provincial
units of each scale (a copy of demo year 2565: the whole population), with province 50 (Chiang
Mai), ministry MOI and department D227 where a function asks for one;
the figure is the median over repetitions (at least --min-reps, more while under --budget seconds).

    .venv/bin/python bench/data_layer.py                 # 1x, 10x/20y, 100x; ~3 min
    .venv/bin/python bench/data_layer.py --no-aggregates # files published before the aggregates: the upgrade
    .venv/bin/python bench/data_layer.py --scales 1 10x20
"""

from __future__ import annotations

import argparse
import inspect
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import copy_data_inputs, load_line, machine_line, median, percentile, print_table

AGENCY_ID = "D317"  # the Royal Thai Police: a department-level unit surveyed every demo year
PROVINCE = "50"  # Chiang Mai
MINISTRY = "MOI"  # the Ministry of Interior: the most units
DEPT = "D227"  # the Department of Lands and its 76 provincial land offices
FIRST_YEAR = 2561


@dataclass(frozen=True)
class Scale:
    label: str
    units: int  # replicas of every unit
    years: int  # survey years (the demo has 6)

    @property
    def key(self) -> str:
        return f"{self.units}x{self.years}"


SCALES = {
    "1": Scale("demo (1x, 6 years)", 1, 6),
    "10x20": Scale("10x units, 20 years", 10, 20),
    "100": Scale("100x units, 6 years", 100, 6),
}


# ------------------------------------------------------------------------------ building
def _rid(col: str) -> str:
    """The replica's id for an id column (replica 0 keeps the original ids)."""
    return f"CASE WHEN r.r = 0 THEN {col} ELSE 'R' || lpad(r.r::VARCHAR, 3, '0') || '-' || {col} END"


def _order(table: str) -> str:
    from dgcore.build import TABLES

    return ", ".join(f'"{k}"' for k in TABLES[table])


def build_scaled(
    tables: dict, path: Path, units: int, years: int, threads: int = 2, aggregates: bool = True
) -> dict[str, int]:
    """Write a results file with the demo's tables replicated `units` times over `years` years, and (unless
    aggregates is False: a version published before they existed) the publish-time aggregates."""
    import duckdb

    from dgcore.build import TABLES

    con = duckdb.connect(str(path))
    try:
        con.execute(f"SET threads = {threads}")
        for name, df in tables.items():
            con.register(f"src_{name}", df)
        demo_years = sorted(int(y) for y in tables["years"]["year"])
        con.execute("CREATE TEMP TABLE r AS SELECT range AS r FROM range($k)", {"k": units})
        con.execute(
            "CREATE TEMP TABLE ym AS SELECT $first + range AS year, $first + range % $n AS src FROM range($years)",
            {"first": demo_years[0], "n": len(demo_years), "years": years},
        )
        for name in ("meta", "provinces", "ministries", "agency_kinds", "agency_types"):
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM src_{name} ORDER BY {_order(name)}')
        con.execute(f"""CREATE TABLE years AS
            SELECT ym.year, (y.data_as_of + INTERVAL (ym.year - ym.src) YEAR)::DATE AS data_as_of,
                   y.is_demo, y.note_th, y.note_en
            FROM src_years y JOIN ym ON ym.src = y.year ORDER BY {_order("years")}""")
        con.execute(f"""CREATE TABLE frameworks AS
            SELECT ym.year, f.body FROM src_frameworks f JOIN ym ON ym.src = f.year ORDER BY {_order("frameworks")}""")
        cols = list(tables["agencies"].columns)
        sel = []
        for c in cols:
            if c in ("agency_id", "parent_id"):
                sel.append(f"CASE WHEN a.{c} IS NULL THEN NULL ELSE {_rid('a.' + c)} END AS {c}")
            elif c in ("name_th", "name_en"):
                sel.append(f"CASE WHEN r.r = 0 THEN a.{c} ELSE a.{c} || ' (' || r.r || ')' END AS {c}")
            else:
                sel.append(f"a.{c}")
        con.execute(
            f"CREATE TABLE agencies AS SELECT {', '.join(sel)} FROM src_agencies a CROSS JOIN r "
            f"ORDER BY {_order('agencies')}"
        )
        for name in ("participation", "sub_scores", "pillar_scores", "overall_scores"):
            cols = list(tables[name].columns)
            sel = [
                ("ym.year" if c == "year" else f"{_rid('t.agency_id')} AS agency_id" if c == "agency_id" else f"t.{c}")
                for c in cols
            ]
            con.execute(
                f"CREATE TABLE {name} AS SELECT {', '.join(sel)} FROM src_{name} t "
                f"JOIN ym ON ym.src = t.year CROSS JOIN r ORDER BY {_order(name)}"
            )
        t_agg = time.perf_counter()
        if aggregates:
            from dgcore.build import write_aggregates

            write_aggregates(con)  # what every publish does (dgcore.build.write_database)
        agg_ms = round((time.perf_counter() - t_agg) * 1000)
        missing = set(TABLES) - {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        if missing:
            raise RuntimeError(f"scaled file lacks {sorted(missing)}")
        con.execute("CHECKPOINT")
        counts = {
            t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
            for t in ("agencies", "participation", "sub_scores", "pillar_scores", "overall_scores")
        }
        return {**counts, "aggregates ms": agg_ms}
    finally:
        con.close()


# ------------------------------------------------------------------------------ timing
def query_functions() -> dict[str, Callable]:
    """Every public function of dgcore.queries taking (db, ...), plus report.agency_report."""
    from dgcore import queries, report

    funcs = {
        n: f
        for n, f in inspect.getmembers(queries, inspect.isfunction)
        if not n.startswith("_")
        and f.__module__ == queries.__name__
        and list(inspect.signature(f).parameters)[:1] == ["db"]
    }
    funcs["report.agency_report"] = report.agency_report
    return funcs


def call_args(func: Callable, known: dict[str, Any]) -> dict[str, Any] | str:
    """Keyword arguments for func from `known` by parameter name, or why it cannot be called."""
    out = {}
    for name, p in inspect.signature(func).parameters.items():
        if name in known:
            out[name] = known[name]
        elif p.default is inspect.Parameter.empty:
            return f"needs '{name}'"
    return out


def time_call(fn: Callable[[], Any], min_reps: int, max_reps: int, budget_s: float) -> tuple[list[float], Any]:
    fn()  # warm: first call parses/plans; not counted
    times: list[float] = []
    result = None
    start = time.perf_counter()
    while len(times) < max_reps and (len(times) < min_reps or time.perf_counter() - start < budget_s):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return times, result


def _rows(result: Any) -> str:
    if result is None:
        return "None"
    if hasattr(result, "shape"):
        return str(result.shape[0])
    if isinstance(result, dict):
        return str(len(result))
    return type(result).__name__


def measure_scale(
    results_dir: Path, min_reps: int, max_reps: int, budget_s: float, profile: bool = False
) -> dict[tuple[str, str], dict]:
    from dgcore import queries
    from dgcore.access import Actor, scope_for
    from dgcore.build import complete_version
    from dgcore.db import ResultsDB, current_version

    t0 = time.perf_counter()
    if complete_version(results_dir / str(current_version(results_dir))):  # built with --no-aggregates
        print(f"completed in {time.perf_counter() - t0:.1f} s (dgcore.build.complete_version, as on opening)")
    db = ResultsDB(results_dir, complete=complete_version)  # as the app opens a version
    try:
        scopes = {"staff": scope_for(Actor("bench", "staff")), "agency": scope_for(Actor("bench", "agency", AGENCY_ID))}
        # The latest year with provincial units (the demo's 2566 surveyed departments and CIO
        # committees only), so every scale measures the same population: 2565, 2577 at 20 years.
        year = int(db.query("SELECT max(year) AS y FROM participation WHERE kind = 'provincial'")["y"].iloc[0])
        kind = str(db.query("SELECT kind FROM agencies WHERE agency_id = $a", {"a": AGENCY_ID})["kind"].iloc[0])
        out: dict[tuple[str, str], dict] = {}
        for scope_name, scope in scopes.items():
            fw = queries.framework(db, scope, year)
            known = {
                "db": db,
                "scope": scope,
                "year": year,
                "agency_id": AGENCY_ID,
                "kind": kind,
                "fw": fw,
                "province": PROVINCE,
                "ministry": MINISTRY,
                "dept": DEPT,
                "place": "",
            }  # the picker's facet for a department-level unit (no province)
            for name, func in query_functions().items():
                args = call_args(func, known)
                if isinstance(args, str):
                    out[(name, scope_name)] = {"skip": args}
                    continue
                times, res = time_call(lambda: func(**args), min_reps, max_reps, budget_s)  # noqa: B023
                out[(name, scope_name)] = {
                    "median": median(times),
                    "p95": percentile(times, 95),
                    "reps": len(times),
                    "rows": _rows(res),
                }
        if profile:
            profile_report(db, scopes["staff"], year, out)
        return out
    finally:
        db.close()


def profile_report(db: Any, scope: Any, year: int, out: dict) -> None:
    """Where report.agency_report spends its time (cProfile, cumulative, dgcore functions only)."""
    import cProfile
    import pstats

    from dgcore import queries, report

    fw = queries.framework(db, scope, year)
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(3):
        report.agency_report(db, scope, AGENCY_ID, year, fw)
    prof.disable()
    stats = pstats.Stats(prof)
    rows = []
    for (file, _line, func), (_cc, nc, _tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        if "/dgcore/" in file:
            rows.append((ct / 3, nc / 3, f"{Path(file).stem}.{func}"))
    print("\nreport.agency_report, staff scope, largest scale: cumulative ms per report (cProfile)")
    print_table(
        ["function", "calls/report", "cum ms/report"],
        [[name, f"{n:.0f}", f"{ct * 1000:.1f}"] for ct, n, name in sorted(rows, reverse=True)[:14]],
    )


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scales", nargs="*", default=list(SCALES), choices=list(SCALES))
    ap.add_argument("--min-reps", type=int, default=7)
    ap.add_argument(
        "--no-profile",
        dest="profile",
        action="store_false",
        help="skip the cProfile breakdown of agency_report at the largest scale",
    )
    ap.add_argument("--max-reps", type=int, default=25)
    ap.add_argument(
        "--no-aggregates",
        dest="aggregates",
        action="store_false",
        help="build the files as versions published before the aggregates (the reader writes them on opening)",
    )
    ap.add_argument("--budget", type=float, default=0.5, help="seconds per query and scope before stopping at min reps")
    args = ap.parse_args(argv)
    from dgcore.build import TABLES
    from dgcore.config import load_settings
    from dgcore.db import set_current
    from dgcore.demo import demo_tables, load_inputs

    print("## data_layer: dgcore.queries at growing scale (median ms over repetitions)")
    print(machine_line())
    print(load_line())
    t_all = time.perf_counter()
    results: dict[str, dict] = {}
    builds: dict[str, tuple[float, dict, float]] = {}
    with tempfile.TemporaryDirectory(prefix="dgr-bench-data-") as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        copy_data_inputs(data)
        settings = load_settings(
            {"data_dir": data, "results_dir": data / "results", "accounts_path": data / "accounts.sqlite"}
        )
        t0 = time.perf_counter()
        tables = demo_tables(load_inputs(settings))
        print(f"demo tables generated in {time.perf_counter() - t0:.1f} s (dgcore.demo.demo_tables)")
        assert set(TABLES) <= set(tables)
        for key in args.scales:
            sc = SCALES[key]
            rdir = Path(tmp) / f"results-{sc.key}"
            rdir.mkdir()
            name = f"bench-{sc.key}.duckdb"
            t0 = time.perf_counter()
            counts = build_scaled(tables, rdir / name, sc.units, sc.years, aggregates=args.aggregates)
            set_current(rdir, name)
            build_s = time.perf_counter() - t0
            size_mb = (rdir / name).stat().st_size / 2**20
            builds[key] = (build_s, counts, size_mb)
            print(
                f"built {sc.label}: {build_s:.1f} s, {size_mb:.0f} MiB, "
                + ", ".join(f"{t} {n:,}" for t, n in counts.items())
            )
            results[key] = measure_scale(
                rdir, args.min_reps, args.max_reps, args.budget, profile=args.profile and key == args.scales[-1]
            )
            (rdir / name).unlink()
    print_results(args.scales, results)
    print_pages(args.scales, results)
    print(f"\n(data_layer took {time.perf_counter() - t_all:.0f} s; {load_line()})")
    return {"results": results, "builds": builds}


# The queries each page runs on a render (ui/loaders.py, dgcore/report.py, dgcore/briefing.py), staff scope;
# My agency also for an agency. Every page also runs meta and survey_years (sign-in gate, year picker).
PAGES: dict[str, tuple[str, ...]] = {
    "Overview": (
        "meta",
        "survey_years",
        "agency_kinds",
        "framework",
        "response_rates",
        "headline_trend",
        "pillar_means",
        "maturity_distribution",
    ),
    "My agency": (
        "meta",
        "survey_years",
        "agency_units",
        "unit_places",
        "agency_unit",
        "unit_search",
        "report.agency_report",
        "framework",
        "agency_kinds",
    ),  # agency_units: the picker before the search
    "Provinces": (
        "meta",
        "survey_years",
        "framework",
        "province_summary",
        "province_pillars",
        "maturity_distribution",
        "pillar_means",
        "province_units",
        "province_sub_profile",
    ),
    "Departments": (
        "meta",
        "survey_years",
        "framework",
        "ministry_summary",
        "headline_trend",
        "ministry_maturity",
        "ministry_units",
        "branch_departments",
        "branch_units",
        "branch_sub_profile",
    ),
    "Briefing (deck)": (
        "meta",
        "survey_years",
        "province_summary",
        "agency_kinds",
        "response_rates",
        "headline_trend",
        "pillar_means",
        "maturity_distribution",
        "province_pillars",
        "province_units",
        "province_sub_profile",
    ),
    "Methodology": ("meta", "survey_years", "framework", "agency_kinds", "response_rates"),
    "Admin": ("meta", "survey_years"),
}
PAGE_SCOPES = {"My agency": ("staff", "agency")}


def print_pages(scales: list[str], results: dict[str, dict]) -> None:
    """Per page: each query's median at every scale, and the page's total (the sum of its queries)."""
    headers = ["page", "query", "scope"] + [f"{SCALES[s].key} ms" for s in scales]
    rows = []
    for page, names in PAGES.items():
        for scope in PAGE_SCOPES.get(page, ("staff",)):
            totals = [0.0] * len(scales)
            for name in names:
                if "median" not in results[scales[0]].get((name, scope), {}):
                    continue
                meds = [results[s][(name, scope)]["median"] for s in scales]
                totals = [t + m for t, m in zip(totals, meds)]
                rows.append([page, name, scope, *[f"{m * 1000:.2f}" for m in meds]])
            rows.append([f"**{page}**", "**total**", scope, *[f"**{t * 1000:.1f}**" for t in totals]])
    print("\nPer page (queries a render runs; the admin's credential issuance lists every unit on a button, not here)")
    print_table(headers, rows)


def print_results(scales: list[str], results: dict[str, dict]) -> None:
    keys = list(next(iter(results.values())).keys()) if results else []
    base = scales[0]
    headers = (
        ["query", "scope"]
        + [f"{SCALES[s].key} ms" for s in scales]
        + [f"{SCALES[s].key}/{SCALES[base].key}" for s in scales[1:]]
        + [f"rows {SCALES[s].key}" for s in scales]
    )
    rows = []
    for key in keys:
        r0 = results[base][key]
        if "skip" in r0:
            rows.append([key[0], key[1], f"skipped: {r0['skip']}"] + [""] * (len(headers) - 3))
            continue
        meds = [results[s][key]["median"] for s in scales]
        rows.append(
            [
                key[0],
                key[1],
                *[f"{m * 1000:.2f}" for m in meds],
                *[f"{m / meds[0]:.1f}" for m in meds[1:]],
                *[results[s][key]["rows"] for s in scales],
            ]
        )
    print()
    print_table(headers, rows)


if __name__ == "__main__":
    main()
