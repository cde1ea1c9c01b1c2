"""TCP_NODELAY on (as shipped, ui/nodelay.py) against off (DGR_TCP_NODELAY=0): reruns back to back.

Two servers of each script run side by side, one with the hook and one without; the rounds alternate
between them (on, off, on, off, ...) so that other work on the machine lands on both alike. Each round
is --n reruns sent back to back on one websocket (the next rerun is sent as soon as the previous one
has finished, as a quick second click would be, or a benchmark without pauses). Printed: the median
of the round medians, their min-max over the rounds, server CPU per rerun, and the load average.

    .venv/bin/python bench/nodelay_ab.py                 # floor + my_agency, 5 rounds of 20
    .venv/bin/python bench/nodelay_ab.py --rounds 7 --n 30 --scripts floor
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
    load_line,
    machine_line,
    median,
    print_table,
    url_path_for,
)
from ws_client import StreamlitSession

MODES = {"on": {}, "off": {"DGR_TCP_NODELAY": "0"}}


async def _round(session: StreamlitSession, server, page: str, n: int) -> tuple[float, float]:
    """(median seconds, CPU seconds per rerun) of n reruns sent back to back."""
    await session.rerun(page_name=page)
    cpu0 = server.cpu_seconds() or 0
    times = [(await session.rerun(page_name=page)).seconds for _ in range(n)]
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


def _rows(name: str, res: dict) -> list[list[str]]:
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
    ap.add_argument("--scripts", nargs="*", default=["floor", "my_agency"], help="floor and/or my_agency")
    args = ap.parse_args(argv)
    print("## nodelay_ab: TCP_NODELAY on (shipped) vs off, reruns back to back, interleaved rounds")
    print(machine_line())
    print(f"start: {load_line()}")
    t0 = time.perf_counter()
    rows = []
    if "floor" in args.scripts:
        rows += run_floor(args.rounds, args.n)
    if "my_agency" in args.scripts:
        rows += run_page("my_agency", args.rounds, args.n)
    print_table(["script", "TCP_NODELAY", "median ms", "min-max of round medians", "CPU ms/rerun", "rounds"], rows)
    print(f"(nodelay_ab took {time.perf_counter() - t0:.0f} s; end: {load_line()})")
    print(f"command: .venv/bin/python bench/nodelay_ab.py --rounds {args.rounds} --n {args.n}")


if __name__ == "__main__":
    main()
