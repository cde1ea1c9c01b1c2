"""DuckDB access: versioned result files behind a pointer, read-only connections, a cursor per call.

Publishing writes a new file `results/<version>.duckdb` and then replaces the small pointer file
`results/CURRENT` atomically. Readers notice the pointer change and open the new version; the file in
use is never rewritten in place (a connection would keep seeing the old data, see docs/stack-notes.md).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

SQL_DIR = Path(__file__).with_name("sql")
POINTER = "CURRENT"


class ResultsUnavailable(RuntimeError):
    """No usable results database: carries a Thai and an English message for the person."""

    def __init__(self, th: str, en: str):
        super().__init__(en)
        self.th, self.en = th, en


@cache
def sql_text(name: str) -> str:
    """The statement stored in dgcore/sql/<name>.sql."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def current_version(results_dir: Path) -> str | None:
    """The file name the pointer names, or None when nothing is published."""
    try:
        name = (results_dir / POINTER).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return name or None


def set_current(results_dir: Path, name: str) -> None:
    """Point readers at results_dir/name, atomically (write a temp file, fsync, rename)."""
    tmp = results_dir / f".{POINTER}.{os.getpid()}.tmp"
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(name + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, results_dir / POINTER)
    except BaseException:  # e.g. the disk filled up: the old pointer stands, no half-written temp file stays
        tmp.unlink(missing_ok=True)
        raise
    dir_fd = os.open(results_dir, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def damaged(err: duckdb.Error) -> bool:
    """Whether a DuckDB error means the file is damaged (cut short, overwritten) rather than that a
    statement is wrong. A truncated or partly overwritten file opens fine and fails only when a query
    reaches the missing or garbled blocks."""
    return isinstance(
        err, (duckdb.IOException, duckdb.InternalException, duckdb.SerializationException)
    ) or "Corrupt database" in str(err)


class ResultsDB:
    """Thread-safe reader of the current results version; reopens when the pointer moves.

    `complete(path)`, when given, runs before a version is opened and may add what an older version lacks:
    the app and the command line pass dgcore.build.complete_version, which writes the aggregates of a
    version published before they existed (statements read aggregates only)."""

    def __init__(self, results_dir: Path, complete: Callable[[Path], object] | None = None):
        self.results_dir = Path(results_dir)
        self._complete = complete
        self._lock = threading.Lock()
        # (version name, connection, its table names), replaced as one tuple so readers see a consistent triple
        self._state: tuple[str, duckdb.DuckDBPyConnection, frozenset[str]] | None = None
        self._retired: list[duckdb.DuckDBPyConnection] = []
        self._pointer: tuple[tuple[int, int, int, int], str | None] | None = None  # (stat of CURRENT, its name)

    @property
    def version(self) -> str:
        return self._current()[0]

    def tables(self) -> frozenset[str]:
        """The names of the tables in the current version."""
        return self._current()[2]

    def _open(self, name: str) -> duckdb.DuckDBPyConnection:
        path = self.results_dir / name
        if not path.is_file():
            raise ResultsUnavailable(
                f"ไม่พบไฟล์ผลสำรวจ {name} โปรดให้ผู้ดูแลระบบเผยแพร่ข้อมูลใหม่หรือรัน python -m dgcore demo",
                f"The results file {name} is missing. Ask an administrator to publish again, "
                "or run python -m dgcore demo.",
            )
        try:
            return duckdb.connect(str(path), read_only=True)
        except duckdb.Error as e:
            raise ResultsUnavailable(
                f"เปิดไฟล์ผลสำรวจ {name} ไม่ได้ (ไฟล์อาจเสียหายหรือสร้างด้วย DuckDB รุ่นอื่น) โปรดเผยแพร่ใหม่",
                f"The results file {name} cannot be opened (damaged, or written by another DuckDB version): "
                f"publish it again. ({type(e).__name__})",
            ) from e

    def _complete_first(self, name: str) -> None:
        path = self.results_dir / name
        if self._complete is None or not path.is_file():
            return  # a missing file: _open tells the person
        try:
            self._complete(path)
        except duckdb.Error as e:
            if damaged(e):
                return  # _open or the first query tells the person the file is damaged
            raise self._not_completed(name, e) from e
        except OSError as e:
            raise self._not_completed(name, e) from e

    @staticmethod
    def _not_completed(name: str, e: BaseException) -> ResultsUnavailable:
        return ResultsUnavailable(
            f"ไฟล์ผลสำรวจ {name} เป็นรุ่นเก่าที่ยังไม่มีตารางสรุป และเขียนตารางสรุปเพิ่มไม่ได้ โปรดให้ผู้ดูแลระบบเผยแพร่ใหม่",
            f"The results file {name} predates the summary tables, which could not be added to it: "
            f"ask an administrator to publish again. ({type(e).__name__})",
        )

    def _connection(self) -> duckdb.DuckDBPyConnection:
        return self._current()[1]

    def _pointed(self) -> str | None:
        """current_version, read again only when the pointer file changed: a stat costs a fraction of an
        open and read, and a page asks a few times a run. set_current renames a new file over the pointer
        (a new inode and change time), and an edit in place changes its change time or size."""
        try:
            st = os.stat(self.results_dir / POINTER)
        except FileNotFoundError:
            return None
        key = (st.st_ino, st.st_dev, st.st_ctime_ns, st.st_size)
        seen = self._pointer
        if seen is not None and seen[0] == key:
            return seen[1]
        name = current_version(self.results_dir)
        self._pointer = (key, name)
        return name

    def _current(self) -> tuple[str, duckdb.DuckDBPyConnection, frozenset[str]]:
        name = self._pointed()
        if name is None:
            raise ResultsUnavailable(
                "ยังไม่มีข้อมูลผลสำรวจที่เผยแพร่ โปรดรัน python -m dgcore demo หรือนำเข้าผลสำรวจ",
                "No survey results are published yet. Run python -m dgcore demo or import results.",
            )
        state = self._state
        if state is not None and state[0] == name:
            return state
        with self._lock:
            if self._state is None or self._state[0] != name:
                self._complete_first(name)
                con = self._open(name)
                cur = con.cursor()
                try:
                    tables = frozenset(r[0] for r in cur.execute("SELECT table_name FROM duckdb_tables()").fetchall())
                finally:
                    cur.close()
                if self._state is not None:
                    # Other threads may still hold cursors of the old version: retire, close later.
                    self._retired.append(self._state[1])
                    while len(self._retired) > 2:
                        self._retired.pop(0).close()
                self._state = (name, con, tables)
            return self._state

    def query(self, sql: str, params: Mapping[str, Any] | None = None) -> pd.DataFrame:
        """Run one statement on a fresh cursor of the current version."""
        name, con, _ = self._current()
        cur = con.cursor()
        try:
            return cur.execute(sql, dict(params or {})).df()
        except duckdb.Error as e:
            if not damaged(e):
                raise  # a wrong statement is a bug, not the file's fault
            raise ResultsUnavailable(
                f"ไฟล์ผลสำรวจ {name} เสียหาย (อ่านข้อมูลบางส่วนไม่ได้) โปรดให้ผู้ดูแลระบบย้อนไปใช้รุ่นก่อนหน้าหรือเผยแพร่ใหม่",
                f"The results file {name} is damaged (part of it cannot be read): ask an administrator to "
                f"roll back to an earlier version or publish again. ({type(e).__name__})",
            ) from e
        finally:
            cur.close()

    def close(self) -> None:
        with self._lock:
            for con in [*self._retired, self._state[1] if self._state else None]:
                if con is not None:
                    con.close()
            self._retired, self._state = [], None
