"""Issuing credentials: DGA-style usernames, unambiguous passwords, a private mail-merge file."""

from __future__ import annotations

import csv
import os
import random
import re
import stat
from pathlib import Path

import pytest

from dgcore.accounts.auth import PASSWORD_ALPHABET, LoginPolicy, authenticate, hash_cost, new_password
from dgcore.accounts.credentials import CSV_COLUMNS, REPO_DIR, issue_credentials, new_username
from dgcore.accounts.store import Account, SqliteAccountStore

T0 = 1_700_000_000.0
POLICY = LoginPolicy(bcrypt_cost=4)
USERNAME_RE = re.compile(r"^\d{2}[A-Z]\d{2}[A-Z]\d-\d{3}$")
LOOK_ALIKES = "0Oo1lIi|5Ss2Zz8Bb"


@pytest.fixture
def store(tmp_path: Path) -> SqliteAccountStore:
    return SqliteAccountStore(tmp_path / "accounts.sqlite")


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "letters"
    folder.mkdir()
    return folder


def units(*ids: str) -> list[dict[str, str]]:
    return [
        {
            "agency_id": i,
            "name_th": f"สำนักงานจังหวัด {i}",
            "name_en": f"Office {i}",
            "province_th": "เชียงใหม่",
            "kind": "province_office",
        }
        for i in ids
    ]


def read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def issue(store: SqliteAccountStore, path: Path, *ids: str, seed: int = 1):
    return issue_credentials(store, units(*ids), 2567, path, T0, cost=4, rng=random.Random(seed))


def test_usernames_look_like_dgas_and_repeat_with_a_seeded_rng():
    names = [new_username(random.Random(seed)) for seed in range(500)]
    assert all(USERNAME_RE.match(n) for n in names)
    assert new_username(random.Random(7)) == new_username(random.Random(7))
    assert USERNAME_RE.match(new_username())  # the default, secrets.SystemRandom


def test_passwords_have_no_look_alike_characters_and_6_to_10_characters():
    assert not set(LOOK_ALIKES) & set(PASSWORD_ALPHABET)
    rng = random.Random(3)
    for length in range(6, 11):
        for _ in range(200):
            password = new_password(rng, length)
            assert len(password) == length and set(password) <= set(PASSWORD_ALPHABET)
    for length in (5, 11):
        with pytest.raises(ValueError):
            new_password(rng, length)


def test_each_unit_gets_an_agency_account_that_signs_in_to_its_own_scope(store, outside):
    report = issue(store, outside / "2567.csv", "A1", "A2", "A3")
    assert (report.issued, report.skipped) == (3, 0)
    for row in read_rows(outside / "2567.csv"):
        result = authenticate(store, row["username"], row["password"], "10.0.0.1", T0, POLICY)
        assert (result.actor.role, result.actor.scope_id) == ("agency", row["agency_id"])
        assert result.actor.display_name == row["name_th"]


def test_only_bcrypt_hashes_of_the_requested_cost_are_stored(store, outside, tmp_path):
    issue(store, outside / "2567.csv", "A1", "A2")
    blob = b"".join(p.read_bytes() for p in tmp_path.glob("accounts.sqlite*"))
    for row in read_rows(outside / "2567.csv"):
        assert row["password"].encode() not in blob
        assert hash_cost(store.get_account(row["username"]).password_hash) == 4


def test_rerunning_issues_nothing_twice_and_only_new_units_get_accounts(store, outside):
    issue(store, outside / "first.csv", "A1", "A2")
    again = issue(store, outside / "again.csv", "A1", "A2", seed=2)
    assert (again.issued, again.skipped) == (0, 2) and read_rows(outside / "again.csv") == []
    more = issue(store, outside / "more.csv", "A1", "A2", "A3", seed=3)
    assert (more.issued, more.skipped) == (1, 2)
    assert [r["agency_id"] for r in read_rows(outside / "more.csv")] == ["A3"]
    assert len(store.list_accounts(role="agency")) == 3


def test_a_unit_listed_twice_in_one_batch_is_issued_once(store, outside):
    report = issue(store, outside / "2567.csv", "A1", "A1", "A2")
    assert (report.issued, report.skipped) == (2, 1)


def test_units_that_already_have_an_account_keep_it_and_other_roles_do_not_count(store, outside):
    store.upsert_account(Account("EXISTING-1", "$2b$04$x", "agency", "A1", created_at=T0))
    store.upsert_account(Account("PROV-1", "$2b$04$x", "province", "A2", created_at=T0))
    report = issue(store, outside / "2567.csv", "A1", "A2")
    assert (report.issued, report.skipped) == (1, 1)
    assert [r["agency_id"] for r in read_rows(outside / "2567.csv")] == ["A2"]


