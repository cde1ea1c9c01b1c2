"""Run the benchmarks, each repeated, and print one table of the headline figures: `make bench`.

    .venv/bin/python bench/run_all.py                  # everything below, 5 runs each (~35-45 min quiet)
    .venv/bin/python bench/run_all.py --repeats 5 --only reruns nodelay
    .venv/bin/python bench/run_all.py --details        # + element_costs, data_layer, commands, page_profile

Steps (`--only` names):
- reruns:   bench/page_reruns.py --config nogc, every page paced and back to back, R times (each run: a
            fresh demo and server); "x floor" divides by the paced floor, "x back-to-back floor" by the
            back-to-back floor, both of the same run
- nodelay:  bench/ab.py --what nodelay, the TCP_NODELAY hook on/off (no uvloop), back to back, R rounds
- uvloop:   bench/ab.py --what uvloop, uvloop on/off, reruns 60 ms apart, R interleaved rounds
- load:     bench/load_test.py, 100 agency sessions on My agency (year changes and reruns, think 1-3 s)
            on one process, R times
- replicas: the same through nginx to two processes (deploy/), R times; skipped without nginx
- browser:  bench/browser_bench.py, click to last chart drawn in Chromium, 10 clicks per page and role
- documents: bench/documents_bench.py, letter and deck PDF, R+ documents each
Each benchmark runs in its own process and prints its own tables as it goes; the summary at the end
gives for every headline figure the median over the runs, the min-max over the runs, the number of
runs, the 1-minute load average at the start and end of those runs, and the command. Figures only:
nothing passes or fails on time.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import PYTHON, ROOT, load_line, machine_line, median, print_table  # noqa: E402

LOAD_ARGS = ["--mix", "agency", "--sessions", "100", "--min-interval", "1", "--max-interval", "3"]
STEPS = ("reruns", "nodelay", "uvloop", "load", "replicas", "browser", "documents")


@dataclass
class Row:
    figure: str
    values: list[float] = field(default_factory=list)
    loads: list[float] = field(default_factory=list)
    command: str = ""
    unit: str = "ms"

    def cells(self) -> list[str]:
        if not self.values:
            return [self.figure, "–", "–", "0", "–", self.command]
        f = (lambda v: f"{v:.1f}") if self.unit != "n" else (lambda v: f"{v:.0f}")
        loads = f"{min(self.loads):.1f}-{max(self.loads):.1f}" if self.loads else "?"
        return [
            self.figure,
            f"{f(median(self.values))} {'' if self.unit == 'n' else self.unit}".strip(),
            f"{f(min(self.values))}-{f(max(self.values))}",
            str(len(self.values)),
            loads,
            self.command,
        ]


class Summary:
    def __init__(self) -> None:
        self.rows: dict[str, Row] = {}

    def add(self, figure: str, value: float | None, load: list, command: str, unit: str = "ms") -> None:
        if value is None or value != value:  # None or nan
            return
        row = self.rows.setdefault(figure, Row(figure, command=command, unit=unit))
        row.values.append(value)
        row.loads += [x[0] for x in load if x]  # 1-minute load average at start and end

    def print(self) -> None:
        print_table(
            ["figure", "median", "min-max over runs", "runs", "load avg (1 min)", "command"],
            [r.cells() for r in self.rows.values()],
        )


def _run(step: list[str], tmp: Path, tag: str) -> tuple[int, dict | None, float]:
    out = tmp / f"{tag}.json"
    cmd = [PYTHON, str(HERE / step[0]), *step[1:], "--json", str(out)]
    print(f"\n$ .venv/bin/python bench/{' '.join(step)}", flush=True)
    t0 = time.perf_counter()
    rc = subprocess.call(cmd, cwd=ROOT)
    data = json.loads(out.read_text()) if out.exists() else None
    return rc, data, time.perf_counter() - t0


def reruns(data: dict, s: Summary, cmd: str) -> None:
    """bench/page_reruns.py --json: each page paced (median_s, "x floor" over the paced floor) and back to back
    (b2b_median_s, "x back-to-back floor" over the back-to-back floor); each ratio is taken within one run."""
    nogc, load = data["configs"]["nogc"], data["load"]
    floor, floor_b2b = nogc["floor"]["median_s"], nogc["floor_b2b"]["median_s"]
    s.add("rerun: floor (st.stop only), paced", floor * 1000, load, cmd)
    s.add("rerun: floor, back to back", floor_b2b * 1000, load, cmd)
    for page, f in nogc["pages"].items():
        b2b = f.get("b2b_median_s")  # None from a page_reruns.py older than the back-to-back series
        s.add(f"rerun: {page} ({f['role']}) median", f["median_s"] * 1000, load, cmd)
        s.add(f"rerun: {page} back to back median", None if b2b is None else b2b * 1000, load, cmd)
        s.add(f"rerun: {page} x floor", f["median_s"] / floor, load, cmd, unit="x")
        s.add(f"rerun: {page} x back-to-back floor", None if b2b is None else b2b / floor_b2b, load, cmd, unit="x")
        s.add(f"rerun: {page} server CPU per rerun", f["cpu_s"] * 1000, load, cmd)
    for role, secs in nogc["sign_in_s"].items():
        s.add(f"sign-in over the websocket ({role}, bcrypt included)", secs * 1000, load, cmd)


def nodelay(data: dict, s: Summary, cmd: str) -> None:
    """bench/ab.py: each round's median is a run."""
    what = {"nodelay": "back to back, TCP_NODELAY hook", "uvloop": "60 ms apart, uvloop"}[data["what"]]
    for script, modes in data["scripts"].items():
        for mode, r in modes.items():
            for v in r["median"]:
                s.add(f"{script}: {what} {mode}", v * 1000, data["load"], cmd)
            for v in r["cpu"]:
                s.add(f"{script}: {what} {mode}, server CPU per rerun", v * 1000, data["load"], cmd)


