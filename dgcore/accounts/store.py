"""The account store: accounts, failed sign-ins, sessions and the audit log.

Mutable state shared by the Streamlit app (many threads) and the command line (another process),
so it lives in SQLite in WAL mode rather than DuckDB (one writer per file). All SQL is in this
module and every value is a bound parameter. The `AccountStore` protocol speaks only in plain
Python values (dataclasses, floats, dicts) so that a PostgreSQL implementation can replace
`SqliteAccountStore` without callers noticing. Times are UTC epoch seconds supplied by callers.

Usernames are canonicalised by the store itself (`canonical_username`) on every call, so no caller
can forget it: sign-in is case-insensitive and ignores surrounding whitespace.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
import unicodedata
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

SCHEMA_VERSION = 1
BUSY_TIMEOUT_S = 5.0
MAX_USERNAME_CHARS = 128

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
    """CREATE TABLE IF NOT EXISTS accounts (
        username TEXT PRIMARY KEY, password_hash TEXT NOT NULL, role TEXT NOT NULL,
        scope_id TEXT, display_name TEXT NOT NULL DEFAULT '', year INTEGER,
        created_at REAL NOT NULL, password_changed_at REAL NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0)""",
    "CREATE INDEX IF NOT EXISTS accounts_role_scope ON accounts (role, scope_id)",
    """CREATE TABLE IF NOT EXISTS login_failures (
        id INTEGER PRIMARY KEY, username TEXT NOT NULL, client_ip TEXT, at REAL NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS login_failures_user ON login_failures (username, at)",
    "CREATE INDEX IF NOT EXISTS login_failures_ip ON login_failures (client_ip, at)",
    "CREATE INDEX IF NOT EXISTS login_failures_at ON login_failures (at)",
    """CREATE TABLE IF NOT EXISTS sessions (
        token_hash TEXT PRIMARY KEY, username TEXT NOT NULL, created_at REAL NOT NULL,
        last_seen REAL NOT NULL, ended_at REAL)""",
    "CREATE INDEX IF NOT EXISTS sessions_user ON sessions (username)",
    """CREATE TABLE IF NOT EXISTS audit (
        id INTEGER PRIMARY KEY, at REAL NOT NULL, actor TEXT, event TEXT NOT NULL,
        target TEXT, client_ip TEXT, detail TEXT)""",
    "CREATE INDEX IF NOT EXISTS audit_at ON audit (at)",
    "CREATE INDEX IF NOT EXISTS audit_target ON audit (target, at)",
)

_ACCOUNT_COLUMNS = (
    "username, password_hash, role, scope_id, display_name, year, created_at, password_changed_at, disabled"
)
_INSERT_ACCOUNT = f"INSERT INTO accounts ({_ACCOUNT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
_AUDIT_COLUMNS = ("id", "at", "actor", "event", "target", "client_ip", "detail")
_AUDIT_FILTERS = {  # filter name -> fixed SQL predicate; only values are bound
    "since": "at >= ?",
    "until": "at < ?",
    "actor": "actor = ?",
    "event": "event = ?",
    "target": "target = ?",
    "client_ip": "client_ip = ?",
}


def canonical_username(username: str | None) -> str:
    """The stored form of a username: NFKC, surrounding whitespace stripped, upper case."""
    return unicodedata.normalize("NFKC", username or "").strip().upper()[:MAX_USERNAME_CHARS]


class AccountExists(ValueError):
    """A username to be added is already taken."""


@dataclass(frozen=True)
class Account:
    username: str
    password_hash: str
    role: str
    scope_id: str | None = None
    display_name: str = ""
    year: int | None = None
    created_at: float = 0.0
    password_changed_at: float = 0.0
    disabled: bool = False


@dataclass(frozen=True)
class Session:
    token_hash: str
    username: str
    created_at: float
    last_seen: float
    ended_at: float | None = None


