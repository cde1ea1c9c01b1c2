"""Faults the app must survive with a plain Thai and English message, no error box, nothing lost:
the results file missing, garbage, cut short or written by another DuckDB version, and the account
store unavailable (SQLite file locked, unreadable or not a database; PostgreSQL not answering).

Each test points the app (through DGR_* variables, as a deployment would) at its own broken copy,
clearing the app's cached settings and connections before and after, so the rest of the suite keeps
the session's demo."""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
from pathlib import Path

import pytest
import streamlit as st
from apphelpers import account, new_app, sign_in

from dgcore.db import current_version, set_current

RESULTS_TH, RESULTS_EN = "ไฟล์ผลสำรวจ", "results file"
ACCOUNTS_TH, ACCOUNTS_EN = "ระบบบัญชีผู้ใช้ไม่พร้อมใช้งาน", "account store cannot be reached"


def reset_app_caches() -> None:
    from ui import auth, state

    for cached in (state.settings, state.results_db, auth.account_store, auth.login_policy):
        cached.clear()
    st.cache_data.clear()
    st.cache_resource.clear()  # the shared query results (ui/loaders._shared)


@pytest.fixture
def app_env(demo_settings, tmp_path):
    """A private copy of the demo's results and accounts; yields (results_dir, accounts_path)."""
    results, accounts = tmp_path / "results", tmp_path / "accounts.sqlite"
    results.mkdir()
    live = current_version(demo_settings.results_dir)
    shutil.copy(demo_settings.results_dir / live, results / live)
    set_current(results, live)
    with sqlite3.connect(demo_settings.accounts_path) as src, sqlite3.connect(accounts) as dst:
        src.backup(dst)
    saved = {k: os.environ.get(k) for k in ("DGR_RESULTS_DIR", "DGR_ACCOUNTS_PATH")}
    os.environ.update(DGR_RESULTS_DIR=str(results), DGR_ACCOUNTS_PATH=str(accounts))
    reset_app_caches()
    yield results, accounts
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v
    reset_app_caches()


def shows_plainly(at, th: str, en: str) -> None:
    assert not at.exception, [e.value for e in at.exception]
    text = " ".join(e.value for e in at.error)
    assert th in text and en in text, text
    assert "Traceback" not in text and not at.get("plotly_chart")


def damaged_copy(results: Path, how: str) -> str:
    """A broken copy of the live version under a new name (the live file itself stays intact)."""
    live = results / current_version(results)
    name = f"20990101T000000-000000-{how}.duckdb"
    data = live.read_bytes()
    if how == "garbage":
        data = os.urandom(len(data))
    elif how == "truncated":
        data = data[: len(data) // 2]
    elif how == "older_duckdb":  # the header's storage version number (bytes 12-19) as an old DuckDB wrote it
        data = data[:12] + (39).to_bytes(8, "little") + data[20:]
    if how != "missing":
        (results / name).write_bytes(data)
    return name


@pytest.mark.parametrize("how", ["missing", "garbage", "truncated", "older_duckdb"])
def test_a_broken_results_file_gives_a_plain_message_and_loses_nothing(app_env, demo_accounts, how):
    """The pointer is moved to a broken version under a signed-in reader (as a rollback to a damaged
    older file would); the reader and a new visitor are told plainly; moving it back brings all back."""
    results, _ = app_env
    at = sign_in(new_app("th", 2563), *account(demo_accounts, "agency", "D317"))
    assert at.title and not at.error
    live = current_version(results)
    live_bytes = (results / live).read_bytes()
    set_current(results, damaged_copy(results, how))
    at.run()
    shows_plainly(at, RESULTS_TH, RESULTS_EN)
    fresh = new_app("en")
    fresh.run()
    shows_plainly(fresh, RESULTS_TH, RESULTS_EN)  # a new visitor is told the same, before signing in
    assert (results / live).read_bytes() == live_bytes  # the good version is untouched
    set_current(results, live)  # an administrator's rollback
    at.run()
    assert not at.exception and not at.error and at.title


def try_sign_in(demo_accounts, role="staff"):
    at = new_app("en", 2563)
    at.run()
    user, password = account(demo_accounts, role)
    at.text_input(key="login_username").set_value(user)
    at.text_input(key="login_password").set_value(password)
    at.button[0].click()
    at.run()
    return at


@pytest.mark.parametrize("how", ["directory", "not_a_database", "unreadable_dir"])
def test_an_unusable_account_store_gives_a_plain_message(app_env, demo_accounts, how):
    _, accounts = app_env
    if how == "directory":
        accounts.unlink()
        accounts.mkdir()
    elif how == "not_a_database":
        accounts.write_bytes(b"this is not an SQLite file" * 1000)
    else:
        os.environ["DGR_ACCOUNTS_PATH"] = str(accounts.parent / "no-such-dir" / "deeper" / "accounts.sqlite")
        (accounts.parent / "no-such-dir").write_text("a file where a folder should be")
        reset_app_caches()
    shows_plainly(try_sign_in(demo_accounts), ACCOUNTS_TH, ACCOUNTS_EN)


def test_a_locked_account_store_gives_a_plain_message_after_the_busy_wait(app_env, demo_accounts):
    _, accounts = app_env
    holder = sqlite3.connect(accounts, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        shows_plainly(try_sign_in(demo_accounts), ACCOUNTS_TH, ACCOUNTS_EN)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    at = try_sign_in(demo_accounts)  # lock gone: signing in works again, nothing lost
    assert not at.error and at.title


def test_postgresql_not_answering_gives_a_plain_message(app_env, demo_accounts):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once the socket is closed
    os.environ["DGR_ACCOUNTS_PATH"] = f"postgresql://dgr:secret@127.0.0.1:{port}/dgr?connect_timeout=3"
    reset_app_caches()
    at = try_sign_in(demo_accounts)
    shows_plainly(at, ACCOUNTS_TH, ACCOUNTS_EN)
    assert "secret" not in " ".join(e.value for e in at.error)


def test_an_account_store_lost_while_signed_in_gives_a_plain_message_then_recovers(app_env, demo_accounts):
    _, accounts = app_env
    at = sign_in(new_app("en", 2563), *account(demo_accounts, "staff"))
    saved = accounts.read_bytes()
    for side in accounts.parent.glob("accounts.sqlite-*"):
        side.unlink()  # the WAL and shared memory go with the file
    accounts.write_bytes(b"\0" * 4096)
    at.run()
    shows_plainly(at, ACCOUNTS_TH, ACCOUNTS_EN)
    accounts.write_bytes(saved)
    at.run()
    assert not at.exception and at.title  # the store is back: the session carries on
