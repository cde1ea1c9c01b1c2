"""Run the benchmarks one after another with modest defaults and print everything they print.

    .venv/bin/python bench/run_all.py              # page reruns (N=20), data layer, commands: ~6 min
    .venv/bin/python bench/run_all.py --load       # + load test (100 sessions, 60 s) and burst (200 in 20 s)
    .venv/bin/python bench/run_all.py --profile    # + cProfile of every page (page_profile.py)

Each benchmark runs in its own process (one failing does not stop the others); figures only,
nothing passes or fails on time. `make bench` runs this file.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import PYTHON, ROOT, load_line, machine_line  # noqa: E402


def plan(args: argparse.Namespace) -> list[list[str]]:
    steps = [["page_reruns.py", "--n", str(args.n)], ["element_costs.py"], ["data_layer.py"], ["commands.py"]]
    if args.profile:
        steps.append(["page_profile.py"])
    if args.load:
        steps += [["load_test.py", "--duration", str(args.load_duration)], ["load_test.py", "--burst"]]
    return steps


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=20, help="reruns per page in page_reruns.py (default 20)")
    ap.add_argument("--load", action="store_true", help="also run load_test.py (steady and burst)")
    ap.add_argument("--load-duration", type=int, default=60, help="seconds of steady load (default 60)")
    ap.add_argument("--profile", action="store_true", help="also run page_profile.py")
    args = ap.parse_args(argv)
    print("# DG Readiness Dashboard benchmarks")
    print(machine_line())
    print(load_line())
    codes = []
    t_all = time.perf_counter()
    for step in plan(args):
        print(f"\n$ .venv/bin/python bench/{' '.join(step)}", flush=True)
        t0 = time.perf_counter()
        rc = subprocess.call([PYTHON, str(HERE / step[0]), *step[1:]], cwd=ROOT)
        codes.append((" ".join(step), rc, time.perf_counter() - t0))
    print("\n# summary")
    for step, rc, secs in codes:
        print(f"- bench/{step}: {'ok' if rc == 0 else f'exit {rc}'} in {secs:.0f} s")
    print(f"(all: {time.perf_counter() - t_all:.0f} s; {load_line()})")
    return 0 if all(rc == 0 for _s, rc, _t in codes) else 1


if __name__ == "__main__":
    sys.exit(main())
