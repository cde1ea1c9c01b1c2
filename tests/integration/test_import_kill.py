"""An import killed (SIGKILL) at any stage leaves the published version current and intact.

Each stage runs in its own subprocess (`python -c` calling publish_year) against its own copy of a
published store; DGR_IMPORT_PAUSE_AT makes the importer announce the stage and sleep there, so the
kill lands exactly at that point. All stages run at once to keep the test short.
"""

import os
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dgcore.config import Settings, load_settings
from dgcore.db import ResultsDB, current_version
from dgcore.importer import PAUSE_ENV, PAUSE_SECONDS_ENV, STAGES, ImportContext, clean_leftovers, publish_year, versions

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "data" / "examples"
FIRST = [EXAMPLES / "registry-2567.csv", EXAMPLES / "scores-long-2567.csv", EXAMPLES / "framework-2567.yaml"]
SECOND = [EXAMPLES / "registry-2567-tis620.csv", EXAMPLES / "scores-wide-2567.xlsx", EXAMPLES / "framework-2567.yaml"]
SCRIPT = """
import sys
from pathlib import Path
from dgcore.config import load_settings
from dgcore.importer import ImportContext, publish_year
data = Path(sys.argv[1])
s = load_settings({"data_dir": data, "results_dir": data / "results", "cookie_key": "k" * 48})
r = publish_year(sys.argv[2:], 2567, ImportContext.from_settings(s), s)
print("DONE", r.ok, r.version, flush=True)
"""


def _settings(data: Path) -> Settings:
    return load_settings({"data_dir": data, "results_dir": data / "results", "cookie_key": "k" * 48})


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """A data directory whose store holds one real import of 2567."""
    data = tmp_path_factory.mktemp("kill-base")
    for sub in ("framework", "reference"):
        shutil.copytree(ROOT / "data" / sub, data / sub)
    settings = _settings(data)
    assert publish_year(FIRST, 2567, ImportContext.from_settings(settings), settings).ok
    return data


def _start(data: Path, stage: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DGR_")}
    env.update({PAUSE_ENV: stage, PAUSE_SECONDS_ENV: "120", "PYTHONPATH": str(ROOT)})
    return subprocess.Popen(
        [sys.executable, "-c", SCRIPT, str(data), *map(str, SECOND)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,
    )


def _wait_for(proc: subprocess.Popen, marker: bytes, timeout: float = 90) -> None:
    seen, deadline = b"", time.monotonic() + timeout
    while marker not in seen:
        left = deadline - time.monotonic()
        ready, _, _ = select.select([proc.stdout], [], [], max(0.0, left))
        chunk = os.read(proc.stdout.fileno(), 4096) if ready else b""
        if not chunk:
            proc.kill()
            raise AssertionError(f"never reached {marker!r}: {seen!r} {proc.stderr.read()!r}")
        seen += chunk


def _state(data: Path) -> tuple[str, list[int], int]:
    db = ResultsDB(data / "results")
    try:
        years = db.query("SELECT year FROM years ORDER BY year")["year"].tolist()
        n = int(db.query("SELECT count(*) AS n FROM sub_scores")["n"].iloc[0])
        return db.version, years, n
    finally:
        db.close()


def test_a_kill_at_any_stage_leaves_a_current_intact_version(published, tmp_path):
    before = _state(published)
    dirs = {stage: tmp_path / stage for stage in STAGES}
    for d in dirs.values():
        shutil.copytree(published, d)
    reader = ResultsDB(dirs["file_written"] / "results")  # a reader open while the import dies
    assert reader.query("SELECT count(*) AS n FROM agencies")["n"].iloc[0] == 32
    procs = {stage: _start(d, stage) for stage, d in dirs.items()}
    try:
        for stage, proc in procs.items():
            _wait_for(proc, f"DGR_IMPORT_PAUSED {stage}".encode())
            proc.send_signal(signal.SIGKILL)
            assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        for proc in procs.values():
            proc.kill()
            proc.stdout.close()
            proc.stderr.close()
    for stage, d in dirs.items():
        _check_after_kill(stage, d, before, procs[stage].pid)
    assert reader.query("SELECT count(*) AS n FROM agencies")["n"].iloc[0] == 32
    reader.close()


def _check_after_kill(stage: str, data: Path, before: tuple[str, list[int], int], pid: int) -> None:
    results = data / "results"
    version, years, n = _state(data)
    if stage == "switched":  # killed after the pointer moved: the new version is complete and current
        assert version != before[0] and (years, n) == (before[1], before[2])
    else:
        assert (version, years, n) == before, stage
    partials = list(results.glob("*.partial"))
    assert bool(partials) == (stage == "partial_written"), stage
    assert all(not v["name"].endswith(".partial") for v in versions(_settings(data)))
    if stage != "partial_written":
        return
    # the next import cleans what the killed one left, including a pointer temp file of a dead process
    (results / f".CURRENT.{pid}.tmp").write_text("half-written pointer")
    settings = _settings(data)
    result = publish_year(SECOND, 2567, ImportContext.from_settings(settings), settings)
    assert result.ok and current_version(results) == result.version
    assert not list(results.glob("*.partial*")) and not list(results.glob(".CURRENT.*.tmp"))


def test_clean_leftovers_spares_a_live_pointer_switch_and_other_files(tmp_path):
    (tmp_path / f".CURRENT.{os.getpid()}.tmp").write_text("x")  # this process: alive
    (tmp_path / "20260101T000000-000001-demo.duckdb.partial").write_text("x")  # a demo build's, not ours
    (tmp_path / "20260101T000000-000002-import-2567.duckdb.partial").write_text("x")
    (tmp_path / "20260101T000000-000002-import-2567.duckdb.partial.wal").write_text("x")
    removed = clean_leftovers(tmp_path)
    assert sorted(removed) == [
        "20260101T000000-000002-import-2567.duckdb.partial",
        "20260101T000000-000002-import-2567.duckdb.partial.wal",
    ]
