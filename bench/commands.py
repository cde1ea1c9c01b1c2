"""Time of the command-line work: `python -m dgcore demo`, and a full import of one year.

- `python -m dgcore demo` runs as a subprocess against a fresh temporary data dir (DGR_DATA_DIR,
  DGR_RESULTS_DIR, DGR_ACCOUNTS_PATH): once fresh (the demo accounts are hashed with bcrypt) and
  again as a rebuild (existing accounts are checked with bcrypt and kept).
- The import (only if dgcore/importer.py exists): a whole year 2567 is generated from the demo's
  2565 population (every department, provincial unit and special local body, ~1,900 units; the
  CIO committees of 2566) as a registry CSV plus long scores (CSV, and the same rows as XLSX),
  with data/examples/framework-2567.yaml. The demo's six years are first republished as real
  results (meta source=import) so the import merges into a six-year store, as it would in
  production. Timed in-process: ImportContext.from_settings, check_files (validation only) and
  publish_year (validate again, merge, write the new version, switch the pointer); and, when the
  command line has it, `python -m dgcore import --year 2567 FILES` as a subprocess (interpreter
  start and imports included). The pointer is put back after each publish so every import merges
  into the same base.

    .venv/bin/python bench/commands.py            # ~1 min
    .venv/bin/python bench/commands.py --no-import
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PYTHON, ROOT, DemoData, copy_data_inputs, load_line, machine_line, print_table

YEAR = 2567
SOURCE_YEAR = 2565  # the last demo year with provincial units: the whole population
COLUMNS = [
    "agency_id",
    "name_th",
    "name_en",
    "kind",
    "ministry_code",
    "parent_id",
    "province_code",
    "type_code",
    "targeted",
    "responded",
    "withdrawn",
]


def time_demo(demo: DemoData, label: str) -> dict:
    env = {**os.environ, **demo.env()}
    t0 = time.perf_counter()
    proc = subprocess.run(
        [PYTHON, "-m", "dgcore", "demo"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    wall = time.perf_counter() - t0
    m = re.search(r"\(([\d.]+) s\)", proc.stdout)
    return {
        "run": label,
        "wall_s": wall,
        "reported_s": float(m.group(1)) if m else None,
        "rc": proc.returncode,
        "err": proc.stderr.strip().splitlines()[-1] if proc.returncode else "",
    }


# ------------------------------------------------------------------------------ import
def _relabel_as_real(demo: DemoData) -> None:
    """Republish the demo's tables as a real (non-demo) version, the merge base of an import."""
    import duckdb

    from dgcore.build import TABLES, publish_tables
    from dgcore.db import current_version

    path = demo.results_dir / current_version(demo.results_dir)
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = {t: con.execute(f'SELECT * FROM "{t}"').df() for t in TABLES}
    finally:
        con.close()
    import pandas as pd

    tables["meta"] = pd.DataFrame({"key": ["source", "is_demo"], "value": ["import", "false"]})
    tables["years"]["is_demo"] = False
    tables["years"]["data_as_of"] = pd.to_datetime(tables["years"]["data_as_of"]).dt.date
    publish_tables(demo.results_dir, tables, "bench-real-base")


