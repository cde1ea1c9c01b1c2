"""Reading and checking a year's files into a report and, when valid, the rows to publish."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dgcore.framework import Framework
from dgcore.importer import checks as chk
from dgcore.importer.context import ImportContext
from dgcore.importer.framework import check_framework
from dgcore.importer.layout import Layout, find_header, sub_lookup
from dgcore.importer.read import (
    YAML_EXT,
    RawTable,
    Unreadable,
    file_kind,
    read_bytes,
    read_csv,
    read_xlsx,
    read_yaml,
    report_unreadable,
)
from dgcore.importer.report import FileSummary, ValidationReport

ProgressFn = Callable[[float, str], None]
MIN_YEAR, MAX_YEAR = 2500, 2800  # Buddhist era


class Progress:
    """Maps a part of the work onto a slice [lo, hi] of the caller's 0..1 progress callback."""

    def __init__(self, fn: ProgressFn | None, lo: float = 0.0, hi: float = 1.0):
        self.fn, self.lo, self.hi = fn, lo, hi

    def __call__(self, fraction: float, message: str) -> None:
        if self.fn is not None:
            self.fn(self.lo + (self.hi - self.lo) * min(1.0, max(0.0, fraction)), message)

    def part(self, a: float, b: float) -> Progress:
        span = self.hi - self.lo
        return Progress(self.fn, self.lo + span * a, self.lo + span * b)


@dataclass
class Prepared:
    """A checked year: the report, and (when valid) the rows to publish."""

    report: ValidationReport
    year: int
    framework: Framework | None = None
    framework_imported: bool = False
    framework_source: str = ""  # "supplied" (a file among these), "built-in", "published" or "" (none)
    agencies: pd.DataFrame = field(default_factory=pd.DataFrame)  # the imported registry, agencies columns
    participation: pd.DataFrame | None = None  # year, agency_id, kind, status; None: keep the published one
    scores: pd.DataFrame = field(default_factory=pd.DataFrame)  # year, agency_id, sub_code, score
    files: list[str] = field(default_factory=list)
    head_titles: pd.DataFrame = field(default_factory=pd.DataFrame)  # agency_id, head_title_th, head_title_en


def check_files(
    paths: Iterable[str | Path], year: int, context: ImportContext, progress: ProgressFn | None = None
) -> ValidationReport:
    """Every problem in these files for this year, in Thai and English; never raises, never publishes."""
    return prepare_import(paths, year, context, progress).report


def prepare_import(
    paths: Iterable[str | Path], year: int, context: ImportContext, progress: ProgressFn | None = None
) -> Prepared:
    """Read and check the files; the tables to publish come back too (use them only if report.ok)."""
    prog = Progress(progress)
    files = [Path(p) for p in paths]
    prep = Prepared(ValidationReport(int(year)), int(year), files=[f.name for f in files])
    _check_setup(prep, context)
    tables, frameworks = _read_all(files, prep.report, prog.part(0.0, 0.8))
    supplied = [f.name for f in files if f.suffix.lower() in YAML_EXT]
    prep.framework, prep.framework_imported = _framework(frameworks, prep, context, bool(supplied))
    prep.framework_source = "supplied" if supplied else context.framework_sources.get(prep.year, "")
    prep.report.framework_source = _source_words(prep, supplied, context)
    if supplied and prep.framework is None:  # never fall back to another framework: stop here
        prep.report.add("framework_stopped", supplied[0])
        prog(1.0, "stopped")
        return prep
    prog(0.85, "checking rows")
    registry, cells = _parse_tables(tables, prep, context)
    prog(0.95, "checking across files")
    _cross_checks(registry, cells, prep, context)
    prog(1.0, "checked")
    return prep


def _source_words(prep: Prepared, supplied: list[str], context: ImportContext) -> tuple[str, str]:
    """Which framework the year is checked against, as a Thai and an English sentence."""
    y = prep.year
    if supplied:
        before = context.framework_sources.get(y)
        th_more = {"built-in": " (แทนไฟล์ที่ติดตั้งมากับระบบ)", "published": " (แทนกรอบที่เผยแพร่แล้ว)"}.get(before, "")
        en_more = {
            "built-in": f" (in place of the built-in data/framework/{y}.yaml)",
            "published": " (in place of the one already published)",
        }.get(before, "")
        return (
            f"กรอบการประเมินปี {y}: จากไฟล์ที่ส่งมา {supplied[0]}{th_more}",
            f"Framework for {y}: the supplied file {supplied[0]}{en_more}",
        )
    if prep.framework_source == "built-in":
        return (
            f"กรอบการประเมินปี {y}: ไฟล์ที่ติดตั้งมากับระบบ data/framework/{y}.yaml",
            f"Framework for {y}: the built-in data/framework/{y}.yaml",
        )
    if prep.framework_source == "published":
        return (
            f"กรอบการประเมินปี {y}: กรอบที่เผยแพร่แล้วในข้อมูลปัจจุบัน",
            f"Framework for {y}: the one already published with that year",
        )
    return (f"กรอบการประเมินปี {y}: ไม่มี", f"Framework for {y}: none")


