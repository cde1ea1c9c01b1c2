"""Turning a login into an Actor, safely: password hashes, a time-windowed limiter, sessions, audit.

Rules, all enforced here (the UI only translates error keys):
- Passwords are stored only as bcrypt hashes. Every password is first NFKC-normalised, hashed
  with SHA-256 and base64-encoded (44 ASCII bytes) and that is what bcrypt sees, so passwords of
  any length work (bcrypt 5 rejects more than 72 bytes, i.e. 25 Thai characters) and two long
  passwords never collide by sharing their first 72 bytes. These hashes are therefore NOT
  interchangeable with plain-bcrypt hashes such as streamlit-authenticator's.
- Every failure answers 'bad_credentials', whether the username is unknown, the password wrong or
  the account disabled, and every attempt that reaches the password check runs exactly one bcrypt
  check (unknown usernames against a dummy hash of the policy's cost), so neither the answer nor
  its timing reveals which usernames exist. Keep `LoginPolicy.bcrypt_cost` equal to the cost
  accounts were issued with, or the timing of the two paths differs.
- Rate limiting: failures are counted per username and per client address in a sliding window;
  `max_failures_*` failures within `window_s` start a cool-down of `cooldown_s` counted from the
  failure that completed the burst. During a cool-down the password is not checked and the
  attempt is not counted as a failure, so every cool-down ends; a success clears the username's
  failures. Unknown usernames are counted exactly like known ones.
- "Remember me" uses server-side sessions: the cookie holds a random token, the store holds only
  its SHA-256. Sign-out, a password reset, disabling the account or idling past the timeout end it.
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import hashlib
import hmac
import random
import re
import secrets
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import bcrypt

from dgcore.access import Actor
from dgcore.accounts.store import Account, AccountExists, AccountStore, Session, canonical_username

# Passwords are typed from a printed letter, so at most one member of each look-alike group is
# kept: 0 O o D Q (none), 1 l I i j (none), 5 S s (none), 2 Z z (none), 8 B (none), 6 G b (6),
# 9 g q (9), r n m (n m: "rn" reads as "m"), and no lower-case letter shaped like its capital
# (c k p u v w x y). 31 symbols, about 5 bits each.
PASSWORD_ALPHABET = "ACEFHJKLMNPRTUVWXY" + "adefhmnt" + "34679"
PASSWORD_LENGTHS = range(6, 11)

DEFAULT_COST = 12
# Accounts made one at a time by a person (command line or Admin page); unit, province and
# department accounts come from `credentials issue`, bound to a unit of a year.
STAFF_ROLES = ("admin", "staff", "presenter")
USERNAME_RE = re.compile(r"^[A-Z0-9][A-Z0-9._@-]{2,63}$")
MIN_PASSWORD_CHARS = 6
MIN_STAFF_PASSWORD_CHARS = 10
TOUCH_INTERVAL_S = 60.0  # write last_seen at most once a minute per session

BAD_CREDENTIALS = "bad_credentials"
COOLDOWN = "cooldown"


class PasswordError(ValueError):
    """A new password was refused; `key` is a message key for the UI."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


class UnknownAccount(LookupError):
    """No account has this username."""


@dataclass(frozen=True)
class LoginPolicy:
    window_s: float = 900.0
    max_failures_per_user: int = 5
    max_failures_per_ip: int = 60  # a provincial hall shares one address: roomy; 0 turns it off
    cooldown_s: float = 900.0
    idle_timeout_s: float = 1800.0
    max_session_age_s: float = 30 * 86400.0
    bcrypt_cost: int = DEFAULT_COST

    def __post_init__(self) -> None:
        positive = ("window_s", "cooldown_s", "idle_timeout_s", "max_session_age_s")
        bad = [n for n in positive if not getattr(self, n) > 0]
        if self.max_failures_per_user < 1:
            bad.append("max_failures_per_user")
        if self.max_failures_per_ip < 0:
            bad.append("max_failures_per_ip")
        if not 4 <= self.bcrypt_cost <= 31:
            bad.append("bcrypt_cost")
        if bad:
            raise ValueError(f"invalid login policy value(s): {', '.join(bad)}")

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> LoginPolicy:
        """Build a policy from a plain mapping (config); unknown keys are an error."""
        fields = {f.name: type(f.default) for f in dataclasses.fields(cls)}
        unknown = set(values) - set(fields)
        if unknown:
            raise ValueError(f"unknown login policy key(s): {', '.join(sorted(unknown))}")
        return cls(**{k: fields[k](v) for k, v in values.items()})


@dataclass(frozen=True)
class LoginResult:
    actor: Actor | None = None
    error: str | None = None  # a message key: 'bad_credentials' or 'cooldown'
    retry_after: float = 0.0  # seconds until another attempt is allowed

    @property
    def ok(self) -> bool:
        """True when the sign-in succeeded."""
        return self.actor is not None


# --- passwords -------------------------------------------------------------------------------


