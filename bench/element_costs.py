"""What one Streamlit call costs the server per rerun: server CPU per rerun of a script that makes N
calls of one kind, less the same script making none, divided by N.

Kinds: markdown, metric, columns4 (st.columns(4)), plotly (a cached go.Figure), plotly_drawn (the same
figure prepared by ui/prepared.drawn), dataframe (a cached 77x6 DataFrame), dataframe_arrow (the same
through ui/prepared.dataframe), cache_data_hit and cache_resource_hit (+ a copy-on-write view), each
under its own `streamlit run` of bench/element_app.py with postScriptGC off. CPU comes from
/proc/<pid>/stat over --n reruns; latency medians are printed too but include the ~40 ms
delayed-ACK stall of back-to-back reruns, so read the CPU column.

    .venv/bin/python bench/element_costs.py              # ~1.5 min
    .venv/bin/python bench/element_costs.py --n 100 --kinds plotly plotly_drawn
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import NO_GC, StreamlitServer, load_line, machine_line, print_table
from ws_client import StreamlitSession

APP = Path(__file__).resolve().with_name("element_app.py")
KINDS = {
    "markdown": 20,
    "metric": 20,
    "columns4": 20,
    "plotly": 4,
    "plotly_drawn": 4,
    "dataframe": 4,
    "dataframe_arrow": 4,
    "cache_data_hit": 20,
    "cache_resource_hit": 20,
}


def _cpu_s(pid: int) -> float:
    import os

    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _measure(srv: StreamlitServer, n: int) -> float:
    async with StreamlitSession(srv.ws_url) as s:
        for _ in range(5):
            await s.rerun(timeout=60)
        before = _cpu_s(srv.pid)
        for _ in range(n):
            await s.rerun(timeout=60)
            await asyncio.sleep(0.03)
        return (_cpu_s(srv.pid) - before) / n * 1000


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=150, help="measured reruns per kind")
    ap.add_argument("--kinds", nargs="*", choices=sorted(KINDS))
    args = ap.parse_args(argv)
    print("## element_costs: server CPU per Streamlit call (postScriptGC=false)")
    print(machine_line())
    print(load_line())
    cpu = {}
    for kind in ["floor", *(args.kinds or KINDS)]:
        calls = KINDS.get(kind, 0)
        with StreamlitServer(APP, env={"DGR_BENCH_ELEMENT": kind, "DGR_BENCH_N": str(calls)}, flags=NO_GC) as srv:
            cpu[kind] = asyncio.run(_measure(srv, max(20, min(args.n, 1000))))
    rows = [["floor (no call)", "0", f"{cpu['floor']:.2f}", "-"]]
    rows += [
        [kind, str(KINDS[kind]), f"{cpu[kind]:.2f}", f"{(cpu[kind] - cpu['floor']) / KINDS[kind]:.3f}"]
        for kind in cpu
        if kind != "floor"
    ]
    print_table(["call", "calls per rerun", "server CPU ms/rerun", "ms per call"], rows)
    print(load_line())


if __name__ == "__main__":
    main()