def write_year_files(demo: DemoData, out: Path) -> tuple[list[Path], list[Path], int, int]:
    """Registry + long scores for YEAR from the demo population; returns (csv files, xlsx files, units, rows)."""
    import pandas as pd

    from dgcore.db import ResultsDB
    from dgcore.framework import load_framework_file

    fw_file = ROOT / "data" / "examples" / f"framework-{YEAR}.yaml"
    fw = load_framework_file(fw_file)
    db = ResultsDB(demo.results_dir)
    try:
        units = db.query(
            """
            SELECT a.agency_id, a.name_th, a.name_en, a.kind, a.ministry_code, a.parent_id, a.province_code,
                   a.type_code, p.status
            FROM agencies a JOIN participation p ON p.agency_id = a.agency_id
            WHERE p.year = $y OR (p.year = $cio AND a.kind = 'cio_committee')
            ORDER BY a.agency_id""",
            {"y": SOURCE_YEAR, "cio": SOURCE_YEAR + 1},
        )
    finally:
        db.close()
    rng = random.Random(YEAR)
    reg, scores = [], []
    for r in units.itertuples():
        responded, withdrawn = r.status == "responded", r.status == "withdrawn"
        reg.append(
            {
                **{
                    c: ("" if getattr(r, c) is None or getattr(r, c) != getattr(r, c) else str(getattr(r, c)))
                    for c in COLUMNS[:8]
                },
                "targeted": "true",
                "responded": "true" if responded else "false",
                "withdrawn": "true" if withdrawn else "false",
            }
        )
        if responded:
            unit = rng.gauss(0, 9)
            scores.extend(
                (YEAR, r.agency_id, s.code, round(min(100.0, max(0.0, 62 + unit + rng.gauss(0, 11))), 2))
                for s in fw.subs
            )
    out.mkdir(parents=True, exist_ok=True)
    reg_df = pd.DataFrame(reg, columns=COLUMNS)
    long_df = pd.DataFrame(scores, columns=["year", "agency_id", "sub_code", "score"])
    fw_copy = out / fw_file.name
    fw_copy.write_bytes(fw_file.read_bytes())
    reg_df.to_csv(out / f"registry-{YEAR}.csv", index=False, encoding="utf-8-sig")
    long_df.to_csv(out / f"scores-long-{YEAR}.csv", index=False)
    xdir = out / "xlsx"
    xdir.mkdir(exist_ok=True)
    reg_df.to_excel(xdir / f"registry-{YEAR}.xlsx", index=False)
    long_df.to_excel(xdir / f"scores-long-{YEAR}.xlsx", index=False)
    (xdir / fw_file.name).write_bytes(fw_file.read_bytes())
    csv_files = [out / f"registry-{YEAR}.csv", out / f"scores-long-{YEAR}.csv", fw_copy]
    xlsx_files = [xdir / f"registry-{YEAR}.xlsx", xdir / f"scores-long-{YEAR}.xlsx", xdir / fw_file.name]
    return csv_files, xlsx_files, len(reg_df), len(long_df)


def time_import(demo: DemoData, files: list[Path], label: str) -> dict:
    from dgcore import importer
    from dgcore.db import current_version

    settings = demo.settings()
    before = current_version(demo.results_dir)
    t0 = time.perf_counter()
    ctx = importer.ImportContext.from_settings(settings)
    t_ctx = time.perf_counter() - t0
    t0 = time.perf_counter()
    rep = importer.check_files(files, YEAR, ctx)
    t_check = time.perf_counter() - t0
    row = {
        "files": label,
        "context_s": t_ctx,
        "check_s": t_check,
        "ok": rep.ok,
        "problems": len(getattr(rep, "problems", []) or []),
    }
    if not rep.ok:
        first = (getattr(rep, "problems", None) or [None])[0]
        row["first_problem"] = str(first)[:200]
        return row
    t0 = time.perf_counter()
    res = importer.publish_year(files, YEAR, ctx, settings)
    row["publish_s"] = time.perf_counter() - t0
    row["published"] = bool(getattr(res, "ok", False))
    row["counts"] = getattr(res, "counts", None)
    row["years"] = getattr(res, "years", None)
    if row["published"]:
        _restore_pointer(demo, before)  # the next import merges into the same base
    return row