def _prehash(password: str) -> bytes:
    # 44 ASCII bytes: under bcrypt's 72-byte limit and free of NUL bytes
    normal = unicodedata.normalize("NFKC", password).encode("utf-8")
    return base64.b64encode(hashlib.sha256(normal).digest())


def hash_password(password: str, cost: int = DEFAULT_COST) -> str:
    """The bcrypt hash (of the SHA-256 pre-hash) to store for a password."""
    return bcrypt.hashpw(_prehash(password), bcrypt.gensalt(cost)).decode("ascii")


def check_password(password: str, password_hash: str) -> bool:
    """Whether a password matches a stored hash (False for a malformed hash)."""
    try:
        return bcrypt.checkpw(_prehash(password), password_hash.encode("ascii"))
    except ValueError:
        return False


def hash_cost(password_hash: str) -> int:
    """The bcrypt cost recorded in a hash ('$2b$12$...' -> 12)."""
    return int(password_hash.split("$")[2])


@functools.cache
def _dummy_hash(cost: int) -> str:
    return hash_password(secrets.token_urlsafe(16), cost)


def validate_new_password(password: str) -> None:
    """Raise PasswordError unless a password is acceptable as a new password."""
    if not isinstance(password, str) or len(password.strip()) < MIN_PASSWORD_CHARS:
        raise PasswordError("password_too_short", f"a password needs at least {MIN_PASSWORD_CHARS} characters")


# --- signing in ------------------------------------------------------------------------------


def actor_for(account: Account) -> Actor:
    """The Actor an account signs in as."""
    return Actor(
        username=account.username, role=account.role, scope_id=account.scope_id, display_name=account.display_name
    )


def cooldown_until(times: Sequence[float], max_failures: int, window_s: float, cooldown_s: float) -> float:
    """End of the latest cool-down these ascending failure times trigger (0.0 if none)."""
    if max_failures < 1:
        return 0.0
    until = 0.0
    for i in range(max_failures - 1, len(times)):
        if times[i] - times[i - max_failures + 1] <= window_s:
            until = times[i] + cooldown_s
    return until


def retry_after(store: AccountStore, username: str, client_ip: str | None, now: float, policy: LoginPolicy) -> float:
    """Seconds before this username from this address may try again (0.0 if now)."""
    since = now - policy.window_s - policy.cooldown_s  # oldest failure that can still matter
    user_times = store.failures_since(since=since, username=username)
    until = cooldown_until(user_times, policy.max_failures_per_user, policy.window_s, policy.cooldown_s)
    if client_ip and policy.max_failures_per_ip:
        ip_times = store.failures_since(since=since, client_ip=client_ip)
        until = max(until, cooldown_until(ip_times, policy.max_failures_per_ip, policy.window_s, policy.cooldown_s))
    return max(0.0, until - now)


def _verify(store: AccountStore, name: str, password: str, policy: LoginPolicy) -> tuple[Account | None, str]:
    account = store.get_account(name) if name else None
    if account is None:  # same bcrypt work as a known username
        check_password(password, _dummy_hash(policy.bcrypt_cost))
        return None, "unknown_user"
    if not check_password(password, account.password_hash):
        return None, "wrong_password"
    if account.disabled:
        return None, "disabled"
    return account, ""


def _failed(
    store: AccountStore, name: str, client_ip: str | None, now: float, reason: str, policy: LoginPolicy
) -> LoginResult:
    store.record_failure(name, client_ip, now)
    store.prune_failures(now - policy.window_s - policy.cooldown_s)
    store.append_audit(at=now, actor=name, event="login_failed", target=name, client_ip=client_ip, detail=reason)
    wait = retry_after(store, name, client_ip, now, policy)  # did this one start a cool-down?
    return LoginResult(error=BAD_CREDENTIALS, retry_after=wait)


def authenticate(
    store: AccountStore,
    username: str,
    password: str,
    client_ip: str | None,
    now: float,
    policy: LoginPolicy = LoginPolicy(),
) -> LoginResult:
    """Check one sign-in attempt: an Actor on success, otherwise an error key and retry_after."""
    name = canonical_username(username if isinstance(username, str) else "")
    wait = retry_after(store, name, client_ip, now, policy)
    if wait > 0:  # no password check: a cool-down must not become a guessing oracle
        store.append_audit(
            at=now,
            actor=name,
            event="login_cooldown",
            target=name,
            client_ip=client_ip,
            detail=f"retry_after={wait:.0f}",
        )
        return LoginResult(error=COOLDOWN, retry_after=wait)
    account, reason = _verify(store, name, password if isinstance(password, str) else "", policy)
    if account is None:
        return _failed(store, name, client_ip, now, reason, policy)
    store.clear_failures(name)
    store.append_audit(at=now, actor=name, event="login_ok", target=name, client_ip=client_ip)
    return LoginResult(actor=actor_for(account))


