"""Launch rehearsal: a fresh results folder and account store, never the demo. On the command line
an administrator is created, the example year imported (twice: long scores, then the wide
workbook) and credentials issued; then, in Chromium, one unit signs in with the password from its
letter and sees its own result, and the administrator signs in and rolls back to the first import."""

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from browser import sign_in, wait_for_app
from conftest import serve

from dgcore.db import current_version

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "data" / "examples"
KEY = "launch-rehearsal-" + "r" * 40


def cli(data: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DGR_")}  # nothing of the demo's
    env.update(DGR_DATA_DIR=str(data), DGR_COOKIE_KEY=KEY, DGR_BCRYPT_COST="4")
    r = subprocess.run(
        [sys.executable, "-m", "dgcore", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert r.returncode == 0, r.stdout + r.stderr
    return r


def year_files(scores: str) -> list[str]:
    return [str(EXAMPLES / n) for n in ("registry-2567.csv", scores, "framework-2567.yaml")]


def unit_result(data: Path, letters: Path) -> tuple[dict, float]:
    """A responding unit from the mail-merge file and its overall score in the live version."""
    with open(letters, encoding="utf-8-sig") as f:
        rows = {r["agency_id"]: r for r in csv.DictReader(f)}
    con = duckdb.connect(str(data / "results" / current_version(data / "results")), read_only=True)
    try:
        aid, overall = con.execute(
            "SELECT agency_id, overall FROM overall_scores WHERE year = 2567 AND agency_id LIKE 'D%' ORDER BY agency_id"
        ).fetchone()
    finally:
        con.close()
    return rows[aid], overall


def test_a_fresh_install_goes_live_without_the_demo(page, tmp_path, tmp_path_factory):
    data = tmp_path / "data"
    for sub in ("framework", "reference", "geo"):
        shutil.copytree(ROOT / "data" / sub, data / sub)
    created = cli(data, "accounts", "create", "dga.admin", "--role", "admin", "--display-name", "DGA admin")
    admin_password = created.stdout.split("(แสดงครั้งเดียว): ")[1].strip()
    first = cli(data, "import", *year_files("scores-long-2567.csv"), "--year", "2567")
    assert "2567 published: " in first.stdout
    first_version = current_version(data / "results")
    cli(data, "import", *year_files("scores-wide-2567.xlsx"), "--year", "2567")
    assert current_version(data / "results") != first_version
    letters = tmp_path / "letters-2567.csv"
    cli(data, "credentials", "issue", "--year", "2567", "--out", str(letters))
    unit, overall = unit_result(data, letters)
    assert not (data / "demo_accounts.csv").exists() and "demo" not in current_version(data / "results")

    for url in serve(data, data / "results", tmp_path_factory, DGR_COOKIE_KEY=KEY):
        sign_in(page, url, unit["username"], unit["password"], path="/my_agency?lang=en")
        main = page.locator("[data-testid='stMain']")
        main.get_by_text(unit["name_en"]).first.wait_for()
        main.get_by_text(f"{overall:,.2f}").first.wait_for()  # its own overall score, from the live version
        assert page.get_by_text("Demo data:").count() == 0
        page.locator("[data-testid='stSidebar'] button:has-text('Sign out')").click()
        wait_for_app(page)

        sign_in(page, url, "dga.admin", admin_password, path="/admin?lang=en")
        page.get_by_role("tab", name="Published versions").click()
        page.locator(".st-key-rollback_go button").click()
        # the rerun after the click shows the first tab again: the message is there, in the hidden tab
        page.get_by_text(f"Now serving {first_version}").wait_for(state="attached", timeout=60000)
        assert current_version(data / "results") == first_version
