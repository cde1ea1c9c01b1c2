"""Validation problems and the report that collects them, with every message in Thai and English.

Each problem names the file, the sheet (XLSX only), the row as a person counts it in Excel (the
header is row 1, the first data row is row 2), the column, a stable code and a message in both
languages. A report keeps at most `cap` problems per code and then adds one summary line, so that
a 100,000-row broken file still gives a readable report.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

ERROR, WARNING = "error", "warning"

# code -> (Thai template, English template). Placeholders are filled with str.format(**details).
MESSAGES: dict[str, tuple[str, str]] = {
    "file_not_found": ("ไม่พบไฟล์", "The file does not exist."),
    "file_empty": ("ไฟล์ว่างเปล่า ไม่มีข้อมูล", "The file is empty."),
    "file_too_large": (
        "ไฟล์ใหญ่เกินไป ({size} MB) รับไฟล์ละไม่เกิน {limit} MB โปรดแยกไฟล์หรือตัดคอลัมน์ที่ไม่ใช้ออก",
        "The file is too large ({size} MB): at most {limit} MB per file. Split it or remove unused columns.",
    ),
    "file_type_unsupported": (
        "ไม่รองรับไฟล์ประเภท {ext} โปรดใช้ CSV, XLSX หรือ YAML (ไฟล์ .xls รุ่นเก่าให้บันทึกเป็น .xlsx ก่อน)",
        "Files of type {ext} are not supported: use CSV, XLSX or YAML (save old .xls workbooks as .xlsx).",
    ),
    "file_unreadable": (
        "อ่านไฟล์ไม่ได้ ไฟล์อาจเสียหายหรือไม่ใช่ไฟล์ {kind} จริง ({detail})",
        "The file cannot be read: it is damaged or not really a {kind} file ({detail}).",
    ),
    "encoding_unsupported": (
        "ถอดรหัสตัวอักษรของไฟล์ไม่ได้ ({detail}) โปรดบันทึกเป็น CSV แบบ UTF-8 หรือ TIS-620",
        "The file's character encoding cannot be read ({detail}): save it as CSV in UTF-8 or TIS-620.",
    ),
    "layout_unknown": (
        "ไม่ทราบว่าไฟล์นี้เป็นข้อมูลใด ต้องมีคอลัมน์ของทะเบียนหน่วยงาน (agency_id, name_th, kind, targeted, responded) "
        "หรือคะแนนแบบยาว (year, agency_id, sub_code, score) หรือคะแนนแบบกว้าง (agency_id และคอลัมน์ตัวชี้วัดย่อย)",
        "Cannot tell what this file holds: expected an agency registry (agency_id, name_th, kind, targeted, "
        "responded), long scores (year, agency_id, sub_code, score) or wide scores (agency_id plus one column "
        "per sub-indicator).",
    ),
    "sheet_ignored": ("ข้ามชีต {sheet} เพราะไม่มีคอลัมน์ที่รู้จัก", "Sheet {sheet} was skipped: it has no known columns."),
    "column_ignored": (
        "ไม่รู้จักคอลัมน์ {column} จึงไม่ได้นำเข้าข้อมูลในคอลัมน์นี้",
        "Column {column} is not a known column; its cells were not imported.",
    ),
    "text_markup": (
        "ข้อความ {value} มีเครื่องหมายจัดรูปแบบ (Markdown หรือ HTML) หรือที่อยู่เว็บ ระบบจะแสดงตามตัวอักษร"
        " ไม่เป็นลิงก์หรือรูป โปรดตรวจว่าตั้งใจพิมพ์เช่นนี้",
        "The text {value} contains formatting (Markdown or HTML) or a web address: it will be shown as typed,"
        " never as a link or picture. Check that it is meant to read like this.",
    ),
    "text_control": (
        "ข้อความ {value} มีอักขระควบคุมที่มองไม่เห็น (เช่น แท็บ ขึ้นบรรทัดใหม่) ระบบจะแสดงเป็นช่องว่าง",
        "The text {value} contains invisible control characters (such as tabs or line breaks): they are shown"
        " as spaces.",
    ),
    "text_bidi": (
        "ข้อความ {value} มีอักขระกลับทิศทางการเขียน (bidi) ที่ทำให้ข้อความแสดงผิดลำดับ ระบบจะตัดออกเมื่อแสดงผล",
        "The text {value} contains bidirectional override characters that reorder how text is displayed:"
        " they are removed when it is shown.",
    ),
    "text_dangerous_url": (
        "ข้อความ {value} มีลิงก์แบบ javascript: หรือ data: ซึ่งไม่อนุญาต โปรดลบออก",
        "The text {value} contains a javascript: or data: link, which is not allowed: remove it.",
    ),
    "text_remote_image": (
        "ข้อความ {value} มีรูปภาพจากเว็บไซต์อื่น (![..](https://..) หรือ <img src=..>) ซึ่งไม่อนุญาต โปรดลบออก",
        "The text {value} embeds a picture from another site (![..](https://..) or <img src=..>), which is not"
        " allowed: remove it.",
    ),
    "no_data_rows": ("มีแต่หัวตาราง ไม่มีแถวข้อมูล", "There is a header but no data rows."),
    "duplicate_column": ("คอลัมน์ {column} ซ้ำกับคอลัมน์ {other}", "Column {column} repeats column {other}."),
    "missing_column": ("ไม่มีคอลัมน์ที่ต้องมี: {column}", "A required column is missing: {column}."),
    "extra_cells": (
        "แถวนี้มีข้อมูลเกินจำนวนคอลัมน์ของหัวตาราง ({value}) อาจใช้จุลภาคเป็นจุดทศนิยม",
        "This row has more cells than the header ({value}); a decimal comma may have split a value.",
    ),
    "year_invalid": (
        "ปีที่ระบุ {value} ไม่ใช่ปี พ.ศ. (พ.ศ. = ค.ศ. + 543)",
        "The year {value} is not a Buddhist-era year (BE = CE + 543).",
    ),
    "year_mismatch": (
        "ปีในไฟล์ ({value}) ไม่ตรงกับปีที่นำเข้า ({year}){hint_th}",
        "The year in the file ({value}) is not the year being imported ({year}){hint_en}.",
    ),
    "missing_value": ("ช่อง {column} ต้องมีค่า", "{column} must not be blank."),
    "duplicate_agency": (
        "รหัสหน่วยงาน {value} ซ้ำ (พบครั้งแรกที่ {first})",
        "Agency id {value} appears twice (first at {first}).",
    ),
    "unknown_kind": (
        "ไม่รู้จักประเภทหน่วยงาน {value} (ใช้ department, provincial, special_local หรือ cio_committee)",
        "Unknown kind {value} (use department, provincial, special_local or cio_committee).",
    ),
    "unknown_province": (
        "ไม่รู้จักรหัสจังหวัด {value} (ใช้รหัสจังหวัดของกรมการปกครอง 2 หลัก เช่น 50)",
        "Unknown province {value} (use the 2-digit DOPA code, e.g. 50).",
    ),
    "unknown_ministry": ("ไม่รู้จักรหัสกระทรวง {value}", "Unknown ministry code {value}."),
    "unknown_parent": (
        "ไม่พบหน่วยงานต้นสังกัด {value} ในทะเบียนที่นำเข้าหรือที่เผยแพร่แล้ว",
        "Parent {value} is in neither the imported nor the published registry.",
    ),
    "unknown_type": ("ไม่รู้จักรหัสประเภทหน่วยงานส่วนภูมิภาค {value}", "Unknown provincial agency type {value}."),
    "bad_boolean": (
        "อ่านค่า {value} เป็น ใช่ หรือ ไม่ใช่ ไม่ได้ (ใช้ true/false, 1/0, yes/no หรือ ใช่/ไม่ใช่)",
        "{value} is not a yes/no value (use true/false, 1/0, yes/no or ใช่/ไม่ใช่).",
    ),
    "responded_not_targeted": (
        "หน่วยงานตอบแบบสำรวจแต่ไม่ได้เป็นหน่วยงานเป้าหมาย",
        "The unit is marked responded but not targeted.",
    ),
    "responded_and_withdrawn": (
        "หน่วยงานถูกระบุว่าทั้งตอบแบบสำรวจและถอนตัว",
        "The unit is marked both responded and withdrawn.",
    ),
    "registry_missing": (
        "ปี {year} ยังไม่มีทะเบียนหน่วยงาน โปรดนำเข้าไฟล์ทะเบียนหน่วยงานพร้อมคะแนน",
        "There is no agency registry for {year}: import a registry file with the scores.",
    ),
    "unknown_agency": (
        "ไม่พบรหัสหน่วยงาน {value} ในทะเบียนที่นำเข้าหรือที่เผยแพร่แล้ว ({count} แถว)",
        "Agency id {value} is in neither the imported nor the published registry ({count} rows).",
    ),
    "unknown_sub_indicator": (
        "ไม่พบตัวชี้วัดย่อย {value} ในกรอบการประเมินปี {year}",
        "Sub-indicator {value} is not in the {year} framework.",
    ),
    "duplicate_score": (
        "คะแนนของหน่วยงาน {agency} ตัวชี้วัดย่อย {sub} ซ้ำ (พบครั้งแรกที่ {first})",
        "Agency {agency} has a second score for sub-indicator {sub} (first at {first}).",
    ),
    "score_not_number": ("คะแนน {value} ไม่ใช่ตัวเลข", "The score {value} is not a number."),
    "score_formula": (
        "ช่องนี้เป็นสูตรที่ยังไม่มีผลคำนวณ โปรดเปิดไฟล์ใน Excel แล้วบันทึกใหม่ หรือวางเป็นค่า",
        "This cell is a formula without a calculated value: open and save the file in Excel, or paste values.",
    ),
    "score_out_of_range": ("คะแนน {value} อยู่นอกช่วง 0–100", "The score {value} is outside 0–100."),
    "incomplete_scores": (
        "หน่วยงาน {agency} ตอบแบบสำรวจแต่ไม่มีคะแนนตัวชี้วัดย่อย {missing}",
        "Agency {agency} responded but has no score for {missing}.",
    ),
    "scores_not_responded": (
        "มีคะแนนของหน่วยงาน {agency} ซึ่งไม่ได้ระบุว่าตอบแบบสำรวจในปี {year}",
        "There are scores for agency {agency}, which is not marked as responded in {year}.",
    ),
    "framework_invalid": ("กรอบการประเมินไม่ถูกต้อง: {detail}", "The framework is not valid: {detail}."),
    "framework_bad_weight": (
        "น้ำหนักของ {value} ต้องเป็นจำนวนบวก (ได้ {detail})",
        "The weight of {value} must be a positive number (got {detail}).",
    ),
    "framework_empty_pillar": ("เสาหลัก {value} ไม่มีตัวชี้วัดย่อย", "Pillar {value} has no sub-indicators."),
    "framework_duplicate_code": ("รหัส {value} ซ้ำในกรอบการประเมิน", "The code {value} appears twice in the framework."),
    "framework_bad_bands": ("เกณฑ์ระดับคะแนนไม่ถูกต้อง: {detail}", "The bands are not valid: {detail}."),
    "framework_bad_maturity": ("ระดับวุฒิภาวะไม่ถูกต้อง: {detail}", "The maturity levels are not valid: {detail}."),
    "framework_bad_classification": (
        "เกณฑ์การจัดกลุ่มไม่ถูกต้อง: {detail}",
        "The classification groups are not valid: {detail}.",
    ),
    "framework_missing": (
        "ไม่มีกรอบการประเมินของปี {year} โปรดนำเข้าไฟล์ YAML ของกรอบการประเมิน",
        "There is no framework for {year}: import the year's framework YAML file.",
    ),
    "publish_refused": ("เผยแพร่ไม่ได้: {detail}", "Publishing refused: {detail}"),
    "framework_stopped": (
        "หยุดตรวจสอบ: ใช้กรอบการประเมินที่ส่งมาไม่ได้ และระบบจะไม่ใช้กรอบอื่นแทน โปรดแก้ไขไฟล์กรอบการประเมินแล้วตรวจสอบใหม่",
        "Check stopped: the supplied framework cannot be used, and no other framework is used in its place. "
        "Fix the framework file and check again.",
    ),
    "framework_multiple": ("นำเข้ากรอบการประเมินได้เพียงไฟล์เดียวต่อปี", "Import at most one framework file per year."),
    "published_unreadable": (
        "อ่านข้อมูลที่เผยแพร่อยู่ไม่ได้ ({detail}) โปรดย้อนกลับไปรุ่นก่อนหน้าก่อนนำเข้า",
        "The published data cannot be read ({detail}): roll back to an earlier version first.",
    ),
    "published_changed": (
        "ข้อมูลที่เผยแพร่เปลี่ยนไประหว่างการตรวจสอบ โปรดตรวจสอบและนำเข้าใหม่",
        "The published data changed since the check: check and import again.",
    ),
    "import_in_progress": (
        "มีการนำเข้าข้อมูลอื่นกำลังดำเนินอยู่ โปรดลองใหม่ภายหลัง",
        "Another import is in progress: try again later.",
    ),
    "publish_disk_full": (
        "พื้นที่ดิสก์ของโฟลเดอร์ผลสำรวจเต็มระหว่างเขียนรุ่นข้อมูลใหม่ ไม่มีการเผยแพร่ข้อมูลใด ๆ ข้อมูลที่ใช้อยู่ยังเหมือนเดิม "
        "โปรดเพิ่มพื้นที่หรือลบรุ่นเก่าที่ไม่ใช้แล้วนำเข้าใหม่",
        "The disk holding the results filled up while the new version was being written: nothing "
        "was published and the live data are unchanged. Free some space (or remove old versions) "
        "and import again.",
    ),
    "publish_failed": (
        "เขียนรุ่นข้อมูลใหม่ไม่สำเร็จ ({detail}) ไม่มีการเผยแพร่ข้อมูลใด ๆ",
        "Writing the new version failed ({detail}); nothing was published.",
    ),
    "demo_base": (
        "ข้อมูลที่เผยแพร่อยู่เป็นข้อมูลสาธิต รุ่นใหม่จะมีเฉพาะปีที่นำเข้าครั้งนี้ ผลที่นำเข้าก่อนหน้านี้ยังอยู่ในรุ่น "
        "{version} หากต้องการรวมไว้ด้วย ให้ย้อนกลับไปใช้รุ่นนั้นก่อนนำเข้า",
        "The demo is the published version, so the new version will hold only this year; earlier "
        "imports remain in version {version}: roll back to it first to keep them.",
    ),
    "internal_error": (
        "เกิดข้อผิดพลาดภายในระหว่างตรวจไฟล์ ({detail}) โปรดแจ้งผู้ดูแลระบบ",
        "Internal error while checking the file ({detail}); please report it.",
    ),
}
WARNING_CODES = frozenset({"sheet_ignored", "column_ignored", "demo_base", "text_markup", "text_control", "text_bidi"})
SUMMARY_TH, SUMMARY_EN = "… และอีก {n:,} รายการในลักษณะเดียวกัน", "… and {n:,} more of the same kind."


def show(value: Any, limit: int = 60) -> str:
    """A value as a person should see it in a message: quoted, control characters escaped, cut short."""
    text = str(value)
    if not text.isprintable():
        text = "".join(
            c if c.isprintable() or c == " " else f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}"
            for c in text
        )
    return f"“{text[:limit]}…”" if len(text) > limit else f"“{text}”"


class Both(tuple):
    """A detail with a Thai and an English form: (th, en)."""


def place(row: int | None, sheet: str | None = None) -> Both:
    """'row 12' / 'แถว 12', prefixed with the sheet name, for messages that point at another row."""
    th, en = (f"แถว {row}", f"row {row}") if row is not None else ("ทะเบียนที่เผยแพร่แล้ว", "the published registry")
    return Both((f"ชีต {sheet} {th}", f"sheet {sheet} {en}") if sheet else (th, en))


@dataclass(frozen=True)
class Problem:
    file: str
    sheet: str | None
    row: int | None
    column: str | None
    code: str
    th: str
    en: str
    severity: str = ERROR

    def as_dict(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "code": self.code,
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message_th": self.th,
            "message_en": self.en,
        }


@dataclass
class FileSummary:
    """What a file turned out to be: its role, encoding and where the data was found."""

    name: str
    role: str | None = None  # registry | scores_long | scores_wide | framework
    encoding: str | None = None  # utf-8 | utf-8-sig | cp874 (CSV and YAML only)
    sheet: str | None = None
    rows: int = 0


@dataclass
class ValidationReport:
    """Every problem found in a set of files, capped per code, plus what each file held."""

    year: int
    cap: int = 200
    problems: list[Problem] = field(default_factory=list)
    files: list[FileSummary] = field(default_factory=list)
    suppressed: dict[str, int] = field(default_factory=dict)
    framework_source: tuple[str, str] = ("", "")  # which framework the year was checked against (th, en)
    _counts: dict[str, int] = field(default_factory=dict, repr=False)

    def add(
        self,
        code: str,
        file: str,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        **details: Any,
    ) -> None:
        """Record one problem; past the cap for its code only count it."""
        n = self._counts[code] = self._counts.get(code, 0) + 1
        if n > self.cap:
            self.suppressed[code] = self.suppressed.get(code, 0) + 1
            return
        th, en = _render(code, {"column": column or "", "sheet": sheet or "", **details})
        severity = WARNING if code in WARNING_CODES else ERROR
        self.problems.append(Problem(file, sheet, row, column, code, th, en, severity))

    def full(self, code: str) -> bool:
        """True once this code has reached its cap (callers may then skip building details)."""
        return self._counts.get(code, 0) >= self.cap

    def count(self, code: str) -> int:
        """How many problems of this code were found, including those beyond the cap."""
        return self._counts.get(code, 0)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def ok(self) -> bool:
        """True when nothing blocks publishing (warnings do not)."""
        return not any(n for code, n in self._counts.items() if code not in WARNING_CODES)

    def rows(self) -> list[dict[str, Any]]:
        """Every problem as a plain dict, with one summary line per capped code."""
        out = [p.as_dict() for p in self.problems]
        for code, n in sorted(self.suppressed.items()):
            out.append(
                {
                    "severity": WARNING if code in WARNING_CODES else ERROR,
                    "code": code,
                    "file": "",
                    "sheet": None,
                    "row": None,
                    "column": None,
                    "message_th": SUMMARY_TH.format(n=n),
                    "message_en": SUMMARY_EN.format(n=n),
                }
            )
        return out

    def to_frame(self) -> pd.DataFrame:
        """The report as a DataFrame (for a table on the Admin page or a CSV download)."""
        cols = ["severity", "code", "file", "sheet", "row", "column", "message_th", "message_en"]
        return pd.DataFrame(self.rows(), columns=cols)

    def text(self, lang: str = "th") -> str:
        """The report as plain lines for the command line, in one language."""
        key = "message_th" if lang == "th" else "message_en"
        lines = [_line(r, key) for r in self.rows()]
        counts = f"{len(self.errors) + sum(self.suppressed.values())} error(s), {len(self.warnings)} warning(s)"
        head = [
            f"{f.name}: {f.role or '?'}"
            + (f" [{f.encoding}]" if f.encoding else "")
            + (f" sheet {f.sheet}" if f.sheet else "")
            + f", {f.rows:,} rows"
            for f in self.files
        ]
        source = self.framework_source[0 if lang == "th" else 1]
        return "\n".join(
            [*head, *([source] if source else []), *lines, ("OK: " if self.ok else "NOT VALID: ") + counts]
        )


def _line(r: dict[str, Any], key: str) -> str:
    where = ":".join(str(x) for x in (r["file"], r["sheet"], r["row"], r["column"]) if x not in (None, ""))
    return f"{r['severity'].upper():7} {r['code']:24} {where}  {r[key]}"


def _render(code: str, details: dict[str, Any]) -> tuple[str, str]:
    th, en = MESSAGES[code]
    d = {"hint_th": "", "hint_en": "", **details}
    d_th = {k: v[0] if isinstance(v, Both) else v for k, v in d.items()}
    d_en = {k: v[1] if isinstance(v, Both) else v for k, v in d.items()}
    try:
        return th.format(**d_th), en.format(**d_en)
    except (KeyError, IndexError, ValueError):
        return th, en


_DROP = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def normalise_text(value: Any) -> str:
    """Unicode NFC, zero-width characters dropped, runs of whitespace collapsed, ends stripped."""
    text = value if isinstance(value, str) else str(value)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text).translate(_DROP)
    return " ".join(text.split())


def header_key(value: Any) -> str:
    """How headers and names are compared: normalised text, case folded, '_' read as a space."""
    return normalise_text(str(value).replace("_", " ")).casefold()


def first_of(items: Iterable[str], n: int = 5) -> str:
    """The first n items joined with commas, with a count of the rest."""
    items = list(items)
    head = ", ".join(items[:n])
    return head + (f" (+{len(items) - n})" if len(items) > n else "")
