"""Write a complete results database as a new version, then point readers at it."""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from collections.abc import Mapping
from pathlib import Path

import duckdb
import pandas as pd

from dgcore.db import current_version, set_current

# table -> sort keys. Fact tables are sorted by the access key (agency_id) for fast scoped reads.
TABLES: dict[str, tuple[str, ...]] = {
    "meta": ("key",),
    "years": ("year",),
    "frameworks": ("year",),
    "provinces": ("code",),
    "ministries": ("ministry_code",),
    "agency_kinds": ("sort",),
    "agency_types": ("type_code",),
    "agencies": ("agency_id",),
    "participation": ("agency_id", "year"),
    "sub_scores": ("agency_id", "year", "sub_code"),
    "pillar_scores": ("agency_id", "year", "pillar_code"),
    "overall_scores": ("agency_id", "year"),
}

# Publish-time aggregates: table -> sort keys. Each is computed inside the new file from its fact tables by
# dgcore/sql/aggregates/<table>.sql, so a version's aggregates always match its own facts. Versions published
# before they existed lack them: `complete_version` writes them before such a version is read again.
AGGREGATES: dict[str, tuple[str, ...]] = {
    "agg_overall": ("year", "kind"),
    "agg_pillar": ("year", "kind", "pillar_code"),
    "agg_sub": ("year", "kind", "sub_code"),
    "agg_maturity": ("year", "kind", "maturity"),
    "agg_participation": ("year", "kind"),
    "agg_province": ("year", "code", "kind"),
    "agg_province_pillar": ("year", "code", "pillar_code"),
    "agg_province_sub": ("year", "code", "sub_code"),
    "agg_branch": ("year", "dept", "type_code"),
    "agg_branch_sub": ("year", "dept", "sub_code"),
    "agg_ministry": ("year", "ministry_code"),
    "agg_ministry_maturity": ("year", "ministry_code", "maturity"),
    "agg_rank": ("agency_id", "year"),
    "agg_units": ("place", "kind", "agency_id"),
    "agg_unit_years": ("year", "kind", "province_code", "agency_id"),
}
AGGREGATE_SQL_DIR = Path(__file__).with_name("sql") / "aggregates"


def _version_name(label: str) -> str:
    """A file name that sorts by when it was made: the UTC second, then the microsecond within it,
    both read from one clock reading (two publishes in one second must still list in order)."""
    seconds, nanos = divmod(time.time_ns(), 1_000_000_000)
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(seconds))
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", label)[:40]
    return f"{stamp}-{nanos // 1000:06d}-{safe}.duckdb"


def write_database(path: Path, tables: Mapping[str, pd.DataFrame]) -> None:
    """Create a DuckDB file holding exactly these tables, each sorted by its keys."""
    missing = set(TABLES) - set(tables)
    if missing:
        raise ValueError(f"missing tables: {sorted(missing)}")
    con = duckdb.connect(str(path))
    try:
        for name, keys in TABLES.items():
            df = tables[name]
            con.register("incoming", df)
            order = ", ".join(f'"{k}"' for k in keys)
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM incoming ORDER BY {order}')
            con.unregister("incoming")
        write_aggregates(con)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    with open(path, "rb") as f:
        os.fsync(f.fileno())


def classification_thresholds(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """year, below_z: each year's fairly_outstanding min_z, read from the frameworks table as the pages read it."""
    from dgcore import advice
    from dgcore.framework import framework_from_dict

    rows = []
    for year, body in con.execute("SELECT year, body FROM frameworks ORDER BY year").fetchall():
        try:
            below_z = advice.accelerate_below(framework_from_dict(json.loads(body)))
        except (KeyError, TypeError, ValueError):
            below_z = None  # no such rule: readers compute this year's profile from the facts
        rows.append({"year": int(year), "below_z": below_z})
    return pd.DataFrame(rows, columns=["year", "below_z"]).astype({"year": "int64", "below_z": "float64"})


def write_aggregates(con: duckdb.DuckDBPyConnection) -> None:
    """Create every AGGREGATES table from the fact tables already in con, each sorted by its keys."""
    con.register("_thresholds", classification_thresholds(con))
    try:
        for name, keys in AGGREGATES.items():
            sql = (AGGREGATE_SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")
            order = ", ".join(f'"{k}"' for k in keys)
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM ({sql}) ORDER BY {order}')
    finally:
        con.unregister("_thresholds")


def missing_aggregates(path: Path) -> list[str]:
    """The AGGREGATES tables a version file lacks (all of them for one published before they existed)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        have = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    finally:
        con.close()
    return [t for t in AGGREGATES if t not in have]


def complete_version(path: Path) -> bool:
    """Give a version published before the aggregates its aggregates, so that pages read aggregates only.

    A copy gets them and then replaces the file under the same name, atomically: a reader never sees a
    half-written file, and one still holding the old file keeps reading it. True when it wrote them."""
    if not missing_aggregates(path):
        return False
    tmp = path.with_name(f".{path.name}.{os.getpid()}.upgrade")
    try:
        shutil.copyfile(path, tmp)
        con = duckdb.connect(str(tmp))
        try:
            for table in AGGREGATES:
                con.execute(f'DROP TABLE IF EXISTS "{table}"')  # a partial set is rebuilt whole
            write_aggregates(con)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        for f in (tmp, Path(f"{tmp}.wal")):
            f.unlink(missing_ok=True)
        raise
    return True


def publish_tables(results_dir: Path, tables: Mapping[str, pd.DataFrame], label: str) -> Path:
    """Write tables as a new version and switch the pointer to it; the old version stays."""
    results_dir.mkdir(parents=True, exist_ok=True)
    name = _version_name(label)
    tmp = results_dir / (name + ".partial")
    try:
        write_database(tmp, tables)
        os.replace(tmp, results_dir / name)
    except BaseException:
        for f in (tmp, Path(f"{tmp}.wal")):  # the write-ahead log holds the space on a full disk
            f.unlink(missing_ok=True)
        raise
    set_current(results_dir, name)
    return results_dir / name


def frameworks_table(frameworks: Mapping[int, object]) -> pd.DataFrame:
    """Each year's framework body as JSON, so a published version carries its own rules."""
    return pd.DataFrame(
        [
            {"year": y, "body": json.dumps(fw.raw, ensure_ascii=False, default=str)}
            for y, fw in sorted(frameworks.items())
        ]
    )


def prune_versions(results_dir: Path, keep: int, pattern: str = "*.duckdb") -> int:
    """Remove all but the newest `keep` versions matching pattern, never the current one."""
    current = current_version(results_dir)
    files = sorted(results_dir.glob(pattern))
    doomed = [f for f in files[:-keep] if f.name != current] if keep > 0 else []
    for f in doomed:
        f.unlink(missing_ok=True)
        Path(str(f) + ".wal").unlink(missing_ok=True)
    return len(doomed)
