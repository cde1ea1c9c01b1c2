"""Recognising what a table holds from its header: column aliases (English and Thai) and layouts.

Layouts:
- registry: agency_id, name_th, kind, targeted, responded (+ optional columns, see REGISTRY_OPTIONAL, among
  them the head's title in Thai and English that the results letter's เรียน line uses);
- scores_long: year, agency_id, sub_code, score;
- scores_wide: agency_id plus one column per sub-indicator, headed by its code ("2.2"), its Thai or
  English name, or "code name" ("2.2 ภาวะผู้นำด้านดิจิทัล"), compared after whitespace normalisation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dgcore.framework import Framework
from dgcore.importer.read import HEADER_SCAN_ROWS, RawTable, cell_text
from dgcore.importer.report import header_key

# canonical column -> accepted headers (compared with header_key: case, spacing and '_' ignored)
ALIASES: dict[str, tuple[str, ...]] = {
    "agency_id": ("agency_id", "agency id", "agency code", "unit id", "รหัสหน่วยงาน", "รหัส", "รหัสหน่วยงานที่รับการสำรวจ"),
    "name_th": (
        "name_th",
        "name (th)",
        "thai name",
        "name",
        "ชื่อหน่วยงาน",
        "ชื่อหน่วยงาน (ไทย)",
        "ชื่อหน่วยงานภาษาไทย",
        "ชื่อภาษาไทย",
    ),
    "name_en": ("name_en", "name (en)", "english name", "ชื่อหน่วยงาน (อังกฤษ)", "ชื่อหน่วยงานภาษาอังกฤษ", "ชื่อภาษาอังกฤษ"),
    "kind": ("kind", "agency kind", "ประเภทหน่วยงาน", "กลุ่มหน่วยงาน", "ระดับหน่วยงาน"),
    "ministry_code": ("ministry_code", "ministry", "รหัสกระทรวง", "กระทรวง", "สังกัดกระทรวง"),
    "parent_id": ("parent_id", "parent", "รหัสหน่วยงานต้นสังกัด", "หน่วยงานต้นสังกัด", "ต้นสังกัด"),
    "province_code": ("province_code", "province", "รหัสจังหวัด", "จังหวัด"),
    "type_code": ("type_code", "agency type", "type", "รหัสประเภทหน่วยงานส่วนภูมิภาค", "ประเภทหน่วยงานส่วนภูมิภาค", "รหัสประเภท"),
    "org_type": ("org_type", "organisation type", "organization type", "ประเภทองค์กร"),
    # the head of the unit as the results letter addresses it (เรียน ...), e.g. ผู้บัญชาการตำรวจแห่งชาติ
    "head_title_th": ("head_title_th", "head title", "head title (th)", "ตำแหน่งหัวหน้าหน่วยงาน", "คำขึ้นต้น (เรียน)"),
    "head_title_en": ("head_title_en", "head title (en)", "ตำแหน่งหัวหน้าหน่วยงาน (อังกฤษ)"),
    "targeted": ("targeted", "target", "เป้าหมาย", "หน่วยงานเป้าหมาย", "กลุ่มเป้าหมาย"),
    "responded": ("responded", "response", "ตอบแบบสำรวจ", "ตอบแล้ว", "ส่งแบบสำรวจ"),
    "withdrawn": ("withdrawn", "ถอนตัว", "ขอถอนตัว"),
    "year": ("year", "ปี", "ปีที่สำรวจ", "ปีสำรวจ", "พ.ศ.", "ปี พ.ศ."),
    "sub_code": ("sub_code", "sub indicator", "sub-indicator", "indicator", "รหัสตัวชี้วัดย่อย", "ตัวชี้วัดย่อย", "รหัสตัวชี้วัด"),
    "score": ("score", "คะแนน", "คะแนนร้อยละ", "ร้อยละ"),
}
THAI = {c: next(a for a in names if not a.isascii()) for c, names in ALIASES.items()}
# headers a workbook may carry that are neither data we read nor a mistake
IGNORED = frozenset(
    header_key(h)
    for h in (
        "no",
        "no.",
        "#",
        "ลำดับ",
        "ลำดับที่",
        "overall",
        "total",
        "คะแนนรวม",
        "คะแนนภาพรวม",
        "หมายเหตุ",
        "note",
        "notes",
        "remark",
        "remarks",
        "band",
        "ระดับ",
        "maturity",
    )
)
REGISTRY_REQUIRED = ("agency_id", "name_th", "kind", "targeted", "responded")
REGISTRY_OPTIONAL = (
    "name_en",
    "ministry_code",
    "parent_id",
    "province_code",
    "type_code",
    "org_type",
    "withdrawn",
    "year",
    "head_title_th",
    "head_title_en",
)
REGISTRY_ONLY = frozenset(REGISTRY_REQUIRED + REGISTRY_OPTIONAL) - {"agency_id", "year", "name_th", "name_en"}
LONG_REQUIRED = ("year", "agency_id", "sub_code", "score")
_ALIAS_INDEX = {header_key(a): c for c, names in ALIASES.items() for a in names}


def display(column: str) -> str:
    """A canonical column with its Thai header, for messages about missing columns."""
    return f"{column} ({THAI[column]})" if column in THAI else column


def sub_lookup(fw: Framework | None) -> dict[str, str]:
    """Accepted sub-indicator headers/values (code, names, 'code name') -> code."""
    out: dict[str, str] = {}
    for s in fw.subs if fw else ():
        for text in (s.name_en, s.name_th, f"{s.code} {s.name_en}", f"{s.code} {s.name_th}", s.code):
            out[header_key(text)] = s.code
    return out


@dataclass
class Layout:
    """Where the known columns of a table are."""

    role: str | None = None
    columns: dict[str, int] = field(default_factory=dict)  # canonical -> index
    subs: dict[str, int] = field(default_factory=dict)  # sub-indicator code -> index (wide)
    duplicates: list[tuple[int, int]] = field(default_factory=list)  # (index, index of first)
    unknown: list[int] = field(default_factory=list)  # unrecognised non-blank headers

    @property
    def recognised(self) -> int:
        return len(self.columns) + len(self.subs)


def map_headers(headers: list[str], subs: dict[str, str]) -> Layout:
    """Recognise each header as a canonical column, a sub-indicator, ignorable or unknown."""
    lay = Layout()
    for i, h in enumerate(headers):
        key = header_key(h)
        canon, code = _ALIAS_INDEX.get(key), subs.get(key)
        target = lay.subs if code and not canon else lay.columns
        name = code if code and not canon else canon
        if name is None:
            if key and key not in IGNORED:
                lay.unknown.append(i)
        elif name in target:
            lay.duplicates.append((i, target[name]))
        else:
            target[name] = i
    lay.role = _role(lay)
    return lay


def _role(lay: Layout) -> str | None:
    if "sub_code" in lay.columns or "score" in lay.columns:
        return "scores_long"
    if lay.subs:
        return "scores_wide"
    cols = set(lay.columns)
    if len(REGISTRY_ONLY & cols) >= 2 or ("agency_id" in cols and (REGISTRY_ONLY | {"name_th", "name_en"}) & cols):
        return "registry"
    return None


def find_header(table: RawTable, subs: dict[str, str]) -> Layout:
    """Pick the header row (row 1 for CSV; the best of the first rows of a sheet) and map it."""
    candidates = table.rows[:HEADER_SCAN_ROWS] if table.is_xlsx else table.rows[:1]
    best, best_row, best_headers = Layout(), 1, []
    for n, cells in candidates:
        headers = [cell_text(c) for c in cells]
        lay = map_headers(headers, subs)
        if lay.role and lay.recognised > best.recognised:
            best, best_row, best_headers = lay, n, headers
    if best.role:
        table.header_row, table.headers = best_row, best_headers
    return best
