"""The same behaviour from both account stores: SQLite (one host) and PostgreSQL (several hosts).

Every check runs once per store through the `store` fixture. PostgreSQL is a throwaway server
started once for this module (tests/pg_server.py); each test gets its own empty schema, so the
store creates its tables from nothing every time. Missing PostgreSQL binaries fail the module
with the install command rather than skipping it.
"""

from __future__ import annotations

import hashlib
import itertools
import multiprocessing
import sqlite3
import threading
import time
from pathlib import Path

import pg_server
import psycopg
import pytest
from pg_server import PostgresMissing, running_postgres

from dgcore.accounts.auth import (
    BAD_CREDENTIALS,
    COOLDOWN,
    LoginPolicy,
    UnknownAccount,
    authenticate,
    end_session,
    hash_password,
    reset_password,
    resume_session,
    start_session,
)
from dgcore.accounts.postgres import PostgresAccountStore, copy_store, open_account_store
from dgcore.accounts.store import Account, AccountExists, AccountStore, Session, SqliteAccountStore

T0 = 1_700_000_000.0
POLICY = LoginPolicy(
    window_s=900, max_failures_per_user=5, max_failures_per_ip=20, cooldown_s=600, idle_timeout_s=1800, bcrypt_cost=4
)
USER, PASSWORD = "28G98S1-574", "kHn7Ray-secret"
_schemas = itertools.count(1)


@pytest.fixture(scope="module")
def pg_dsn(tmp_path_factory: pytest.TempPathFactory):
    try:
        with running_postgres(tmp_path_factory.mktemp("pg")) as dsn:
            yield dsn
    except PostgresMissing as exc:
        pytest.fail(str(exc), pytrace=False)


def fresh_schema(dsn: str) -> str:
    """A DSN whose search_path is a new, empty schema (tables are created by the store)."""
    name = f"t{next(_schemas)}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    return f"{dsn}?options=-c%20search_path%3D{name}"


@pytest.fixture(params=["sqlite", "postgres"])
def store(request, tmp_path: Path):
    if request.param == "sqlite":
        yield SqliteAccountStore(tmp_path / "accounts.sqlite")
        return
    pg = PostgresAccountStore(fresh_schema(request.getfixturevalue("pg_dsn")))
    yield pg
    pg.close()


@pytest.fixture
def pg_store(pg_dsn):
    pg = PostgresAccountStore(fresh_schema(pg_dsn))
    yield pg
    pg.close()


def account(
    username: str = USER, role: str = "agency", scope_id: str | None = "A0001", password: str = PASSWORD, **kw
) -> Account:
    values = dict(display_name="สำนักงานทดสอบ", year=2567, created_at=T0, password_changed_at=T0)
    return Account(
        username=username, password_hash=hash_password(password, 4), role=role, scope_id=scope_id, **{**values, **kw}
    )


# --- accounts --------------------------------------------------------------------------------


def test_an_upserted_account_reads_back_under_its_canonical_username(store):
    store.upsert_account(account(f"  {USER.lower()}\t"))
    got = store.get_account(USER.lower())
    assert got is not None and got.username == USER
    assert got == store.get_account(f" {USER} ") == store.get_account("２８G98S1-574")  # NFKC
    assert (got.role, got.scope_id, got.display_name, got.year, got.disabled) == (
        "agency",
        "A0001",
        "สำนักงานทดสอบ",
        2567,
        False,
    )
    assert isinstance(got.created_at, float) and isinstance(got.disabled, bool)
    assert store.get_account("nobody") is None and store.get_account("") is None


def test_upsert_updates_every_field_but_keeps_created_at(store):
    store.upsert_account(account())
    store.upsert_account(
        account(
            USER.lower(),
            role="province",
            scope_id=None,
            display_name="",
            year=None,
            created_at=T0 + 99,
            password_changed_at=T0 + 5,
            disabled=True,
        )
    )
    got = store.get_account(USER)
    assert (got.role, got.scope_id, got.display_name, got.year) == ("province", None, "", None)
    assert (got.created_at, got.password_changed_at, got.disabled) == (T0, T0 + 5, True)
    assert store.list_usernames() == [USER]


def test_accounts_list_by_role_sorted_by_code_point_like_sqlite(store):
    names = ["b-2", "B1", "a-b", "ab", "ก-1", "Z", "_x", "aé"]
    for i, name in enumerate(names):
        store.upsert_account(account(name, role="staff" if i % 2 else "agency"))
    expected = sorted(n.upper() for n in names)  # Python sorts by code point, as SQLite does
    assert store.list_usernames() == expected
    assert [a.username for a in store.list_accounts()] == expected
    assert [a.username for a in store.list_accounts(role="staff")] == sorted(
        n.upper() for i, n in enumerate(names) if i % 2
    )
    assert store.list_accounts(role="nobody") == []


