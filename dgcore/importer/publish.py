"""Publishing a checked year as a new results version, rollback and the list of versions.

All or nothing: nothing is written unless the whole year is valid; the new version is written
under a `.partial` name, renamed, and only then does the CURRENT pointer move (atomically, see
dgcore.db.set_current). A process killed at any point leaves CURRENT naming the previous, intact
version; a leftover `.partial` is ignored by readers and removed by the next import.

For tests, DGR_IMPORT_PAUSE_AT=<stage> makes publish_year print `DGR_IMPORT_PAUSED <stage>` and
sleep (DGR_IMPORT_PAUSE_S seconds, default 60) at that stage, so that a test can kill it there.
"""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from dgcore import scoring
from dgcore.build import TABLES, _version_name, complete_version, frameworks_table, write_database
from dgcore.config import Settings
from dgcore.db import ResultsDB, current_version, set_current
from dgcore.importer.context import ImportContext
from dgcore.importer.preflight import Refusal, aggregates_refusal, start_refusals
from dgcore.importer.prepare import Prepared, Progress, prepare_import
from dgcore.importer.report import Both, ValidationReport
from dgcore.letters import HEAD_TITLES_FILE

PAUSE_ENV, PAUSE_SECONDS_ENV = "DGR_IMPORT_PAUSE_AT", "DGR_IMPORT_PAUSE_S"
STAGES = ("validated", "tables_built", "partial_written", "file_written", "switched")
LOCK_NAME = ".import.lock"
VERSION_RE = re.compile(r"^(\d{8}T\d{6})-(\d{6})-(.+)\.duckdb$")
YEAR_TABLES = ("years", "frameworks", "participation", "sub_scores", "pillar_scores", "overall_scores")
# column -> type of every table an import writes, matching what the demo writes
SCHEMA: dict[str, dict[str, str]] = {
    "meta": {"key": "str", "value": "str"},
    "years": {"year": "int", "data_as_of": "date", "is_demo": "bool", "note_th": "str", "note_en": "str"},
    "frameworks": {"year": "int", "body": "str"},
    "agencies": {
        "agency_id": "str",
        "name_th": "str",
        "name_en": "str",
        "kind": "str",
        "ministry_code": "str",
        "parent_id": "str",
        "province_code": "str",
        "type_code": "str",
        "org_type": "str",
        "is_filler": "bool",
    },
    "participation": {"year": "int", "agency_id": "str", "kind": "str", "status": "str"},
    "sub_scores": {"year": "int", "agency_id": "str", "sub_code": "str", "score": "float"},
    "pillar_scores": {"year": "int", "agency_id": "str", "pillar_code": "str", "score": "float"},
    "overall_scores": {
        "year": "int",
        "agency_id": "str",
        "kind": "str",
        "overall": "float",
        "band": "str",
        "maturity": "int?",  # null when the year's framework has no maturity rule
    },
}


@dataclass
class PublishResult:
    """What a publish did: ok, the report, the new version's file name and what it holds."""

    ok: bool
    report: ValidationReport
    version: str | None = None
    previous: str | None = None
    years: tuple[int, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)
    refusals: tuple[Refusal, ...] = ()  # start-up checks the publish would have failed (nothing was written)


class RollbackError(ValueError):
    """A rollback that cannot be done, with a Thai and an English message."""

    def __init__(self, th: str, en: str):
        super().__init__(en)
        self.th, self.en = th, en


class _Refused(Exception):
    def __init__(self, code: str, **details: Any):
        super().__init__(code)
        self.code, self.details = code, details


def _refused(refusal: Refusal) -> _Refused:
    reason = Both((f"{refusal.th} {refusal.fix_th}", f"{refusal.en} {refusal.fix_en}"))
    return _Refused("publish_refused", detail=reason)


def pause_at(stage: str) -> None:
    """Test hook: sleep at this stage when DGR_IMPORT_PAUSE_AT names it."""
    if os.environ.get(PAUSE_ENV) == stage:
        print(f"DGR_IMPORT_PAUSED {stage}", flush=True)
        time.sleep(float(os.environ.get(PAUSE_SECONDS_ENV, "60")))


