"""Sign-in attacks the core must withstand, beyond tests/unit/test_auth.py: spraying one password
over many real usernames from one address, dodging the per-address limit with a forged
X-Forwarded-For, telling known from unknown usernames by time, and choosing one's own session token."""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from types import SimpleNamespace

import bcrypt
import pytest

from dgcore.accounts import auth
from dgcore.accounts.auth import COOLDOWN, LoginPolicy, authenticate, hash_password, start_session
from dgcore.accounts.store import Account, SqliteAccountStore
from dgcore.config import load_settings

T0 = 1_700_000_000.0
DEFAULT = LoginPolicy(bcrypt_cost=4)  # the shipped limits (5 per user, 60 per address, 15 min), cheap hashes


@pytest.fixture
def store(tmp_path: Path) -> SqliteAccountStore:
    s = SqliteAccountStore(tmp_path / "accounts.sqlite")
    h = hash_password("the-right-one", 4)
    for i in range(100):
        s.upsert_account(
            Account(
                username=f"{i:02d}A00B0-{i:03d}",
                password_hash=h,
                role="agency",
                scope_id=f"D{i:03d}",
                created_at=T0,
                password_changed_at=T0,
            )
        )
    return s


def test_spraying_one_password_over_many_real_users_from_one_address_is_stopped_at_the_address_limit(store):
    """Four tries per username stay under the per-user limit; the per-address limit still stops the
    spray, and a sign-in from another address is unaffected."""
    answers = []
    for i in range(100):
        for _ in range(4 if i < 15 else 1):
            answers.append(
                authenticate(store, f"{i:02d}A00B0-{i:03d}", "Password1", "203.0.113.9", T0 + len(answers), DEFAULT)
            )
    first_cooldown = next(n for n, a in enumerate(answers) if a.error == COOLDOWN)
    assert first_cooldown == DEFAULT.max_failures_per_ip  # the 61st attempt from that address is refused
    assert all(a.error == COOLDOWN and a.retry_after > 0 for a in answers[first_cooldown:])
    # the right password does not get through during the cool-down either (no oracle) ...
    assert authenticate(store, "99A00B0-099", "the-right-one", "203.0.113.9", T0 + 200, DEFAULT).error == COOLDOWN
    # ... while the same person elsewhere signs in
    assert authenticate(store, "99A00B0-099", "the-right-one", "198.51.100.4", T0 + 200, DEFAULT).ok
    failures = store.failures_since(since=0, client_ip="203.0.113.9")
    assert len(failures) == DEFAULT.max_failures_per_ip  # refused attempts are not even counted


def fake_context(monkeypatch, trust_proxy: bool, forwarded: str | None, ip: str):
    import ui.auth as ui_auth

    headers = {"X-Forwarded-For": forwarded} if forwarded is not None else {}
    monkeypatch.setattr(ui_auth.st, "context", SimpleNamespace(headers=headers, ip_address=ip))
    monkeypatch.setattr(ui_auth, "settings", lambda: load_settings({"trust_proxy": trust_proxy}))
    return ui_auth.client_ip


@pytest.mark.parametrize("forged", ["1.2.3.4", "1.2.3.4, 5.6.7.8", "", "x" * 500, "::1, 127.0.0.1"])
def test_a_forged_x_forwarded_for_is_ignored_without_the_proxy(monkeypatch, forged):
    assert fake_context(monkeypatch, False, forged, "203.0.113.9")() == "203.0.113.9"


@pytest.mark.parametrize("forged", ["1.2.3.4", "1.2.3.4, 5.6.7.8", "9.9.9.9,   "])
def test_behind_the_proxy_only_the_address_nginx_appended_counts(monkeypatch, forged):
    """nginx appends the real peer: whatever the client put before it is ignored, so rotating a
    forged header does not give an attacker fresh addresses."""
    assert fake_context(monkeypatch, True, f"{forged}, 203.0.113.9", "10.0.0.2")() == "203.0.113.9"


def test_behind_the_proxy_an_oversized_header_is_cut_not_trusted_whole(monkeypatch):
    assert len(fake_context(monkeypatch, True, "1.1.1.1, " + "7" * 500, "10.0.0.2")()) == 64


def test_known_and_unknown_usernames_cost_the_same_bcrypt_work_and_about_the_same_time(store, monkeypatch):
    """Counted: exactly one bcrypt check of the policy's cost on both paths. Timed (printed, and only a
    wide band asserted, so a busy machine cannot fail it): medians of 20 interleaved tries each at
    cost 8, where skipping the check would make the unknown path about a hundred times faster."""
    policy = LoginPolicy(bcrypt_cost=8, max_failures_per_user=10_000, max_failures_per_ip=0)
    store.upsert_account(
        Account(
            username="KNOWN-1",
            password_hash=hash_password("right-password", 8),
            role="staff",
            created_at=T0,
            password_changed_at=T0,
        )
    )
    checks: list[bytes] = []
    real = bcrypt.checkpw
    monkeypatch.setattr(auth.bcrypt, "checkpw", lambda p, h: checks.append(h) or real(p, h))
    times: dict[str, list[float]] = {"known": [], "unknown": []}
    authenticate(store, "NOBODY-0", "x", None, T0, policy)  # the dummy hash is made once, not timed
    checks.clear()
    for i in range(20):
        for who, name in (("known", "KNOWN-1"), ("unknown", f"NOBODY-{i}")):
            t = time.perf_counter()
            assert authenticate(store, name, "wrong-password", None, T0 + i, policy).error
            times[who].append(time.perf_counter() - t)
    assert len(checks) == 40 and {auth.hash_cost(h.decode()) for h in checks} == {8}
    known, unknown = statistics.median(times["known"]), statistics.median(times["unknown"])
    print(
        f"sign-in timing, median of 20 at cost 8: known {known * 1000:.1f} ms, unknown {unknown * 1000:.1f} ms, "
        f"ratio {unknown / known:.2f}"
    )
    assert 0.33 < unknown / known < 3.0


def test_a_session_token_is_always_made_by_the_server_never_taken_from_the_client(store):
    """There is no way to start a session with a chosen token: every sign-in gets a fresh random one,
    so a token planted in a cookie before sign-in (see tests/e2e/test_session_attacks_ws.py) stays
    unknown to the server."""
    import inspect

    assert list(inspect.signature(start_session).parameters) == ["store", "actor_username", "now"]
    tokens = {start_session(store, "00A00B0-000", T0) for _ in range(50)}
    assert len(tokens) == 50 and all(len(t) >= 43 for t in tokens)
    assert auth.resume_session(store, "attacker-chosen", T0, 1800) is None