def test_add_accounts_adds_a_whole_batch(store):
    store.add_accounts([account("u1"), account("u2", scope_id="A2")])
    assert store.list_usernames() == ["U1", "U2"]
    store.add_accounts([])
    assert store.list_usernames() == ["U1", "U2"]


@pytest.mark.parametrize("batch", [["u3", "u4", " U1 "], ["u3", "u3"], ["u3", "U3 "]])
def test_add_accounts_is_all_or_nothing_when_any_username_is_taken(store, batch):
    store.add_accounts([account("u1")])
    with pytest.raises(AccountExists):
        store.add_accounts([account(name) for name in batch])
    assert store.list_usernames() == ["U1"]


def test_set_disabled_and_set_password_hash_answer_false_for_unknown_accounts(store):
    store.upsert_account(account())
    assert store.set_disabled(USER.lower(), True, T0 + 1) is True
    assert store.get_account(USER).disabled is True
    assert store.set_disabled(USER, False, T0 + 2) is True and not store.get_account(USER).disabled
    assert store.set_disabled("nobody", True, T0) is False
    assert store.set_password_hash("nobody", "$2b$04$x", T0) is False
    assert store.set_password_hash(f" {USER.lower()} ", "$2b$04$new", T0 + 3) is True
    got = store.get_account(USER)
    assert (got.password_hash, got.password_changed_at, got.created_at) == ("$2b$04$new", T0 + 3, T0)


def test_a_username_with_a_nul_character_is_simply_unknown(store):
    store.upsert_account(account())
    assert store.get_account(USER + "\x00") is None
    result = authenticate(store, USER + "\x00", PASSWORD, "10.0.0.1", T0, POLICY)
    assert (result.ok, result.error) == (False, BAD_CREDENTIALS)
    assert len(store.failures_since(since=0, username=USER + "\x00")) == 1
    assert store.failures_since(since=0, username=USER) == []


# --- failed sign-ins -------------------------------------------------------------------------


def test_failures_since_counts_a_window_per_username_and_per_address(store):
    for t, user, ip in [
        (0, "alice", "10.0.0.1"),
        (10, "ALICE ", "10.0.0.2"),
        (20, "bob", "10.0.0.1"),
        (30, "alice", None),
        (40, "bob", "10.0.0.2"),
    ]:
        store.record_failure(user, ip, T0 + t)
    assert store.failures_since(since=T0 + 10, username=" Alice") == [T0 + 10, T0 + 30]
    assert store.failures_since(since=T0, client_ip="10.0.0.1") == [T0, T0 + 20]
    assert store.failures_since(since=T0 + 1, username="alice", client_ip="10.0.0.2") == [T0 + 10]
    assert store.failures_since(since=T0) == [T0 + t for t in (0, 10, 20, 30, 40)]
    assert store.failures_since(since=T0 + 41) == [] and store.failures_since(since=0, username="eve") == []
    assert all(isinstance(t, float) for t in store.failures_since(since=0))


def test_clear_failures_forgets_one_username_and_prune_forgets_old_ones(store):
    for t, user in [(0, "alice"), (1, "alice"), (2, "bob"), (3, "bob"), (4, "carol")]:
        store.record_failure(user, "10.0.0.1", T0 + t)
    assert store.clear_failures(" ALICE") == 2 and store.clear_failures("alice") == 0
    assert store.prune_failures(T0 + 3) == 1  # strictly older than `before`
    assert store.failures_since(since=0) == [T0 + 3, T0 + 4]


# --- sessions --------------------------------------------------------------------------------


def test_sessions_are_created_read_touched_and_ended(store):
    store.create_session("h1", USER.lower(), T0)
    assert store.get_session("h1") == Session("h1", USER, T0, T0, None)
    assert store.get_session("h2") is None
    store.touch_session("h1", T0 + 60)
    assert store.get_session("h1").last_seen == T0 + 60
    assert store.end_session("h1", T0 + 70) is True
    assert store.end_session("h1", T0 + 80) is False and store.end_session("nope", T0) is False
    store.touch_session("h1", T0 + 90)  # an ended session is not touched
    assert store.get_session("h1") == Session("h1", USER, T0, T0 + 60, T0 + 70)


