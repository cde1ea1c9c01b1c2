"""Issuing accounts for a survey year: DGA-style usernames, unambiguous passwords, mail-merge file.

The mail-merge file is the only place the plaintext passwords ever exist: the store keeps bcrypt
hashes only. So the file is created owner-only from its first byte (os.open with 0o600 and
O_EXCL), never overwrites an existing file (it may hold the only copy of an earlier batch), and is
refused inside the repository, where it could be committed by accident.
"""

from __future__ import annotations

import csv
import multiprocessing
import os
import random
import secrets
import string
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import Any

from dgcore.accounts.auth import DEFAULT_COST, hash_password, new_password
from dgcore.accounts.store import Account, AccountStore, canonical_username
from dgcore.texts import defuse

REPO_DIR = Path(__file__).resolve().parents[2]  # dgcore/accounts/credentials.py -> the checkout
USERNAME_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I or O, which read as 1 and 0
CSV_COLUMNS = ("agency_id", "name_th", "name_en", "province", "username", "password")


@dataclass(frozen=True)
class IssueReport:
    issued: int
    skipped: int
    out_path: Path


def new_username(rng: random.Random | None = None) -> str:
    """A username in DGA's style, e.g. '28G98S1-574'."""
    r = rng or secrets.SystemRandom()

    def digits(n: int) -> str:
        return "".join(r.choice(string.digits) for _ in range(n))

    return f"{digits(2)}{r.choice(USERNAME_LETTERS)}{digits(2)}{r.choice(USERNAME_LETTERS)}{digits(1)}-{digits(3)}"


def _checked_out_path(out_path: str | os.PathLike[str]) -> Path:
    out = Path(out_path).expanduser().resolve()
    if out == REPO_DIR or out.is_relative_to(REPO_DIR):
        raise ValueError(
            f"refusing to write passwords inside the repository ({REPO_DIR}): "
            f"choose a path outside it, e.g. ~/dg-credentials.csv"
        )
    return out


def _open_private(out: Path) -> int:
    try:  # O_EXCL: a fresh file whose mode is 0o600 from the first byte, never a symlink target
        return os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise FileExistsError(
            f"{out} already exists; credentials files are never overwritten "
            "(it may hold the only copy of earlier passwords)"
        ) from None


def _cell(value: Any) -> str:
    return str(defuse("" if value is None else str(value)))


