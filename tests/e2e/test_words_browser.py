"""Words and edits a person meets in Chromium: the sidebar year follows the language at once, the first
what-if edit counts, and a fifth province is refused in the page's own language."""

from __future__ import annotations

import re

import pytest
from browser import sign_in, wait_for_app

pytestmark = pytest.mark.e2e


def _login(accounts, role, scope=None):
    rows = accounts[(accounts["role"] == role) & ((accounts["scope"] == scope) if scope else True)]
    return rows.iloc[0]["username"], rows.iloc[0]["password"]


def test_the_sidebar_year_reads_english_as_soon_as_english_is_chosen(app_url, page, demo_accounts):
    sign_in(page, app_url, *_login(demo_accounts, "staff"), path="/methodology?lang=th&year=2562")
    shown = (  # the box shows the picked option as an input's value, not as text
        "() => [...document.querySelectorAll(\"[data-testid='stSidebar'] [data-testid='stSelectbox'] *\")]"
        ".map(e => e.value || e.textContent).join(' ')"
    )
    page.wait_for_function(f"({shown})().includes('พ.ศ. 2562')")
    page.locator("[data-testid='stSidebar'] label:has-text('English')").click()
    wait_for_app(page)
    page.wait_for_function(f"({shown})().includes('BE 2562 (2019)') && !({shown})().includes('พ.ศ. 2562')")


def test_the_first_what_if_edit_counts(app_url, page, demo_accounts):
    sign_in(page, app_url, *_login(demo_accounts, "agency", "D317"), path="/my_agency?lang=en&year=2562")
    page.get_by_text("Open the what-if table").click()  # the table is built only once opened
    tiles = page.locator("[data-testid='what-if-tiles']")
    tiles.wait_for()
    assert "55.54" in tiles.inner_text() and "No change yet" in tiles.inner_text()
    grid = page.locator(".st-key-what_if").first
    grid.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)  # the grid draws after it scrolls into view
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 20, box["y"] + 52)  # first row, first column
    for _ in range(3):
        page.keyboard.press("ArrowRight")  # the "New score" column
    page.keyboard.press("Enter")
    page.wait_for_timeout(1000)  # the cell editor opens
    page.keyboard.press("Control+A")
    page.keyboard.type("90", delay=80)
    page.wait_for_timeout(300)
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => !document.querySelector(\"[data-testid='what-if-tiles']\").innerText.includes('No change yet')"
    )
    assert re.search(r"Up \d+\.\d\d points", tiles.inner_text())


def test_a_fifth_province_is_refused_in_thai(app_url, page, demo_accounts):
    page.set_default_timeout(90000)  # the Provinces page is the heaviest; a busy machine draws it slowly
    sign_in(page, app_url, *_login(demo_accounts, "staff"), path="/provinces?lang=th&year=2563")
    picker = page.locator(".st-key-compare input").first
    for name in ("ภูเก็ต", "ชลบุรี", "สงขลา"):
        picker.click()
        page.keyboard.type(name, delay=30)
        page.keyboard.press("Enter")
        wait_for_app(page)
    page.get_by_text("เปรียบเทียบได้ครั้งละไม่เกิน 4 จังหวัด").first.wait_for()
    assert "You can only select" not in page.locator("[data-testid='stMain']").inner_text()
