"""Reading delivered files into raw tables: encodings, CSV dialects, workbooks and YAML.

Nothing here judges the content; it only turns bytes into rows with the row numbers a person sees
in Excel, and reports files that cannot be read at all.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dgcore.importer.report import ValidationReport, normalise_text

ProgressFn = Callable[[float, str], None]
CSV_EXT, XLSX_EXT, YAML_EXT = {".csv", ".txt"}, {".xlsx", ".xlsm"}, {".yaml", ".yml"}
ZIP_MAGIC = b"PK\x03\x04"
MAX_YAML_BYTES = 2_000_000
# The browser upload limit is Streamlit's server.maxUploadSize (100 MB in .streamlit/config.toml); the
# command line and a direct call get the same limit here, checked before a byte is read.
MAX_FILE_BYTES = 100 * 1024 * 1024
HEADER_SCAN_ROWS = 10  # a workbook's header may sit below a few title rows
PROGRESS_EVERY = 5_000
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: same rules, faster
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


class Unreadable(Exception):
    """A file that cannot be turned into rows: carries the report code and its details."""

    def __init__(self, code: str, **details: Any):
        super().__init__(code)
        self.code, self.details = code, details


@dataclass
class RawTable:
    """One CSV file or one worksheet: header candidates and data rows with Excel row numbers."""

    file: str
    path: Path
    sheet: str | None
    rows: list[tuple[int, list[Any]]]  # (row number as Excel shows it, cells)
    encoding: str | None = None
    is_xlsx: bool = False
    header_row: int = 1
    headers: list[str] = field(default_factory=list)
    _body: tuple[int, list[tuple[int, list[Any]]]] | None = field(default=None, repr=False)

    def body(self) -> list[tuple[int, list[Any]]]:
        """Data rows below the header, skipping rows with nothing in them."""
        if self._body is None or self._body[0] != self.header_row:
            rows = [(n, cells) for n, cells in self.rows if n > self.header_row and not all(map(is_blank, cells))]
            self._body = (self.header_row, rows)
        return self._body[1]


def is_blank(value: Any) -> bool:
    """None, or a string of whitespace (or zero-width characters) only."""
    if value is None:
        return True
    if not isinstance(value, str):
        return False
    return not value.strip() or (not value.isascii() and not normalise_text(value))


def cell_text(value: Any) -> str:
    """A cell as normalised text: integral floats lose their '.0', Thai digits become Arabic."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return normalise_text(str(value).translate(THAI_DIGITS))