def publish_year(
    paths: Iterable[str | Path],
    year: int,
    context: ImportContext,
    settings: Settings,
    progress: Callable[[float, str], None] | None = None,
    data_as_of: dt.date | None = None,
) -> PublishResult:
    """Validate the files; if the year is valid, publish a new version holding it and the other years."""
    prog = Progress(progress)
    prep = prepare_import(paths, year, context, prog.part(0.0, 0.6))
    if not prep.report.ok:
        return PublishResult(False, prep.report)
    refusals = start_refusals(settings)  # the app must still start once this year is live
    if refusals:
        for r in refusals:
            err = _refused(r)
            prep.report.add(err.code, "", **err.details)
        return PublishResult(False, prep.report, refusals=tuple(refusals))
    pause_at("validated")
    try:
        with _import_lock(settings.results_dir):
            clean_leftovers(settings.results_dir)
            if current_version(settings.results_dir) != context.published_version:
                raise _Refused("published_changed")
            tables = build_tables(prep, context, settings, data_as_of)
            prog(0.75, "tables built")
            pause_at("tables_built")
            name = _write_version(settings.results_dir, tables, f"import-{prep.year}", prog.part(0.75, 1.0))
    except _Refused as r:
        prep.report.add(r.code, "", **r.details)
        return PublishResult(False, prep.report)
    except (OSError, duckdb.Error) as e:  # disk full, permissions...: the partial file is already gone
        if _disk_full(e):
            prep.report.add("publish_disk_full", "")
        else:
            prep.report.add("publish_failed", "", detail=f"{type(e).__name__}: {e}")
        return PublishResult(False, prep.report)
    if not prep.head_titles.empty:
        save_head_titles(settings.reference_dir, prep.head_titles)
    return PublishResult(
        True,
        prep.report,
        name,
        context.published_version,
        tuple(sorted(int(y) for y in tables["years"]["year"])),
        _counts(tables, prep.year),
    )


def save_head_titles(reference_dir: Path, titles: pd.DataFrame) -> Path:
    """Merge a registry's head titles into reference/head_titles.csv (a unit's new title replaces its
    old one), written whole and then renamed: what the results letters address (dgcore.letters)."""
    path = reference_dir / HEAD_TITLES_FILE
    old = pd.read_csv(path, dtype=str, keep_default_na=False) if path.is_file() else titles.iloc[0:0]
    merged = pd.concat([old[~old["agency_id"].isin(titles["agency_id"])], titles]).sort_values("agency_id")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    merged.to_csv(tmp, index=False, encoding="utf-8")
    os.replace(tmp, path)
    return path


def _disk_full(err: BaseException) -> bool:
    """ENOSPC from Python, or DuckDB's own words for it (it reports a failed write as an IO error)."""
    return (isinstance(err, OSError) and err.errno == errno.ENOSPC) or "No space left on device" in str(err)


def _counts(tables: dict[str, pd.DataFrame], year: int) -> dict[str, int]:
    part = tables["participation"][tables["participation"]["year"] == year]
    return {
        "agencies": len(tables["agencies"]),
        "targeted": len(part),
        "responded": int((part["status"] == "responded").sum()),
        "sub_scores": int((tables["sub_scores"]["year"] == year).sum()),
    }


@contextmanager
def _import_lock(results_dir: Path) -> Iterator[None]:
    """One import (or rollback) at a time per results directory; the OS frees it if we die."""
    results_dir.mkdir(parents=True, exist_ok=True)
    with open(results_dir / LOCK_NAME, "a+") as f:
        try:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as e:
            raise _Refused("import_in_progress") from e
        try:
            yield
        finally:
            fcntl.flock(f.fileno(), fcntl.LOCK_UN)


def clean_leftovers(results_dir: Path) -> list[str]:
    """Remove what a killed import left behind: partial versions and stale pointer temp files."""
    removed = []
    for f in [*results_dir.glob("*-import-*.duckdb.partial*"), *results_dir.glob(".CURRENT.*.tmp")]:
        pid = f.name.split(".")[2] if f.name.startswith(".CURRENT.") else ""
        if pid.isdigit() and _alive(int(pid)):
            continue  # another process is switching the pointer right now
        f.unlink(missing_ok=True)
        removed.append(f.name)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_partial(tmp: Path) -> None:
    """Remove a partial version and the write-ahead log DuckDB keeps beside it: when the disk filled
    up during the write, the log is what holds the space."""
    for f in (tmp, Path(f"{tmp}.wal")):
        f.unlink(missing_ok=True)