@runtime_checkable
class AccountStore(Protocol):
    """Everything auth and credentials need from persistent state; no SQL dialect leaks out."""

    def get_account(self, username: str) -> Account | None: ...
    def upsert_account(self, account: Account) -> None: ...
    def add_accounts(self, accounts: list[Account]) -> None: ...
    def list_accounts(self, role: str | None = None) -> list[Account]: ...
    def list_usernames(self) -> list[str]: ...
    def set_password_hash(self, username: str, password_hash: str, now: float) -> bool: ...
    def set_disabled(self, username: str, disabled: bool, now: float) -> bool: ...
    def record_failure(self, username: str, client_ip: str | None, now: float) -> None: ...
    def failures_since(
        self, *, since: float, username: str | None = None, client_ip: str | None = None
    ) -> list[float]: ...
    def clear_failures(self, username: str) -> int: ...
    def prune_failures(self, before: float) -> int: ...
    def create_session(self, token_hash: str, username: str, now: float) -> None: ...
    def get_session(self, token_hash: str) -> Session | None: ...
    def get_session_account(self, token_hash: str) -> tuple[Session | None, Account | None]: ...
    def touch_session(self, token_hash: str, now: float) -> None: ...
    def end_session(self, token_hash: str, now: float) -> bool: ...
    def end_user_sessions(self, username: str, now: float) -> int: ...
    def append_audit(
        self,
        *,
        at: float,
        actor: str | None,
        event: str,
        target: str | None = None,
        client_ip: str | None = None,
        detail: str | None = None,
    ) -> None: ...
    def audit_rows(self, *, limit: int = 500, **filters: Any) -> list[dict[str, Any]]: ...


