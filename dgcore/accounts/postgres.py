"""The account store on PostgreSQL, for several app processes on one or more hosts.

`PostgresAccountStore` is `SqliteAccountStore` with different plumbing: every method (and so every
SQL statement, the canonical usernames, the audit filters, the all-or-nothing `add_accounts`, ending
sessions on a password change) is inherited unchanged. Only these differ:
- connections: a small per-process pool of psycopg connections in autocommit mode; a write runs in
  one transaction (`BEGIN ... COMMIT`, rolled back on any exception), a read is one statement;
- placeholders: the inherited statements use `?`, translated to psycopg's `%s` on the way out;
- the schema DDL (identity columns, DOUBLE PRECISION, C collation on usernames so `ORDER BY
  username` sorts by code point as SQLite does), created idempotently under an advisory lock with
  the same schema_version table and check;
- NUL characters: PostgreSQL text cannot hold U+0000 (SQLite can), so string parameters carry it
  as U+FFFD instead of failing; a username typed with a NUL simply matches no account.

`open_account_store(url_or_path)` picks the implementation from `accounts_path`; `copy_store` (and
`python -m dgcore.accounts.postgres copy SOURCE TARGET`) moves accounts and the audit log from one store
into an empty other, e.g. from data/accounts.sqlite into PostgreSQL.
"""

from __future__ import annotations

import functools
import os
import queue
import re
import select
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import conninfo

from dgcore.accounts.store import BUSY_TIMEOUT_S, SCHEMA_VERSION, AccountExists, AccountStore, SqliteAccountStore

POOL_IDLE_MAX = 8  # idle connections kept per process; more are opened (and closed) on demand
CONNECT_TIMEOUT_S = 10
_SCHEMA_LOCK_KEY = 0x64677241  # pg_advisory_xact_lock key: one schema creator at a time