# --- sessions --------------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start_session(store: AccountStore, actor_username: str, now: float) -> str:
    """Open a server-side session; returns the opaque cookie token (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    store.create_session(_token_hash(token), actor_username, now)
    return token


def _stale(session: Session, account: Account | None, now: float, idle_timeout: float, max_age: float | None) -> bool:
    return (
        account is None
        or account.disabled
        or account.password_changed_at > session.created_at
        or now - session.last_seen > idle_timeout
        or (max_age is not None and now - session.created_at > max_age)
    )


def resume_session(
    store: AccountStore, token: str | None, now: float, idle_timeout: float, max_age: float | None = None
) -> Actor | None:
    """The Actor of a live session token, or None (ending the session if it went stale)."""
    if not isinstance(token, str) or not token:
        return None
    session, account = store.get_session_account(_token_hash(token))
    if session is None or session.ended_at is not None:
        return None
    if _stale(session, account, now, idle_timeout, max_age):
        store.end_session(session.token_hash, now)
        return None
    if now - session.last_seen >= TOUCH_INTERVAL_S:
        store.touch_session(session.token_hash, now)
    return actor_for(account)  # type: ignore[arg-type]  # _stale rules out None


def end_session(store: AccountStore, token: str | None, now: float, client_ip: str | None = None) -> bool:
    """Sign out: end the token's session (audited 'logout'); False if it was not open."""
    if not isinstance(token, str) or not token:
        return False
    session = store.get_session(_token_hash(token))
    if session is None or not store.end_session(session.token_hash, now):
        return False
    store.append_audit(at=now, actor=session.username, event="logout", target=session.username, client_ip=client_ip)
    return True


# --- administration --------------------------------------------------------------------------


def reset_password(
    store: AccountStore, username: str, new_password: str, now: float, by: str, cost: int = DEFAULT_COST
) -> None:
    """Set a new password, end all the user's sessions and clear their failures (audited)."""
    validate_new_password(new_password)
    name = canonical_username(username)
    if not store.set_password_hash(name, hash_password(new_password, cost), now):
        raise UnknownAccount(f"no account named {name!r}")
    store.clear_failures(name)
    store.append_audit(at=now, actor=by, event="password_reset", target=name)


def create_account(
    store: AccountStore,
    username: str,
    role: str,
    password: str,
    now: float,
    by: str,
    *,
    display_name: str = "",
    cost: int = DEFAULT_COST,
) -> Account:
    """Add one admin, staff or presenter account (audited 'account_created'); never replaces one."""
    name = canonical_username(username)
    if role not in STAFF_ROLES:
        raise ValueError(f"role must be one of {', '.join(STAFF_ROLES)}, not {role!r}")
    if not USERNAME_RE.match(name):
        raise ValueError(
            "a username is 3 to 64 letters A-Z, digits, '.', '_', '@' or '-', starting with a letter or digit"
        )
    validate_new_password(password)
    if len(password.strip()) < MIN_STAFF_PASSWORD_CHARS:  # these accounts see every unit
        raise PasswordError(
            "password_too_short", f"a {role} password needs at least {MIN_STAFF_PASSWORD_CHARS} characters"
        )
    if store.get_account(name) is not None:
        raise AccountExists(f"username {name!r} is already taken")
    account = Account(name, hash_password(password, cost), role, None, display_name.strip()[:120], None, now, now)
    store.add_accounts([account])  # raises AccountExists if another process took the name meanwhile
    store.append_audit(at=now, actor=by, event="account_created", target=name, detail=f"role={role}")
    return account


def unlock(store: AccountStore, username: str, now: float, by: str) -> int:
    """Clear a username's failed sign-ins, ending its cool-down (audited); returns how many."""
    name = canonical_username(username)
    cleared = store.clear_failures(name)
    store.append_audit(at=now, actor=by, event="unlock", target=name, detail=f"cleared={cleared}")
    return cleared


# --- the remember-me cookie ------------------------------------------------------------------


def sign_cookie(token: str, key: str) -> str:
    """Cookie value: the opaque token plus an HMAC under the deployment's cookie key."""
    mac = hmac.new(key.encode("utf-8"), token.encode("utf-8"), hashlib.sha256).hexdigest()[:40]
    return f"{token}.{mac}"


def token_from_cookie(value: str | None, key: str) -> str | None:
    """The token of a cookie signed with key, or None for anything forged, truncated or foreign."""
    if not isinstance(value, str) or value.count(".") != 1 or len(value) > 200:
        return None
    token, _ = value.split(".")
    return token if token and hmac.compare_digest(sign_cookie(token, key), value) else None


def new_password(rng: random.Random | None = None, length: int = 8) -> str:
    """A random password of 6-10 characters with no look-alike characters."""
    if length not in PASSWORD_LENGTHS:
        raise ValueError(f"password length must be 6 to 10, not {length}")
    r = rng or secrets.SystemRandom()
    return "".join(r.choice(PASSWORD_ALPHABET) for _ in range(length))


def new_password_for_reset() -> str:
    """A random password in the same style as issued ones."""
    return new_password(None, 10)
