"""Row-level and cross-file checks of a year's registry and scores.

Rows become plain records (RegistryRow, ScoreCell) that remember where they came from, so that
a check made across files can still point at the file, sheet, row and column of each problem.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from dgcore.framework import Framework
from dgcore.importer.context import ImportContext, parse_bool
from dgcore.importer.layout import LONG_REQUIRED, REGISTRY_REQUIRED, Layout, display
from dgcore.importer.read import RawTable, cell_text, formula_cells, is_blank
from dgcore.importer.report import Both, ValidationReport, first_of, header_key, place, show
from dgcore.text_safety import text_findings

NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
PROVINCE_KINDS = frozenset({"provincial", "special_local", "cio_committee"})
DEFAULT_ORG_TYPE = {
    "department": "government_agency",
    "provincial": "government_agency",
    "special_local": "local_government",
    "cio_committee": "committee",
}


@dataclass
class Where:
    """A cell's address for a problem report."""

    file: str
    sheet: str | None
    row: int | None
    column: str | None

    def add(self, report: ValidationReport, code: str, **details: Any) -> None:
        report.add(code, self.file, self.sheet, self.row, self.column, **details)


@dataclass
class RegistryRow:
    where: Where
    values: dict[str, Any]  # canonical column -> normalised value (codes already canonical)
    targeted: bool
    responded: bool
    withdrawn: bool


@dataclass
class ScoreCell:
    where: Where
    agency_id: str
    sub_code: str
    score: float | None  # None: blank (missing) or not a number
    present: bool  # False only for a blank cell: a bad value still counts as given


# ---------------------------------------------------------------- shared cell readers
def _cells(cells: list[Any], lay: Layout, column: str) -> Any:
    i = lay.columns.get(column)
    return cells[i] if i is not None and i < len(cells) else None


def _header(table: RawTable, index: int | None, fallback: str) -> str:
    if index is not None and index < len(table.headers) and table.headers[index]:
        return table.headers[index]
    return fallback


def parse_score(value: Any) -> tuple[float | None, str | None]:
    """(score, None), (None, None) for a blank cell, or (None, problem code)."""
    if is_blank(value):
        return None, None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None, "score_not_number"
    if isinstance(value, str):
        text = cell_text(value).removesuffix("%").strip()
        if not NUMBER.fullmatch(text):
            return None, "score_not_number"
        value = float(text)
    try:
        x = float(value)
    except OverflowError:  # an integer too large for a float
        return None, "score_out_of_range"
    if math.isnan(x):
        return None, "score_not_number"
    if not math.isfinite(x) or not 0 <= x <= 100:
        return None, "score_out_of_range"
    return x, None


def check_year_cell(value: Any, year: int, where: Where, report: ValidationReport) -> None:
    """A year cell must be blank or the year being imported (Buddhist era)."""
    text = cell_text(value)
    if not text or text == str(year):
        return
    hint_th = hint_en = ""
    if text.isdigit() and int(text) + 543 == year:
        hint_th, hint_en = " ดูเหมือนเป็นปี ค.ศ.", "; it looks like a CE year"
    where.add(report, "year_mismatch", value=show(text), year=year, hint_th=hint_th, hint_en=hint_en)


def missing_columns(table: RawTable, lay: Layout, required: Iterable[str], report: ValidationReport) -> bool:
    """Report required columns the header lacks; True when none are missing."""
    missing = [c for c in required if c not in lay.columns]
    for c in missing:
        report.add("missing_column", table.file, table.sheet, table.header_row, display(c))
    return not missing


def header_problems(table: RawTable, lay: Layout, report: ValidationReport) -> None:
    """Repeated and unknown columns, and CSV rows longer than the header (often a decimal comma)."""
    for i, first in lay.duplicates:
        report.add(
            "duplicate_column",
            table.file,
            table.sheet,
            table.header_row,
            table.headers[i],
            other=show(table.headers[first]),
        )
    if lay.role != "scores_wide":  # in a wide sheet an unknown header is an unknown sub-indicator
        for i in lay.unknown:
            report.add("column_ignored", table.file, table.sheet, table.header_row, table.headers[i])
    if table.is_xlsx:
        return
    width = len(table.headers)
    for n, cells in table.body():
        extra = [c for c in cells[width:] if not is_blank(c)]
        if extra:
            report.add("extra_cells", table.file, None, n, None, value=show(",".join(map(str, extra))))


