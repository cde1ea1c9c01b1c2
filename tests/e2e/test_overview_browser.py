"""A person opens the Overview in Chromium and reads the 2563 response tiles."""

import re

import pytest
from browser import sign_in, wait_for_app


def agency(accounts):
    r = accounts[(accounts["role"] == "agency") & (accounts["scope"] == "L-BMA")].iloc[0]
    return r["username"], r["password"]


pytestmark = pytest.mark.e2e

TILES_2563 = {
    "total": ("1,926", "1,850", "96.05%"),
    "department": ("315", "292", "92.70%"),
    "provincial": ("1,609", "1,556", "96.71%"),
    "special_local": ("2", "2", "100.00%"),
}


@pytest.mark.parametrize("lang, heading", [("th", "อัตราการตอบแบบสำรวจ"), ("en", "Response rates")])
def test_overview_2563_tiles_read_the_published_figures(app_url, page, demo_accounts, lang, heading):
    sign_in(page, app_url, *agency(demo_accounts), path=f"/?year=2563&lang={lang}")  # lands on My agency
    page.get_by_role("link", name={"th": "ภาพรวม", "en": "Overview"}[lang]).first.click()
    page.get_by_text(heading).first.wait_for()
    for kind, figures in TILES_2563.items():
        tile = page.locator(f"[data-testid='response-tile-{kind}']")
        tile.wait_for()
        text = tile.inner_text()
        for figure in figures:
            assert re.search(rf"(^|\s){re.escape(figure)}(\s|$)", text), (kind, figure, text)
    page.locator("[data-testid='stPlotlyChart']").nth(2).wait_for()
    assert page.locator("[data-testid='stPlotlyChart']").count() == 3
    assert "Traceback" not in page.content()


def test_the_year_and_language_stay_in_the_url_across_pages(app_url, page, demo_accounts):
    sign_in(page, app_url, *agency(demo_accounts), path="/?year=2562&lang=en")
    page.get_by_role("link", name="Methodology").click()
    page.wait_for_url(re.compile(r"/methodology"))
    wait_for_app(page)
    page.get_by_text("Assessment framework").first.wait_for()
    assert "year=2562" in page.url and "lang=en" in page.url
    assert page.get_by_text("BE 2562 (2019)").count() >= 1


def test_a_shared_link_reopens_the_same_view(app_url, page, demo_accounts):
    sign_in(page, app_url, *agency(demo_accounts), path="/methodology?year=2561&lang=en")
    page.get_by_text("Smart technology").first.wait_for()
    assert "Methodology · BE 2561 (2018)" in page.locator("h1").first.inner_text()
