"""What a person does with a results letter, in Chromium: sign in, read the score, poke at URLs,
sign out, reuse an old cookie, press F5, mistype the password."""

import re

import pytest
from browser import session_cookie, sign_in, wait_for_app

pytestmark = pytest.mark.e2e


def creds(accounts, role, scope=None):
    rows = accounts[(accounts["role"] == role) & ((accounts["scope"] == scope) if scope else True)]
    return rows.iloc[0]["username"], rows.iloc[0]["password"]


def test_an_agency_signs_in_and_reads_its_overall_score(app_url, page, demo_accounts):
    sign_in(page, app_url, *creds(demo_accounts, "agency", "D317"), path="/?lang=en&year=2562")
    page.get_by_role("link", name="My agency").click()
    wait_for_app(page)
    page.get_by_role("heading", name="Royal Thai Police").wait_for()
    score = page.locator("[data-testid='agency-tiles'] .dg-tile").filter(has_text="Overall score").first
    assert "55.54" in score.inner_text()
    assert session_cookie(page.context) is not None


CURIOUS_URLS = [
    "/my_agency?unit=P-LAND-50",
    "/my_agency?unit=D001&year=2563",
    "/my_agency?unit=CIO-50&role=admin",
    "/my_agency?agency_id=P-LAND-50",
    "/my_agency?unit=P-LAND-50&unit=D317",
    "/admin",
    "/provinces?province=50",
    "/my_agency?unit=%27%20OR%201%3D1--",
]


def test_an_agency_cannot_reach_another_units_results_by_any_url(app_url, page, demo_accounts, demo_db):
    sign_in(page, app_url, *creds(demo_accounts, "agency", "D317"), path="/?lang=en&year=2563")
    d001 = demo_db.query("SELECT name_en FROM agencies WHERE agency_id = 'D001'")["name_en"][0]
    others = ["Provincial Land Office", "Chiang Mai", "Provincial CIO committee, ", "Demo unit", d001]
    for path in CURIOUS_URLS:
        page.goto(app_url + path + ("&" if "?" in path else "?") + "lang=en")
        wait_for_app(page)
        body = page.locator("[data-testid='stMain']").inner_text()
        assert not [o for o in others if o in body], (path, [o for o in others if o in body], body[:600])
        assert "Traceback" not in page.content()


def test_a_cookie_copied_before_sign_out_does_not_sign_in_again(app_url, browser, page, demo_accounts):
    sign_in(page, app_url, *creds(demo_accounts, "staff"), path="/?lang=en")
    old = session_cookie(page.context)
    assert old is not None
    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("Username").wait_for()
    fresh = browser.new_context()
    try:
        fresh.add_cookies([{k: old[k] for k in ("name", "value", "domain", "path")}])
        p2 = fresh.new_page()
        p2.goto(app_url + "/my_agency?lang=en")
        wait_for_app(p2)
        p2.get_by_label("Username").wait_for()
        assert p2.get_by_role("button", name="Sign out").count() == 0
    finally:
        fresh.close()


def test_the_remembered_session_survives_a_new_tab_before_sign_out(app_url, browser, page, demo_accounts):
    sign_in(page, app_url, *creds(demo_accounts, "staff"), path="/?lang=en")
    cookie = session_cookie(page.context)
    other = browser.new_context()
    try:
        other.add_cookies([{k: cookie[k] for k in ("name", "value", "domain", "path")}])
        p2 = other.new_page()
        p2.goto(app_url + "/methodology?lang=en&year=2563")
        wait_for_app(p2)
        p2.get_by_role("button", name="Sign out").wait_for()
    finally:
        other.close()


def test_f5_on_a_sub_page_stays_on_that_page(app_url, page, demo_accounts):
    sign_in(page, app_url, *creds(demo_accounts, "agency", "P-LAND-50"), path="/?lang=en&year=2563")
    page.get_by_role("link", name="My agency").click()
    page.wait_for_url(re.compile(r"/my_agency"))
    wait_for_app(page)
    page.get_by_role("heading", name="Provincial Land Office, Chiang Mai").wait_for()
    for _ in range(2):
        page.reload()
        wait_for_app(page)
        page.get_by_role("heading", name="Provincial Land Office, Chiang Mai").wait_for()
        assert "/my_agency" in page.url and "year=2563" in page.url


def test_five_wrong_passwords_bring_the_cool_down_message(app_url, page, demo_accounts):
    user, _ = creds(demo_accounts, "department")
    page.goto(app_url + "/?lang=en")
    wait_for_app(page)
    wrong = page.get_by_text("The username or password is incorrect")
    for _attempt in range(1, 5):
        page.get_by_label("Username").fill(user)
        page.get_by_label("Password", exact=True).fill("wrong-password")
        page.locator("[data-testid='stFormSubmitButton'] button").click()
        wrong.wait_for()
        wait_for_app(page)
    page.get_by_label("Username").fill(user)
    page.get_by_label("Password", exact=True).fill("wrong-password")
    page.locator("[data-testid='stFormSubmitButton'] button").click()
    page.get_by_text("Too many unsuccessful attempts").wait_for()  # the fifth failure starts the cool-down
