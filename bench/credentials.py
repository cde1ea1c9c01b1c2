"""Issuing credentials: accounts per second at bcrypt cost 12, with one process and with every core.

Each run issues accounts for N made-up units into a fresh SQLite account store and a fresh
mail-merge file (dgcore.accounts.credentials.issue_credentials, exactly what `python -m dgcore
credentials issue` calls), timed end to end: usernames, passwords, hashing, the CSV, the store.
"one process" forces the pool down to one worker, the way issuing ran before it had a pool.
Prints the median of the runs with min–max, accounts per second, the extrapolated time for 1,900
accounts, the cores used and the load average before and after. It also prints the CPU seconds one
account costs (this process and its workers): on a shared, overloaded machine the wall clock says
more about the neighbours than about the code, and 1,900 x that CPU time / the cores is the time on
cores nobody else uses.

    .venv/bin/python bench/credentials.py                 # 5 runs x 200 accounts, cost 12 (~5 min here)
    .venv/bin/python bench/credentials.py --units 1900 --runs 5
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import load_line, machine_line, median, print_table

from dgcore.accounts import credentials
from dgcore.accounts.store import SqliteAccountStore

TARGET = 1900  # about one survey year's units


def units(n: int) -> list[dict[str, str]]:
    return [
        {"agency_id": f"B{i:05d}", "name_th": f"หน่วยงาน {i}", "name_en": f"Unit {i}", "province_th": ""}
        for i in range(n)
    ]


def cpu_seconds() -> float:
    """User + system CPU of this process and of its finished children (the pool's workers)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def one_run(n: int, cost: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of issuing n accounts."""
    with tempfile.TemporaryDirectory(prefix="dgr-bench-cred-") as tmp:
        store = SqliteAccountStore(Path(tmp) / "accounts.sqlite")
        t0, c0 = time.perf_counter(), cpu_seconds()
        report = credentials.issue_credentials(store, units(n), 2567, Path(tmp) / "letters.csv", time.time(), cost)
        took, cpu = time.perf_counter() - t0, cpu_seconds() - c0
        assert report.issued == n
    return took, cpu


def measure(label: str, n: int, cost: int, runs: int, workers: int) -> list[object]:
    times, cpus = [], []
    with mock.patch.object(credentials, "hash_workers", return_value=workers):
        for i in range(runs):
            took, cpu = one_run(n, cost)
            times.append(took)
            cpus.append(cpu / n)
            print(f"  {label} run {i + 1}: {took:.1f} s, {cpu:.1f} CPU s  ({load_line()})", flush=True)
    mid, cpu_each = median(times), median(cpus)
    rate = n / mid
    return [
        label,
        workers,
        n,
        f"{mid:.1f} ({min(times):.1f}–{max(times):.1f})",
        f"{rate:.2f} ({n / max(times):.2f}–{n / min(times):.2f})",
        f"{TARGET / rate / 60:.1f}",
        f"{cpu_each:.3f} ({min(cpus):.3f}–{max(cpus):.3f})",
        f"{TARGET * cpu_each / workers / 60:.1f}",
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=200)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cost", type=int, default=12)
    ap.add_argument("--skip-serial", action="store_true", help="only the pool of every core")
    args = ap.parse_args()
    cores = credentials.hash_workers()
    print(machine_line())
    print(f"before: {load_line()}")
    rows = []
    if not args.skip_serial:
        rows.append(measure("one process", args.units, args.cost, args.runs, 1))
    rows.append(measure("every core", args.units, args.cost, args.runs, cores))
    print(f"after: {load_line()}")
    print(f"\nbcrypt cost {args.cost}, {args.runs} runs each; median (min–max)")
    print_table(
        [
            "hashing",
            "processes",
            "accounts",
            "seconds",
            "accounts/s",
            f"min for {TARGET:,} at this load",
            "CPU s per account",
            f"min for {TARGET:,} on idle cores",
        ],
        rows,
    )


if __name__ == "__main__":
    main()
