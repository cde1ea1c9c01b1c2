"""The Admin page's letters button (every surveyed unit's results letter of a year in one ZIP, new
accounts printed in their letters): only an administrator reaches it, and what it offers is the letters.

The run is on a private copy of the demo whose 2566 survey is cut to three units (the participation
rows of the others removed), so that the real button writes three real letters, not 378."""

from __future__ import annotations

import io
import sqlite3
import zipfile

import duckdb
import matrix
import pytest
from apphelpers import signed_in_app
from test_faults_apptest import app_env  # noqa: F401  (a fixture: the private copy of results and accounts)

from dgcore.db import current_version

PAGE = "app_pages/admin.py"
KEEP = ("CIO-20", "CIO-50", "D317")  # three of the 2566 survey's units


@pytest.fixture
def three_unit_year(app_env):  # noqa: F811
    results, accounts = app_env
    con = duckdb.connect(str(results / current_version(results)))
    try:
        con.execute(
            "DELETE FROM participation WHERE year = 2566 AND agency_id NOT IN (SELECT unnest($keep))",
            {"keep": list(KEEP)},
        )
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return results, accounts


def test_the_admins_letters_button_writes_every_units_letter_into_one_zip(demo_accounts, three_unit_year):
    _, accounts = three_unit_year
    before = _audit_rows(accounts)
    at = signed_in_app(demo_accounts, "admin", page=PAGE)
    assert at.button(key="letters_make").label.startswith("Every unit's results letter")
    at.selectbox(key="cred_year").set_value(2566).run()
    at.button(key="letters_make").click().run(timeout=300)
    assert not at.exception, [e.value for e in at.exception]
    zipped = at.get("download_button")
    offered = [b for b in zipped if "letters" in b.proto.label.lower()]
    assert offered, [b.proto.label for b in zipped]
    data = at.session_state["letters_file"][1]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = sorted(z.namelist())
        assert names == sorted([f"{u}.pdf" for u in KEEP] + ["mail-merge-2566.csv"]), names
        assert all(z.read(f"{u}.pdf")[:5] == b"%PDF-" for u in KEEP)
        assert "password" not in z.read("mail-merge-2566.csv").decode("utf-8-sig").lower()
    assert _audit_rows(accounts) > before  # the new accounts, stored after the letters, are audited
    matrix.record("admin", "admin", "document", "open")


def _audit_rows(accounts) -> int:
    with sqlite3.connect(accounts) as db:
        return db.execute("SELECT count(*) FROM audit").fetchone()[0]


# staff, presenter, agency D317 and province 50: tests/app/test_admin_apptest.py (the same refusal)
@pytest.mark.parametrize("name", ["department D227", "agency P-LAND-50", "agency L-BMA"])
def test_no_one_but_an_admin_reaches_the_letters_button(demo_accounts, name):
    role, scope = matrix.ACTORS[name]
    at = signed_in_app(demo_accounts, role, scope)
    with pytest.raises(ValueError):
        at.switch_page(PAGE)  # not in the actor's navigation: the page, and its button, are not served
    assert not [b for b in at.button if b.key == "letters_make"]
    matrix.record(name, "admin", "document", "refused")
