"""Take full-page screenshots of a running app with Debian's Chromium (for looking, not testing).

Usage: python scripts/screenshot.py URL OUT.png [--width 1600] [--height 900] [--wait 4] [--user U --password P]
"""

from __future__ import annotations

import argparse

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("out")
    ap.add_argument("--width", type=int, default=1600)
    ap.add_argument("--height", type=int, default=900)
    ap.add_argument("--wait", type=float, default=4.0)
    ap.add_argument("--user", help="sign in first with this username")
    ap.add_argument("--password", default="")
    a = ap.parse_args()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": a.width, "height": a.height})
        page.goto(a.url)
        page.wait_for_selector("[data-testid='stAppViewContainer']", timeout=30000)
        if a.user:
            page.locator("input[type='text']").first.fill(a.user)
            page.locator("input[type='password']").first.fill(a.password)
            page.locator("[data-testid='stFormSubmitButton'] button").click()
            page.wait_for_function("() => document.cookie.includes('dgr_session=')", timeout=30000)
            page.goto(a.url)
            page.wait_for_selector("[data-testid='stAppViewContainer']", timeout=30000)
        page.wait_for_timeout(a.wait * 1000)
        page.screenshot(path=a.out, full_page=True)
        browser.close()


if __name__ == "__main__":
    main()
