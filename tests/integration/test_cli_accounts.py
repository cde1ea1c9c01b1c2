"""python -m dgcore credentials / accounts against the real demo database and account store."""

import csv
import os
import stat
import subprocess
import sys
import time

from dgcore.accounts import auth
from dgcore.accounts.store import SqliteAccountStore

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def cli(settings, *args):
    env = {
        **os.environ,
        "DGR_DATA_DIR": str(settings.data_dir),
        "DGR_RESULTS_DIR": str(settings.results_dir),
        "DGR_BCRYPT_COST": "4",
    }
    return subprocess.run(
        [sys.executable, "-m", "dgcore", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_credentials_issue_once_per_unit_with_a_private_mail_merge_file(demo_settings, demo_db, tmp_path):
    out = tmp_path / "letters-2566.csv"
    r = cli(demo_settings, "credentials", "issue", "--year", "2566", "--out", str(out))
    assert r.returncode == 0, r.stderr
    targeted = demo_db.query("SELECT count(*) n FROM participation WHERE year = 2566 AND status <> 'withdrawn'")["n"][0]
    with open(out, encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    already = {"D317", "CIO-50"}  # demo accounts exist for these units
    assert len(rows) == targeted - len(already) and not already & {x["agency_id"] for x in rows}
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    store = SqliteAccountStore(demo_settings.accounts_path)
    first = rows[0]
    acct = store.get_account(first["username"])
    assert acct.role == "agency" and acct.scope_id == first["agency_id"]
    assert first["password"] not in acct.password_hash
    assert auth.authenticate(store, first["username"], first["password"], None, time.time()).ok
    again = cli(demo_settings, "credentials", "issue", "--year", "2566", "--out", str(tmp_path / "again.csv"))
    assert again.returncode == 0 and "issued 0" in again.stdout


def test_credentials_refuse_a_file_inside_the_repository(demo_settings):
    r = cli(demo_settings, "credentials", "issue", "--year", "2566", "--out", os.path.join(ROOT, "data", "x.csv"))
    assert r.returncode == 2 and "inside the repository" in r.stderr
    assert not os.path.exists(os.path.join(ROOT, "data", "x.csv"))


def test_accounts_reset_gives_a_new_password_and_unlock_clears_failures(demo_settings, demo_accounts):
    user = demo_accounts[demo_accounts["role"] == "staff"]["username"].iloc[0]
    store = SqliteAccountStore(demo_settings.accounts_path)
    token = auth.start_session(store, user, time.time())
    r = cli(demo_settings, "accounts", "reset", user, "--password", "fresh-pass-9")
    assert r.returncode == 0, r.stderr
    assert auth.resume_session(store, token, time.time(), 1800) is None
    assert auth.authenticate(store, user, "fresh-pass-9", None, time.time()).ok
    old_pw = demo_accounts[demo_accounts["username"] == user]["password"].iloc[0]
    r = cli(demo_settings, "accounts", "reset", user, "--password", old_pw)  # leave the demo account usable
    assert r.returncode == 0
    for _ in range(3):
        store.record_failure(user, "203.0.113.9", time.time())
    r = cli(demo_settings, "accounts", "unlock", user)
    assert r.returncode == 0 and "3 recent failures" in r.stdout
    assert cli(demo_settings, "accounts", "unlock", "NOBODY-000").returncode == 2
    events = [a["event"] for a in store.audit_rows(target=user.upper())]
    assert "password_reset" in events and "unlock" in events


def test_accounts_create_makes_an_admin_with_a_one_time_password_audited(demo_settings):
    store = SqliteAccountStore(demo_settings.accounts_path)
    r = cli(demo_settings, "accounts", "create", "first.admin", "--role", "admin", "--display-name", "ผู้ดูแล สพร.")
    assert r.returncode == 0, r.stderr
    password = r.stdout.split("(แสดงครั้งเดียว): ")[1].strip()
    assert len(password) == 10 and password not in store.get_account("first.admin").password_hash
    result = auth.authenticate(store, "FIRST.ADMIN", password, None, time.time())
    assert result.ok and result.actor.role == "admin" and result.actor.display_name == "ผู้ดูแล สพร."
    assert [a["event"] for a in store.audit_rows(target="FIRST.ADMIN")][-1:] == ["account_created"]
    again = cli(demo_settings, "accounts", "create", "first.admin", "--role", "staff")
    assert again.returncode == 2 and "already taken" in again.stderr
    assert store.get_account("first.admin").role == "admin"  # never replaced


def test_accounts_create_reads_the_password_from_stdin_and_refuses_bad_input(demo_settings):
    env = {**os.environ, "DGR_DATA_DIR": str(demo_settings.data_dir), "DGR_BCRYPT_COST": "4"}
    args = [sys.executable, "-m", "dgcore", "accounts", "create", "briefer", "--role", "presenter", "--password-stdin"]
    r = subprocess.run(args, cwd=ROOT, env=env, input="a long presenter pass\n", capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "a long presenter pass" not in r.stdout  # a password given is never echoed
    store = SqliteAccountStore(demo_settings.accounts_path)
    assert auth.authenticate(store, "briefer", "a long presenter pass", None, time.time()).actor.role == "presenter"
    staff = [*args[:5], "briefer2", "--role", "staff", "--password-stdin"]
    short = subprocess.run(staff, cwd=ROOT, env=env, input="ninechars\n", capture_output=True, text=True)
    assert short.returncode == 2 and "at least 10" in short.stderr and store.get_account("briefer2") is None
    assert cli(demo_settings, "accounts", "create", "x", "--role", "staff").returncode == 2  # too short a name
    assert cli(demo_settings, "accounts", "create", "someone").returncode == 2  # no role
    agency = cli(demo_settings, "accounts", "create", "unit9", "--role", "agency")
    assert agency.returncode == 2 and store.get_account("unit9") is None  # units come from `credentials issue`
