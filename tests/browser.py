"""Helpers for the browser tests: Debian's Chromium, waiting for a Streamlit run, signing in."""

from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def wait_for_app(page) -> None:
    """Wait until the script has finished its run (the status widget leaves 'running')."""
    page.wait_for_selector("[data-testid='stAppViewContainer']")
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]') && "
        "document.querySelectorAll('[data-testid=\"stMarkdownContainer\"]').length > 0"
    )
    page.wait_for_timeout(300)


DRAWN = """() => !!document.querySelector('[data-testid="stMain"] h1') &&
  !document.querySelector('[data-testid="stSkeleton"]') &&
  [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every(c => c.querySelector('.main-svg'))"""
ELEMENTS = "() => document.querySelectorAll('[data-testid=\"stElementContainer\"]').length"


def settle(page) -> None:
    """wait_for_app, then until no element is still loading its code (a skeleton), every chart is drawn and
    the page has stopped growing (Streamlit shows its running sign only after a moment)."""
    wait_for_app(page)
    count = -1
    for _ in range(100):
        page.wait_for_function(DRAWN)
        now = page.evaluate(ELEMENTS)
        if now == count:
            return
        count = now
        page.wait_for_timeout(500)


def sign_in(page, base_url: str, username: str, password: str, path: str = "/") -> None:
    """Open path, fill the sign-in form like a person and wait for the signed-in app."""
    page.goto(base_url + path)
    wait_for_app(page)
    page.get_by_label("Username").or_(page.get_by_label("ชื่อผู้ใช้")).first.fill(username)
    page.get_by_label("Password", exact=True).or_(page.get_by_label("รหัสผ่าน", exact=True)).first.fill(password)
    page.locator("[data-testid='stFormSubmitButton'] button").click()
    page.locator(
        "[data-testid='stSidebar'] button:has-text('Sign out'), [data-testid='stSidebar'] button:has-text('ออกจากระบบ')"
    ).first.wait_for()
    wait_for_app(page)


def session_cookie(context) -> dict | None:
    return next((c for c in context.cookies() if c["name"] == "dgr_session"), None)
