"""Accounts: who may sign in, and how.

- `store`: the account store (accounts, failed sign-ins, sessions, audit log) on SQLite in WAL mode;
- `postgres`: the same store on PostgreSQL for several app processes, and `open_account_store`,
  which picks one from `accounts_path`;
- `auth`: password hashing, the sign-in limiter, server-side sessions, signed cookies;
  a successful sign-in becomes an `Actor`;
- `credentials`: issuing a year's unit accounts and the mail-merge file.

The names below are the package's face for the app and the command line.
"""

from dgcore.accounts.postgres import (
    ACCOUNTS_DOWN,
    AccountStoreUnavailable,
    is_postgres_url,
    open_account_store,
    store_unavailable,
)
from dgcore.accounts.store import Account, AccountStore, Session, SqliteAccountStore

__all__ = [
    "ACCOUNTS_DOWN",
    "Account",
    "AccountStore",
    "AccountStoreUnavailable",
    "Session",
    "SqliteAccountStore",
    "is_postgres_url",
    "open_account_store",
    "store_unavailable",
]
