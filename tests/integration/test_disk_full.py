"""The disk fills up during an import: a clear Thai and English message, nothing published, the live
version and its pointer exactly as they were, no partial file left behind.

The real case runs on a small tmpfs (mounting needs root, or CAP_SYS_ADMIN in a container; without it
the test is skipped with that reason). The injected case raises ENOSPC at each write step and always
runs, so CI without the privilege still covers the handling."""

from __future__ import annotations

import errno
import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest

from dgcore import db as dgdb
from dgcore.config import load_settings
from dgcore.db import current_version, set_current
from dgcore.importer import ImportContext, publish_year
from dgcore.importer import publish as importer_publish

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "data" / "examples"
VALID = [EXAMPLES / "registry-2567.csv", EXAMPLES / "scores-long-2567.csv", EXAMPLES / "framework-2567.yaml"]


def snapshot(results: Path) -> dict[str, str]:
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in sorted(results.iterdir()) if f.is_file()}


def store_in(results: Path, demo_settings, tmp_path: Path):
    """A data dir whose results folder is `results`, holding a copy of the demo's live version."""
    data = tmp_path / "data"
    for sub in ("framework", "reference"):
        shutil.copytree(ROOT / "data" / sub, data / sub)
    live = current_version(demo_settings.results_dir)
    shutil.copy(demo_settings.results_dir / live, results / live)
    set_current(results, live)
    return load_settings({"data_dir": data, "results_dir": results, "cookie_key": "k" * 48})


def assert_nothing_changed(settings, before: dict[str, str], result) -> None:
    problem = next(p for p in result.report.errors if p.code == "publish_disk_full")
    assert "ดิสก์" in problem.th and "disk" in problem.en and "unchanged" in problem.en
    assert not result.ok
    after = snapshot(settings.results_dir)
    assert {k: v for k, v in after.items() if k != ".import.lock"} == {
        k: v for k, v in before.items() if k != ".import.lock"
    }
    assert not list(settings.results_dir.glob("*.partial*")) and not list(settings.results_dir.glob(".CURRENT.*"))


@pytest.fixture
def small_disk(tmp_path, demo_settings):
    """A filesystem 1.3 times the live version's size: that fits, a new version (one year more) does not."""
    live = demo_settings.results_dir / dgdb.current_version(demo_settings.results_dir)
    size_kb = int(live.stat().st_size * 1.3 / 1024) + 64
    mnt = tmp_path / "small"
    mnt.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(mnt)], capture_output=True, text=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root or CAP_SYS_ADMIN): {done.stderr.strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def test_a_disk_that_fills_up_during_an_import_publishes_nothing_and_keeps_the_live_data(
    small_disk, demo_settings, tmp_path
):
    settings = store_in(
        small_disk, demo_settings, tmp_path
    )  # the live version fills 3/4 of the disk: no room for a new one
    before = snapshot(small_disk)
    result = publish_year(VALID, 2567, ImportContext.from_settings(settings), settings)
    assert_nothing_changed(settings, before, result)
    ok = dgdb.ResultsDB(small_disk)  # the app still reads the live version
    assert len(ok.query("SELECT * FROM years")) == 6
    ok.close()


def enospc(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("step", ["write_database", "replace", "pointer"])
def test_no_space_at_any_write_step_publishes_nothing(step, demo_settings, tmp_path, monkeypatch):
    results = tmp_path / "results"
    results.mkdir()
    settings = store_in(results, demo_settings, tmp_path)
    before = snapshot(results)
    if step == "write_database":
        real = importer_publish.write_database

        def half_then_full(path, tables):
            real(path, tables)  # the partial file is really written, then the disk "fills"
            enospc()

        monkeypatch.setattr(importer_publish, "write_database", half_then_full)
    elif step == "replace":
        monkeypatch.setattr(importer_publish.os, "replace", enospc)
    else:
        monkeypatch.setattr(dgdb.os, "fsync", enospc)
    result = publish_year(VALID, 2567, ImportContext.from_settings(settings), settings)
    if step == "pointer":  # the new version was complete: it stays for a roll-forward, but is not live
        stray = set(snapshot(results)) - set(before)
        assert all(name.endswith("-import-2567.duckdb") for name in stray - {".import.lock"})
        for name in stray - {".import.lock"}:
            (results / name).unlink()
    assert_nothing_changed(settings, before, result)
