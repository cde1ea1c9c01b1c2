"""Load test on loopback: many signed-in websocket sessions against one `streamlit run app.py`.

Steady mode (default): N sessions (default 100) open over --ramp seconds; each renders its first
page, then every 2-5 s (random) interacts: changes the year selectbox (40%), switches to another
page it may open (30%) or reruns its page (30%). Printed: p50/p95 interaction latency (send
rerun_script -> final script_finished), failed interactions (no answer within --timeout, closed
sockets, exception elements; after a timeout the session waits for the late answer and goes on),
failed connections, time to first render, server RSS (start/peak/end) and CPU.
Burst mode (--burst): 200 sessions open at random moments within 20 s, render their first page
and stay connected; printed: failed connections and p50/p95 time to first render.

Sign-in: each session carries a pre-made `dgr_session` cookie on its handshake, minted as ui.auth
does after a successful login (dgcore.accounts.auth.start_session + sign_cookie with the deployment's cookie
key), instead of 100-200 logins through the form (each a bcrypt check of ~0.3 s on one of the two
cores the server also needs). Sessions rotate over the demo accounts (4 agencies, province,
department, staff). The client runs on the same 2-core machine as the server; its own CPU time is
printed too.

Hard limits: 127.0.0.1 only; at most 300 steady / 400 burst sessions; at most 600 s of load; an
interaction waits at most --timeout s (default 30), a first render --render-timeout s (default 120).

    .venv/bin/python bench/load_test.py                      # 100 sessions, 120 s (~2.5 min)
    .venv/bin/python bench/load_test.py --duration 30 --sessions 50
    .venv/bin/python bench/load_test.py --burst              # 200 sessions within 20 s
    .venv/bin/python bench/load_test.py --gc                 # the same with Streamlit's default postScriptGC=true
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
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
    app_server,
    demo_data,
    load_averages,
    load_line,
    machine_line,
    median,
    percentile,
    print_table,
    session_cookie,
    write_json,
)
from ws_client import StreamlitSession

MAX_STEADY, MAX_BURST, MAX_DURATION = 300, 400, 600
ROLES = ("agency", "agency", "agency", "agency", "province", "department", "staff")


@dataclass
class Stats:
    connect_s: list[float] = field(default_factory=list)
    first_render_s: list[float] = field(default_factory=list)
    latency_s: dict[str, list[float]] = field(default_factory=lambda: {"year": [], "page": [], "rerun": []})
    failed_connections: int = 0
    failed_first_render: int = 0
    failed_interactions: int = 0
    late_s: list[float] = field(default_factory=list)  # answers that came after --timeout (full latency)
    errors: dict[str, int] = field(default_factory=dict)
    timeline: list[tuple[float, float]] = field(default_factory=list)  # (t since start, latency)

    def error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1

    @property
    def all_latencies(self) -> list[float]:
        return [x for v in self.latency_s.values() for x in v]


MIXES = {  # --mix: who the sessions are, and (year, page, rerun) weights of their interactions
    "all": (ROLES, (0.4, 0.3, 0.3)),
    "agency": (("agency",), (0.5, 0.0, 0.5)),  # heads of units on My agency: year changes and reruns
}


def mint_cookies(demo: DemoData, n: int, mint=None, roles: tuple[str, ...] = ROLES) -> list[tuple[str, str]]:
    """(role, cookie) per session, rotating over the demo accounts; one server session each.
    mint(username) makes the cookie (default: in the demo's SQLite store with its cookie key)."""
    mint = mint or (lambda username: session_cookie(demo, username))
    accounts = demo.accounts()
    by_role: dict[str, list[str]] = {}
    for r in accounts.itertuples():
        by_role.setdefault(r.role, []).append(r.username)
    out = []
    for i in range(n):
        role = roles[i % len(roles)]
        names = by_role[role]
        out.append((role, mint(names[(i // len(ROLES)) % len(names)])))
    return out


async def _open(server: StreamlitServer, cookie: str, stats: Stats, timeout: float) -> StreamlitSession | None:
    s = StreamlitSession(server.ws_url, cookie=f"dgr_session={cookie}", open_timeout=timeout)
    try:
        stats.connect_s.append(await s.connect())
    except Exception as e:  # handshake timeout, refused, reset
        stats.failed_connections += 1
        stats.error(f"connect: {type(e).__name__}")
        return None
    return s


async def _first_render(s: StreamlitSession, stats: Stats, timeout: float, query: str = "") -> bool:
    """The first rerun_script of a fresh connection, waiting up to `timeout` (--render-timeout)."""
    try:
        r = await s.rerun(page_name="", query_string=query, timeout=timeout)
    except Exception as e:
        stats.failed_first_render += 1
        stats.error(f"first render: {type(e).__name__}")
        return False
    if not r.ok or not s.signed_in:
        stats.failed_first_render += 1
        stats.error("first render: " + ("not signed in" if not s.signed_in else "exception element"))
        return False
    stats.first_render_s.append(r.seconds)
    return True


async def steady_session(
    i: int,
    server: StreamlitServer,
    role: str,
    cookie: str,
    start_at: float,
    stop_at: float,
    stats: Stats,
    args: argparse.Namespace,
    t0: float,
) -> None:
    rng = random.Random(i)
    await asyncio.sleep(max(0.0, start_at - time.monotonic()))
    s = await _open(server, cookie, stats, args.timeout)
    if s is None:
        return
    try:
        if not await _first_render(s, stats, args.render_timeout):
            return
        while True:
            await asyncio.sleep(rng.uniform(args.min_interval, args.max_interval))
            if time.monotonic() >= stop_at:
                return
            action = rng.choices(("year", "page", "rerun"), MIXES[args.mix][1])[0]
            try:
                if action == "year" and (year := s.widget("year")) is not None and len(year.options) > 1:
                    r = await s.set_widget("year", rng.choice(year.options), timeout=args.timeout)
                elif action == "page" and len(s.pages) > 1:
                    r = await s.rerun(page_name=rng.choice(sorted(s.pages)), timeout=args.timeout)
                else:
                    action = "rerun"
                    r = await s.rerun(timeout=args.timeout)
            except TimeoutError:
                stats.failed_interactions += 1
                stats.error(f"{action}: TimeoutError")
                # Wait for the late answer (so it is not taken for the next rerun's), then go on
                # clicking: the offered load stays the same. Give up on the session if even that fails.
                try:
                    late = await s.drain(max(1.0, stop_at + args.timeout - time.monotonic()))
                    stats.late_s.append(args.timeout + late.seconds)
                except Exception:
                    stats.error("session given up after a timeout")
                    return
                continue
            except Exception as e:
                stats.failed_interactions += 1
                stats.error(f"{action}: {type(e).__name__}")
                return  # the socket is gone
            if r.ok:
                stats.latency_s[action].append(r.seconds)
                stats.timeline.append((time.monotonic() - t0, r.seconds))
            else:
                stats.failed_interactions += 1
                stats.error(f"{action}: exception element")
    finally:
        await s.close()


async def burst_session(
    i: int,
    server: StreamlitServer,
    cookie: str,
    start_at: float,
    hold_until: float,
    stats: Stats,
    args: argparse.Namespace,
    settled: list[int],
    all_settled: asyncio.Event,
) -> None:
    """Open at start_at, render the first page, then stay connected until every session has its
    first render (or gave up), so the server carries all of them while the burst lasts."""
    await asyncio.sleep(max(0.0, start_at - time.monotonic()))
    t_start = time.monotonic()
    s = await _open(server, cookie, stats, args.timeout)
    try:
        if s is not None and await _first_render(s, stats, args.render_timeout):
            # time to first render from the moment the tab opened (handshake included)
            stats.first_render_s[-1] = time.monotonic() - t_start
    finally:
        settled[0] += 1
        if settled[0] >= settled[1]:
            all_settled.set()
    try:
        await asyncio.wait_for(all_settled.wait(), max(0.0, hold_until - time.monotonic()))
    except TimeoutError:
        pass
    finally:
        if s is not None:
            await s.close()


async def monitor(
    server: StreamlitServer,
    stop: asyncio.Event,
    samples: list[tuple[float, float | None]],
    t0: float,
    stats: Stats,
    every: float = 2.0,
    report_every: float = 15.0,
) -> None:
    last_report, last_n = t0, 0
    while not stop.is_set():
        now = time.monotonic()
        samples.append((now - t0, server.rss_mb()))
        if now - last_report >= report_every:
            recent = [lat for t, lat in stats.timeline[last_n:]]
            last_n = len(stats.timeline)
            print(
                f"  t={now - t0:5.0f}s  interactions {len(recent):4d} in the last {report_every:.0f}s "
                f"(p50 {median(recent) * 1000 if recent else float('nan'):6.0f} ms, "
                f"p95 {percentile(recent, 95) * 1000 if recent else float('nan'):6.0f} ms)  "
                f"failed {stats.failed_interactions}  RSS {samples[-1][1] or 0:.0f} MiB",
                flush=True,
            )
            last_report = now
        try:
            await asyncio.wait_for(stop.wait(), every)
        except TimeoutError:
            pass


async def run_steady(server: StreamlitServer, cookies: list[tuple[str, str]], args: argparse.Namespace) -> tuple:
    stats, samples, stop = Stats(), [], asyncio.Event()
    t0 = time.monotonic()
    stop_at = t0 + args.ramp + args.duration
    mon = asyncio.create_task(monitor(server, stop, samples, t0, stats))
    tasks = [
        asyncio.create_task(
            steady_session(i, server, role, cookie, t0 + args.ramp * i / max(1, len(cookies)), stop_at, stats, args, t0)
        )
        for i, (role, cookie) in enumerate(cookies)
    ]
    hard = args.ramp + args.duration + max(args.timeout, args.render_timeout) + 30
    done, pending = await asyncio.wait(tasks, timeout=hard)
    for t in pending:
        t.cancel()
    stop.set()
    await mon
    return stats, samples, time.monotonic() - t0, len(pending)


async def run_burst(server: StreamlitServer, cookies: list[tuple[str, str]], args: argparse.Namespace) -> tuple:
    stats, samples, stop = Stats(), [], asyncio.Event()
    rng = random.Random(7)
    t0 = time.monotonic()
    hold_until = t0 + args.burst_window + args.timeout + args.render_timeout + 5
    mon = asyncio.create_task(monitor(server, stop, samples, t0, stats))
    starts = sorted(rng.uniform(0, args.burst_window) for _ in cookies)
    settled, all_settled = [0, len(cookies)], asyncio.Event()
    tasks = [
        asyncio.create_task(
            burst_session(i, server, cookie, t0 + starts[i], hold_until, stats, args, settled, all_settled)
        )
        for i, (_role, cookie) in enumerate(cookies)
    ]
    done, pending = await asyncio.wait(tasks, timeout=args.burst_window + args.timeout + args.render_timeout + 30)
    for t in pending:
        t.cancel()
    stop.set()
    await mon
    return stats, samples, time.monotonic() - t0, len(pending)


def _ms(xs: list[float], q: float) -> str:
    return f"{percentile(xs, q) * 1000:.0f}" if xs else "–"


def print_report(
    mode: str,
    n: int,
    stats: Stats,
    samples: list,
    wall: float,
    cancelled: int,
    server: StreamlitServer,
    cpu0: float,
    cpu1: float,
    rss0: float | None,
    client_cpu: float,
) -> None:
    rss = [r for _t, r in samples if r is not None]
    print(f"\n### {mode}: {n} sessions, {wall:.0f} s wall")
    rows = [
        ["connections failed", f"{stats.failed_connections} of {n}"],
        ["connect (handshake) p50 / p95 ms", f"{_ms(stats.connect_s, 50)} / {_ms(stats.connect_s, 95)}"],
        ["first render failed (no answer within --render-timeout)", str(stats.failed_first_render)],
        ["first renders slower than 30 s", str(sum(1 for x in stats.first_render_s if x > 30))],
        [
            "time to first render p50 / p95 / max ms",
            f"{_ms(stats.first_render_s, 50)} / {_ms(stats.first_render_s, 95)} / {_ms(stats.first_render_s, 100)}",
        ],
    ]
    if mode == "steady":
        lat = stats.all_latencies
        every = lat + stats.late_s
        rows += [
            ["interactions answered within --timeout", str(len(lat))],
            ["interactions answered late (after --timeout)", str(len(stats.late_s))],
            ["interactions per second (server throughput, all answered)", f"{len(every) / max(1.0, wall):.1f}"],
            ["latency p50 / p95 / max ms, all answered", f"{_ms(every, 50)} / {_ms(every, 95)} / {_ms(every, 100)}"],
            ["latency p50 / p95 ms, answered within --timeout", f"{_ms(lat, 50)} / {_ms(lat, 95)}"],
            *[[f"  {k} p50 / p95 ms (n={len(v)})", f"{_ms(v, 50)} / {_ms(v, 95)}"] for k, v in stats.latency_s.items()],
            ["interactions failed (timed out, closed, exception element)", str(stats.failed_interactions)],
        ]
    rows += [
        ["sessions cut off at the hard time limit", str(cancelled)],
        [
            "server RSS start / peak / end MiB",
            f"{rss0 or 0:.0f} / {max(rss) if rss else 0:.0f} / {rss[-1] if rss else 0:.0f}",
        ],
        ["server CPU (s of CPU per s of wall; 2 cores)", f"{(cpu1 - cpu0) / max(1.0, wall):.2f}"],
        ["load-test client CPU (same machine)", f"{client_cpu / max(1.0, wall):.2f}"],
        ["tracebacks in the server log", str(server.tracebacks())],
    ]
    print_table(["figure", "value"], rows)
    if stats.errors:
        print("errors: " + ", ".join(f"{k} x{v}" for k, v in sorted(stats.errors.items())))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sessions", type=int, default=100)
    ap.add_argument("--duration", type=float, default=120, help="seconds of steady load after the ramp")
    ap.add_argument("--ramp", type=float, default=10, help="seconds over which steady sessions open")
    ap.add_argument("--min-interval", type=float, default=2.0)
    ap.add_argument("--max-interval", type=float, default=5.0)
    ap.add_argument("--timeout", type=float, default=30, help="max wait for a handshake or an interaction (default 30)")
    ap.add_argument(
        "--render-timeout",
        type=float,
        default=120,
        help="max wait for a session's first render (default 120; the report also counts those over 30 s)",
    )
    ap.add_argument("--burst", action="store_true", help="burst mode: --burst-sessions opening within --burst-window")
    ap.add_argument("--burst-sessions", type=int, default=200)
    ap.add_argument("--burst-window", type=float, default=20)
    ap.add_argument(
        "--nogc",
        action="store_true",
        help="run the server with --runner.postScriptGC false (the app's "
        "config.toml already sets it; kept for older runs)",
    )
    ap.add_argument(
        "--gc", action="store_true", help="run the server with Streamlit's default --runner.postScriptGC true"
    )
    ap.add_argument(
        "--replicas",
        type=int,
        default=0,
        help="1 or 2: through nginx (deploy/nginx.conf on 127.0.0.1:8510) to that many app processes "
        "sharing accounts and sessions in a throwaway PostgreSQL (default 0: one process, direct)",
    )
    ap.add_argument(
        "--flags", nargs="*", default=[], help="extra streamlit flags, e.g. --flags --server.maxUploadSize 10"
    )
    ap.add_argument(
        "--mix",
        choices=sorted(MIXES),
        default="all",
        help="all: every role, year 40%% / page 30%% / rerun 30%% (default); agency: agency accounts on My agency, "
        "year changes and reruns half and half",
    )
    ap.add_argument("--json", help="also write the headline figures to this file (bench/run_all.py reads it)")
    args = ap.parse_args(argv)
    load0 = load_averages()
    # hard caps
    args.sessions = max(1, min(args.sessions, MAX_STEADY))
    args.burst_sessions = max(1, min(args.burst_sessions, MAX_BURST))
    args.duration = max(1.0, min(args.duration, MAX_DURATION))
    args.burst_window = max(1.0, min(args.burst_window, 120.0))
    args.ramp = max(0.0, min(args.ramp, 60.0))
    args.timeout = max(1.0, min(args.timeout, 120.0))
    args.render_timeout = max(1.0, min(args.render_timeout, 180.0))
    flags = [*(NO_GC if args.nogc else ()), *(GC_ON if args.gc else ()), *args.flags]
    mode = "burst" if args.burst else "steady"
    n = args.burst_sessions if args.burst else args.sessions
    print(f"## load_test ({mode}) on 127.0.0.1; server flags: {' '.join(flags) or '(defaults)'}")
    print(machine_line())
    print(load_line())
    if args.burst:
        print(
            f"{n} sessions open at random moments within {args.burst_window:.0f} s, each signed in by cookie, "
            f"render the default page and stay connected"
        )
    else:
        print(
            f"{n} sessions opening over {args.ramp:.0f} s, then {args.duration:.0f} s of interactions every "
            f"{args.min_interval:g}-{args.max_interval:g} s each, mix {args.mix} "
            f"(year / page switch / rerun weights {MIXES[args.mix][1]}; roles {sorted(set(MIXES[args.mix][0]))})"
        )
    with demo_data() as demo:
        if args.replicas:
            from replicas import ProxiedReplicas

            print(f"through nginx on 127.0.0.1:8510 to {args.replicas} app process(es); accounts in PostgreSQL")
            target = ProxiedReplicas(demo.data_dir, args.replicas)
        else:
            target = app_server(demo, flags)
        with target as server:
            cookies = mint_cookies(demo, n, server.cookie if args.replicas else None, MIXES[args.mix][0])
            rss0, cpu0 = server.rss_mb(), server.cpu_seconds() or 0.0
            c0 = resource.getrusage(resource.RUSAGE_SELF)
            runner = run_burst if args.burst else run_steady
            stats, samples, wall, cancelled = asyncio.run(runner(server, cookies, args))
            c1 = resource.getrusage(resource.RUSAGE_SELF)
            cpu1 = server.cpu_seconds() or 0.0
            print_report(
                mode,
                n,
                stats,
                samples,
                wall,
                cancelled,
                server,
                cpu0,
                cpu1,
                rss0,
                (c1.ru_utime + c1.ru_stime) - (c0.ru_utime + c0.ru_stime),
            )
            every = stats.all_latencies + stats.late_s
            rss = [r for _t, r in samples if r is not None]
            write_json(
                args.json,
                {
                    "load": [load0, load_averages()],
                    "p50_s": percentile(every, 50),
                    "p95_s": percentile(every, 95),
                    "answered": len(every),
                    "per_s": len(every) / max(1.0, wall),
                    "failed_interactions": stats.failed_interactions,
                    "failed_connections": stats.failed_connections,
                    "first_render_p95_s": percentile(stats.first_render_s, 95),
                    "rss_peak_mib": max(rss) if rss else None,
                    "server_cpu": (cpu1 - cpu0) / max(1.0, wall),
                },
            )
            if args.replicas:
                print(
                    "websockets per app process (nginx access log): "
                    + ", ".join(f"{k}: {v}" for k, v in sorted(server.spread().items()))
                )
    print(load_line())


if __name__ == "__main__":
    main()