_SCHEMA_PG = (
    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
    """CREATE TABLE IF NOT EXISTS accounts (
        username TEXT COLLATE "C" PRIMARY KEY, password_hash TEXT NOT NULL, role TEXT NOT NULL,
        scope_id TEXT, display_name TEXT NOT NULL DEFAULT '', year INTEGER,
        created_at DOUBLE PRECISION NOT NULL, password_changed_at DOUBLE PRECISION NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0)""",
    "CREATE INDEX IF NOT EXISTS accounts_role_scope ON accounts (role, scope_id)",
    """CREATE TABLE IF NOT EXISTS login_failures (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, username TEXT NOT NULL,
        client_ip TEXT, at DOUBLE PRECISION NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS login_failures_user ON login_failures (username, at)",
    "CREATE INDEX IF NOT EXISTS login_failures_ip ON login_failures (client_ip, at)",
    "CREATE INDEX IF NOT EXISTS login_failures_at ON login_failures (at)",
    """CREATE TABLE IF NOT EXISTS sessions (
        token_hash TEXT PRIMARY KEY, username TEXT NOT NULL, created_at DOUBLE PRECISION NOT NULL,
        last_seen DOUBLE PRECISION NOT NULL, ended_at DOUBLE PRECISION)""",
    "CREATE INDEX IF NOT EXISTS sessions_user ON sessions (username)",
    """CREATE TABLE IF NOT EXISTS audit (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at DOUBLE PRECISION NOT NULL,
        actor TEXT, event TEXT NOT NULL, target TEXT, client_ip TEXT, detail TEXT)""",
    "CREATE INDEX IF NOT EXISTS audit_at ON audit (at)",
    "CREATE INDEX IF NOT EXISTS audit_target ON audit (target, at)",
)


def is_postgres_url(value: str) -> bool:
    """Whether an accounts_path names a PostgreSQL database rather than a SQLite file."""
    return value.startswith(("postgresql://", "postgres://"))


ACCOUNTS_DOWN = (
    "ระบบบัญชีผู้ใช้ไม่พร้อมใช้งานชั่วคราว จึงเข้าสู่ระบบไม่ได้ในขณะนี้ โปรดลองใหม่ในภายหลัง หรือแจ้งผู้ดูแลระบบ",
    "The account store cannot be reached just now, so nobody can sign in. Try again later, or tell the administrators.",
)


class AccountStoreUnavailable(RuntimeError):
    """The account store cannot be opened: carries a Thai and an English message for the person."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(f"{ACCOUNTS_DOWN[1]} ({detail})" if detail else ACCOUNTS_DOWN[1])
        self.th, self.en = ACCOUNTS_DOWN


def store_unavailable(err: BaseException) -> bool:
    """Whether an error means the account store cannot be reached or read (PostgreSQL down, the
    SQLite file locked, unreadable or not a database), as opposed to a bug or a refused write."""
    if isinstance(err, AccountStoreUnavailable):
        return True
    if isinstance(err, sqlite3.IntegrityError):
        return False
    return isinstance(
        err, (sqlite3.OperationalError, sqlite3.DatabaseError, psycopg.OperationalError, psycopg.InterfaceError)
    )


def open_account_store(settings_or_url: Any) -> AccountStore:
    """The store an accounts_path names: PostgreSQL for a postgresql:// URL, else a SQLite file.

    Accepts the URL or path itself (str or PathLike) or anything with an `accounts_path` (Settings).
    """
    target = getattr(settings_or_url, "accounts_path", settings_or_url)
    text = os.fspath(target)
    if is_postgres_url(text):
        return PostgresAccountStore(text)
    if re.match(r"postgres(ql)?:/", text):  # pathlib.Path("postgresql://h/db") -> "postgresql:/h/db"
        raise ValueError(
            "accounts_path looks like a PostgreSQL URL mangled by pathlib.Path "
            "(one slash after 'postgresql:'): keep it as a str"
        )
    return SqliteAccountStore(text)


@functools.lru_cache(maxsize=256)
def _pg_sql(sql: str) -> str:
    # The inherited statements contain no literal '%' or '?' other than placeholders.
    return sql.replace("%", "%%").replace("?", "%s")


def _pg_value(value: Any) -> Any:
    return value.replace("\x00", "\ufffd") if isinstance(value, str) else value


class _Connection:
    """The slice of sqlite3.Connection the inherited methods use: execute(sql, params) -> cursor."""

    def __init__(self, conn: psycopg.Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> psycopg.Cursor:
        return self._conn.execute(_pg_sql(sql), tuple(_pg_value(v) for v in params))


def _still_open(conn: psycopg.Connection) -> bool:
    # An idle connection has nothing to read; if it has, the server has closed it (restart,
    # failover, pg_terminate_backend, idle timeout). No round trip needed to find out.
    if conn.closed or conn.broken:
        return False
    try:
        readable, _, _ = select.select([conn.fileno()], [], [], 0)
    except (OSError, ValueError):
        return False
    return not readable


def _recorded_version(conn: psycopg.Connection) -> int | None:
    if conn.execute("SELECT to_regclass('schema_version')").fetchone()[0] is None:
        return None
    return conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]


class _Pool:
    """Idle psycopg connections of this process (LIFO); thread-safe, fork-aware, and a connection
    the server has closed is dropped before use rather than failing the next operation."""

    def __init__(self, dsn: str) -> None:
        self._dsn = dsn
        self._idle: queue.LifoQueue[psycopg.Connection] = queue.LifoQueue()
        self._pid = os.getpid()
        self._lock = threading.Lock()

    def _new(self) -> psycopg.Connection:
        params = conninfo.conninfo_to_dict(self._dsn)
        params.setdefault("connect_timeout", CONNECT_TIMEOUT_S)
        params.setdefault("application_name", "dgr-accounts")
        conn = psycopg.connect(conninfo.make_conninfo(**params), autocommit=True)
        # like SQLite's busy timeout: wait this long for another writer's lock, then fail
        conn.execute(f"SET lock_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        return conn

    def _take(self) -> psycopg.Connection:
        with self._lock:
            if os.getpid() != self._pid:  # forked: the parent's sockets are not ours to use
                self._idle, self._pid = queue.LifoQueue(), os.getpid()
        while True:
            try:
                conn = self._idle.get_nowait()
            except queue.Empty:
                return self._new()
            if _still_open(conn):
                return conn
            conn.close()

    def _give_back(self, conn: psycopg.Connection) -> None:
        healthy = (
            not conn.closed and not conn.broken and conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
        )
        if healthy and os.getpid() == self._pid and self._idle.qsize() < POOL_IDLE_MAX:
            self._idle.put(conn)
        else:
            conn.close()

    @contextmanager
    def connection(self) -> Iterator[psycopg.Connection]:
        """A connection for one operation; returned to the pool afterwards if still usable."""
        conn = self._take()
        try:
            yield conn
        finally:
            self._give_back(conn)

    def close(self) -> None:
        """Close every idle connection (connections in use close when given back)."""
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return


class PostgresAccountStore(SqliteAccountStore):
    """`AccountStore` on a PostgreSQL database; thread-safe and safe for many processes."""

    def __init__(self, dsn: str) -> None:  # no super().__init__: there is no file
        conninfo.conninfo_to_dict(dsn)  # a malformed DSN fails here, not at first use
        self.dsn = dsn
        self._pool = _Pool(dsn)
        self._ready = False
        self._init_lock = threading.Lock()

    def __repr__(self) -> str:
        safe = {k: v for k, v in conninfo.conninfo_to_dict(self.dsn).items() if k != "password"}
        return f"PostgresAccountStore({conninfo.make_conninfo(**safe)!r})"

    def close(self) -> None:
        """Close the idle pooled connections (the store reconnects if used again)."""
        self._pool.close()

    # --- plumbing (everything else is inherited) ------------------------------------------

    def _ensure_schema(self) -> None:
        # Once the schema is current this only reads, so after the first start the app's role
        # needs no CREATE privilege.
        with self._init_lock:
            if self._ready:
                return
            with self._pool.connection() as conn, conn.transaction():
                found = _recorded_version(conn)
                if found is None or found < SCHEMA_VERSION:
                    # concurrent CREATE ... IF NOT EXISTS can still collide in the catalogue
                    conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK_KEY,))
                    for statement in _SCHEMA_PG:
                        conn.execute(statement)
                    if _recorded_version(conn) is None:
                        conn.execute("INSERT INTO schema_version (version) VALUES (%s)", (SCHEMA_VERSION,))
                elif found > SCHEMA_VERSION:
                    raise RuntimeError(
                        f"account store schema {found} is newer than this code "
                        f"({SCHEMA_VERSION}); upgrade the application"
                    )
            self._ready = True

    @contextmanager
    def _write(self) -> Iterator[_Connection]:  # type: ignore[override]
        self._ensure_schema()
        with self._pool.connection() as conn, conn.transaction():  # exception -> ROLLBACK
            yield _Connection(conn)

    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        self._ensure_schema()
        with self._pool.connection() as conn:
            return _Connection(conn).execute(sql, params).fetchall()


