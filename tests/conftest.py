"""Shared fixtures: one real demo database per test session, built into a temporary directory."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from dgcore.config import Settings, load_settings  # noqa: E402


@pytest.fixture(scope="session")
def demo_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A private copy of data/ with the demo survey built into it (real DuckDB file)."""
    from dgcore.demo import build_demo

    data = tmp_path_factory.mktemp("data")
    for sub in ("framework", "reference", "demo", "geo", "letters", "briefing"):
        if (ROOT / "data" / sub).exists():
            shutil.copytree(ROOT / "data" / sub, data / sub)
    settings = load_settings({"data_dir": data})
    build_demo(settings)
    os.environ["DGR_DATA_DIR"] = str(data)  # for AppTest and the browser tests' app process
    os.environ["DGR_RESULTS_DIR"] = str(settings.results_dir)
    return settings


@pytest.fixture(scope="session")
def demo_db(demo_settings: Settings):
    from dgcore.db import ResultsDB

    db = ResultsDB(demo_settings.results_dir)
    yield db
    db.close()


@pytest.fixture(scope="session")
def demo_accounts(demo_settings):
    import pandas as pd

    return pd.read_csv(demo_settings.data_dir / "demo_accounts.csv", dtype=str, keep_default_na=False)


def pytest_terminal_summary(terminalreporter):
    """State how many cells of the adversarial matrix this run checked (tests/matrix.py)."""
    import matrix

    if matrix.LEDGER:
        terminalreporter.write_line(matrix.summary())
