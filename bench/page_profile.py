"""Where a page's rerun time goes: cProfile of the script thread inside a real `streamlit run`.

The server gets bench/profile_hook on its PYTHONPATH (a sitecustomize that wraps Streamlit's
exec_func_with_error_handling in cProfile, in the script thread only) and runs with
postScriptGC=false; every page of app.py is rerun N times over the websocket (signed in as in
page_reruns.py, warm caches) and the profiles are merged. Printed per page: the app's own
functions by cumulative time, and the hottest functions anywhere by self time. cProfile slows
Python code down (roughly 1.5-2x), so read the shares, not the absolute figures.

    .venv/bin/python bench/page_profile.py            # N=10 per page, ~40 s
    .venv/bin/python bench/page_profile.py --pages my_agency --top 25
"""

from __future__ import annotations

import argparse
import asyncio
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    NO_GC,
    ROOT,
    DemoData,
    StreamlitServer,
    app_page_keys,
    app_server,
    demo_data,
    load_line,
    machine_line,
    print_table,
    role_for_page,
    url_path_for,
)
from ws_client import StreamlitSession

HOOK = Path(__file__).resolve().parent / "profile_hook"


def _short(file: str) -> str:
    if "site-packages/" in file:
        return file.split("site-packages/", 1)[1]
    try:
        return str(Path(file).resolve().relative_to(ROOT))
    except ValueError:
        return file


async def _profile_pages(
    server: StreamlitServer, demo: DemoData, pages: list[str], n: int, warmup: int, prof_dir: Path, gap: float
) -> dict[str, float]:
    control = prof_dir / "current"
    sessions: dict[str, StreamlitSession] = {}
    wall: dict[str, float] = {}
    try:
        for page in pages:
            role = role_for_page(page)
            if role not in sessions:
                username, password, _ = demo.account(role)
                s = StreamlitSession(server.ws_url)
                await s.connect()
                await s.sign_in(username, password)
                sessions[role] = s
            session, path = sessions[role], url_path_for(page, role, app_page_keys())
            for _ in range(warmup):
                await session.rerun(page_name=path)
            control.write_text(page)
            t0 = time.perf_counter()
            for _ in range(n):
                await asyncio.sleep(gap)
                await session.rerun(page_name=path)
            wall[page] = (time.perf_counter() - t0 - n * gap) / n
            control.write_text("")
    finally:
        for s in sessions.values():
            await s.close()
    return wall


def report(prof_dir: Path, page: str, n: int, wall_s: float, top: int) -> None:
    files = sorted(str(p) for p in prof_dir.glob(f"{page}.*.prof"))
    if not files:
        print(f"\n### {page}: no profiles written (is the hook active?)")
        return
    st = pstats.Stats(*files)
    stats = st.stats  # type: ignore[attr-defined]
    total = max(
        (ct for (_f, _l, fn), (_cc, _nc, _tt, ct, _c) in stats.items() if fn == "code_to_exec"),
        default=sum(tt for (_cc, _nc, tt, _ct, _c) in stats.values()),
    )
    print(
        f"\n### {page}: {len(files)} profiled runs, {total / len(files) * 1000:.0f} ms per run in the script "
        f"thread under cProfile ({wall_s * 1000:.0f} ms per rerun wall, profiled)"
    )
    own = [
        (ct, nc, f"{_short(f)}:{ln} {fn}")
        for (f, ln, fn), (_cc, nc, _tt, ct, _c) in stats.items()
        if str(ROOT) in f and "/.venv/" not in f and "/bench/" not in f
    ]
    print_table(
        ["app function (cumulative)", "calls/run", "ms/run", "share"],
        [
            [name, f"{nc / len(files):.0f}", f"{ct / len(files) * 1000:.1f}", f"{ct / total:.0%}"]
            for ct, nc, name in sorted(own, reverse=True)[:top]
        ],
    )
    hot = [(tt, nc, f"{_short(f)}:{ln} {fn}") for (f, ln, fn), (_cc, nc, tt, _ct, _c) in stats.items()]
    print_table(
        ["hottest by self time (anywhere)", "calls/run", "self ms/run", "share"],
        [
            [name, f"{nc / len(files):.0f}", f"{tt / len(files) * 1000:.1f}", f"{tt / total:.0%}"]
            for tt, nc, name in sorted(hot, reverse=True)[:top]
        ],
    )
    lib: dict[str, float] = {}
    for (f, _ln, _fn), (_cc, _nc, tt, _ct, _c) in stats.items():
        short = _short(f)
        key = short.split("/", 1)[0] if "site-packages/" in f else ("app" if str(ROOT) in f else "python/other")
        lib[key] = lib.get(key, 0.0) + tt
    print(
        "self time by package: "
        + ", ".join(f"{k} {v / total:.0%}" for k, v in sorted(lib.items(), key=lambda kv: -kv[1])[:8])
    )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--top", type=int, default=12)
    ap.add_argument("--gap", type=float, default=0.06)
    ap.add_argument("--pages", nargs="*")
    ap.add_argument(
        "--keep",
        metavar="DIR",
        help="also copy the merged profile of each page to DIR/<page>.prof (for pstats or snakeviz)",
    )
    args = ap.parse_args(argv)
    n = max(1, min(args.n, 200))
    pages = args.pages or app_page_keys()
    print("## page_profile: cProfile of each page's script run (postScriptGC=false, warm caches)")
    print(machine_line())
    print(load_line())
    with demo_data() as demo, tempfile.TemporaryDirectory(prefix="dgr-bench-prof-") as tmp:
        prof_dir = Path(tmp)
        (prof_dir / "current").write_text("")
        srv = app_server(demo, NO_GC)
        srv.env = {
            **srv.env,
            "DGR_BENCH_PROFILE_DIR": str(prof_dir),
            "PYTHONPATH": os.pathsep.join(p for p in (str(HOOK), os.environ.get("PYTHONPATH", "")) if p),
        }
        with srv:
            wall = asyncio.run(_profile_pages(srv, demo, pages, n, args.warmup, prof_dir, args.gap))
        for page in pages:
            report(prof_dir, page, n, wall.get(page, float("nan")), args.top)
            files = sorted(str(p) for p in prof_dir.glob(f"{page}.*.prof"))
            if args.keep and files:
                Path(args.keep).mkdir(parents=True, exist_ok=True)
                pstats.Stats(*files).dump_stats(str(Path(args.keep) / f"{page}.prof"))


if __name__ == "__main__":
    main()
