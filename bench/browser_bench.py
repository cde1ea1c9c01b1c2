"""What a person waits for in the browser: from a click to the last change on screen, in Chromium.

One `streamlit run app.py` on a fresh demo, Debian's Chromium through Playwright, one browser context
per role (1366x768, Thai). For each role, measured --n times each:
- sign-in: the click on "Sign in" until the landing page has drawn (the form filled beforehand; signing
  out in between is not measured);
- page switch: the click on a page's link in the sidebar until that page has drawn (the pages visited
  in turn, so every switch comes from another page);
- year change: the click on another year in the sidebar's year list until the page has drawn, on
  every page the role may open.
How "drawn" is told: a script in the page (added before Streamlit's own) takes a Performance mark at
every click (capture phase, so before Streamlit sees it) and a MutationObserver notes the time of every
change to the document outside Streamlit's running indicator and toolbar, separately for changes
inside plotly charts. The interaction is over when the server has answered (a websocket message after
the click), Streamlit shows no running indicator, every chart on the page has drawn its SVG, and
nothing has changed for --quiet ms; its time is the last change after the click (the last chart drawn
on pages with charts). The mouse is moved off the page after each click, so no hover label counts.

Printed per role and interaction: median, min-max and p90 over the clicks, the median time to the
server's last websocket message (the rest is the browser drawing), the server's CPU, and the load
average. Figures only; nothing passes or fails on time.

    .venv/bin/python bench/browser_bench.py                   # agency + staff, 10 clicks each (~6 min quiet)
    .venv/bin/python bench/browser_bench.py --roles agency --n 5
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    ROOT,
    app_server,
    demo_data,
    load_averages,
    load_line,
    machine_line,
    median,
    percentile,
    print_table,
    write_json,
)

sys.path.insert(0, str(ROOT / "tests"))
from browser import CHROMIUM, CHROMIUM_ARGS

OBSERVER = """
(() => {
  const d = (window.__dgr = {t0: 0, last: 0, lastChart: 0, lastMsg: 0, msgs: 0});
  const ignore = '[data-testid="stStatusWidget"], [data-testid="stToolbar"], [data-testid="stDecoration"]';
  document.addEventListener('click', () => {
    performance.mark('dgr-click');
    d.t0 = performance.now(); d.last = 0; d.lastChart = 0; d.lastMsg = 0;
  }, true);
  // Kept cheap, as it runs inside the timed work: a chart adds thousands of nodes, and two closest() per
  // change cost ~150 ms of the browser's time per click; a batch is done once both times are noted.
  new MutationObserver((muts) => {
    const now = performance.now();
    let chart = false, other = false;
    for (const m of muts) {
      const el = m.target.nodeType === 1 ? m.target : m.target.parentElement;
      if (!el || (chart && el.ownerSVGElement)) continue;  // a chart's drawing, already noted
      if (el.closest(ignore)) continue;
      d.last = now;
      if (el.closest('[data-testid="stPlotlyChart"]')) { d.lastChart = now; chart = true; } else other = true;
      if (chart && other) break;
    }
  }).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  const WS = window.WebSocket;
  window.WebSocket = function (...args) {
    const ws = new WS(...args);
    ws.addEventListener('message', () => { d.lastMsg = performance.now(); d.msgs += 1; });
    return ws;
  };
  window.WebSocket.prototype = WS.prototype;
  Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
})();
"""

SETTLED = """
(quiet) => {
  const d = window.__dgr, now = performance.now();
  if (!d || !d.t0 || d.lastMsg <= d.t0 || d.last <= d.t0) return false;
  if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
  for (const c of document.querySelectorAll('[data-testid="stPlotlyChart"]')) {
    if (!c.querySelector('.main-svg')) return false;
  }
  return now - Math.max(d.last, d.lastMsg) > quiet;
}
"""

DONE = """() => { const d = window.__dgr;
  const end = d.lastChart > d.t0 ? Math.max(d.lastChart, d.last) : d.last;
  return [(end - d.t0) / 1000, document.querySelectorAll('[data-testid="stPlotlyChart"]').length,
          (d.lastMsg - d.t0) / 1000]; }"""

SIGN_OUT = (
    "[data-testid='stSidebar'] button:has-text('Sign out'), [data-testid='stSidebar'] button:has-text('ออกจากระบบ')"
)


SERVER: dict[str, list[float]] = {}  # interaction -> seconds from the click to the server's last message


def settle(page, quiet_ms: int, timeout_s: float) -> tuple[float, int, float]:
    """Wait until the interaction is over; (seconds from the click to the last change, charts on the
    page, seconds from the click to the last websocket message)."""
    page.mouse.move(0, 0)
    page.wait_for_function(SETTLED, arg=quiet_ms, timeout=timeout_s * 1000, polling=50)
    return tuple(page.evaluate(DONE))


FAILED: dict[str, int] = {}  # interaction -> clicks that did not settle within --timeout


def note(out: dict, name: str, measured: tuple | None) -> None:
    if measured is None:
        FAILED[name] = FAILED.get(name, 0) + 1
        return
    out.setdefault(name, []).append(measured[0])
    SERVER.setdefault(name, []).append(measured[2])


def attempt(fn, *args) -> tuple | None:
    """fn(*args), or None when the page did not settle in time (counted, not fatal: a busy machine)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        return fn(*args)
    except PlaywrightTimeout:
        return None