def test_a_session_and_its_account_are_read_together(store):
    assert store.get_session_account("h1") == (None, None)
    store.upsert_account(account())
    store.create_session("h1", USER.lower(), T0)
    store.create_session("h2", "nobody", T0)
    assert store.get_session_account("h1") == (store.get_session("h1"), store.get_account(USER))
    assert store.get_session_account("h2") == (store.get_session("h2"), None)  # the account is gone
    store.end_session("h1", T0 + 5)
    assert store.get_session_account("h1")[0].ended_at == T0 + 5


def test_a_session_token_hash_is_unique(store):
    store.create_session("h1", "alice", T0)
    with pytest.raises((sqlite3.IntegrityError, psycopg.IntegrityError)):
        store.create_session("h1", "bob", T0)
    assert store.get_session("h1").username == "ALICE"


def test_end_user_sessions_ends_only_that_users_open_sessions(store):
    for h, user in [("a1", "alice"), ("a2", "ALICE"), ("a3", "alice"), ("b1", "bob")]:
        store.create_session(h, user, T0)
    store.end_session("a3", T0 + 1)
    assert store.end_user_sessions(" alice ", T0 + 2) == 2
    assert store.end_user_sessions("alice", T0 + 3) == 0
    assert [store.get_session(h).ended_at for h in ("a1", "a2", "a3", "b1")] == [T0 + 2, T0 + 2, T0 + 1, None]


def test_a_new_password_hash_ends_the_users_sessions_in_the_same_write(store):
    store.upsert_account(account())
    store.upsert_account(account("other"))
    store.create_session("mine", USER, T0)
    store.create_session("theirs", "other", T0)
    assert store.set_password_hash(USER, "$2b$04$new", T0 + 5)
    assert store.get_session("mine").ended_at == T0 + 5
    assert store.get_session("theirs").ended_at is None


def test_disabling_ends_sessions_and_enabling_does_not_revive_them(store):
    store.upsert_account(account())
    store.create_session("h", USER, T0)
    store.set_disabled(USER, True, T0 + 1)
    store.set_disabled(USER, False, T0 + 2)
    assert store.get_session("h").ended_at == T0 + 1


# --- audit -----------------------------------------------------------------------------------


def _audit_fixture(store: AccountStore) -> None:
    rows = [
        (0, "admin", "login_ok", "ADMIN", "10.0.0.1"),
        (1, "u1", "login_failed", "U1", "10.0.0.2"),
        (2, "admin", "password_reset", "U1", None),
        (2, "u1", "login_ok", "U1", "10.0.0.2"),
        (3, None, "credentials_issued", "2566", None),
    ]
    for at, actor, event, target, ip in rows:
        store.append_audit(at=T0 + at, actor=actor, event=event, target=target, client_ip=ip, detail=f"d{at}")


def test_audit_rows_come_newest_first_with_every_column(store):
    _audit_fixture(store)
    rows = store.audit_rows()
    assert [(r["at"], r["event"]) for r in rows] == [
        (T0 + 3, "credentials_issued"),
        (T0 + 2, "login_ok"),
        (T0 + 2, "password_reset"),
        (T0 + 1, "login_failed"),
        (T0, "login_ok"),
    ]  # ties: the later append first
    assert set(rows[0]) == {"id", "at", "actor", "event", "target", "client_ip", "detail"}
    assert rows[0]["actor"] is None and rows[0]["detail"] == "d3" and isinstance(rows[0]["id"], int)
    assert [r["event"] for r in store.audit_rows(limit=2)] == ["credentials_issued", "login_ok"]


@pytest.mark.parametrize(
    "filters, expected",
    [
        (dict(actor="admin"), ["password_reset", "login_ok"]),
        (dict(event="login_ok"), ["login_ok", "login_ok"]),
        (dict(target="U1"), ["login_ok", "password_reset", "login_failed"]),
        (dict(client_ip="10.0.0.2"), ["login_ok", "login_failed"]),
        (dict(since=T0 + 1, until=T0 + 3), ["login_ok", "password_reset", "login_failed"]),
        (dict(since=T0 + 2), ["credentials_issued", "login_ok", "password_reset"]),
        (dict(until=T0 + 1), ["login_ok"]),
        (dict(actor="u1", event="login_ok", target="U1", since=T0, until=T0 + 9), ["login_ok"]),
        (
            dict(actor=None, event=None),
            ["credentials_issued", "login_ok", "password_reset", "login_failed", "login_ok"],
        ),
        (dict(event="x'; DROP TABLE audit; --"), []),
    ],
)
def test_audit_filters_combine_and_bind_only_values(store, filters, expected):
    _audit_fixture(store)
    assert [r["event"] for r in store.audit_rows(**filters)] == expected
    assert len(store.audit_rows()) == 5


