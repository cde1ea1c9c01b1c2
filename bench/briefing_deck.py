"""Briefing deck: how long the deck's PDF takes to build, and how long moving to the next slide takes
in a browser while presenting. Figures only: medians of N runs with min-max and the load average.

    .venv/bin/python bench/briefing_deck.py            # N=7: deck PDF in-process, slide change in Chromium
    .venv/bin/python bench/briefing_deck.py --n 5 --skip-browser

PDF, three figures (the 2563 deck about Chiang Mai for its own audience, Thai, 19 slides):
  first   build_deck + layout + PDF in a fresh process (chromium for the map starts: once, not a median)
  full    build_deck + layout (the map rendered again: chromium warm, image cache emptied) + PDF
  pdf     PDF from the layouts the page has already made (what the PDF button does)
Slide change: a signed-in Chromium presenting at 1280x720 presses Page Down; the time until the
counter shows the next slide and the new slide's canvas is in the DOM (Streamlit rerun + HTML sent).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import app_server, demo_data, load_line, machine_line, median  # noqa: E402

YEAR, PROVINCE = 2563, "50"


def stats(xs: list[float]) -> str:
    return f"median {median(xs) * 1000:.0f} ms (min {min(xs) * 1000:.0f}, max {max(xs) * 1000:.0f}, n={len(xs)})"


def pdf_times(demo, n: int) -> None:
    from dgcore import queries
    from dgcore.access import Actor, scope_for
    from dgcore.briefing import build_deck
    from dgcore.db import ResultsDB
    from dgcore.documents import deck_pdf
    from dgcore.documents.deck import deck_layouts
    from dgcore.documents.render import _RENDERER

    settings = demo.settings()
    db, scope = ResultsDB(settings.results_dir), scope_for(Actor("p", "presenter"))
    geo = json.loads((settings.data_dir / "geo" / "provinces.geojson").read_text(encoding="utf-8"))
    fw = queries.framework(db, scope, YEAR)

    def full() -> tuple[object, list]:
        deck = build_deck(db, scope, YEAR, "th", fw, geo, audience=PROVINCE, province=PROVINCE)
        layouts = deck_layouts(deck)
        deck_pdf(deck, layouts)
        return deck, layouts

    t = time.perf_counter()
    deck, layouts = full()
    print(
        f"deck PDF, first in the process (chromium starts): {(time.perf_counter() - t) * 1000:.0f} ms, "
        f"{len(deck.slides)} slides; {load_line()}"
    )
    runs = []
    for _ in range(n):
        _RENDERER._cache.clear()  # the map is drawn again each run
        t = time.perf_counter()
        full()
        runs.append(time.perf_counter() - t)
    print(f"deck PDF, build_deck + layout + PDF:  {stats(runs)}; {load_line()}")
    runs = []
    for _ in range(n):
        t = time.perf_counter()
        deck_pdf(deck, layouts)
        runs.append(time.perf_counter() - t)
    print(f"deck PDF from laid-out slides:        {stats(runs)}; {load_line()}")


def slide_change_times(demo, n: int) -> None:
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(HERE.parent / "tests"))
    from browser import CHROMIUM, CHROMIUM_ARGS, sign_in

    user, password, _ = demo.account("presenter")
    with app_server(demo) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.set_default_timeout(180000)
        sign_in(page, server.url, user, password, path=f"/briefing?year={YEAR}&audience={PROVINCE}&province={PROVINCE}")
        page.locator(".st-key-start_presenting button").click()
        page.locator(".st-key-slide .dg-canvas").wait_for()
        total = int(page.locator(".dg-counter").inner_text().split("/")[1].split()[0])
        runs = []
        for i in range(1, min(n, total - 1) + 1):
            t = time.perf_counter()
            page.keyboard.press("PageDown")
            page.wait_for_function(
                f"() => document.querySelector('.dg-counter')?.innerText.startsWith('{i + 1} /') && "
                "document.querySelector('.st-key-slide .dg-canvas')?.getAttribute('aria-label')"
                f"?.startsWith('{i + 1}.')"
            )
            runs.append(time.perf_counter() - t)
        browser.close()
    print(f"slide change (Page Down to next slide drawn, 1280x720): {stats(runs)}; {load_line()}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=7)
    ap.add_argument("--skip-browser", action="store_true")
    args = ap.parse_args(argv)
    print(machine_line())
    with demo_data() as demo:
        pdf_times(demo, args.n)
        if not args.skip_browser:
            slide_change_times(demo, args.n)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
