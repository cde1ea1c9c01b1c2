"""A fresh install with no demo, on the command line: the publish preflight refuses what would lock
everyone out (saying why and what to do), and publishes once the setup is right."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dgcore.db import current_version

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "data" / "examples"
FILES = [str(EXAMPLES / n) for n in ("registry-2567.csv", "scores-long-2567.csv", "framework-2567.yaml")]


@pytest.fixture
def fresh(tmp_path) -> Path:
    """data/ with framework and reference files only: nothing published, no account store."""
    data = tmp_path / "data"
    for sub in ("framework", "reference"):
        shutil.copytree(ROOT / "data" / sub, data / sub)
    return data


def cli(data: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith("DGR_")}
    base.update(DGR_DATA_DIR=str(data), DGR_BCRYPT_COST="4", PYTHONPATH=str(ROOT), **env)
    return subprocess.run(
        [sys.executable, "-m", "dgcore", *args], cwd=data, env=base, capture_output=True, text=True, timeout=300
    )


def test_import_with_the_example_cookie_key_is_refused_with_the_reason_and_publishes_nothing(fresh):
    checked = cli(fresh, "check", *FILES, "--year", "2567")
    assert checked.returncode == 0 and "publish would be refused" in checked.stderr  # said before any import
    r = cli(fresh, "import", *FILES, "--year", "2567")
    assert r.returncode == 1
    assert "Publishing refused" in r.stdout and "example cookie key" in r.stdout and "Fix: set cookie_key" in r.stdout
    assert current_version(fresh / "results") is None and not list((fresh / "results").glob("*.duckdb"))
    th = cli(fresh, "import", *FILES, "--year", "2567", "--lang", "th")
    assert "เผยแพร่ไม่ได้" in th.stdout and "cookie_key" in th.stdout


def test_import_with_an_unreachable_account_store_is_refused(fresh, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the store's folder should be")
    r = cli(fresh, "import", *FILES, "--year", "2567", DGR_COOKIE_KEY="k" * 48, DGR_ACCOUNTS_PATH=str(blocked / "a.db"))
    assert r.returncode == 1 and "account store cannot be reached" in r.stdout and "accounts_path" in r.stdout
    assert current_version(fresh / "results") is None


def test_the_key_in_secrets_toml_is_the_one_the_command_line_checks(fresh):
    (fresh / ".streamlit").mkdir()
    (fresh / ".streamlit" / "secrets.toml").write_text(f'[dgr]\ncookie_key = "{"s" * 48}"\n')
    r = cli(fresh, "import", *FILES, "--year", "2567")  # run from the folder holding .streamlit/
    assert r.returncode == 0, r.stdout + r.stderr
    units = r.stdout.split("2567 published: ")[1].split(" units")[0]
    assert int(units.replace(",", "")) > 0 and "framework-2567.yaml" in r.stdout
    assert "import-2567" in current_version(fresh / "results")