class SqliteAccountStore:
    """`AccountStore` on one SQLite file (WAL); a new connection per operation, so thread-safe."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._ready = False
        self._init_lock = threading.Lock()

    # --- plumbing -------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        # timeout= is SQLite's busy timeout: wait for another writer instead of failing.
        # isolation_level=None: we issue BEGIN ourselves (IMMEDIATE for writes, see _write).
        return sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)

    def _ensure_schema(self) -> None:
        with self._init_lock:
            if self._ready:
                return
            if not self.path.exists():  # the -wal/-shm files inherit this mode: hashes stay private
                try:
                    os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600))
                except OSError as e:  # report it as SQLite would: the store cannot be opened
                    raise sqlite3.OperationalError(f"unable to create {self.path}: {e.strerror}") from e
            with closing(self._connect()) as conn:
                self._enable_wal(conn)
                self._create_tables(conn)
            self._ready = True

    @staticmethod
    def _enable_wal(conn: sqlite3.Connection) -> None:
        # Switching to WAL needs an exclusive lock and SQLite answers "locked" at once, without
        # its busy timeout, while another process is setting up the same new file: so retry.
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                    conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    @staticmethod
    def _create_tables(conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _SCHEMA:
                conn.execute(statement)
            found = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
            if found is None:
                conn.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,))
            elif found > SCHEMA_VERSION:
                raise RuntimeError(
                    f"account store schema {found} is newer than this code ({SCHEMA_VERSION}); upgrade the application"
                )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        # BEGIN IMMEDIATE takes the write lock up front, so the busy timeout applies instead of a
        # read-to-write upgrade failing at once while another process writes.
        self._ensure_schema()
        with closing(self._connect()) as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        self._ensure_schema()
        with closing(self._connect()) as conn:
            return conn.execute(sql, params).fetchall()

    @property
    def schema_version(self) -> int:
        """The schema version recorded in the file."""
        return int(self._read("SELECT MAX(version) FROM schema_version")[0][0])

    # --- accounts -------------------------------------------------------------------------

    @staticmethod
    def _account(row: tuple[Any, ...]) -> Account:
        return Account(row[0], row[1], row[2], row[3], row[4] or "", row[5], row[6], row[7], bool(row[8]))

    @staticmethod
    def _account_params(a: Account) -> tuple[Any, ...]:
        return (
            canonical_username(a.username),
            a.password_hash,
            a.role,
            a.scope_id,
            a.display_name,
            a.year,
            a.created_at,
            a.password_changed_at,
            int(a.disabled),
        )

    def get_account(self, username: str) -> Account | None:
        """The account with this username, or None."""
        rows = self._read(
            f"SELECT {_ACCOUNT_COLUMNS} FROM accounts WHERE username = ?", (canonical_username(username),)
        )
        return self._account(rows[0]) if rows else None

    def upsert_account(self, account: Account) -> None:
        """Insert or replace an account (created_at is kept on update)."""
        with self._write() as conn:
            conn.execute(
                _INSERT_ACCOUNT + " ON CONFLICT (username) DO UPDATE SET "
                "password_hash = excluded.password_hash, role = excluded.role, "
                "scope_id = excluded.scope_id, display_name = excluded.display_name, "
                "year = excluded.year, password_changed_at = excluded.password_changed_at, "
                "disabled = excluded.disabled",
                self._account_params(account),
            )

    def add_accounts(self, accounts: list[Account]) -> None:
        """Insert new accounts all or nothing; AccountExists if any username is taken."""
        with self._write() as conn:
            for account in accounts:
                cur = conn.execute(
                    _INSERT_ACCOUNT + " ON CONFLICT (username) DO NOTHING", self._account_params(account)
                )
                if cur.rowcount != 1:  # raising rolls the whole batch back
                    raise AccountExists(f"username {account.username!r} is already taken")

    def list_accounts(self, role: str | None = None) -> list[Account]:
        """All accounts, or those of one role, ordered by username."""
        where, params = ("WHERE role = ?", (role,)) if role is not None else ("", ())
        rows = self._read(f"SELECT {_ACCOUNT_COLUMNS} FROM accounts {where} ORDER BY username", params)
        return [self._account(r) for r in rows]

    def list_usernames(self) -> list[str]:
        """Every username, sorted."""
        return [r[0] for r in self._read("SELECT username FROM accounts ORDER BY username")]

    def set_password_hash(self, username: str, password_hash: str, now: float) -> bool:
        """Replace a password hash and end all the user's sessions; False if no such account."""
        name = canonical_username(username)
        with self._write() as conn:
            changed = conn.execute(
                "UPDATE accounts SET password_hash = ?, password_changed_at = ? WHERE username = ?",
                (password_hash, now, name),
            ).rowcount
            self._end_user_sessions(conn, name, now)
        return changed == 1

    def set_disabled(self, username: str, disabled: bool, now: float) -> bool:
        """Disable (ending all sessions) or re-enable an account; False if no such account."""
        name = canonical_username(username)
        with self._write() as conn:
            changed = conn.execute(
                "UPDATE accounts SET disabled = ? WHERE username = ?", (int(disabled), name)
            ).rowcount
            if disabled:
                self._end_user_sessions(conn, name, now)
        return changed == 1

    # --- failed sign-ins ------------------------------------------------------------------

    def record_failure(self, username: str, client_ip: str | None, now: float) -> None:
        """Remember one failed sign-in for the rate limiter."""
        with self._write() as conn:
            conn.execute(
                "INSERT INTO login_failures (username, client_ip, at) VALUES (?, ?, ?)",
                (canonical_username(username), client_ip, now),
            )

    def failures_since(self, *, since: float, username: str | None = None, client_ip: str | None = None) -> list[float]:
        """Times (ascending) of failures at or after `since`, matching every filter given."""
        sql, params = "SELECT at FROM login_failures WHERE at >= ?", [since]
        if username is not None:
            sql, params = sql + " AND username = ?", params + [canonical_username(username)]
        if client_ip is not None:
            sql, params = sql + " AND client_ip = ?", params + [client_ip]
        return [r[0] for r in self._read(sql + " ORDER BY at", tuple(params))]

    def clear_failures(self, username: str) -> int:
        """Forget a username's failures; returns how many were removed."""
        with self._write() as conn:
            return conn.execute(
                "DELETE FROM login_failures WHERE username = ?", (canonical_username(username),)
            ).rowcount

    def prune_failures(self, before: float) -> int:
        """Forget failures older than `before` (they no longer count for anything)."""
        with self._write() as conn:
            return conn.execute("DELETE FROM login_failures WHERE at < ?", (before,)).rowcount

    # --- sessions -------------------------------------------------------------------------

    def create_session(self, token_hash: str, username: str, now: float) -> None:
        """Store a new session under the hash of its token."""
        with self._write() as conn:
            conn.execute(
                "INSERT INTO sessions (token_hash, username, created_at, last_seen) VALUES (?, ?, ?, ?)",
                (token_hash, canonical_username(username), now, now),
            )

    def get_session(self, token_hash: str) -> Session | None:
        """The session stored under this token hash, ended or not, or None."""
        rows = self._read(
            "SELECT token_hash, username, created_at, last_seen, ended_at FROM sessions WHERE token_hash = ?",
            (token_hash,),
        )
        return Session(*rows[0]) if rows else None

    def get_session_account(self, token_hash: str) -> tuple[Session | None, Account | None]:
        """The session under this token hash and its account (None where missing), in one read: every
        rerun of every page asks, so one query instead of two."""
        accounts = ", ".join(f"a.{c.strip()}" for c in _ACCOUNT_COLUMNS.split(","))
        rows = self._read(
            "SELECT s.token_hash, s.username, s.created_at, s.last_seen, s.ended_at, "
            f"{accounts} FROM sessions s LEFT JOIN accounts a ON a.username = s.username "
            "WHERE s.token_hash = ?",
            (token_hash,),
        )
        if not rows:
            return None, None
        row = rows[0]
        return Session(*row[:5]), (self._account(row[5:]) if row[5] is not None else None)

    def touch_session(self, token_hash: str, now: float) -> None:
        """Record activity on an open session."""
        with self._write() as conn:
            conn.execute(
                "UPDATE sessions SET last_seen = ? WHERE token_hash = ? AND ended_at IS NULL", (now, token_hash)
            )

    def end_session(self, token_hash: str, now: float) -> bool:
        """End one session; False if it was unknown or already ended."""
        with self._write() as conn:
            return (
                conn.execute(
                    "UPDATE sessions SET ended_at = ? WHERE token_hash = ? AND ended_at IS NULL", (now, token_hash)
                ).rowcount
                == 1
            )

    def end_user_sessions(self, username: str, now: float) -> int:
        """End every open session of a user; returns how many."""
        with self._write() as conn:
            return self._end_user_sessions(conn, canonical_username(username), now)

    @staticmethod
    def _end_user_sessions(conn: sqlite3.Connection, name: str, now: float) -> int:
        return conn.execute(
            "UPDATE sessions SET ended_at = ? WHERE username = ? AND ended_at IS NULL", (now, name)
        ).rowcount

    # --- audit ----------------------------------------------------------------------------

    def append_audit(
        self,
        *,
        at: float,
        actor: str | None,
        event: str,
        target: str | None = None,
        client_ip: str | None = None,
        detail: str | None = None,
    ) -> None:
        """Append one audit row."""
        with self._write() as conn:
            conn.execute(
                "INSERT INTO audit (at, actor, event, target, client_ip, detail) VALUES (?, ?, ?, ?, ?, ?)",
                (at, actor, event, target, client_ip, detail),
            )

    def audit_rows(self, *, limit: int = 500, **filters: Any) -> list[dict[str, Any]]:
        """Audit rows newest first, filtered by since/until/actor/event/target/client_ip."""
        unknown = set(filters) - set(_AUDIT_FILTERS)
        if unknown:
            raise ValueError(f"unknown audit filter(s): {', '.join(sorted(unknown))}")
        given = {k: v for k, v in filters.items() if v is not None}
        where = " AND ".join(_AUDIT_FILTERS[k] for k in given) or "1 = 1"
        rows = self._read(
            f"SELECT {', '.join(_AUDIT_COLUMNS)} FROM audit WHERE {where} ORDER BY at DESC, id DESC LIMIT ?",
            (*given.values(), int(limit)),
        )
        return [dict(zip(_AUDIT_COLUMNS, r)) for r in rows]
