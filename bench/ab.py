"""One server setting on against off, measured side by side in interleaved rounds (A/B on a busy machine).

--what nodelay: the TCP_NODELAY hook (ui/nodelay.py) against DGR_TCP_NODELAY=0, both without uvloop.
--what uvloop:  Streamlit on uvloop (installed from requirements.txt; Streamlit uses it when it can
                import it) against asyncio's own loop (bench/no_uvloop on PYTHONPATH hides uvloop).
--what shortcuts: ui/streamlit_private.speed_up_runs (a run's elements handed to the event loop in
                batches, element ids kept) against DGR_RUN_SHORTCUTS=0.
Two servers of each script run side by side, one "on" and one "off"; the rounds alternate between
them (on, off, on, off, ...) so that other work on the machine lands on both alike. Each round is --n
reruns on one websocket, --gap seconds apart (default 0: back to back, the next rerun sent as soon as
the previous one has finished, as a quick second click would be). Printed: the median of the round
medians, their min-max over the rounds, server CPU per rerun (median over the rounds), and the load
average at the start and end.

    .venv/bin/python bench/ab.py                                  # nodelay: floor + my_agency, 5 rounds of 20
    .venv/bin/python bench/ab.py --what uvloop --gap 0.06 --rounds 7
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    NO_GC,
    app_page_keys,
    app_server,
    demo_data,
    floor_server,
    fmt_ms,
    load_averages,
    load_line,
    machine_line,
    median,
    print_table,
    url_path_for,
    write_json,
)
from ws_client import StreamlitSession

NO_UVLOOP = str(Path(__file__).resolve().parent / "no_uvloop")
WHAT = {
    # both on asyncio's loop: uvloop turns Nagle off by itself, and would hide what the hook does
    "nodelay": {"on": {"PYTHONPATH": NO_UVLOOP}, "off": {"PYTHONPATH": NO_UVLOOP, "DGR_TCP_NODELAY": "0"}},
    "uvloop": {"on": {}, "off": {"PYTHONPATH": NO_UVLOOP}},
    # ui/streamlit_private.speed_up_runs: a run's elements handed over in batches, element ids kept
    "shortcuts": {"on": {}, "off": {"DGR_RUN_SHORTCUTS": "0"}},
}
MODES = WHAT["nodelay"]


GAP = 0.0


async def _round(session: StreamlitSession, server, page: str, n: int) -> tuple[float, float]:
    """(median seconds, CPU seconds per rerun) of n reruns, GAP seconds apart."""
    await session.rerun(page_name=page)
    cpu0 = server.cpu_seconds() or 0
    times = []
    for _ in range(n):
        await asyncio.sleep(GAP)
        times.append((await session.rerun(page_name=page)).seconds)
    return median(times), ((server.cpu_seconds() or 0) - cpu0) / n


async def _compare(servers: dict, sign_in: tuple[str, str] | None, page: str, rounds: int, n: int) -> dict:
    sessions = {}
    for mode, srv in servers.items():
        s = StreamlitSession(srv.ws_url)
        await s.connect()
        if sign_in:
            await s.sign_in(*sign_in)
        sessions[mode] = s
    out = {mode: {"median": [], "cpu": []} for mode in servers}
    try:
        for _ in range(rounds):
            for mode in servers:  # interleaved: on, off, on, off, ...
                med, cpu = await _round(sessions[mode], servers[mode], page, n)
                out[mode]["median"].append(med)
                out[mode]["cpu"].append(cpu)
    finally:
        for s in sessions.values():
            await s.close()
    return out


FIGURES: dict = {}  # for --json


def _rows(name: str, res: dict) -> list[list[str]]:
    FIGURES[name] = res
    rows = []
    for mode, r in res.items():
        meds = r["median"]
        rows.append(
            [
                name,
                mode,
                fmt_ms(median(meds)),
                f"{fmt_ms(min(meds))}-{fmt_ms(max(meds))}",
                fmt_ms(median(r["cpu"])),
                str(len(meds)),
            ]
        )
    return rows


def run_floor(rounds: int, n: int) -> list[list[str]]:
    servers = {mode: floor_server(NO_GC) for mode in MODES}
    for mode, srv in servers.items():
        srv.env = dict(MODES[mode])
        srv.start()
    try:
        return _rows("floor (st.stop only)", asyncio.run(_compare(servers, None, "", rounds, n)))
    finally:
        for srv in servers.values():
            srv.stop()


def run_page(page: str, rounds: int, n: int) -> list[list[str]]:
    with demo_data() as demo:
        servers = {mode: app_server(demo) for mode in MODES}
        for mode, srv in servers.items():
            srv.env = {**srv.env, **MODES[mode]}
            srv.start()
        try:
            username, password, _ = demo.account("agency")
            path = url_path_for(page, "agency", app_page_keys())
            res = asyncio.run(_compare(servers, (username, password), path, rounds, n))
            return _rows(f"{page} (agency)", res)
        finally:
            for srv in servers.values():
                srv.stop()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=5, help="alternating rounds per mode (default 5)")
    ap.add_argument("--n", type=int, default=20, help="back-to-back reruns per round (default 20)")
    ap.add_argument("--what", choices=sorted(WHAT), default="nodelay", help="the setting compared (default nodelay)")
    ap.add_argument("--gap", type=float, default=0.0, help="seconds between reruns (default 0: back to back)")
    ap.add_argument("--scripts", nargs="*", default=["floor", "my_agency"], help="floor and/or my_agency")
    ap.add_argument("--json", help="also write the round medians to this file (bench/run_all.py reads it)")
    args = ap.parse_args(argv)
    load0 = load_averages()
    global MODES, GAP
    MODES, GAP = WHAT[args.what], max(0.0, min(args.gap, 5.0))
    print(f"## ab: {args.what} on vs off, reruns {GAP * 1000:.0f} ms apart, interleaved rounds")
    print(machine_line())
    print(f"start: {load_line()}")
    t0 = time.perf_counter()
    rows = []
    if "floor" in args.scripts:
        rows += run_floor(args.rounds, args.n)
    if "my_agency" in args.scripts:
        rows += run_page("my_agency", args.rounds, args.n)
    print_table(["script", args.what, "median ms", "min-max of round medians", "CPU ms/rerun", "rounds"], rows)
    write_json(args.json, {"what": args.what, "load": [load0, load_averages()], "scripts": FIGURES})
    print(f"(ab took {time.perf_counter() - t0:.0f} s; end: {load_line()})")
    print(f"command: .venv/bin/python bench/ab.py --what {args.what} --gap {GAP:g} --rounds {args.rounds} --n {args.n}")


if __name__ == "__main__":
    main()
