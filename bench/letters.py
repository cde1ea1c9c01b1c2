"""Results letters: CPU and wall time per letter, memory, and what a whole year costs.

    python bench/letters.py [--year 2565] [--batches 5] [--per-batch 8] [--full]

Each batch makes --per-batch letters of different units in one warm worker (what each process of
`python -m dgcore letters` does) and reports ms per letter; the table gives the median and min-max
over the batches, wall and CPU (the machine is shared: CPU time is the figure that does not depend on
the load, which is printed). The year estimate is CPU ms per letter x units / cores. --full also
runs the whole year once through `write_letters` (its wall time is one run, not a median)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import tempfile
import time

from common import build_demo_data, load_line, machine_line, median, print_table

from dgcore import queries
from dgcore.documents import batch


def _batches(settings, year: int, n_batches: int, per_batch: int) -> list[tuple[float, float]]:
    batch._init_worker(settings, year, "th", True)
    w = batch._WORKER
    units = queries.agency_units_for_letters(w["db"], w["scope"], year)
    step = max(1, len(units) // (n_batches * per_batch + 1))
    picked = units[::step][: n_batches * per_batch + 1]
    batch._one_letter((picked[0]["agency_id"], 0, None))  # warm: fonts, word lists, first queries
    out = []
    for b in range(n_batches):
        jobs = [
            (u["agency_id"], i, ("00A00A0-000", "password"))
            for i, u in enumerate(picked[1 + b * per_batch :][:per_batch])
        ]
        wall, cpu = time.perf_counter(), time.process_time()
        for job in jobs:
            batch._one_letter(job)
        out.append(((time.perf_counter() - wall) / len(jobs), (time.process_time() - cpu) / len(jobs)))
    return out


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--year", type=int, default=2565)
    p.add_argument("--batches", type=int, default=5)
    p.add_argument("--per-batch", type=int, default=8)
    p.add_argument("--full", action="store_true")
    args = p.parse_args()
    print(machine_line())
    print(load_line())
    with tempfile.TemporaryDirectory(prefix="dgr-bench-letters-") as tmp:
        demo = build_demo_data(__import__("pathlib").Path(tmp))
        settings = demo.settings()
        runs = _batches(settings, args.year, args.batches, args.per_batch)
        wall, cpu = [r[0] * 1000 for r in runs], [r[1] * 1000 for r in runs]
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        n = len(queries.agency_units_for_letters(batch._WORKER["db"], batch._WORKER["scope"], args.year))
        cores = os.cpu_count() or 1
        print_table(
            ["figure", "median", "min-max"],
            [
                ["wall ms per letter", f"{median(wall):.0f}", f"{min(wall):.0f}-{max(wall):.0f}"],
                ["CPU ms per letter", f"{median(cpu):.0f}", f"{min(cpu):.0f}-{max(cpu):.0f}"],
                ["peak RSS of one worker (MB)", f"{rss:.0f}", ""],
                [
                    f"year {args.year}: {n:,} letters on {cores} free cores (CPU / cores, s)",
                    f"{n * median(cpu) / 1000 / cores:.0f}",
                    f"{n * min(cpu) / 1000 / cores:.0f}-{n * max(cpu) / 1000 / cores:.0f}",
                ],
            ],
        )
        print(f"{args.batches} batches of {args.per_batch} letters; " + load_line())
        if args.full:
            out = os.path.join(tmp, "letters")
            result = batch.write_letters(settings, args.year, out)
            print(f"full run: {result.letters:,} letters in {result.seconds:.0f} s (one run); " + load_line())
            print(f"letters' date: {dt.date.today()}")


if __name__ == "__main__":
    main()