def test_audit_rows_refuse_unknown_filters(store):
    with pytest.raises(ValueError, match="evnt"):
        store.audit_rows(evnt="login_ok")


# --- dgcore.accounts.auth end to end ------------------------------------------------------------------


def test_sign_in_cooldown_and_success_end_to_end(store):
    store.upsert_account(account())
    assert authenticate(store, f" {USER.lower()} ", PASSWORD, "10.0.0.1", T0, POLICY).ok
    for i in range(5):
        assert authenticate(store, USER, "wrong", "10.0.0.1", T0 + 1 + i, POLICY).error == BAD_CREDENTIALS
    blocked = authenticate(store, USER, PASSWORD, "10.0.0.9", T0 + 10, POLICY)
    assert (blocked.error, blocked.retry_after) == (COOLDOWN, pytest.approx(5 + 600 - 10))
    assert authenticate(store, USER, PASSWORD, "10.0.0.1", T0 + 5 + 600, POLICY).ok
    assert store.failures_since(since=0, username=USER) == []
    events = [r["event"] for r in reversed(store.audit_rows(target=USER))]
    assert events == ["login_ok"] + ["login_failed"] * 5 + ["login_cooldown", "login_ok"]


def test_sessions_and_password_reset_end_to_end(store):
    store.upsert_account(account())
    token = start_session(store, USER, T0)
    assert resume_session(store, token, T0 + 120, idle_timeout=1800).username == USER
    assert store.get_session(hashlib.sha256(token.encode()).hexdigest()).last_seen == T0 + 120
    other = start_session(store, USER, T0 + 130)
    assert end_session(store, other, T0 + 140, client_ip="10.0.0.1")
    assert resume_session(store, other, T0 + 150, idle_timeout=1800) is None
    reset_password(store, USER, "Fresh-pass-9", T0 + 200, by="admin1", cost=4)
    assert resume_session(store, token, T0 + 201, idle_timeout=1800) is None
    assert authenticate(store, USER, "Fresh-pass-9", "10.0.0.1", T0 + 202, POLICY).ok
    assert not authenticate(store, USER, PASSWORD, "10.0.0.1", T0 + 203, POLICY).ok
    with pytest.raises(UnknownAccount):
        reset_password(store, "nobody", "Fresh-pass-9", T0, by="admin1", cost=4)
    assert [r["event"] for r in store.audit_rows(actor="admin1")] == ["password_reset"]


def test_many_threads_signing_in_at_once_get_consistent_answers(store):
    store.upsert_account(account())
    policy = LoginPolicy(max_failures_per_user=1000, bcrypt_cost=4)
    results, errors = [], []

    def worker(i: int) -> None:
        try:
            for j in range(5):
                good = (i + j) % 2 == 0
                r = authenticate(store, USER, PASSWORD if good else "x", f"10.1.{i}.{j}", T0 + j, policy)
                results.append(r.ok == good)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(results) == 40 and all(results)


# --- the stores side by side -----------------------------------------------------------------


def test_both_stores_satisfy_the_protocol_and_record_schema_version_once(store):
    assert isinstance(store, AccountStore)
    store.upsert_account(account())
    assert store.schema_version == 1
    again = type(store)(store.dsn if isinstance(store, PostgresAccountStore) else store.path)
    assert again.schema_version == 1 and again.list_usernames() == [USER]
    assert again._read("SELECT COUNT(*) FROM schema_version")[0][0] == 1


def test_both_schemas_have_the_same_tables_and_columns(tmp_path, pg_store):
    lite = SqliteAccountStore(tmp_path / "a.sqlite")
    lite.list_usernames()
    pg_store.list_usernames()
    tables = ["schema_version", "accounts", "login_failures", "sessions", "audit"]
    lite_cols = {t: [r[1] for r in lite._read(f"PRAGMA table_info({t})")] for t in tables}
    pg_cols = {
        t: [
            r[0]
            for r in pg_store._read(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                "AND table_schema = current_schema() ORDER BY ordinal_position",
                (t,),
            )
        ]
        for t in tables
    }
    assert pg_cols == lite_cols


def test_a_schema_newer_than_the_code_is_refused(pg_store):
    pg_store.list_usernames()
    with pg_store._write() as conn:
        conn.execute("INSERT INTO schema_version (version) VALUES (?)", (99,))
    with pytest.raises(RuntimeError, match="newer than this code"):
        PostgresAccountStore(pg_store.dsn).list_usernames()