def time_import_cli(demo: DemoData, files: list[Path], label: str) -> dict | None:
    """`python -m dgcore import --year YEAR FILES` as a subprocess, if the command exists."""
    from dgcore.db import current_version

    env = {**os.environ, **demo.env()}
    helptext = subprocess.run(
        [PYTHON, "-m", "dgcore", "--help"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    ).stdout
    if "import" not in helptext:
        return None
    before = current_version(demo.results_dir)
    t0 = time.perf_counter()
    proc = subprocess.run(
        [PYTHON, "-m", "dgcore", "import", "--year", str(YEAR), *map(str, files)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    wall = time.perf_counter() - t0
    if proc.returncode == 0:
        _restore_pointer(demo, before)
    return {
        "files": f"CLI: {label}",
        "wall_s": wall,
        "rc": proc.returncode,
        "tail": (proc.stdout.strip().splitlines() or [""])[-1][:160],
    }


def _restore_pointer(demo: DemoData, name: str | None) -> None:
    from dgcore.db import set_current

    if name:
        set_current(demo.results_dir, name)


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--no-import", dest="do_import", action="store_false")
    ap.add_argument("--no-xlsx", dest="xlsx", action="store_false", help="import only the CSV files")
    args = ap.parse_args(argv)
    print("## commands: python -m dgcore demo, and a full import of one year")
    print(machine_line())
    print(load_line())
    out: dict = {}
    with tempfile.TemporaryDirectory(prefix="dgr-bench-cmd-") as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        copy_data_inputs(data)
        demo = DemoData(data, data / "results", data / "accounts.sqlite")
        runs = [time_demo(demo, "fresh (accounts hashed)"), time_demo(demo, "rebuild (accounts checked, kept)")]
        out["demo"] = runs
        print()
        print_table(
            ["python -m dgcore demo", "wall s (incl. interpreter start)", "build s (as printed)", "rc"],
            [
                [
                    r["run"],
                    f"{r['wall_s']:.1f}",
                    f"{r['reported_s']:.1f}" if r["reported_s"] else "-",
                    f"{r['rc']} {r['err']}".strip(),
                ]
                for r in runs
            ],
        )
        if not args.do_import:
            return out
        if not (ROOT / "dgcore" / "importer.py").exists():
            print("\nimport of a year: not available yet (dgcore/importer.py does not exist)")
            out["import"] = "not available yet"
            return out
        try:
            _relabel_as_real(demo)
            csv_files, xlsx_files, n_units, n_rows = write_year_files(demo, Path(tmp) / "import")
            print(
                f"\nimport of {YEAR}: {n_units:,} units, {n_rows:,} score rows, merged into the six demo years "
                f"republished as real results"
            )
            rows = [time_import(demo, csv_files, "CSV registry + CSV long scores + framework YAML")]
            if args.xlsx:
                rows.append(time_import(demo, xlsx_files, "XLSX registry + XLSX long scores + framework YAML"))
        except Exception as e:  # the importer is being written by someone else: say what broke
            print(f"import of a year: failed to run ({type(e).__name__}: {e})")
            out["import"] = f"failed: {e}"
            return out
        cli = [
            r
            for r in (
                time_import_cli(demo, csv_files, "CSV"),
                time_import_cli(demo, xlsx_files, "XLSX") if args.xlsx else None,
            )
            if r
        ]
        out["import"] = rows + cli
        print_table(
            ["files", "ImportContext s", "check_files s", "publish_year s", "result"],
            [
                [
                    r["files"],
                    f"{r['context_s']:.2f}",
                    f"{r['check_s']:.2f}",
                    f"{r['publish_s']:.2f}" if "publish_s" in r else "-",
                    (
                        f"published, years {r.get('years')}, {r.get('counts')}"
                        if r.get("published")
                        else f"not published: {r['problems']} problems; first: {r.get('first_problem', '')}"
                    ),
                ]
                for r in rows
            ],
        )
        if cli:
            print_table(
                ["python -m dgcore import --year 2567 ...", "wall s (incl. interpreter start)", "rc", "last line"],
                [[r["files"], f"{r['wall_s']:.2f}", str(r["rc"]), r["tail"]] for r in cli],
            )
        else:
            print("python -m dgcore import: not available (no import command)")
    return out


if __name__ == "__main__":
    main()