def _write_version(results_dir: Path, tables: dict[str, pd.DataFrame], label: str, prog: Progress) -> str:
    """dgcore.build.publish_tables, in steps, with the test hook between writing and switching."""
    name = _version_name(label)
    tmp = results_dir / (name + ".partial")
    try:
        write_database(tmp, tables)
        prog(0.8, "written")
        incomplete = aggregates_refusal(tmp)  # the app reads these at start; never switch to a version without
        if incomplete:
            raise _refused(incomplete)
        pause_at("partial_written")
        os.replace(tmp, results_dir / name)
    except BaseException:
        remove_partial(tmp)
        raise
    pause_at("file_written")
    set_current(results_dir, name)
    prog(1.0, f"published {name}")
    pause_at("switched")
    return name


# ---------------------------------------------------------------- the tables of the new version
def build_tables(
    prep: Prepared, context: ImportContext, settings: Settings, data_as_of: dt.date | None = None
) -> dict[str, pd.DataFrame]:
    """Every table of dgcore.build.TABLES: the imported year plus the base version's other years."""
    base = read_base(settings, context.base_version, prep.year)
    y = prep.year
    part = _participation(prep, base)
    pillars, overall = _scored(prep, part)
    new = {
        "agencies": pd.concat(
            [
                prep.agencies,
                base["agencies"][
                    ~base["agencies"]["agency_id"].isin(prep.agencies.get("agency_id", pd.Series(dtype=str)))
                ],
            ]
        ),
        "participation": part,
        "sub_scores": pd.concat([base["sub_scores"], prep.scores]),
        "pillar_scores": pd.concat([base["pillar_scores"], pillars]),
        "overall_scores": pd.concat([base["overall_scores"], overall]),
        "frameworks": pd.concat([base["frameworks"], frameworks_table({y: prep.framework})]),
        "years": pd.concat(
            [
                base["years"],
                pd.DataFrame(
                    [
                        {
                            "year": y,
                            "data_as_of": data_as_of or dt.date.today(),
                            "is_demo": False,
                            "note_th": "",
                            "note_en": "",
                        }
                    ]
                ),
            ]
        ),
        "meta": _meta(prep, context),
    }
    tables = {name: conform(df, SCHEMA[name]) for name, df in new.items()}
    tables.update(
        provinces=context.provinces,
        ministries=context.ministries,
        agency_kinds=context.agency_kinds,
        agency_types=context.agency_types,
    )
    return {name: tables[name] for name in TABLES}