def test_open_account_store_picks_the_store_from_accounts_path(tmp_path, pg_dsn):
    assert type(open_account_store(str(tmp_path / "a.sqlite"))) is SqliteAccountStore
    assert type(open_account_store(tmp_path / "a.sqlite")) is SqliteAccountStore
    pg = open_account_store(pg_dsn)
    assert type(pg) is PostgresAccountStore and pg.list_usernames() == []
    pg.close()
    with pytest.raises(ValueError, match="pathlib"):
        open_account_store(Path(pg_dsn))  # Path() collapses '//': config must keep a str


def test_copy_store_moves_accounts_and_audit_from_sqlite_into_an_empty_postgres(tmp_path, pg_store):
    lite = SqliteAccountStore(tmp_path / "a.sqlite")
    lite.add_accounts([account("u1"), account("u2", role="staff", scope_id=None, disabled=True)])
    _audit_fixture(lite)
    assert copy_store(lite, pg_store) == {"accounts": 2, "audit_rows": 5}
    assert pg_store.list_accounts() == lite.list_accounts()
    strip = lambda rows: [{k: v for k, v in r.items() if k != "id"} for r in rows]
    assert strip(pg_store.audit_rows()) == strip(lite.audit_rows())
    assert authenticate(pg_store, "u1", PASSWORD, None, T0, POLICY).ok  # the hashes came along
    with pytest.raises(AccountExists):
        copy_store(lite, pg_store)
    assert len(pg_store.audit_rows()) == 6  # the 5 copied and the sign-in; nothing copied twice


def test_the_dsn_password_never_shows_in_repr(pg_dsn):
    password = pg_dsn.split(":")[2].split("@")[0]
    assert password not in repr(PostgresAccountStore(pg_dsn))


def test_pooled_connections_closed_by_the_server_are_replaced_without_an_error(pg_store):
    pg_store.upsert_account(account())
    with psycopg.connect(pg_store.dsn, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'dgr-accounts'")
        deadline = time.monotonic() + 5
        while admin.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'dgr-accounts'").fetchone()[
            0
        ]:
            assert time.monotonic() < deadline
            time.sleep(0.02)
    assert pg_store.get_account(USER).username == USER
    pg_store.record_failure(USER, None, T0)
    assert pg_store.failures_since(since=0) == [T0]


def _hammer(dsn: str, worker: int, n: int) -> None:
    store = PostgresAccountStore(dsn)
    for i in range(n):
        store.append_audit(at=T0 + i, actor=f"w{worker}", event="test", detail=str(i))
        store.record_failure(f"user{worker}", f"10.0.0.{worker}", T0 + i)
    store.close()


def test_two_processes_writing_the_same_database_at_once_lose_nothing(pg_store):
    pg_store.list_usernames()  # the schema exists before the race, as in production
    ctx = multiprocessing.get_context("spawn")  # fresh interpreters, like two app hosts
    procs = [ctx.Process(target=_hammer, args=(pg_store.dsn, w, 200)) for w in (1, 2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
    assert [p.exitcode for p in procs] == [0, 0]
    for w in (1, 2):
        assert len(pg_store.audit_rows(actor=f"w{w}", limit=1000)) == 200
        assert len(pg_store.failures_since(since=0, username=f"user{w}")) == 200
        assert len(pg_store.failures_since(since=0, client_ip=f"10.0.0.{w}")) == 200
    ids = [r["id"] for r in pg_store.audit_rows(limit=1000)]
    assert len(set(ids)) == 400


def test_two_processes_creating_the_schema_at_once_both_succeed(pg_dsn):
    dsn = fresh_schema(pg_dsn)
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_hammer, args=(dsn, w, 5)) for w in (1, 2, 3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
    assert [p.exitcode for p in procs] == [0, 0, 0]
    store = PostgresAccountStore(dsn)
    assert store._read("SELECT COUNT(*) FROM schema_version")[0][0] == 1
    assert len(store.audit_rows()) == 15
    store.close()


def test_missing_postgres_binaries_fail_with_the_install_command(monkeypatch):
    monkeypatch.setenv("DGR_PG_BIN", "/nonexistent")
    monkeypatch.setattr(pg_server.glob, "glob", lambda pattern: [])
    monkeypatch.setattr(pg_server.shutil, "which", lambda name: None)
    with pytest.raises(PostgresMissing, match="apt-get install -y postgresql"), running_postgres():
        pass
