"""A person who uses only the keyboard (Tab, Shift+Tab, Enter, Space, arrows; typing in text fields): skip to
the heading, sign in, open My agency, open the what-if table and edit a score, change the year, download
the CSV and start the briefing. After every key press the focused element must be on screen with a visible
focus indicator."""

from __future__ import annotations

import re

import pytest
from browser import settle

pytestmark = pytest.mark.e2e

FOCUS = r"""() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  // the what-if grid is a canvas; it moves focus to a cell of its hidden twin table and draws the ring on
  // the canvas, so there the grid itself must be on screen
  const cell = e.getAttribute('role') === 'gridcell' && e.closest('[data-testid="stDataFrame"]');
  const r = (cell ? cell.querySelector('canvas') || cell : e).getBoundingClientRect(), cs = getComputedStyle(e);
  const ring = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) || cs.boxShadow !== 'none';
  const grid = !!e.closest('[data-testid="stDataFrameGlideDataEditor"], .gdg-style, [data-testid="stDataFrame"]');
  const bare = e.cloneNode(true);  // what a screen reader names it by: without the parts hidden from it
  bare.querySelectorAll('[aria-hidden="true"]').forEach(h => h.remove());
  const text = e.getAttribute('aria-label') || bare.textContent.replace(/\s+/g, ' ') || e.value || '';
  return {tag: e.tagName, role: e.getAttribute('role'), text: text.trim().slice(0, 80),
          onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight &&
                    r.left < innerWidth, ring, grid};
}"""


def focused(page, wrapped: bool = False) -> dict | None:
    """The focused element, asserted visible: on screen and with a focus ring (the what-if grid draws its
    own ring around the selected cell on its canvas). None only where Tab wraps past the document's end."""
    f = page.evaluate(FOCUS)
    if f is None and wrapped:
        return None
    assert f is not None, "focus was lost to the page body"
    assert f["onScreen"], f
    assert f["ring"] or f["grid"], f
    return f


def tab_to(page, pattern: str, back: bool = False, most: int = 120) -> dict:
    """Press Tab (or Shift+Tab) until the focused element's name matches pattern; every stop is checked."""
    wraps = 0
    for _ in range(most):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        page.wait_for_timeout(60)
        f = focused(page, wrapped=wraps == 0)
        if f is None:  # past the last element, once: the browser's own controls; the next Tab comes back
            wraps += 1
            continue
        wraps = 0
        if re.search(pattern, f["text"]):
            return f
    raise AssertionError(f"no element matching {pattern!r} within {most} key presses")


def test_sign_in_to_briefing_with_the_keyboard_alone(app_url, browser, demo_accounts, tmp_path):
    staff = demo_accounts[demo_accounts["role"] == "staff"].iloc[0]
    ctx = browser.new_context(viewport={"width": 1366, "height": 800}, accept_downloads=True)
    page = ctx.new_page()
    page.set_default_timeout(120000)  # generous: the machine running the suite may be busy
    page.goto(f"{app_url}/?lang=en&year=2562")
    settle(page)

    # the skip link comes first and lands on the page's heading
    assert "Skip to main content" in tab_to(page, "Skip to main content", most=2)["text"]
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.tagName") == "H1"

    tab_to(page, "^Username$")
    page.keyboard.type(staff["username"])
    tab_to(page, "^Password$")
    page.keyboard.type(staff["password"])
    page.keyboard.press("Enter")
    page.locator("[data-testid='stSidebar'] button:has-text('Sign out')").wait_for()
    settle(page)

    tab_to(page, "^My agency$", back=True)  # focus starts where the sign-in button was; the menu is before it
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/my_agency"))
    settle(page)
    page.get_by_text("What if").first.wait_for()
    tab_to(page, "^Open the what-if table$")  # the what-if table is built only once opened: Space opens it
    page.keyboard.press("Space")
    page.locator("[data-testid='what-if-tiles']").wait_for()
    settle(page)

    # a what-if score: into the grid, right to "New score", type the new score, Enter to keep it
    before = page.locator("[data-testid='what-if-tiles'] .dg-tile", has_text="New overall score").inner_text()
    f = tab_to(page, r".*", most=1)
    while not (f["grid"] and f["tag"] != "BUTTON"):  # past the grid's toolbar, into its cells
        f = tab_to(page, r".*", most=1)
    page.keyboard.press("ArrowDown")  # selects the first cell
    for _ in range(3):
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(100)
    page.keyboard.press("Enter")  # Enter on a selected cell opens its editor
    page.wait_for_function("() => ['INPUT', 'TEXTAREA'].includes(document.activeElement.tagName)")
    focused(page)
    page.keyboard.press("Control+A")
    # typed at a person's pace: keys sent faster than the editor takes them were lost on a slow machine (the
    # edit never reached the server); 15 because the first sub-indicator may already score 100
    page.keyboard.type("15", delay=80)
    page.wait_for_function("() => document.activeElement.value === '15'")
    page.wait_for_timeout(300)
    page.keyboard.press("Enter")

    metric = page.locator("[data-testid='what-if-tiles'] .dg-tile", has_text="New overall score")
    for _ in range(180):  # the edit reaches the server a moment after Enter (slow on a busy machine)
        if metric.inner_text() != before:
            break
        page.wait_for_timeout(500)
    rows = page.evaluate(
        "() => [...document.querySelectorAll('.st-key-what_if [role=row]')].slice(0, 3).map(r => r.innerText)"
    )
    assert metric.inner_text() != before, (before, rows)  # the grid's first rows say whether the edit was kept
    settle(page)

    # the year: a select opened with the arrow keys
    tab_to(page, r"^Survey year", back=True)
    page.keyboard.press("ArrowDown")  # opens the list on the next year down (2561)
    page.wait_for_timeout(300)
    for _ in range(2):  # the list is newest first: two up is 2563
        page.keyboard.press("ArrowUp")
        page.wait_for_timeout(100)
    assert page.locator("[role=option][data-focused]").inner_text() == "BE 2563 (2020)"
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('year=2563')")
    settle(page)
    assert "BE 2563" in page.title()

    # the CSV of the unit's scores
    with page.expect_download() as dl:
        tab_to(page, r"^Download CSV$")
        page.keyboard.press("Enter")
    assert dl.value.suggested_filename.endswith(".csv")

    # the briefing, started with the keyboard
    tab_to(page, "^Briefing$", back=True)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/briefing"))
    settle(page)
    tab_to(page, "^Present from slide 1")
    page.keyboard.press("Space")
    page.locator(".st-key-slide .dg-canvas").wait_for()  # a slide has no page heading to settle on
    page.locator(".dg-counter", has_text=re.compile(r"^1 /")).wait_for()
    page.keyboard.press("ArrowRight")  # the next slide, and Tab still moves on (no trap)
    page.locator(".dg-counter", has_text=re.compile(r"^2 /")).wait_for()
    tab_to(page, r"Next|Previous|Exit")
    ctx.close()
