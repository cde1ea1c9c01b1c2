"""Version file names sort by when they were made, even two made within one second."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from dgcore import build
from dgcore.config import Settings
from dgcore.importer.publish import VERSION_RE, versions

SECOND = 1_795_000_000 * 1_000_000_000  # a whole second, in nanoseconds


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (1_500_000, 2_000_000),  # 1.5 ms then 2.0 ms: the sub-millisecond digits alone would invert these
        (0, 1_000),
        (999_998_000, 999_999_000),
    ],
)
def test_names_made_in_one_second_sort_in_the_order_made(monkeypatch, first, second):
    clock = iter([SECOND + first, SECOND + second])
    monkeypatch.setattr(build.time, "time_ns", lambda: next(clock))
    a, b = build._version_name("import-2566"), build._version_name("import-2567")
    assert a < b
    ma, mb = VERSION_RE.match(a), VERSION_RE.match(b)
    assert ma and mb and ma.group(1) == mb.group(1)  # the same second
    assert ma.group(2) == f"{first // 1000:06d}" and ma.group(3) == "import-2566"


def test_the_stamp_is_the_second_of_the_same_reading(monkeypatch):
    monkeypatch.setattr(build.time, "time_ns", lambda: SECOND + 999_999_999)
    name = build._version_name("x y/z")
    assert name == f"{_stamp(SECOND)}-999999-x-y-z.duckdb"


def _stamp(ns: int) -> str:
    return time.strftime("%Y%m%dT%H%M%S", time.gmtime(ns // 1_000_000_000))


def test_versions_lists_two_publishes_of_one_second_newest_first(tmp_path: Path, monkeypatch):
    clock = iter([SECOND + 1_500_000, SECOND + 2_000_000])
    monkeypatch.setattr(build.time, "time_ns", lambda: next(clock))
    older, newer = build._version_name("import-2566"), build._version_name("import-2567")
    for name in (older, newer):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "CURRENT").write_text(newer, encoding="utf-8")
    settings = Settings(data_dir=tmp_path, results_dir=tmp_path, accounts_path=tmp_path / "a.sqlite")
    listed = [(v["name"], v["is_current"]) for v in versions(settings)]
    assert listed == [(newer, True), (older, False)]