# ---------------------------------------------------------------- registry
def registry_rows(
    table: RawTable, lay: Layout, year: int, ctx: ImportContext, report: ValidationReport
) -> list[RegistryRow]:
    """Check every registry row on its own; return the rows that have an agency id."""
    if not missing_columns(table, lay, ("agency_id",), report):
        return []
    missing_columns(table, lay, [c for c in REGISTRY_REQUIRED if c != "agency_id"], report)
    out = []
    for n, cells in table.body():
        row = _registry_row(table, lay, n, cells, year, ctx, report)
        if row is not None:
            out.append(row)
    missing_columns(table, lay, sorted({c for r in out for c in _needs(r.values["kind"])}), report)
    return out


def _registry_row(
    table: RawTable, lay: Layout, n: int, cells: list[Any], year: int, ctx: ImportContext, report: ValidationReport
) -> RegistryRow | None:
    def at(column: str) -> Where:
        return Where(table.file, table.sheet, n, _header(table, lay.columns.get(column), column))

    text = {c: cell_text(_cells(cells, lay, c)) for c in lay.columns}
    if not text.get("agency_id"):
        at("agency_id").add(report, "missing_value")
        return None
    values = {
        "agency_id": text["agency_id"],
        "name_th": text.get("name_th", ""),
        "name_en": text.get("name_en", ""),
        "parent_id": text.get("parent_id", ""),
        "org_type": text.get("org_type", ""),
        "head_title_th": text.get("head_title_th", ""),
        "head_title_en": text.get("head_title_en", ""),
    }
    if "name_th" in lay.columns and not values["name_th"]:
        at("name_th").add(report, "missing_value")
    for column in ("name_th", "name_en", "head_title_th", "head_title_en"):  # the cell as written
        text_problems(_cells(cells, lay, column), at(column), report)
    for column in ("kind", "province_code", "ministry_code", "type_code"):
        values[column] = _coded(text.get(column, ""), column, ctx, at(column), report)
    if "kind" in lay.columns and not text.get("kind"):
        at("kind").add(report, "missing_value")
    _required_for_kind(values["kind"], text, lay, at, report)
    flags = {c: _flag(text, c, c != "withdrawn", lay, at(c), report) for c in ("targeted", "responded", "withdrawn")}
    if flags["responded"] and flags["targeted"] is False:
        at("responded").add(report, "responded_not_targeted")
    if flags["responded"] and flags["withdrawn"]:
        at("withdrawn").add(report, "responded_and_withdrawn")
    if "year" in lay.columns:
        check_year_cell(text["year"], year, at("year"), report)
    return RegistryRow(
        at("agency_id"), values, bool(flags["targeted"]), bool(flags["responded"]), bool(flags["withdrawn"])
    )


# text_findings code -> report code; the first two refuse the file, the others warn
TEXT_PROBLEMS = {
    "dangerous_url": "text_dangerous_url",
    "remote_image": "text_remote_image",
    "markup": "text_markup",
    "control_chars": "text_control",
    "bidi_controls": "text_bidi",
}


def text_problems(value: Any, where: Where, report: ValidationReport, multiline: bool = False) -> None:
    """Per cell: markup, control or bidi characters in a name (warnings: shown as text anyway), and
    javascript:/data: links or remote images (errors: such a file is refused)."""
    for finding in text_findings(value, multiline):
        where.add(report, TEXT_PROBLEMS[finding], value=show(value))


def _coded(text: str, column: str, ctx: ImportContext, where: Where, report: ValidationReport) -> str:
    if not text:
        return ""
    code = ctx.lookups[column].get(header_key(text))
    if code is None:
        where.add(report, f"unknown_{column.removesuffix('_code')}", value=show(text))
        return ""
    return code


def _needs(kind: str) -> list[str]:
    """Columns a unit of this kind must fill: a province for units in one, a ministry for departments."""
    return ["province_code"] if kind in PROVINCE_KINDS else ["ministry_code"] if kind == "department" else []


def _required_for_kind(kind: str, text: dict[str, str], lay: Layout, at: Any, report: ValidationReport) -> None:
    for column in _needs(kind):
        if column in lay.columns and not text.get(column):
            at(column).add(report, "missing_value")