# --- moving to PostgreSQL --------------------------------------------------------------------


def copy_store(source: AccountStore, target: AccountStore) -> dict[str, int]:
    """Copy accounts (with their hashes) and the audit log into an empty store, all or nothing per
    kind. Sessions and failed sign-ins are not copied: people sign in again once."""
    if target.list_usernames():
        raise AccountExists("the target store already has accounts; copy into an empty one")
    accounts = source.list_accounts()
    target.add_accounts(accounts)
    audit = source.audit_rows(limit=2**62)[::-1]  # oldest first keeps the newest-first order
    for row in audit:
        target.append_audit(**{k: row[k] for k in ("at", "actor", "event", "target", "client_ip", "detail")})
    return {"accounts": len(accounts), "audit_rows": len(audit)}


def main(argv: list[str] | None = None) -> int:
    """python -m dgcore.accounts.postgres copy SOURCE TARGET (SQLite path or postgresql:// URL each)."""
    import argparse

    ap = argparse.ArgumentParser(
        prog="python -m dgcore.accounts.postgres", description="Copy accounts and audit log between account stores."
    )
    ap.add_argument("command", choices=["copy"])
    ap.add_argument("source", help="accounts_path to copy from (SQLite file or postgresql:// URL)")
    ap.add_argument("target", help="accounts_path to copy into; must hold no accounts")
    args = ap.parse_args(argv)
    source, target = open_account_store(args.source), open_account_store(args.target)
    counts = copy_store(source, target)
    print(f"copied {counts['accounts']} accounts and {counts['audit_rows']} audit rows into {target!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