def _participation(prep: Prepared, base: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The year's participation from the imported registry, else the base version's own rows of it."""
    part = base["participation"]
    if prep.participation is None:
        return part
    return pd.concat([part[part["year"].astype(int) != prep.year], prep.participation])


def _scored(prep: Prepared, part: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    if prep.scores.empty:
        return pd.DataFrame(), pd.DataFrame()
    pillars, overall = scoring.score_agencies(prep.scores[["agency_id", "sub_code", "score"]], prep.framework)
    mine = part[part["year"].astype(int) == prep.year]
    kinds = dict(zip(mine["agency_id"], mine["kind"]))
    overall = overall.assign(year=prep.year, kind=[kinds.get(a) for a in overall["agency_id"]])
    return pillars.assign(year=prep.year), overall


def _meta(prep: Prepared, context: ImportContext) -> pd.DataFrame:
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    rows = {
        "source": "import",
        "is_demo": "false",
        "label_th": "ผลสำรวจที่นำเข้า",
        "label_en": "Imported survey results",
        "imported_year": str(prep.year),
        "imported_at": now,
        "imported_files": ", ".join(prep.files),
        "base_version": context.base_version or "",
    }
    return pd.DataFrame(list(rows.items()), columns=["key", "value"])


def read_base(settings: Settings, version: str | None, year: int) -> dict[str, pd.DataFrame]:
    """The base version's agencies and its rows of other years (participation: every year)."""
    empty = {name: conform(pd.DataFrame(), SCHEMA[name]) for name in (*YEAR_TABLES, "agencies")}
    if version is None:
        return empty
    db = ResultsDB(settings.results_dir)
    try:
        if db.version != version:
            raise _Refused("published_changed")
        out = {
            "agencies": db.query('SELECT * FROM "agencies"'),
            "participation": db.query('SELECT * FROM "participation"'),
        }
        for name in ("years", "frameworks", "sub_scores", "pillar_scores", "overall_scores"):
            # identifiers come from this fixed tuple; only the year is a parameter
            out[name] = db.query(f'SELECT * FROM "{name}" WHERE year <> $year', {"year": year})
        if db.version != version:
            raise _Refused("published_changed")
    finally:
        db.close()
    return {name: conform(df, SCHEMA[name]) for name, df in out.items()}


def conform(df: pd.DataFrame, schema: dict[str, str]) -> pd.DataFrame:
    """Exactly these columns, in this order, with these types (missing strings stay missing)."""
    df = df.reindex(columns=list(schema)).reset_index(drop=True)
    for col, kind in schema.items():
        s = df[col]
        if kind == "int":
            df[col] = s.astype("int64")
        elif kind == "int?":
            df[col] = s.astype("Int64")
        elif kind == "float":
            df[col] = s.astype("float64")
        elif kind == "bool":
            df[col] = s.fillna(False).astype(bool)
        elif kind == "date":
            df[col] = pd.Series([_date(v) for v in s], dtype=object)
        else:
            df[col] = s.astype(object).where(s.notna(), None).astype("str")
    return df


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return pd.Timestamp(value).date()


# ---------------------------------------------------------------- versions and rollback
def versions(settings: Settings) -> list[dict[str, Any]]:
    """Every complete version file, newest first: name, created (UTC ISO), label, is_current, size."""
    results_dir = settings.results_dir
    current = current_version(results_dir)
    out = []
    for f in results_dir.glob("*.duckdb") if results_dir.is_dir() else ():
        m = VERSION_RE.match(f.name)
        stat = f.stat()
        created = (
            dt.datetime.strptime(m.group(1), "%Y%m%dT%H%M%S").replace(tzinfo=dt.UTC)
            if m
            else dt.datetime.fromtimestamp(stat.st_mtime, dt.UTC)
        )
        out.append(
            {
                "name": f.name,
                "created": created.isoformat(),
                "label": m.group(3) if m else f.stem,
                "is_current": f.name == current,
                "size": stat.st_size,
            }
        )
    return sorted(out, key=lambda v: (v["created"], v["name"]), reverse=True)


def rollback(settings: Settings, version_name: str) -> str | None:
    """Point CURRENT at an earlier, complete version file; returns the version it replaced. A version
    published before the aggregates first gets them (dgcore.build.complete_version)."""
    results_dir = settings.results_dir
    path = results_dir / version_name
    if Path(version_name).name != version_name or not version_name.endswith(".duckdb") or not path.is_file():
        raise RollbackError(f"ไม่พบรุ่นข้อมูล {version_name}", f"There is no version named {version_name}.")
    missing = _missing_tables(path)
    if missing:
        raise RollbackError(
            f"รุ่นข้อมูล {version_name} ไม่สมบูรณ์ (ขาดตาราง {', '.join(missing)})",
            f"Version {version_name} is not complete (missing {', '.join(missing)}).",
        )
    try:
        with _import_lock(results_dir):
            previous = current_version(results_dir)
            complete_version(path)
            set_current(results_dir, version_name)
    except _Refused as e:
        raise RollbackError("กำลังนำเข้าข้อมูลอยู่ โปรดลองใหม่ภายหลัง", "An import is in progress: try again later.") from e
    return previous


def _missing_tables(path: Path) -> list[str]:
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error:
        return list(TABLES)
    try:
        have = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    finally:
        con.close()
    return [t for t in TABLES if t not in have]
