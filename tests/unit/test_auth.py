"""Sign-in core: hashes, uniform failures, the time-windowed limiter, sessions, audit, the store."""

from __future__ import annotations

import ast
import multiprocessing
import sqlite3
import stat
import threading
from contextlib import closing
from pathlib import Path

import bcrypt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dgcore.access import Actor
from dgcore.accounts import auth
from dgcore.accounts.auth import (
    BAD_CREDENTIALS,
    COOLDOWN,
    LoginPolicy,
    PasswordError,
    UnknownAccount,
    authenticate,
    cooldown_until,
    end_session,
    hash_password,
    reset_password,
    resume_session,
    start_session,
    unlock,
)
from dgcore.accounts.store import Account, AccountStore, SqliteAccountStore

T0 = 1_700_000_000.0
POLICY = LoginPolicy(
    window_s=900, max_failures_per_user=5, max_failures_per_ip=20, cooldown_s=600, idle_timeout_s=1800, bcrypt_cost=4
)
USER, PASSWORD = "28G98S1-574", "kHn7Ray-secret"
LONG_THAI = "รหัสผ่านภาษาไทยที่ยาวมากเกินเจ็ดสิบสองไบต์แน่นอน"  # 45 chars, 135 bytes


@pytest.fixture
def store(tmp_path: Path) -> SqliteAccountStore:
    return SqliteAccountStore(tmp_path / "accounts.sqlite")


def add_user(
    store: SqliteAccountStore,
    username: str = USER,
    password: str = PASSWORD,
    role: str = "agency",
    scope_id: str | None = "A0001",
    disabled: bool = False,
) -> None:
    store.upsert_account(
        Account(
            username=username,
            password_hash=hash_password(password, 4),
            role=role,
            scope_id=scope_id,
            display_name="สำนักงานทดสอบ",
            year=2567,
            created_at=T0,
            password_changed_at=T0,
            disabled=disabled,
        )
    )


def fail(store: AccountStore, n: int, username: str = USER, ip: str = "10.0.0.1", start: float = T0) -> None:
    for i in range(n):
        assert authenticate(store, username, "wrong", ip, start + i, POLICY).error