def _check_setup(prep: Prepared, context: ImportContext) -> None:
    if not MIN_YEAR <= prep.year <= MAX_YEAR:
        prep.report.add("year_invalid", "", value=prep.year)
    if context.published_error:
        prep.report.add("published_unreadable", "", detail=context.published_error[1])
    if context.published_is_demo and context.latest_import:
        prep.report.add("demo_base", "", version=context.latest_import)


def _read_all(
    files: list[Path], report: ValidationReport, prog: Progress
) -> tuple[list[RawTable], list[tuple[str, object]]]:
    sizes = [f.stat().st_size if f.is_file() else 0 for f in files]
    total, done = max(1, sum(sizes)), 0
    tables: list[RawTable] = []
    frameworks: list[tuple[str, object]] = []
    for f, size in zip(files, sizes):
        part = prog.part(done / total, (done + size) / total)
        try:
            _read_one(f, report, part, tables, frameworks)
        except Unreadable as err:
            report_unreadable(report, f.name, err)
            report.files.append(FileSummary(f.name))
        except Exception as e:  # a report must always come back; tests assert this never happens
            report.add("internal_error", f.name, detail=f"{type(e).__name__}: {e}")
        done += size
        part(1.0, f"read {f.name}")
    return tables, frameworks


def _read_one(
    f: Path, report: ValidationReport, prog: Progress, tables: list[RawTable], frameworks: list[tuple[str, object]]
) -> None:
    data = read_bytes(f)
    kind = file_kind(f, data[:4])
    if kind is None:
        raise Unreadable("file_type_unsupported", ext=f.suffix or f.name)
    if kind == "yaml":
        body, encoding = read_yaml(data)
        frameworks.append((f.name, body))
        report.files.append(FileSummary(f.name, "framework", encoding))
    elif kind == "csv":
        tables.append(read_csv(f, f.name, data, prog))
    else:
        sheets = read_xlsx(f, f.name, prog)
        if not sheets:
            raise Unreadable("file_empty")
        tables.extend(sheets)


def _framework(
    bodies: list[tuple[str, object]], prep: Prepared, context: ImportContext, supplied: bool
) -> tuple[Framework | None, bool]:
    if len(bodies) > 1:
        prep.report.add("framework_multiple", bodies[1][0])
    if bodies:
        return check_framework(bodies[0][1], bodies[0][0], prep.year, prep.report), True
    if supplied:  # a framework file was given but could not be read (already reported): no fallback
        return None, True
    fw = context.frameworks.get(prep.year)
    if fw is None:
        prep.report.add("framework_missing", "", year=prep.year)
    return fw, False


def _parse_tables(
    tables: list[RawTable], prep: Prepared, context: ImportContext
) -> tuple[list[chk.RegistryRow], list[chk.ScoreCell]]:
    subs = sub_lookup(prep.framework)
    registry: list[chk.RegistryRow] = []
    cells: list[chk.ScoreCell] = []
    layouts = [(t, find_header(t, subs)) for t in tables]
    _unrecognised_files(layouts, prep.report)
    recognised = {t.file for t, lay in layouts if lay.role}
    for t, lay in layouts:
        try:
            if lay.role:
                _parse_table(t, lay, prep, context, subs, registry, cells)
            elif t.file in recognised and t.rows:
                prep.report.add("sheet_ignored", t.file, t.sheet)
        except Exception as e:  # a report must always come back; tests assert this never happens
            prep.report.add("internal_error", t.file, t.sheet, detail=f"{type(e).__name__}: {e}")
    return registry, cells