# ---------------------------------------------------------------- encodings and CSV
def decode(data: bytes) -> tuple[str, str]:
    """Text and encoding name: UTF-8 (with or without BOM) strictly, else CP874 (TIS-620)."""
    for bom, name in (
        (codecs.BOM_UTF32_LE, "UTF-32"),
        (codecs.BOM_UTF32_BE, "UTF-32"),
        (codecs.BOM_UTF16_LE, "UTF-16"),
        (codecs.BOM_UTF16_BE, "UTF-16"),
    ):
        if data.startswith(bom):
            raise Unreadable("encoding_unsupported", detail=name)
    if b"\x00" in data:
        raise Unreadable("file_unreadable", kind="CSV", detail="binary data (NUL bytes)")
    try:
        return data.decode("utf-8-sig"), "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp874"), "cp874"
    except UnicodeDecodeError as e:
        raise Unreadable(
            "encoding_unsupported",
            detail=f"byte 0x{data[e.start]:02x} at offset {e.start} is neither UTF-8 nor TIS-620",
        ) from e


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    controls = sum(1 for c in sample if unicodedata.category(c) == "Cc" and c not in "\t\r\n\f\v")
    return controls > max(2, len(sample) // 100)


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(path: Path, name: str, data: bytes, progress: ProgressFn) -> RawTable:
    """Decode and split a CSV file; header is row 1 and record n is row n as in Excel."""
    text, encoding = decode(data)
    if not text.strip():
        raise Unreadable("file_empty")
    if _looks_binary(text):
        raise Unreadable("file_unreadable", kind="CSV", detail="binary data")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    rows: list[tuple[int, list[Any]]] = []
    lines = max(1, text.count("\n"))
    try:
        for n, record in enumerate(reader, start=1):
            rows.append((n, record))
            if n % PROGRESS_EVERY == 0:
                progress(min(0.95, reader.line_num / lines), f"{name}: {n:,} rows")
    except csv.Error as e:
        raise Unreadable("file_unreadable", kind="CSV", detail=f"row {len(rows) + 1}: {e}") from e
    table = RawTable(file=name, path=path, sheet=None, rows=rows, encoding=encoding)
    table.headers = [cell_text(c) for c in rows[0][1]] if rows else []
    return table


# ---------------------------------------------------------------- workbooks
def read_xlsx(path: Path, name: str, progress: ProgressFn) -> list[RawTable]:
    """Every worksheet's rows, read with data_only semantics (cached values, not formulas)."""
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # BadZipFile, KeyError, InvalidFileException, XML errors...
        raise Unreadable("file_unreadable", kind="XLSX", detail=type(e).__name__) from e
    try:
        sheets = list(wb.worksheets)
        return [_read_sheet(ws, path, name, i, len(sheets), progress) for i, ws in enumerate(sheets)]
    except Exception as e:
        raise Unreadable("file_unreadable", kind="XLSX", detail=type(e).__name__) from e
    finally:
        wb.close()


def _read_sheet(ws: Any, path: Path, name: str, i: int, n: int, progress: ProgressFn) -> RawTable:
    rows: list[tuple[int, list[Any]]] = []
    ws.reset_dimensions()  # a wrong stored dimension would silently cut rows or columns off
    for r, values in enumerate(ws.iter_rows(values_only=True), start=1):
        if any(v is not None for v in values):
            rows.append((r, list(values)))
        if r % PROGRESS_EVERY == 0:
            progress((i + 0.5) / n, f"{name} / {ws.title}: {r:,} rows")
    return RawTable(file=name, path=path, sheet=str(ws.title), rows=rows, is_xlsx=True)


def formula_cells(path: Path, sheet: str, cells: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Which of these (row, column index) cells hold a formula (they read blank with data_only)."""
    import openpyxl

    if not cells:
        return set()
    wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        by_row: dict[int, list[int]] = {}
        for r, c in cells:
            by_row.setdefault(r, []).append(c)
        found, ws = set(), wb[sheet]
        ws.reset_dimensions()
        for r, values in enumerate(ws.iter_rows(values_only=True, max_row=max(by_row)), start=1):
            for c in by_row.get(r, ()):
                v = values[c] if c < len(values) else None
                if isinstance(v, str) and v.startswith("="):
                    found.add((r, c))
        return found
    finally:
        wb.close()


# ---------------------------------------------------------------- YAML
def read_yaml(data: bytes) -> tuple[Any, str]:
    """The parsed YAML document and the encoding it was read with."""
    if len(data) > MAX_YAML_BYTES:
        raise Unreadable("file_unreadable", kind="YAML", detail=f"larger than {MAX_YAML_BYTES:,} bytes")
    text, encoding = decode(data)
    if not text.strip():
        raise Unreadable("file_empty")
    try:
        return yaml.load(text, Loader=SAFE_LOADER), encoding
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        raise Unreadable("file_unreadable", kind="YAML", detail=where + str(getattr(e, "problem", "") or e)) from e


def file_kind(path: Path, head: bytes) -> str | None:
    """'csv', 'xlsx' or 'yaml' from the extension, trusting a zip signature over a .csv name."""
    ext = path.suffix.lower()
    if ext in XLSX_EXT or (ext in CSV_EXT and head.startswith(ZIP_MAGIC)):
        return "xlsx"
    if ext in CSV_EXT:
        return "csv"
    if ext in YAML_EXT:
        return "yaml"
    return None


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or Unreadable('file_not_found' / 'file_too_large' / 'file_empty')."""
    if not path.is_file():
        raise Unreadable("file_not_found")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise Unreadable("file_too_large", size=f"{size / 2**20:,.0f}", limit=f"{MAX_FILE_BYTES / 2**20:,.0f}")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise Unreadable(
            "file_unreadable", kind=path.suffix.lstrip(".").upper(), detail=e.strerror or type(e).__name__
        ) from e
    if not data:
        raise Unreadable("file_empty")
    return data


def report_unreadable(report: ValidationReport, name: str, err: Unreadable) -> None:
    """Turn an Unreadable into a file-level problem."""
    details = {"kind": "", "detail": "", **err.details}
    report.add(err.code, name, **details)
