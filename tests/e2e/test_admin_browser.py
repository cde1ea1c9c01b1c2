"""An administrator checks broken files, then publishes the example year, in Chromium."""

from pathlib import Path

import pandas as pd
import pytest
from browser import sign_in, wait_for_app

pytestmark = pytest.mark.e2e
EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "examples"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def admin(data_dir):
    acc = pd.read_csv(data_dir / "demo_accounts.csv", dtype=str)
    r = acc[acc["role"] == "admin"].iloc[0]
    return r["username"], r["password"]


def check(page) -> None:
    """Click Check once the uploads are in (the button is enabled only then)."""
    button = page.locator(".st-key-import_check button:not([disabled])").first
    button.wait_for(timeout=30000)
    wait_for_app(page)
    button.click()


@pytest.mark.parametrize("lang, bad_text", [("th", "ยังเผยแพร่ไม่ได้"), ("en", "nothing can be published")])
def test_a_broken_upload_gets_a_report_and_publishes_nothing(private_app, page, lang, bad_text):
    url, data = private_app
    before = (data / "results" / "CURRENT").read_text()
    sign_in(page, url, *admin(data), path=f"/admin?lang={lang}")
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        [str(EXAMPLES / "broken" / "registry-bad-values.csv"), str(EXAMPLES / "broken" / "scores-out-of-range.csv")]
    )
    check(page)
    page.get_by_text(bad_text).wait_for(timeout=60000)
    wait_for_app(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"admin-validation-report-{lang}.png"), full_page=True)
    assert page.locator(".st-key-import_publish").count() == 0
    assert (data / "results" / "CURRENT").read_text() == before


def test_the_example_year_is_checked_published_and_replaces_the_demo(private_app, page):
    url, data = private_app
    sign_in(page, url, *admin(data), path="/admin?lang=en")
    page.locator("[data-testid='stNumberInput'] input").fill("2567")
    page.locator("[data-testid='stNumberInput'] input").press("Enter")
    wait_for_app(page)
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        [
            str(EXAMPLES / "registry-2567.csv"),
            str(EXAMPLES / "scores-wide-2567.xlsx"),
            str(EXAMPLES / "framework-2567.yaml"),
        ]
    )
    check(page)
    page.get_by_text("ready to publish").wait_for(timeout=60000)
    page.get_by_text("2567 is added").wait_for()
    page.locator(".st-key-import_confirm label").click()  # publish only once confirmed
    page.locator(".st-key-import_publish button:not([disabled])").first.click()
    page.get_by_text("2567 published:").wait_for(timeout=60000)
    assert "import-2567" in (data / "results" / "CURRENT").read_text()
    page.goto(url + "/?lang=en")
    wait_for_app(page)
    page.get_by_role("heading", name="Overview · BE 2567 (2024)").wait_for()
    assert page.get_by_text("Demo data:").count() == 0
