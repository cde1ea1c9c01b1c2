"""What escaping names costs: dgcore.text_safety over a registry's worth of names (~1,900 units).

    .venv/bin/python bench/text_safety.py [--runs 7]

Prints the median and min-max of each function over every name, and the load average."""

from __future__ import annotations

import argparse
import time

import pandas as pd
from common import ROOT, load_line, machine_line, median, print_table

from dgcore.text_safety import chart_text, md, rich, text_findings


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    reg = pd.read_csv(ROOT / "data" / "examples" / "registry-2567.csv")
    names = (reg["name_th"].tolist() + reg["name_en"].tolist()) * 30  # 1,920 names, Thai and English
    print(machine_line())
    print(load_line())
    rows = []
    for label, fn in (("md", md), ("rich", rich), ("chart_text", chart_text), ("text_findings", text_findings)):
        runs = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            for n in names:
                fn(n)
            runs.append((time.perf_counter() - t0) * 1000)
        per = median(runs) / len(names) * 1000
        rows.append((label, len(names), f"{median(runs):.1f}", f"{min(runs):.1f}–{max(runs):.1f}", f"{per:.1f}"))
    print_table(["function", "names", "median ms", "min–max ms", "µs per name"], rows)
    print(load_line())


if __name__ == "__main__":
    main()
