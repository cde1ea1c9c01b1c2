"""A DGA analyst opens the province map in Chromium and drills into one province."""

import re

import pytest
from browser import sign_in, wait_for_app

pytestmark = pytest.mark.e2e


def test_open_the_map_and_drill_into_a_province(app_url, page, demo_accounts):
    staff = demo_accounts[demo_accounts["role"] == "staff"].iloc[0]
    sign_in(page, app_url, staff["username"], staff["password"], path="/provinces?lang=en&year=2563")
    page.get_by_role("heading", name=re.compile("Map of the provinces")).wait_for()
    provinces = page.locator("[data-testid='stPlotlyChart'] path.choroplethlocation")
    provinces.first.wait_for()  # the map draws the provinces as SVG paths (no WebGL)
    assert provinces.count() >= 70
    drill = page.locator("[data-testid='stSelectbox']").filter(has_text="Province").last
    drill.click()
    page.keyboard.type("Phuket")
    page.keyboard.press("Enter")
    wait_for_app(page)
    page.wait_for_url(re.compile(r"province=83"))
    page.get_by_role("heading", name="The province's units by agency type").first.wait_for()
    chart = page.locator("[data-testid='stPlotlyChart']").filter(has_text="Provincial Land Office")
    chart.first.wait_for()  # the units chart is drawn for the chosen province (staff may see units)
    body = page.locator("[data-testid='stMain']").inner_text()
    assert "Rank among 76 provinces" in body and "What most of its units should do" in body
    assert "Traceback" not in page.content()
