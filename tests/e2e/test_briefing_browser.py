"""A presenter enters briefing mode in Chromium, pages through with the keyboard and leaves."""

import pytest
from browser import sign_in, wait_for_app

pytestmark = pytest.mark.e2e


def counter(page) -> str:
    return page.locator(".dg-counter").inner_text()


def test_present_page_with_the_keyboard_and_leave(app_url, page, demo_accounts):
    p = demo_accounts[demo_accounts["role"] == "presenter"].iloc[0]
    sign_in(page, app_url, p["username"], p["password"], path="/briefing?lang=en&year=2563&province=57")
    page.locator(".st-key-start_presenting button").click()
    page.locator(".st-key-slide").wait_for()
    assert counter(page).startswith("1 / 8")
    assert not page.locator("[data-testid='stSidebar']").is_visible()
    for key, expect in (
        ("ArrowRight", "2 / 8"),
        ("PageDown", "3 / 8"),
        ("PageDown", "4 / 8"),
        ("PageUp", "3 / 8"),
        ("ArrowLeft", "2 / 8"),
    ):
        page.keyboard.press(key)
        page.wait_for_function(f"() => document.querySelector('.dg-counter')?.innerText.startsWith('{expect}')")
    page.keyboard.press("Escape")
    page.locator(".st-key-start_presenting button").wait_for()
    wait_for_app(page)
    assert page.locator("[data-testid='stSidebar']").is_visible()