def nav_links(page) -> dict[str, object]:
    """Page key -> its sidebar link ('' for the landing page, whose link is the app's root)."""
    out = {}
    for link in page.locator("[data-testid='stSidebarNavLink']").all():
        href = (link.get_attribute("href") or "").rstrip("/")
        out[href.rsplit("/", 1)[-1] if href.count("/") > 2 else ""] = link
    return out


def sign_in_once(page, url: str, username: str, password: str, quiet: int, timeout: float) -> tuple:
    page.goto(url)
    page.get_by_label("Username").or_(page.get_by_label("ชื่อผู้ใช้")).first.fill(username)
    page.get_by_label("Password", exact=True).or_(page.get_by_label("รหัสผ่าน", exact=True)).first.fill(password)
    page.locator("[data-testid='stFormSubmitButton'] button").click()
    page.locator(SIGN_OUT).first.wait_for(timeout=timeout * 1000)
    return settle(page, quiet, timeout)


def year_change(page, quiet: int, timeout: float, i: int) -> tuple:
    box = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").first
    box.click()
    options = page.locator("[role='listbox'] [role='option']")
    options.first.wait_for()
    choices = [k for k in range(options.count()) if options.nth(k).get_attribute("aria-selected") != "true"]
    options.nth(choices[i % len(choices)]).click()
    return settle(page, quiet, timeout)


def run_role(browser, url: str, role: str, username: str, password: str, args) -> dict[str, list[float]]:
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="th-TH")
    ctx.add_init_script(OBSERVER)
    page = ctx.new_page()
    out: dict[str, list[float]] = {}
    try:
        for i in range(args.n + 1):  # the first sign-in warms the process's caches: not counted
            measured = sign_in_once(page, url, username, password, args.quiet, args.timeout)
            if i:
                note(out, f"{role}: sign-in to landing page", measured)
            if i < args.n:
                page.locator(SIGN_OUT).first.click()
                page.get_by_label("Username").or_(page.get_by_label("ชื่อผู้ใช้")).first.wait_for()
        keys = list(nav_links(page))
        for rnd in range(args.n + 1):  # round 0 warms every page's caches
            for key in keys[1:] + keys[:1]:
                nav_links(page)[key].click()
                measured = attempt(settle, page, args.quiet, args.timeout)
                if rnd:
                    charts = measured[1] if measured else "?"
                    note(out, f"{role}: switch to {key or 'landing page'} ({charts} charts)", measured)
        for key in keys:  # the landing page first: the switches above ended there
            if key != keys[0]:
                nav_links(page)[key].click()
                settle(page, args.quiet, args.timeout)
            for i in range(args.n):
                measured = attempt(year_change, page, args.quiet, args.timeout, i)
                charts = measured[1] if measured else "?"
                note(out, f"{role}: year on {key or 'landing page'} ({charts} charts)", measured)
    finally:
        ctx.close()
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=10, help="clicks per interaction (default 10)")
    ap.add_argument("--roles", nargs="*", default=["agency", "staff"], help="demo roles (default agency staff)")
    ap.add_argument("--quiet", type=int, default=750, help="ms without any change that end an interaction")
    ap.add_argument("--timeout", type=float, default=60, help="seconds an interaction may take at most")
    ap.add_argument("--json", help="also write every click's time to this file (bench/run_all.py reads it)")
    args = ap.parse_args(argv)
    args.n = max(1, min(args.n, 50))
    from playwright.sync_api import sync_playwright

    print("## browser_bench: click to last change on screen, Chromium (Playwright), 1366x768, Thai")
    print(machine_line())
    print(f"start: {load_line()}")
    load0, t0 = load_averages(), time.perf_counter()
    results: dict[str, list[float]] = {}
    with demo_data() as demo, app_server(demo) as srv, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            cpu0 = srv.cpu_seconds() or 0
            for role in args.roles:
                username, password, _ = demo.account(role)
                results.update(run_role(browser, srv.url, role, username, password, args))
            cpu = (srv.cpu_seconds() or 0) - cpu0
        finally:
            browser.close()
        tracebacks = srv.tracebacks()
    rows = [
        [
            name,
            f"{median(v) * 1000:.0f}",
            f"{min(v) * 1000:.0f}-{max(v) * 1000:.0f}",
            f"{percentile(v, 90) * 1000:.0f}",
            f"{median(SERVER[name]) * 1000:.0f}",
        ]
        for name, v in results.items()
    ]
    print_table(["interaction", "median ms", "min-max ms", "p90 ms", "server's last message, median ms"], rows)
    print(f"server CPU over the whole run: {cpu:.1f} s; tracebacks in the server log: {tracebacks}")
    if FAILED:
        print("did not settle within --timeout: " + ", ".join(f"{k} x{v}" for k, v in FAILED.items()))
    figures = {f"browser: {k}": v for k, v in results.items()}
    write_json(args.json, {"load": [load0, load_averages()], "figures": figures})
    print(f"(browser_bench took {time.perf_counter() - t0:.0f} s; end: {load_line()})")
    print(f"command: .venv/bin/python bench/browser_bench.py --n {args.n} --roles {' '.join(args.roles)}")


if __name__ == "__main__":
    main()