def load(data: dict, s: Summary, cmd: str, label: str) -> None:
    ld = data["load"]
    s.add(f"{label}: p95 latency", data["p95_s"] * 1000, ld, cmd)
    s.add(f"{label}: p50 latency", data["p50_s"] * 1000, ld, cmd)
    s.add(f"{label}: interactions per s", data["per_s"], ld, cmd, unit="/s")
    s.add(f"{label}: interactions failed", data["failed_interactions"], ld, cmd, unit="n")
    s.add(f"{label}: connections failed", data["failed_connections"], ld, cmd, unit="n")
    s.add(f"{label}: RSS peak", data["rss_peak_mib"], ld, cmd, unit="MiB")


def per_figure(data: dict, s: Summary, cmd: str) -> None:
    """browser_bench / documents_bench: {"load": ..., "figures": {name: [seconds, ...]}}; each value a run."""
    for name, values in data["figures"].items():
        for v in values:
            s.add(name, v * 1000, data["load"], cmd)


def plan(args: argparse.Namespace) -> list[tuple[str, list[str], int]]:
    r = args.repeats
    chosen = args.only or list(STEPS)
    steps = []
    if "reruns" in chosen:
        steps.append(("reruns", ["page_reruns.py", "--config", "nogc", "--n", str(args.n)], r))
    if "nodelay" in chosen:
        steps.append(("nodelay", ["ab.py", "--what", "nodelay", "--rounds", str(r)], 1))
    if "uvloop" in chosen:
        steps.append(("uvloop", ["ab.py", "--what", "uvloop", "--gap", "0.06", "--rounds", str(r)], 1))
    if "load" in chosen:
        steps.append(("load", ["load_test.py", *LOAD_ARGS, "--duration", str(args.load_duration)], r))
    if "replicas" in chosen:
        if shutil.which("nginx") or Path("/usr/sbin/nginx").exists():
            steps.append(
                ("replicas", ["load_test.py", *LOAD_ARGS, "--duration", str(args.load_duration), "--replicas", "2"], r)
            )
        else:
            print("(replicas skipped: no nginx; `make bench` installs it)")
    if "browser" in chosen:
        steps.append(("browser", ["browser_bench.py", "--n", "10"], 1))
    if "documents" in chosen:
        steps.append(("documents", ["documents_bench.py", "--n", str(max(5, r))], 1))
    return steps


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeats", type=int, default=5, help="runs of each benchmark (default 5)")
    ap.add_argument("--n", type=int, default=20, help="reruns per page in each page_reruns.py run (default 20)")
    ap.add_argument("--load-duration", type=int, default=60, help="seconds of steady load per run (default 60)")
    ap.add_argument("--only", nargs="*", choices=STEPS, help="run only these steps")
    ap.add_argument("--details", action="store_true", help="also element_costs, data_layer, commands, page_profile")
    args = ap.parse_args(argv)
    args.repeats = max(1, min(args.repeats, 20))
    print("# DG Readiness Dashboard benchmarks")
    print(machine_line())
    print(f"start: {load_line()}")
    summary, codes, t_all = Summary(), [], time.perf_counter()
    readers = {"reruns": reruns, "nodelay": nodelay, "uvloop": nodelay, "browser": per_figure, "documents": per_figure}
    with tempfile.TemporaryDirectory(prefix="dgr-bench-all-") as tmp:
        for name, step, times in plan(args):
            cmd = f"bench/{' '.join(step)}"
            for i in range(times):
                rc, data, secs = _run(step, Path(tmp), f"{name}-{i}")
                codes.append((f"{cmd} (run {i + 1})", rc, secs))
                if data is None:
                    continue
                if name in ("load", "replicas"):
                    label = "100 sessions, one process" if name == "load" else "100 sessions, nginx + 2 processes"
                    load(data, summary, cmd, label)
                else:
                    readers[name](data, summary, cmd)
    if args.details:
        for step in (["element_costs.py"], ["data_layer.py"], ["commands.py"], ["page_profile.py"]):
            print(f"\n$ .venv/bin/python bench/{' '.join(step)}", flush=True)
            t0 = time.perf_counter()
            rc = subprocess.call([PYTHON, str(HERE / step[0]), *step[1:]], cwd=ROOT)
            codes.append((" ".join(step), rc, time.perf_counter() - t0))
    print("\n# summary: median over the runs, min-max over the runs, load average at the start and end of each run")
    summary.print()
    for step, rc, secs in codes:
        if rc:
            print(f"- {step}: exit {rc} after {secs:.0f} s")
    print(f"(all: {time.perf_counter() - t_all:.0f} s; end: {load_line()})")
    return 0 if all(rc == 0 for _s, rc, _t in codes) else 1


if __name__ == "__main__":
    sys.exit(main())