@pytest.fixture
def bcrypt_checks(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """Every hash bcrypt.checkpw is asked to check, in order."""
    seen: list[bytes] = []
    real = bcrypt.checkpw

    def counting(password: bytes, hashed: bytes) -> bool:
        seen.append(hashed)
        return real(password, hashed)

    monkeypatch.setattr(auth.bcrypt, "checkpw", counting)
    return seen


# --- passwords and uniform failures ---------------------------------------------------------


def test_a_correct_password_signs_in_as_the_accounts_actor(store):
    add_user(store)
    result = authenticate(store, USER, PASSWORD, "10.0.0.1", T0, POLICY)
    assert result.ok and result.error is None and result.retry_after == 0
    assert result.actor == Actor(USER, "agency", "A0001", "สำนักงานทดสอบ")


def test_usernames_match_regardless_of_case_and_surrounding_spaces(store):
    add_user(store)
    assert authenticate(store, f"  {USER.lower()}\t", PASSWORD, "10.0.0.1", T0, POLICY).ok


def test_a_wrong_password_gets_bad_credentials(store):
    add_user(store)
    result = authenticate(store, USER, PASSWORD + "x", "10.0.0.1", T0, POLICY)
    assert (result.actor, result.error, result.retry_after) == (None, BAD_CREDENTIALS, 0.0)


def test_unknown_username_gets_the_same_answer_as_a_wrong_password(store):
    add_user(store)
    wrong = authenticate(store, USER, "nope-nope", "10.0.0.1", T0, POLICY)
    unknown = authenticate(store, "99Z99Z9-999", "nope-nope", "10.0.0.2", T0, POLICY)
    assert unknown == wrong


def test_unknown_username_runs_one_bcrypt_check_of_the_same_cost_as_a_known_one(store, bcrypt_checks):
    add_user(store)
    authenticate(store, USER, "nope-nope", "10.0.0.1", T0, POLICY)
    authenticate(store, "99Z99Z9-999", "nope-nope", "10.0.0.1", T0, POLICY)
    authenticate(store, "", "", "10.0.0.1", T0, POLICY)
    assert len(bcrypt_checks) == 3
    assert {auth.hash_cost(h.decode()) for h in bcrypt_checks} == {POLICY.bcrypt_cost}


def test_a_disabled_account_gets_bad_credentials_even_with_the_right_password(store, bcrypt_checks):
    add_user(store, disabled=True)
    result = authenticate(store, USER, PASSWORD, "10.0.0.1", T0, POLICY)
    assert (result.actor, result.error) == (None, BAD_CREDENTIALS)
    assert len(bcrypt_checks) == 1


def test_the_database_files_never_contain_a_plaintext_password(store, tmp_path):
    add_user(store)
    authenticate(store, USER, PASSWORD, "10.0.0.1", T0, POLICY)
    authenticate(store, USER, "typo-" + PASSWORD, "10.0.0.1", T0 + 1, POLICY)
    reset_password(store, USER, "Brand-new-pass", T0 + 2, by="admin", cost=4)
    blob = b"".join(p.read_bytes() for p in tmp_path.glob("accounts.sqlite*"))
    for secret in (PASSWORD, "typo-" + PASSWORD, "Brand-new-pass"):
        assert secret.encode() not in blob
    assert store.get_account(USER).password_hash.startswith("$2b$04$")


def test_a_thai_password_longer_than_72_bytes_works_and_is_not_truncated(store):
    assert len(LONG_THAI.encode("utf-8")) > 72
    add_user(store, password=LONG_THAI)
    assert authenticate(store, USER, LONG_THAI, "10.0.0.1", T0, POLICY).ok
    same_first_72_bytes = LONG_THAI[:30] + "ก" * 20
    assert not authenticate(store, USER, same_first_72_bytes, "10.0.0.1", T0, POLICY).ok


def test_the_store_file_is_readable_by_its_owner_only(store, tmp_path):
    add_user(store)
    assert stat.S_IMODE((tmp_path / "accounts.sqlite").stat().st_mode) == 0o600


# --- rate limiting ---------------------------------------------------------------------------


def test_five_failures_for_a_username_start_a_cooldown_that_skips_the_password_check(store, bcrypt_checks):
    add_user(store)
    fail(store, 5)
    checks_before = len(bcrypt_checks)
    result = authenticate(store, USER, PASSWORD, "10.0.0.9", T0 + 10, POLICY)
    assert (result.actor, result.error) == (None, COOLDOWN)
    assert result.retry_after == pytest.approx(T0 + 4 + 600 - (T0 + 10))
    assert len(bcrypt_checks) == checks_before


def test_the_failure_that_starts_a_cooldown_says_how_long_to_wait(store):
    add_user(store)
    fail(store, 4)
    result = authenticate(store, USER, "wrong", "10.0.0.1", T0 + 4, POLICY)
    assert (result.error, result.retry_after) == (BAD_CREDENTIALS, 600)


def test_cooldown_answers_unknown_usernames_the_same_way(store):
    add_user(store)
    fail(store, 5, username=USER, ip="10.0.0.1")
    fail(store, 5, username="99Z99Z9-999", ip="10.0.0.2")
    known = authenticate(store, USER, "x", "10.0.0.3", T0 + 10, POLICY)
    unknown = authenticate(store, "99Z99Z9-999", "x", "10.0.0.4", T0 + 10, POLICY)
    assert known == unknown and known.error == COOLDOWN


def test_failures_from_one_address_across_usernames_start_a_cooldown_for_that_address(store):
    add_user(store)
    for i in range(20):
        authenticate(store, f"guess-{i}", "x", "203.0.113.7", T0 + i, POLICY)
    blocked = authenticate(store, USER, PASSWORD, "203.0.113.7", T0 + 30, POLICY)
    assert blocked.error == COOLDOWN and blocked.retry_after == pytest.approx(19 + 600 - 30)
    assert authenticate(store, USER, PASSWORD, "198.51.100.1", T0 + 30, POLICY).ok


def test_a_cooldown_always_expires_even_when_attempts_continue(store):
    add_user(store)
    fail(store, 5)
    for t in range(10, 600, 30):  # hammering during the cool-down does not extend it
        assert authenticate(store, USER, "x", "10.0.0.1", T0 + t, POLICY).error == COOLDOWN
    assert authenticate(store, USER, PASSWORD, "10.0.0.1", T0 + 4 + 600, POLICY).ok


def test_failures_spread_wider_than_the_window_never_start_a_cooldown(store):
    add_user(store)
    for i in range(10):  # one failure every 301 s: never 5 within any 900 s
        result = authenticate(store, USER, "wrong", "10.0.0.1", T0 + i * 301, POLICY)
        assert (result.error, result.retry_after) == (BAD_CREDENTIALS, 0.0)
    assert authenticate(store, USER, PASSWORD, "10.0.0.1", T0 + 10 * 301, POLICY).ok


def test_a_successful_sign_in_clears_the_usernames_failures(store):
    add_user(store)
    fail(store, 4)
    assert authenticate(store, USER, PASSWORD, "10.0.0.1", T0 + 5, POLICY).ok
    assert store.failures_since(since=0, username=USER) == []
    fail(store, 4, start=T0 + 6)
    assert authenticate(store, USER, PASSWORD, "10.0.0.1", T0 + 20, POLICY).ok


def test_unlock_ends_a_cooldown_and_is_audited(store):
    add_user(store)
    fail(store, 5)
    assert unlock(store, USER.lower(), T0 + 10, by="admin1") == 5
    assert authenticate(store, USER, PASSWORD, "10.0.0.1", T0 + 11, POLICY).ok
    row = store.audit_rows(event="unlock")[0]
    assert (row["actor"], row["target"], row["detail"]) == ("admin1", USER, "cleared=5")


def test_every_success_failure_and_cooldown_is_audited(store):
    add_user(store)
    fail(store, 5, ip="10.0.0.7")
    authenticate(store, USER, PASSWORD, "10.0.0.7", T0 + 10, POLICY)
    authenticate(store, USER, PASSWORD, "10.0.0.7", T0 + 700, POLICY)
    events = [r["event"] for r in reversed(store.audit_rows(target=USER))]
    assert events == ["login_failed"] * 5 + ["login_cooldown", "login_ok"]
    assert {r["client_ip"] for r in store.audit_rows()} == {"10.0.0.7"}


@settings(max_examples=200, deadline=None)
@given(
    gaps=st.lists(st.floats(0, 2000), max_size=30),
    limit=st.integers(1, 6),
    window=st.floats(1, 1000),
    cooldown=st.floats(1, 1000),
)
def test_every_cooldown_ends_one_cooldown_after_the_last_failure_at_the_latest(gaps, limit, window, cooldown):
    times = [T0 + sum(gaps[: i + 1]) for i in range(len(gaps))]
    until = cooldown_until(times, limit, window, cooldown)
    if len(times) < limit:
        assert until == 0.0
    else:
        assert until <= times[-1] + cooldown


# --- sessions --------------------------------------------------------------------------------


def test_a_session_token_resumes_as_the_same_actor_and_only_its_hash_is_stored(store, tmp_path):
    add_user(store)
    token = start_session(store, USER, T0)
    assert len(token) >= 40
    assert resume_session(store, token, T0 + 60, idle_timeout=1800).username == USER
    blob = b"".join(p.read_bytes() for p in tmp_path.glob("accounts.sqlite*"))
    assert token.encode() not in blob


def test_unknown_or_empty_tokens_resume_nothing(store):
    add_user(store)
    start_session(store, USER, T0)
    for token in ("", None, "not-a-token", "x" * 10_000):
        assert resume_session(store, token, T0 + 1, idle_timeout=1800) is None


def test_a_session_idle_longer_than_the_timeout_is_ended(store):
    add_user(store)
    token = start_session(store, USER, T0)
    assert resume_session(store, token, T0 + 1700, idle_timeout=1800) is not None
    assert resume_session(store, token, T0 + 1700 + 1801, idle_timeout=1800) is None
    assert resume_session(store, token, T0 + 1700 + 1802, idle_timeout=10**9) is None


def test_activity_keeps_a_session_alive_past_the_idle_timeout(store):
    add_user(store)
    token = start_session(store, USER, T0)
    for minutes in range(20, 200, 20):
        assert resume_session(store, token, T0 + minutes * 60, idle_timeout=1800) is not None


def test_a_session_older_than_its_maximum_age_is_ended(store):
    add_user(store)
    token = start_session(store, USER, T0)
    assert resume_session(store, token, T0 + 100, 1800, max_age=150) is not None
    assert resume_session(store, token, T0 + 151, 1800, max_age=150) is None


def test_sign_out_ends_the_session_and_is_audited(store):
    add_user(store)
    token = start_session(store, USER, T0)
    assert end_session(store, token, T0 + 5, client_ip="10.0.0.1")
    assert resume_session(store, token, T0 + 6, idle_timeout=1800) is None
    assert not end_session(store, token, T0 + 7)
    assert [r["event"] for r in store.audit_rows(target=USER)] == ["logout"]


def test_a_password_reset_ends_every_session_of_that_user(store):
    add_user(store)
    add_user(store, username="OTHER-1", scope_id="A0002")
    copied = [start_session(store, USER, T0), start_session(store, USER, T0 + 1)]
    other = start_session(store, "OTHER-1", T0)
    reset_password(store, USER, "Fresh-pass-9", T0 + 10, by="admin1", cost=4)
    assert [resume_session(store, t, T0 + 11, idle_timeout=1800) for t in copied] == [None, None]
    assert resume_session(store, other, T0 + 11, idle_timeout=1800) is not None
    assert authenticate(store, USER, "Fresh-pass-9", "10.0.0.1", T0 + 12, POLICY).ok
    assert not authenticate(store, USER, PASSWORD, "10.0.0.1", T0 + 13, POLICY).ok
    assert store.audit_rows(event="password_reset")[0]["actor"] == "admin1"


def test_a_password_reset_also_ends_a_cooldown(store):
    add_user(store)
    fail(store, 5)
    reset_password(store, USER, "Fresh-pass-9", T0 + 10, by="admin1", cost=4)
    assert authenticate(store, USER, "Fresh-pass-9", "10.0.0.1", T0 + 11, POLICY).ok


def test_disabling_an_account_ends_its_sessions(store):
    add_user(store)
    token = start_session(store, USER, T0)
    store.set_disabled(USER, True, T0 + 1)
    store.set_disabled(USER, False, T0 + 2)
    assert resume_session(store, token, T0 + 3, idle_timeout=1800) is None


def test_reset_password_refuses_short_passwords_and_unknown_accounts(store):
    add_user(store)
    with pytest.raises(PasswordError) as short:
        reset_password(store, USER, "abc", T0, by="admin1", cost=4)
    assert short.value.key == "password_too_short"
    with pytest.raises(UnknownAccount):
        reset_password(store, "NOBODY", "Long-enough-1", T0, by="admin1", cost=4)


# --- policy ----------------------------------------------------------------------------------


def test_login_policy_is_built_from_a_plain_dict():
    policy = LoginPolicy.from_dict({"window_s": "600", "max_failures_per_user": 3, "bcrypt_cost": 10})
    assert (policy.window_s, policy.max_failures_per_user, policy.bcrypt_cost) == (600.0, 3, 10)
    assert policy.cooldown_s == LoginPolicy().cooldown_s


@pytest.mark.parametrize(
    "values",
    [{"windw_s": 60}, {"bcrypt_cost": 3}, {"window_s": 0}, {"max_failures_per_user": 0}, {"max_failures_per_ip": -1}],
)
def test_login_policy_refuses_unknown_keys_and_impossible_values(values):
    with pytest.raises(ValueError):
        LoginPolicy.from_dict(values)


# --- the store -------------------------------------------------------------------------------


def test_the_store_satisfies_the_protocol_and_reopening_keeps_one_schema_version(tmp_path):
    first = SqliteAccountStore(tmp_path / "a.sqlite")
    add_user(first)
    second = SqliteAccountStore(tmp_path / "a.sqlite")
    assert isinstance(second, AccountStore)
    assert second.schema_version == 1 and second.list_usernames() == [USER]
    with closing(sqlite3.connect(tmp_path / "a.sqlite")) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_audit_rows_filter_newest_first_and_refuse_unknown_filters(store):
    for i, event in enumerate(["login_ok", "logout", "login_ok"]):
        store.append_audit(at=T0 + i, actor="u", event=event, target="t")
    rows = store.audit_rows(event="login_ok", since=T0)
    assert [r["at"] for r in rows] == [T0 + 2, T0]
    assert store.audit_rows(event="x'; DROP TABLE audit; --") == []
    with pytest.raises(ValueError):
        store.audit_rows(evnt="login_ok")


def _hammer(path: str, worker: int, n: int) -> None:
    store = SqliteAccountStore(path)
    for i in range(n):
        store.append_audit(at=T0 + i, actor=f"w{worker}", event="test", detail=str(i))
        store.record_failure(f"user{worker}", f"10.0.0.{worker}", T0 + i)


def test_two_processes_writing_the_same_file_at_once_lose_nothing(tmp_path):
    path = str(tmp_path / "shared.sqlite")
    ctx = multiprocessing.get_context("spawn")  # a fresh interpreter, like the CLI beside the app
    procs = [ctx.Process(target=_hammer, args=(path, w, 150)) for w in (1, 2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
    assert [p.exitcode for p in procs] == [0, 0]
    store = SqliteAccountStore(path)
    for w in (1, 2):
        assert len(store.audit_rows(actor=f"w{w}", limit=1000)) == 150
        assert len(store.failures_since(since=0, username=f"user{w}")) == 150


def test_many_threads_signing_in_at_once_get_consistent_answers(store):
    add_user(store)
    results, errors = [], []

    def worker(i: int) -> None:
        try:
            for j in range(5):
                good = (i + j) % 2 == 0
                r = authenticate(
                    store,
                    USER,
                    PASSWORD if good else "x",
                    f"10.1.{i}.{j}",
                    T0 + j,
                    LoginPolicy(max_failures_per_user=1000, bcrypt_cost=4),
                )
                results.append(r.ok == good)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(results) == 40 and all(results)


def test_the_sign_in_modules_never_import_streamlit():
    core = Path(auth.__file__).parent
    for name in ("auth.py", "store.py", "credentials.py", "postgres.py", "__init__.py"):
        tree = ast.parse((core / name).read_text(encoding="utf-8"))
        imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        imported |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert not any(m.split(".")[0] == "streamlit" for m in imported), name