def _flag(
    text: dict[str, str], column: str, required: bool, lay: Layout, where: Where, report: ValidationReport
) -> bool | None:
    if column not in lay.columns:
        return False
    raw = text[column]
    if required and not raw:
        where.add(report, "missing_value")
        return None
    value = parse_bool(raw)
    if value is None:
        where.add(report, "bad_boolean", value=show(raw))
    return value


# ---------------------------------------------------------------- scores
def long_scores(
    table: RawTable, lay: Layout, year: int, subs: dict[str, str] | None, report: ValidationReport
) -> list[ScoreCell]:
    """Score cells of a long table (one score per row); subs None when no framework is known."""
    if not missing_columns(table, lay, LONG_REQUIRED, report):
        return []
    out, blanks = [], []
    score_header = _header(table, lay.columns["score"], "score")
    for n, cells in table.body():
        where = Where(table.file, table.sheet, n, score_header)
        check_year_cell(_cells(cells, lay, "year"), year, _at(table, lay, n, "year"), report)
        agency = cell_text(_cells(cells, lay, "agency_id"))
        code = _sub_code(_cells(cells, lay, "sub_code"), subs, _at(table, lay, n, "sub_code"), year, report)
        if not agency:
            _at(table, lay, n, "agency_id").add(report, "missing_value")
        if agency and code:
            cell = _score_cell(_cells(cells, lay, "score"), where, agency, code, report)
            out.append(cell)
            if not cell.present:
                blanks.append((cell, (n, lay.columns["score"])))
    _formulas(table, blanks, report)
    return out


def _at(table: RawTable, lay: Layout, n: int, column: str) -> Where:
    return Where(table.file, table.sheet, n, _header(table, lay.columns.get(column), column))


def _sub_code(value: Any, subs: dict[str, str] | None, where: Where, year: int, report: ValidationReport) -> str | None:
    text = cell_text(value)
    if not text:
        where.add(report, "missing_value")
        return None
    if subs is None:
        return None
    code = subs.get(header_key(text))
    if code is None:
        where.add(report, "unknown_sub_indicator", value=show(text), year=year)
    return code


def _score_cell(value: Any, where: Where, agency: str, code: str, report: ValidationReport) -> ScoreCell:
    score, problem = parse_score(value)
    if problem:
        where.add(report, problem, value=show(value))
    return ScoreCell(where, agency, code, score, present=problem is not None or score is not None)


def wide_scores(table: RawTable, lay: Layout, year: int, fw: Framework, report: ValidationReport) -> list[ScoreCell]:
    """Score cells of a wide table (one row per agency, one column per sub-indicator)."""
    ok = missing_columns(table, lay, ("agency_id",), report)
    for code in [c for c in fw.sub_codes if c not in lay.subs]:
        report.add("missing_column", table.file, table.sheet, table.header_row, f"{code} {fw.sub(code).name_th}")
    for i in lay.unknown:
        report.add(
            "unknown_sub_indicator",
            table.file,
            table.sheet,
            table.header_row,
            table.headers[i],
            value=show(table.headers[i]),
            year=year,
        )
    if not ok:
        return []
    out, blanks, seen = [], [], {}
    for n, cells in table.body():
        agency = cell_text(_cells(cells, lay, "agency_id"))
        if "year" in lay.columns:
            check_year_cell(_cells(cells, lay, "year"), year, _at(table, lay, n, "year"), report)
        if not agency:
            _at(table, lay, n, "agency_id").add(report, "missing_value")
        elif agency in seen:
            _at(table, lay, n, "agency_id").add(
                report, "duplicate_agency", value=show(agency), first=place(seen[agency], table.sheet)
            )
        else:
            seen[agency] = n
            out.extend(_wide_row(table, lay, n, cells, agency, report, blanks))
    _formulas(table, blanks, report)
    return out


def _wide_row(
    table: RawTable, lay: Layout, n: int, cells: list[Any], agency: str, report: ValidationReport, blanks: list
) -> list[ScoreCell]:
    out = []
    for code, i in lay.subs.items():
        value = cells[i] if i < len(cells) else None
        cell = _score_cell(value, Where(table.file, table.sheet, n, table.headers[i]), agency, code, report)
        out.append(cell)
        if not cell.present:
            blanks.append((cell, (n, i)))
    return out


