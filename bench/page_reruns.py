"""Server-side rerun time of every page of app.py, paced and back to back, against a floor measured the same way.

For each configuration (Streamlit's default, and `--runner.postScriptGC=false`):
- the floor: bench/floor_app.py (only `st.stop()`, on sockets set up as app.py sets them) under its
  own `streamlit run` with the same flags, rerun over one websocket;
- the app: app.py against a fresh demo data dir, signed in over the websocket through the real
  login form (an agency for my_agency, staff for the other pages, see common.role_for_page), then
  every page of app.py's PAGES dict rerun on that session.
A rerun is measured from sending BackMsg.rerun_script to the final ForwardMsg.script_finished on
one session. The floor and every page get two series of N reruns, each after a few warm-up runs
(caches filled), on the same session, the paced one first:
- paced: a pause (--gap, default 0.06 s) before each rerun. This is what a person clicking gives:
  the server is idle again when the next click arrives. "x paced floor" is the page's paced median
  divided by the floor's paced median.
- back to back: no pause (gap 0); the next rerun goes out as soon as script_finished arrives. This
  is what the issue's independent probe did. "x back-to-back floor" is the page's back-to-back
  median divided by the floor's back-to-back median.
Each page is divided by the floor measured the same way, because the two ways do not move alike:
on the 2-core benchmark machine the floor takes ~2.5 ms paced but ~5.4 ms back to back (its server
CPU time, ~2 ms, is the same both ways), while a page's back-to-back median stays within a few ms
of its paced one, on either side (My agency: 15-16 ms paced, 14-19 ms back to back). So "x paced
floor" comes out about twice "x back-to-back floor" for the same page, and dividing a paced page by
the back-to-back floor (or the reverse) would mix the two. The server CPU time per rerun (from
/proc/<pid>/stat, 10 ms ticks) is given for both series.
The Nagle stall: Streamlit 1.67 binds its listening socket itself (`socket.socket(family=...)`,
proto 0, in web/server/starlette/starlette_server.py `_bind_socket`), so asyncio's `_set_nodelay`
(which requires proto == IPPROTO_TCP) never sets TCP_NODELAY on accepted connections, and a rerun
that starts less than ~40 ms after the previous one ended meets Nagle plus Linux's delayed ACK
(the back-to-back floor went from ~3 ms to ~45 ms). app.py and floor_app.py set TCP_NODELAY
themselves (ui/nodelay.py; uvloop also sets it); bench/ab.py --what nodelay measures the hook on and
off. A back-to-back figure ~40 ms above the paced one means the stall is back.
Streamlit runs `gc.collect(2)` after it has queued script_finished (postScriptGC), so with a pause
the collection mostly falls outside the latency, while back to back it can hold up the next rerun;
either way it holds the GIL and delays every other session. The CPU time counts it wherever it falls.

    .venv/bin/python bench/page_reruns.py            # N=30, both configurations, ~2 min
    .venv/bin/python bench/page_reruns.py --n 10 --config nogc
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    GC_ON,
    NO_GC,
    DemoData,
    StreamlitServer,
    app_page_keys,
    app_server,
    demo_data,
    floor_server,
    fmt_ms,
    load_averages,
    load_line,
    machine_line,
    median,
    percentile,
    print_table,
    retry_if_killed,
    role_for_page,
    url_path_for,
    write_json,
)
from ws_client import StreamlitSession

CONFIGS = {"default": GC_ON, "nogc": NO_GC}  # "default": Streamlit's default (the app turns it off)


@dataclass
class Series:
    name: str
    role: str = ""
    seconds: list[float] = field(default_factory=list)
    cpu_s: float = 0.0
    bytes: int = 0
    errors: list[str] = field(default_factory=list)
    runs_per_rerun: float = 1.0
    b2b: Series | None = None  # the same page back to back (gap 0), same n, same session, after this one

    @property
    def median(self) -> float:
        return median(self.seconds)

    @property
    def p95(self) -> float:
        return percentile(self.seconds, 95)

    @property
    def cpu_per_rerun(self) -> float:
        return self.cpu_s / len(self.seconds) if self.seconds else float("nan")

    @property
    def kb_per_rerun(self) -> float:
        return self.bytes / max(1, len(self.seconds)) / 1024


@dataclass
class ConfigResult:
    config: str
    floor: Series  # paced; floor.b2b is floor_b2b
    floor_b2b: Series
    pages: list[Series]
    sign_in_s: dict[str, float]
    app_rss_start: float | None
    app_rss_end: float | None
    floor_rss: float | None
    tracebacks: int


async def _series(
    session: StreamlitSession, server: StreamlitServer, name: str, page: str, n: int, warmup: int, gap: float
) -> Series:
    s = Series(name)
    for _ in range(warmup):
        await session.rerun(page_name=page)
        await asyncio.sleep(gap)
    cpu0 = server.cpu_seconds()
    for _ in range(n):
        await asyncio.sleep(gap)
        r = await session.rerun(page_name=page)
        s.seconds.append(r.seconds)
        s.bytes += r.bytes
        s.runs_per_rerun = r.runs
        s.errors.extend(r.exceptions)
        if r.page_not_found:
            s.errors.append("page_not_found")
    s.cpu_s = (server.cpu_seconds() or 0) - (cpu0 or 0)
    return s


async def _floor(server: StreamlitServer, n: int, warmup: int, gap: float) -> tuple[Series, Series]:
    async with StreamlitSession(server.ws_url) as session:
        paced = await _series(session, server, "floor (st.stop only)", "", n, warmup, gap)
        b2b = await _series(session, server, "floor, back to back (gap 0)", "", n, warmup, 0.0)
        paced.b2b = b2b
        return paced, b2b


async def _app(
    server: StreamlitServer, demo: DemoData, pages: list[str], n: int, warmup: int, gap: float
) -> tuple[list[Series], dict[str, float]]:
    sessions: dict[str, StreamlitSession] = {}
    sign_in: dict[str, float] = {}
    out = []
    try:
        for page in pages:
            role = role_for_page(page)
            if role not in sessions:
                username, password, _ = demo.account(role)
                s = StreamlitSession(server.ws_url)
                await s.connect()
                r = await s.sign_in(username, password)
                sessions[role], sign_in[role] = s, r.seconds
            session = sessions[role]
            path = url_path_for(page, role, app_page_keys())
            series = await _series(session, server, page, path, n, warmup, gap)
            series.b2b = await _series(session, server, page, path, n, warmup, 0.0)
            series.role = series.b2b.role = role
            out.append(series)
    finally:
        for s in sessions.values():
            await s.close()
    return out, sign_in


def run_config(demo: DemoData, config: str, n: int, warmup: int, pages: list[str], gap: float) -> ConfigResult:
    flags = CONFIGS[config]

    def attempt(servers: list[StreamlitServer]) -> ConfigResult:
        fs = floor_server(flags)
        servers.append(fs)
        with fs:
            floor, floor_b2b = asyncio.run(_floor(fs, n, warmup, gap))
            floor_rss = fs.rss_mb()
        srv = app_server(demo, flags)
        servers.append(srv)
        with srv:
            rss0 = srv.rss_mb()
            series, sign_in = asyncio.run(_app(srv, demo, pages, n, warmup, gap))
            time.sleep(0.5)
            rss1 = srv.rss_mb()
            tracebacks = srv.tracebacks()
        return ConfigResult(config, floor, floor_b2b, series, sign_in, rss0, rss1, floor_rss, tracebacks)

    return retry_if_killed(attempt, what=f"page_reruns {config}")


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.1f}" if a == a and b == b and b else "–"


def print_config(res: ConfigResult) -> None:
    flags = " ".join(CONFIGS[res.config])
    print(f"\n### {res.config}: {flags}")
    f, fb = res.floor, res.floor_b2b
    rows = [
        [
            "floor (st.stop only)",
            "-",
            fmt_ms(f.median),
            fmt_ms(f.p95),
            "1.0",
            fmt_ms(fb.median),
            fmt_ms(fb.p95),
            "1.0",
            fmt_ms(f.cpu_per_rerun),
            fmt_ms(fb.cpu_per_rerun),
            "-",
            _errors(f),
        ]
    ]
    for s in res.pages:
        b = s.b2b or Series(s.name)
        rows.append(
            [
                s.name,
                s.role,
                fmt_ms(s.median),
                fmt_ms(s.p95),
                _ratio(s.median, f.median),
                fmt_ms(b.median),
                fmt_ms(b.p95),
                _ratio(b.median, fb.median),
                fmt_ms(s.cpu_per_rerun),
                fmt_ms(b.cpu_per_rerun),
                f"{s.kb_per_rerun:.0f}",
                _errors(s),
            ]
        )
    print_table(
        [
            "page",
            "signed in as",
            "paced median ms",
            "paced p95 ms",
            "x paced floor",
            "b2b median ms",
            "b2b p95 ms",
            "x b2b floor",
            "server CPU ms/rerun paced",
            "server CPU ms/rerun b2b",
            "KB sent/rerun",
            "errors (both series)",
        ],
        rows,
    )
    print(
        "x paced floor: paced median / paced floor median; x b2b floor: back-to-back median / back-to-back floor "
        f"median. The floor back to back is {_ratio(fb.median, f.median)} x the floor paced."
    )
    print(
        "sign-in over the websocket (bcrypt check + st.rerun, 2 runs): "
        + ", ".join(f"{role} {s * 1000:.0f} ms" for role, s in res.sign_in_s.items())
    )
    print(
        f"server RSS: app {res.app_rss_start:.0f} MiB after start -> {res.app_rss_end:.0f} MiB after the runs; "
        f"floor {res.floor_rss:.0f} MiB. Tracebacks in the app log: {res.tracebacks}"
    )


def _errors(s: Series) -> str:
    """Errors over the paced and the back-to-back series, with the first message."""
    errors = s.errors + (s.b2b.errors if s.b2b else [])
    return f"{len(errors)}: {errors[0][:60]}" if errors else "0"


def print_comparison(results: dict[str, ConfigResult]) -> None:
    if not {"default", "nogc"} <= set(results):
        return
    d, g = results["default"], results["nogc"]
    print("\n### postScriptGC: default (on) vs off")
    rows = []
    for a, b in zip([d.floor, *d.pages], [g.floor, *g.pages]):
        rows.append(
            [
                a.name,
                fmt_ms(a.median),
                fmt_ms(b.median),
                f"{a.median / b.median:.2f}",
                fmt_ms(a.p95),
                fmt_ms(b.p95),
                fmt_ms(a.cpu_per_rerun),
                fmt_ms(b.cpu_per_rerun),
            ]
        )
    rows.append(
        [
            "app RSS after runs (MiB)",
            f"{d.app_rss_end:.0f}",
            f"{g.app_rss_end:.0f}",
            f"{d.app_rss_end / g.app_rss_end:.2f}",
            "",
            "",
            "",
            "",
        ]
    )
    print_table(["page", "median on", "median off", "on/off", "p95 on", "p95 off", "CPU ms on", "CPU ms off"], rows)


def _figures(res: ConfigResult) -> dict:
    def one(s: Series) -> dict:
        """The paced series under the keys run_all.py has always read, the back-to-back one under b2b_*."""
        out = {"role": s.role, "median_s": s.median, "p95_s": s.p95, "cpu_s": s.cpu_per_rerun, "errors": len(s.errors)}
        if s.b2b is not None:
            out |= {
                "b2b_median_s": s.b2b.median,
                "b2b_p95_s": s.b2b.p95,
                "b2b_cpu_per_rerun_s": s.b2b.cpu_per_rerun,
                "b2b_errors": len(s.b2b.errors),
            }
        return out

    return {
        "floor": one(res.floor),
        "floor_b2b": one(res.floor_b2b),
        "pages": {s.name: one(s) for s in res.pages},
        "sign_in_s": res.sign_in_s,
        "rss_end_mib": res.app_rss_end,
    }


def main(argv: list[str] | None = None) -> dict[str, ConfigResult]:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=30, help="measured reruns per page (default 30)")
    ap.add_argument("--warmup", type=int, default=2, help="unmeasured reruns first (default 2)")
    ap.add_argument(
        "--gap",
        type=float,
        default=0.06,
        help="pause before each rerun of the paced series, in seconds (default 0.06); every page and the floor "
        "are also measured back to back (gap 0) after it",
    )
    ap.add_argument("--config", choices=["both", *CONFIGS], default="both")
    ap.add_argument("--pages", nargs="*", help="page keys (default: every key of app.py's PAGES)")
    ap.add_argument("--json", help="also write the medians to this file (bench/run_all.py reads it)")
    args = ap.parse_args(argv)
    load0 = load_averages()
    n = max(1, min(args.n, 500))  # bounded
    from dgcore.access import ROLES

    # every page a signed-in account opens (the public map is only the signed-out visitor's, with no account)
    pages = args.pages or [p for p in app_page_keys() if role_for_page(p) in ROLES]
    print("## page_reruns: server-side rerun time per page (websocket client, one session)")
    print(machine_line())
    print(load_line())
    print(
        f"pages: {', '.join(pages)}; N={n} per page after {args.warmup} warm-up reruns, "
        f"paced ({args.gap * 1000:.0f} ms before each rerun), then back to back (gap 0) on the same session"
    )
    results: dict[str, ConfigResult] = {}
    t0 = time.perf_counter()
    with demo_data() as demo:
        for config in CONFIGS if args.config == "both" else [args.config]:
            results[config] = run_config(demo, config, n, args.warmup, pages, max(0.0, args.gap))
            print_config(results[config])
    print_comparison(results)
    write_json(args.json, {"load": [load0, load_averages()], "configs": {c: _figures(r) for c, r in results.items()}})
    print(f"\n(page_reruns took {time.perf_counter() - t0:.0f} s; {load_line()})")
    return results


if __name__ == "__main__":
    main()
