"""Where Chromium spends a click: the renderer's main thread between the click and the last change on screen.

The same setup as bench/browser_bench.py (a fresh demo, `streamlit run app.py`, Debian's Chromium, 1366x768,
Thai). For one role, each page is opened once to warm it, then for every page a switch to it and a year
change on it are recorded with Chrome's trace (devtools.timeline) and V8's sampling profiler, and printed:
- the main thread's busy time by kind (script, style, layout, paint, parse, GC, ...);
- script self time by source file (plotly's chunk, Streamlit's bundle, the app's own st.html scripts);
- the heaviest functions, and the long tasks (> 50 ms).
Figures only, from one click each: run it to find what to cut, browser_bench.py to measure the cut.

    .venv/bin/python bench/browser_profile.py --role agency
    .venv/bin/python bench/browser_profile.py --role staff --pages provinces --top 25
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import browser_bench as bb
from common import app_server, demo_data, load_line, machine_line

KINDS = {  # trace event name -> kind of work (the names of Chrome's own Performance panel)
    "EvaluateScript": "script",
    "FunctionCall": "script",
    "TimerFire": "script",
    "FireAnimationFrame": "script",
    "EventDispatch": "script",
    "RunMicrotasks": "script",
    "v8.compile": "compile",
    "v8.compileModule": "compile",
    "V8.GCFinalizeMC": "gc",
    "MinorGC": "gc",
    "MajorGC": "gc",
    "V8.GC_SCAVENGER": "gc",
    "UpdateLayoutTree": "style",
    "RecalculateStyles": "style",
    "ParseAuthorStyleSheet": "style",
    "Layout": "layout",
    "UpdateLayerTree": "layout",
    "PrePaint": "paint",
    "Paint": "paint",
    "Layerize": "paint",
    "Commit": "paint",
    "ParseHTML": "parse",
    "ResourceReceivedData": "network",
    "DecodeImage": "images",
    "ImageDecodeTask": "images",
}


def main_thread(events: list[dict]) -> tuple[int, int]:
    """(pid, tid) of the page renderer's main thread (CrRendererMain with the most events)."""
    counts: dict[tuple[int, int], int] = defaultdict(int)
    mains = {
        (e["pid"], e["tid"])
        for e in events
        if e.get("name") == "thread_name" and e.get("args", {}).get("name") == "CrRendererMain"
    }
    for e in events:
        if (e.get("pid"), e.get("tid")) in mains:
            counts[(e["pid"], e["tid"])] += 1
    return max(counts, key=counts.get)


OTHER: dict[str, float] = defaultdict(float)  # the events counted as "other", by name (printed per click)


def busy_by_kind(events: list[dict], t0_us: float, t1_us: float) -> dict[str, float]:
    """ms of the main thread per kind of work between t0 and t1, each event's self time (children
    subtracted), so nested events are not counted twice."""
    pid, tid = main_thread(events)
    spans = sorted(
        (e["ts"], e["ts"] + e.get("dur", 0), KINDS.get(e["name"], "other"), e["name"])
        for e in events
        if e.get("pid") == pid
        and e.get("tid") == tid
        and e.get("ph") == "X"
        and e.get("dur")
        and t0_us <= e["ts"] <= t1_us
    )
    out: dict[str, float] = defaultdict(float)
    stack: list[list] = []  # [end, kind, child time]
    tasks = [s for s in spans if s[3] == "RunTask"]
    for start, end, kind, name in spans:
        while stack and stack[-1][0] <= start:
            top = stack.pop()
            if top[1] is not None:
                out[top[1]] += top[3] - top[2]
                if top[1] == "other":
                    OTHER[top[4]] += top[3] - top[2]
        if stack:
            stack[-1][2] += end - start
        stack.append([end, None if name == "RunTask" else kind, 0.0, end - start, name])
    while stack:
        top = stack.pop()
        if top[1] is not None:
            out[top[1]] += top[3] - top[2]
    out = {k: v / 1000 for k, v in out.items()}
    out["(main thread busy: tasks)"] = sum(e - s for s, e, *_ in tasks) / 1000
    out["(long tasks > 50 ms)"] = len([1 for s, e, *_ in tasks if e - s > 50_000])
    out["(longest task ms)"] = max((e - s for s, e, *_ in tasks), default=0) / 1000
    return out


