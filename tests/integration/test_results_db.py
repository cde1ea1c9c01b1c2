"""The versioned results store: pointer switches, missing and damaged files give clear errors."""

import pandas as pd
import pytest
from builders import hand_tables

from dgcore.build import publish_tables
from dgcore.db import ResultsDB, ResultsUnavailable, current_version, set_current


def tiny_tables(label: str) -> dict[str, pd.DataFrame]:
    t = hand_tables()
    t["meta"] = pd.DataFrame({"key": ["source"], "value": [label]})
    return t


def test_nothing_published_is_a_clear_bilingual_error(tmp_path):
    with pytest.raises(ResultsUnavailable) as e:
        ResultsDB(tmp_path).query("SELECT 1")
    assert "dgcore demo" in e.value.en and "ยังไม่มีข้อมูล" in e.value.th


def test_a_missing_or_damaged_file_is_a_clear_error_not_a_crash(tmp_path):
    set_current(tmp_path, "gone.duckdb")
    with pytest.raises(ResultsUnavailable, match="missing"):
        ResultsDB(tmp_path).query("SELECT 1")
    (tmp_path / "bad.duckdb").write_bytes(b"this is not a database" * 100)
    set_current(tmp_path, "bad.duckdb")
    with pytest.raises(ResultsUnavailable, match="cannot be opened"):
        ResultsDB(tmp_path).query("SELECT 1")


def test_readers_follow_the_pointer_to_a_new_version_without_restart(tmp_path):
    publish_tables(tmp_path, tiny_tables("first"), "one")
    db = ResultsDB(tmp_path)
    assert db.query("SELECT value FROM meta")["value"][0] == "first"
    first = current_version(tmp_path)
    publish_tables(tmp_path, tiny_tables("second"), "two")
    assert db.query("SELECT value FROM meta")["value"][0] == "second"
    assert (tmp_path / first).exists()  # the previous version stays for a rollback
    set_current(tmp_path, first)
    assert db.query("SELECT value FROM meta")["value"][0] == "first"
    db.close()


def test_a_failed_write_leaves_the_live_version_untouched(tmp_path):
    publish_tables(tmp_path, tiny_tables("live"), "live")
    live = current_version(tmp_path)
    broken = tiny_tables("broken")
    del broken["agencies"]
    with pytest.raises(ValueError):
        publish_tables(tmp_path, broken, "broken")
    assert current_version(tmp_path) == live
    assert not list(tmp_path.glob("*.partial"))
