"""How long the documents take to make, as the download buttons make them: a unit's results letter and
the Briefing deck as PDF.

Each run is a fresh Python process (so its first document pays for what a process loads once, as the
first download after an app process starts does), against one demo survey: the first letter, then --n
letters of other units, then the deck PDF --n times. Wall time and the process's CPU time (user+sys) of
each: the machine is shared, and CPU time is the figure that does not depend on its load. The report or
deck a document is made from is built beforehand, as the app has it cached already when the button is
clicked; only `letter_pdf` / `deck_pdf` are timed. Printed: median and min-max of each, the load average, the command.

    .venv/bin/python bench/documents_bench.py                  # 5 runs (processes), 5 documents each
    .venv/bin/python bench/documents_bench.py --runs 3 --n 3
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    PYTHON,
    ROOT,
    demo_data,
    load_averages,
    load_line,
    machine_line,
    median,
    print_table,
    write_json,
)

YEAR_LANG = "th"


def child(data_dir: str, n: int) -> dict[str, list[float]]:
    """One process: the first letter, n later letters, n deck PDFs (seconds each)."""
    from dgcore import documents, queries
    from dgcore.access import Actor, scope_for
    from dgcore.briefing import build_deck
    from dgcore.db import ResultsDB
    from dgcore.report import agency_report

    db = ResultsDB(Path(data_dir) / "results")
    staff = scope_for(Actor("bench", "staff"))
    year = int(queries.survey_years(db, staff)["year"].max())
    fw = queries.framework(db, staff, year)
    units = queries.unit_search(db, staff, "", None, 40)["agency_id"].tolist()
    reports = [r for r in (agency_report(db, staff, u, year, fw) for u in units) if r is not None and r.responded]
    with open(Path(data_dir) / "geo" / "provinces.geojson", encoding="utf-8") as f:
        geojson = json.load(f)
    deck = build_deck(db, staff, year, YEAR_LANG, fw, geojson)
    out: dict[str, list[float]] = {}

    def timed(name: str, make) -> None:
        t0, c0 = time.perf_counter(), time.process_time()
        make()
        out.setdefault(name, []).append(time.perf_counter() - t0)
        out.setdefault(f"{name}, CPU", []).append(time.process_time() - c0)

    for i, rep in enumerate(reports[: n + 1]):
        timed(
            "later letters" if i else "first letter",
            lambda rep=rep: documents.letter_pdf(rep, fw, YEAR_LANG, dt.date.today(), True),
        )
    for i in range(n):
        timed("later deck PDFs" if i else "first deck PDF", lambda: documents.deck_pdf(deck))
    documents.close_renderer()
    db.close()
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5, help="fresh processes (default 5)")
    ap.add_argument("--n", type=int, default=5, help="later letters and deck PDFs per process (default 5)")
    ap.add_argument("--json", help="also write every document's time to this file (bench/run_all.py reads it)")
    ap.add_argument("--child", help=argparse.SUPPRESS)  # a data dir: run one process's share, print JSON
    args = ap.parse_args(argv)
    args.n = max(1, min(args.n, 30))
    if args.child:
        print(json.dumps(child(args.child, args.n)))
        return
    print("## documents_bench: results letter and deck PDF, as the download buttons make them")
    print(machine_line())
    print(f"start: {load_line()}")
    load0, t_all = load_averages(), time.perf_counter()
    figures: dict[str, list[float]] = {}
    with demo_data() as demo:
        for _ in range(max(1, min(args.runs, 20))):
            res = subprocess.run(
                [PYTHON, __file__, "--child", str(demo.data_dir), "--n", str(args.n)],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            )
            for name, values in json.loads(res.stdout.strip().splitlines()[-1]).items():
                figures.setdefault(name, []).extend(values)
    rows = [
        [name, str(len(v)), f"{median(v) * 1000:.0f}", f"{min(v) * 1000:.0f}-{max(v) * 1000:.0f}"]
        for name, v in figures.items()
    ]
    print_table(["document", "made", "median ms", "min-max ms"], rows)
    named = {f"document: {k}": v for k, v in figures.items()}
    write_json(args.json, {"load": [load0, load_averages()], "figures": named})
    print(f"(documents_bench took {time.perf_counter() - t_all:.0f} s; end: {load_line()})")
    print(f"command: .venv/bin/python bench/documents_bench.py --runs {args.runs} --n {args.n}")


if __name__ == "__main__":
    main()