def test_usernames_are_unique_even_when_the_rng_repeats_itself(store, outside):
    class Stuck(random.Random):  # the first two usernames drawn are identical
        calls = 0

        def choice(self, seq):  # type: ignore[override]
            Stuck.calls += 1
            return seq[0] if Stuck.calls <= 22 else super().choice(seq)

    issue_credentials(store, units("A1", "A2"), 2567, outside / "x.csv", T0, cost=4, rng=Stuck(1))
    names = [r["username"] for r in read_rows(outside / "x.csv")]
    assert len(set(names)) == 2


def test_the_mail_merge_file_is_utf8_with_bom_and_the_agreed_columns(store, outside):
    issue(store, outside / "2567.csv", "A1")
    raw = (outside / "2567.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    header = raw[3:].decode("utf-8").splitlines()[0]
    assert tuple(header.split(",")) == CSV_COLUMNS
    row = read_rows(outside / "2567.csv")[0]
    assert (row["name_th"], row["province"]) == ("สำนักงานจังหวัด A1", "เชียงใหม่")
    assert USERNAME_RE.match(row["username"]) and 6 <= len(row["password"]) <= 10


def test_cells_that_excel_would_run_as_formulas_are_defused(store, outside):
    unit = units("A1")[0] | {"name_en": '=HYPERLINK("http://x")', "name_th": "+66 office"}
    issue_credentials(store, [unit], 2567, outside / "x.csv", T0, cost=4)
    row = read_rows(outside / "x.csv")[0]
    assert row["name_en"].startswith("'=") and row["name_th"].startswith("'+")


def test_the_mail_merge_file_is_owner_only_even_with_a_permissive_umask(store, outside):
    old = os.umask(0)
    try:
        issue(store, outside / "2567.csv", "A1")
    finally:
        os.umask(old)
    assert stat.S_IMODE((outside / "2567.csv").stat().st_mode) == 0o600


def test_an_existing_file_is_never_overwritten_and_nothing_is_issued(store, outside):
    earlier = outside / "2567.csv"
    earlier.write_text("earlier batch\n", encoding="utf-8")
    with pytest.raises(FileExistsError, match="never overwritten"):
        issue(store, earlier, "A1")
    assert earlier.read_text(encoding="utf-8") == "earlier batch\n"
    assert store.list_accounts() == []


@pytest.mark.parametrize(
    "inside", [REPO_DIR / "credentials.csv", REPO_DIR / "data" / "x.csv", REPO_DIR / "tmp" / ".." / "letters.csv"]
)
def test_writing_passwords_inside_the_repository_is_refused(store, inside):
    with pytest.raises(ValueError, match="inside the repository"):
        issue(store, inside, "A1")
    assert not inside.exists() and store.list_accounts() == []


def test_a_symlink_leading_into_the_repository_is_refused_too(store, tmp_path):
    (tmp_path / "innocent").symlink_to(REPO_DIR, target_is_directory=True)
    with pytest.raises(ValueError, match="inside the repository"):
        issue(store, tmp_path / "innocent" / "x.csv", "A1")


def test_issuing_is_audited_with_the_counts(store, outside):
    issue(store, outside / "a.csv", "A1", "A2")
    issue_credentials(store, units("A2", "A3"), 2567, outside / "b.csv", T0 + 1, cost=4, by="admin1")
    rows = store.audit_rows(event="credentials_issued")
    assert [(r["actor"], r["target"]) for r in rows] == [("admin1", "2567"), ("cli", "2567")]
    assert rows[0]["detail"].startswith("issued=1 skipped=1")


def test_a_unit_without_an_agency_id_is_refused_before_anything_is_written(store, outside):
    with pytest.raises(ValueError, match="agency_id"):
        issue_credentials(store, units("A1") + [{"name_th": "ไม่มีรหัส"}], 2567, outside / "x.csv", T0, cost=4)
    assert not (outside / "x.csv").exists() and store.list_accounts() == []


def test_many_accounts_are_hashed_by_a_pool_of_processes_with_progress(store, outside):
    from dgcore.accounts.credentials import hash_workers

    seen: list[tuple[int, int]] = []
    ids = [f"P{i:03d}" for i in range(40)]
    rep = issue_credentials(
        store, units(*ids), 2567, outside / "c.csv", T0, cost=4, progress=lambda d, t: seen.append((d, t))
    )
    assert rep.issued == 40 and seen[-1] == (40, 40) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    with open(outside / "c.csv", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    for r in rows[::7]:  # every hash made in a worker checks against its own password
        assert authenticate(store, r["username"], r["password"], None, T0, POLICY).ok
    assert hash_workers() == len(os.sched_getaffinity(0))