def _formulas(table: RawTable, blanks: list[tuple[ScoreCell, tuple[int, int]]], report: ValidationReport) -> None:
    """Blank-looking workbook cells that are formulas never calculated: a problem, not a missing score."""
    if not table.is_xlsx or not blanks:
        return
    found = formula_cells(table.path, table.sheet or "", {rc for _, rc in blanks})
    for cell, rc in blanks:
        if rc in found:
            cell.present = True
            cell.where.add(report, "score_formula")


# ---------------------------------------------------------------- across files
def duplicate_agencies(rows: list[RegistryRow], report: ValidationReport) -> dict[str, RegistryRow]:
    """The first row of each agency id; later rows with the same id are reported."""
    first: dict[str, RegistryRow] = {}
    for r in rows:
        aid = r.values["agency_id"]
        if aid in first:
            w = first[aid].where
            r.where.add(report, "duplicate_agency", value=show(aid), first=_ref(w, r.where))
        else:
            first[aid] = r
    return first


def _ref(w: Where, other: Where) -> Both:
    th, en = place(w.row, w.sheet)
    prefix = w.file + " " if w.file != other.file else ""
    return Both((prefix + th, prefix + en))


def unknown_parents(rows: dict[str, RegistryRow], known: set[str], report: ValidationReport) -> None:
    """A parent must be another unit of the imported or the published registry."""
    for aid, r in rows.items():
        parent = r.values["parent_id"]
        if parent and (parent == aid or parent not in known):
            Where(r.where.file, r.where.sheet, r.where.row, "parent_id").add(
                report, "unknown_parent", value=show(parent)
            )


def duplicate_scores(cells: list[ScoreCell], report: ValidationReport) -> dict[tuple[str, str], ScoreCell]:
    """The first cell of each (agency, sub-indicator); later ones are reported."""
    first: dict[tuple[str, str], ScoreCell] = {}
    for c in cells:
        key = (c.agency_id, c.sub_code)
        if key in first and (c.present or first[key].present):
            details = (
                {}
                if report.full("duplicate_score")
                else dict(agency=show(c.agency_id), sub=c.sub_code, first=_ref(first[key].where, c.where))
            )
            c.where.add(report, "duplicate_score", **details)
        if key not in first or not first[key].present:
            first[key] = c
    return first


def unknown_agencies(cells: list[ScoreCell], known: set[str], report: ValidationReport) -> None:
    """One problem per unknown agency id and file, at its first row, with the number of rows."""
    seen: dict[tuple[str, str, str | None], list[ScoreCell]] = {}
    for c in cells:
        if c.agency_id not in known:
            seen.setdefault((c.where.file, c.where.sheet, c.agency_id), []).append(c)
    for (_, _, aid), group in seen.items():
        rows = {c.where.row for c in group}
        w = group[0].where
        Where(w.file, w.sheet, w.row, "agency_id").add(report, "unknown_agency", value=show(aid), count=len(rows))


def response_checks(
    cells: dict[tuple[str, str], ScoreCell],
    status: dict[str, str],
    known: set[str],
    rows: dict[str, Where],
    fw: Framework,
    year: int,
    report: ValidationReport,
) -> None:
    """Responded units need every sub-indicator; other units must have no scores."""
    have: dict[str, set[str]] = {}
    first: dict[str, Where] = {}
    for (aid, code), c in cells.items():
        if c.present:
            have.setdefault(aid, set()).add(code)
            first.setdefault(aid, c.where)
    for aid, where in first.items():
        if aid in known and status.get(aid) != "responded":
            where.add(report, "scores_not_responded", agency=show(aid), year=year)
    for aid, st in status.items():
        missing = [c for c in fw.sub_codes if c not in have.get(aid, set())]
        if st == "responded" and missing:
            w = rows.get(aid) or Where("", None, None, None)
            Where(w.file, w.sheet, w.row, "responded").add(
                report, "incomplete_scores", agency=show(aid), missing=first_of(missing, 6)
            )


def org_type(values: dict[str, Any], ctx: ImportContext) -> str:
    """The registry's org_type, else the department list's agency type, else a default by kind."""
    if values.get("org_type"):
        return str(values["org_type"])
    match = ctx.departments[ctx.departments["dept_id"] == values["agency_id"]]
    if len(match):
        return str(match["agency_type"].iloc[0])
    return DEFAULT_ORG_TYPE.get(values.get("kind", ""), "")
