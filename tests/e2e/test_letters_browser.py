"""Every letter in one run, then what a unit does with its letter: `python -m dgcore letters
--with-credentials` writes owner-only PDFs, a ZIP and a mail-merge CSV without passwords; the username
and password read back from one letter's text sign in, in Chromium, and show that unit."""

from __future__ import annotations

import csv
import os
import re
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from browser import sign_in, wait_for_app

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
UNITS = ("D001", "D002", "CIO-11")  # no demo account yet: each gets a new one in its letter
YEAR = 2566


@pytest.fixture(scope="module")
def run(private_app, tmp_path_factory):
    url, data = private_app
    out = tmp_path_factory.mktemp("letters") / "out"
    env = {
        **os.environ,
        "DGR_DATA_DIR": str(data),
        "DGR_RESULTS_DIR": str(data / "results"),
        "DGR_ACCOUNTS_PATH": str(data / "accounts.sqlite"),
        "DGR_BCRYPT_COST": "4",
    }
    args = ["letters", "--year", str(YEAR), "--out", str(out), "--with-credentials", "--units", ",".join(UNITS)]
    done = subprocess.run(
        [sys.executable, "-m", "dgcore", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    return url, out, done


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-raw", str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def test_one_owner_only_letter_per_unit_a_zip_and_a_mail_merge_without_passwords(run):
    _, out, done = run
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted([f"{u}.pdf" for u in UNITS] + [f"letters-{YEAR}.zip", f"mail-merge-{YEAR}.csv"])
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in out.iterdir())
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    with zipfile.ZipFile(out / f"letters-{YEAR}.zip") as zf:
        assert sorted(zf.namelist()) == sorted([f"{u}.pdf" for u in UNITS] + [f"mail-merge-{YEAR}.csv"])
    rows = list(csv.DictReader((out / f"mail-merge-{YEAR}.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert [r["agency_id"] for r in rows] == sorted(UNITS) and all(r["file"] == f"{r['agency_id']}.pdf" for r in rows)
    assert all(r["head_title_th"] for r in rows) and "password" not in ",".join(rows[0]).lower()
    texts = {u: _text(out / f"{u}.pdf") for u in UNITS}
    assert all("Password:" in t for t in texts.values()), {u: t[:3000] for u, t in texts.items()}
    passwords = [re.search(r"Password:\s*(\S+)", t).group(1) for t in texts.values()]
    merge = (out / f"mail-merge-{YEAR}.csv").read_text(encoding="utf-8-sig")
    assert not any(p in merge or p in done.stdout or p in done.stderr for p in passwords)  # only in the letters
    assert "letters / หนังสือ 3/3" in done.stderr  # the progress line


def test_the_username_and_password_read_from_a_letter_sign_in(run, page):
    url, out, _ = run
    text = _text(out / "D001.pdf")
    username = re.search(r"Username:\s*(\S+)", text).group(1)
    password = re.search(r"Password:\s*(\S+)", text).group(1)
    sign_in(page, url, username, password, path=f"/?lang=en&year={YEAR}")
    page.get_by_role("link", name="My agency").click()
    wait_for_app(page)
    page.get_by_role("heading", name="Office of the Permanent Secretary, Office of the Prime Minister").wait_for()