def _new_units(store: AccountStore, units: Iterable[Mapping[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    have = {a.scope_id for a in store.list_accounts(role="agency")}
    fresh, skipped = [], 0
    for unit in units:
        agency_id = str(unit.get("agency_id") or "").strip()
        if not agency_id:
            raise ValueError(f"unit without an agency_id: {dict(unit)!r}")
        if agency_id in have:
            skipped += 1
            continue
        have.add(agency_id)
        fresh.append({**unit, "agency_id": agency_id})
    return fresh, skipped


def _usernames(store: AccountStore, count: int, rng: random.Random | None) -> list[str]:
    taken, chosen = set(store.list_usernames()), []
    while len(chosen) < count:
        name = new_username(rng)
        if canonical_username(name) not in taken:
            taken.add(canonical_username(name))
            chosen.append(name)
    return chosen


ProgressFn = Callable[[int, int], None]  # (hashed so far, total)
CHUNK = 8  # hashes a worker takes at a time: few round trips, yet progress moves every second or so


def hash_workers() -> int:
    """Processes used to hash passwords: every core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _hashes(passwords: list[str], cost: int, progress: ProgressFn | None = None) -> list[str]:
    """bcrypt hashes in a pool of processes, one per core: ~1,900 at cost 12 are minutes of CPU,
    and a process per core uses every core whatever the GIL does. "spawn", not fork: the Streamlit
    app calling this has threads, and forking a threaded process can deadlock the child."""
    total, out = len(passwords), []
    workers = min(hash_workers(), max(1, total // CHUNK))
    if workers == 1:
        for p in passwords:
            out.append(hash_password(p, cost))
            _tick(progress, len(out), total)
        return out
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        for h in pool.map(hash_password, passwords, repeat(cost), chunksize=CHUNK):
            out.append(h)
            _tick(progress, len(out), total)
    return out


def _tick(progress: ProgressFn | None, done: int, total: int) -> None:
    if progress is not None and (done % CHUNK == 0 or done == total):
        progress(done, total)


def _write_csv(fd: int, units: list[dict[str, Any]], names: list[str], passwords: list[str]) -> None:
    with open(fd, "w", encoding="utf-8-sig", newline="") as f:  # BOM: Excel then reads Thai
        writer = csv.writer(f)
        writer.writerow(CSV_COLUMNS)
        for unit, name, password in zip(units, names, passwords):
            writer.writerow(
                [
                    _cell(unit["agency_id"]),
                    _cell(unit.get("name_th")),
                    _cell(unit.get("name_en")),
                    _cell(unit.get("province_th")),
                    name,
                    password,
                ]
            )
        f.flush()
        os.fsync(f.fileno())


def _accounts(units: list[dict[str, Any]], names: list[str], hashes: list[str], year: int, now: float) -> list[Account]:
    return [
        Account(
            username=n,
            password_hash=h,
            role="agency",
            scope_id=u["agency_id"],
            display_name=str(u.get("name_th") or ""),
            year=year,
            created_at=now,
            password_changed_at=now,
        )
        for u, n, h in zip(units, names, hashes)
    ]


@dataclass(frozen=True)
class Drafted:
    """Accounts about to be issued: units without one, their usernames and plaintext passwords."""

    units: list[dict[str, Any]]
    names: list[str]
    passwords: list[str]
    skipped: int

    def by_unit(self) -> dict[str, tuple[str, str]]:
        return {u["agency_id"]: (n, p) for u, n, p in zip(self.units, self.names, self.passwords)}


def draft_credentials(
    store: AccountStore,
    units: Iterable[Mapping[str, Any]],
    rng: random.Random | None = None,
    password_length: int = 8,
) -> Drafted:
    """Usernames and passwords for the units that have no account yet; nothing is stored."""
    fresh, skipped = _new_units(store, units)
    names = _usernames(store, len(fresh), rng)
    return Drafted(fresh, names, [new_password(rng, password_length) for _ in fresh], skipped)


def store_credentials(
    store: AccountStore,
    drafted: Drafted,
    year: int,
    now: float,
    cost: int,
    *,
    by: str,
    where: str,
    progress: ProgressFn | None = None,
) -> None:
    """Store the drafted accounts (bcrypt hashes only) and audit where their passwords were written."""
    hashes = _hashes(drafted.passwords, cost, progress)
    store.add_accounts(_accounts(drafted.units, drafted.names, hashes, year, now))
    store.append_audit(
        at=now,
        actor=by,
        event="credentials_issued",
        target=str(year),
        detail=f"issued={len(drafted.units)} skipped={drafted.skipped} file={where}",
    )


def issue_credentials(
    store: AccountStore,
    units: Iterable[Mapping[str, Any]],
    year: int,
    out_path: str | os.PathLike[str],
    now: float,
    cost: int = DEFAULT_COST,
    *,
    by: str = "cli",
    rng: random.Random | None = None,
    password_length: int = 8,
    progress: ProgressFn | None = None,
) -> IssueReport:
    """Create accounts for units that have none and write their mail-merge CSV (owner-only)."""
    out = _checked_out_path(out_path)
    drafted = draft_credentials(store, units, rng, password_length)
    fd = _open_private(out)
    try:
        _write_csv(fd, drafted.units, drafted.names, drafted.passwords)  # file first: a hash without it is useless
        store_credentials(store, drafted, year, now, cost, by=by, where=str(out), progress=progress)
    except BaseException:
        out.unlink(missing_ok=True)
        raise
    return IssueReport(issued=len(drafted.units), skipped=drafted.skipped, out_path=out)