def _unrecognised_files(layouts: list[tuple[RawTable, Layout]], report: ValidationReport) -> None:
    """One problem per file in which no table was recognised."""
    by_file: dict[str, list[tuple[RawTable, Layout]]] = {}
    for t, lay in layouts:
        by_file.setdefault(t.file, []).append((t, lay))
    for name, items in by_file.items():
        if any(lay.role for _, lay in items):
            continue
        empty = all(not t.rows for t, _ in items)
        report.add("file_empty" if empty else "layout_unknown", name)
        report.files.append(FileSummary(name, None, items[0][0].encoding))


def _parse_table(
    t: RawTable, lay: Layout, prep: Prepared, context: ImportContext, subs: dict[str, str], registry: list, cells: list
) -> None:
    report, body = prep.report, t.body()
    report.files.append(FileSummary(t.file, lay.role, t.encoding, t.sheet, len(body)))
    chk.header_problems(t, lay, report)
    if not body:
        report.add("no_data_rows", t.file, t.sheet, t.header_row)
    elif lay.role == "registry":
        registry.extend(chk.registry_rows(t, lay, prep.year, context, report))
    elif lay.role == "scores_long":
        cells.extend(chk.long_scores(t, lay, prep.year, subs if prep.framework else None, report))
    elif prep.framework is not None:
        cells.extend(chk.wide_scores(t, lay, prep.year, prep.framework, report))


def _cross_checks(
    registry: list[chk.RegistryRow], cells: list[chk.ScoreCell], prep: Prepared, context: ImportContext
) -> None:
    report = prep.report
    rows = chk.duplicate_agencies(registry, report)
    known = set(rows) | context.published_ids()
    chk.unknown_parents(rows, known, report)
    status, where = _status(rows, prep, context)
    chk.unknown_agencies(cells, known, report)
    first = chk.duplicate_scores(cells, report)
    if prep.framework is not None and status is not None:
        chk.response_checks(first, status, known, where, prep.framework, prep.year, report)
    if report.ok:
        _collect(rows, first, prep, context)


def _status(
    rows: dict[str, chk.RegistryRow], prep: Prepared, context: ImportContext
) -> tuple[dict[str, str] | None, dict[str, chk.Where]]:
    """Each targeted unit's status this year: from the imported registry, else the published one."""
    if rows:
        status = {aid: _status_of(r) for aid, r in rows.items() if r.targeted}
        return status, {aid: r.where for aid, r in rows.items()}
    part = context.published_participation
    mine = part[part["year"].astype(int) == prep.year] if len(part) else part
    if len(mine):
        return dict(zip(mine["agency_id"].astype(str), mine["status"].astype(str))), {}
    prep.report.add("registry_missing", "", year=prep.year)
    return None, {}


def _status_of(r: chk.RegistryRow) -> str:
    return "responded" if r.responded else "withdrawn" if r.withdrawn else "not_responded"


def _collect(
    rows: dict[str, chk.RegistryRow],
    cells: dict[tuple[str, str], chk.ScoreCell],
    prep: Prepared,
    context: ImportContext,
) -> None:
    """The rows to publish, once everything is valid."""
    agencies = [
        {
            **{
                c: r.values.get(c) or None
                for c in (
                    "agency_id",
                    "name_th",
                    "name_en",
                    "kind",
                    "ministry_code",
                    "parent_id",
                    "province_code",
                    "type_code",
                )
            },
            "org_type": chk.org_type(r.values, context),
            "is_filler": False,
        }
        for r in rows.values()
    ]
    for a in agencies:
        a["name_en"] = a["name_en"] or a["name_th"]  # the English page falls back to the Thai name
    prep.agencies = pd.DataFrame(agencies)
    prep.head_titles = pd.DataFrame(
        [
            {
                "agency_id": aid,
                "head_title_th": r.values.get("head_title_th"),
                "head_title_en": r.values.get("head_title_en") or r.values.get("head_title_th"),
            }
            for aid, r in rows.items()
            if r.values.get("head_title_th")
        ],
        columns=["agency_id", "head_title_th", "head_title_en"],
    )
    if rows:
        prep.participation = pd.DataFrame(
            [
                {"year": prep.year, "agency_id": aid, "kind": r.values["kind"], "status": _status_of(r)}
                for aid, r in rows.items()
                if r.targeted
            ],
            columns=["year", "agency_id", "kind", "status"],
        )
    prep.scores = pd.DataFrame(
        [
            {"year": prep.year, "agency_id": a, "sub_code": s, "score": c.score}
            for (a, s), c in cells.items()
            if c.score is not None
        ],
        columns=["year", "agency_id", "sub_code", "score"],
    )