def self_time_by(profile: dict, top: int) -> tuple[dict[str, float], list[tuple[float, str]]]:
    """V8 profile -> (ms of self time per script file, the heaviest functions)."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    dt: dict[int, float] = defaultdict(float)
    for nid, delta in zip(profile["samples"], profile["timeDeltas"]):
        dt[nid] += delta / 1000
    files: dict[str, float] = defaultdict(float)
    funcs: dict[str, float] = defaultdict(float)
    for nid, ms in dt.items():
        cf = nodes[nid]["callFrame"]
        url = cf.get("url") or f"({cf.get('functionName') or 'native'})"
        files[url.rsplit("/", 1)[-1].split("?")[0] or url] += ms
        funcs[f"{cf.get('functionName') or '(anonymous)'} @ {url.rsplit('/', 1)[-1]}:{cf.get('lineNumber')}"] += ms
    return dict(files), sorted(((v, k) for k, v in funcs.items()), reverse=True)[:top]


def record(browser, page, cdp, act, quiet: int, timeout: float) -> tuple[tuple, list[dict], dict, float]:
    """Run act() under the trace and the profiler; (browser_bench's measurement, trace events, V8 profile,
    the click's time in trace microseconds)."""
    browser.start_tracing(
        page=page, categories=["devtools.timeline", "v8", "blink.user_timing", "disabled-by-default-devtools.timeline"]
    )
    cdp.send("Profiler.enable")
    cdp.send("Profiler.setSamplingInterval", {"interval": 200})
    cdp.send("Profiler.start")
    measured = act()
    prof = cdp.send("Profiler.stop")["profile"]
    events = json.loads(browser.stop_tracing())["traceEvents"]
    marks = [e["ts"] for e in events if e.get("name") == "dgr-click"]
    return measured, events, prof, (marks[-1] if marks else min(e["ts"] for e in events if e.get("ts")))


def report(name: str, measured, events, prof, t_click: float, top: int) -> None:
    seconds, charts, server = measured
    print(
        f"\n### {name}: {seconds * 1000:.0f} ms to the last change, server's last message {server * 1000:.0f} ms, "
        f"{charts} charts"
    )
    OTHER.clear()
    kinds = busy_by_kind(events, t_click, t_click + seconds * 1e6 + 50_000)
    print("main thread (ms): " + ", ".join(f"{k} {v:.0f}" for k, v in sorted(kinds.items(), key=lambda kv: -kv[1])))
    print(
        "  other (ms): " + ", ".join(f"{k} {v / 1000:.0f}" for k, v in sorted(OTHER.items(), key=lambda kv: -kv[1])[:6])
    )
    files, funcs = self_time_by(prof, top)
    print(
        "script self time by file (ms): "
        + ", ".join(f"{k} {v:.0f}" for k, v in sorted(files.items(), key=lambda kv: -kv[1])[:8])
    )
    for ms, fn in funcs:
        print(f"  {ms:7.1f} ms  {fn}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--role", default="agency", help="demo role (default agency)")
    ap.add_argument("--pages", nargs="*", help="page keys to profile (default: every page the role sees)")
    ap.add_argument("--top", type=int, default=12, help="heaviest functions printed per click")
    ap.add_argument("--quiet", type=int, default=750)
    ap.add_argument("--timeout", type=float, default=60)
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    print(f"## browser_profile ({args.role}), Chromium, 1366x768, Thai\n{machine_line()}\nstart: {load_line()}")
    with demo_data() as demo, app_server(demo) as srv, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=bb.CHROMIUM, args=bb.CHROMIUM_ARGS)
        ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="th-TH")
        ctx.add_init_script(bb.OBSERVER)
        page = ctx.new_page()
        cdp = ctx.new_cdp_session(page)
        username, password, _ = demo.account(args.role)
        bb.sign_in_once(page, srv.url, username, password, args.quiet, args.timeout)
        page.locator(bb.SIGN_OUT).first.click()
        page.get_by_label("Username").or_(page.get_by_label("ชื่อผู้ใช้")).first.wait_for()
        measured, ev, prof, t = record(
            browser,
            page,
            cdp,
            lambda: bb.sign_in_once(page, srv.url, username, password, args.quiet, args.timeout),
            args.quiet,
            args.timeout,
        )
        report("sign-in to landing page", measured, ev, prof, t, args.top)
        keys = list(bb.nav_links(page))
        for key in keys[1:] + keys[:1]:  # warm every page once
            bb.nav_links(page)[key].click()
            bb.settle(page, args.quiet, args.timeout)
        for key in args.pages or keys[1:] + keys[:1]:
            link = bb.nav_links(page)[key]
            measured, ev, prof, t = record(
                browser,
                page,
                cdp,
                lambda link=link: (link.click(), bb.settle(page, args.quiet, args.timeout))[1],
                args.quiet,
                args.timeout,
            )
            report(f"switch to {key or 'landing page'}", measured, ev, prof, t, args.top)
            measured, ev, prof, t = record(
                browser, page, cdp, lambda: bb.year_change(page, args.quiet, args.timeout, 0), args.quiet, args.timeout
            )
            report(f"year on {key or 'landing page'}", measured, ev, prof, t, args.top)
        browser.close()
    print(f"\nend: {load_line()}")


if __name__ == "__main__":
    main()
