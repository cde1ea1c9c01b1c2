"""Write the example import files of data/examples/ (and the broken ones under broken/).

    .venv/bin/python data/examples/make_examples.py            # rewrites data/examples/
    .venv/bin/python data/examples/make_examples.py OUT_DIR    # somewhere else

Deterministic: the same seed gives the same units and scores. Real department ids and names come
from data/reference/departments.csv, provinces from geothai; the scores are made up.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

import openpyxl  # noqa: E402
import yaml  # noqa: E402

from dgcore import reference  # noqa: E402
from dgcore.framework import Framework, load_framework_file  # noqa: E402

YEAR, SEED = 2567, 2567
PARENTS = ("D224", "D227", "D172", "D130")  # departments whose provincial offices are in the example
TYPES = ("PVO", "LAND", "STAT", "AGRI")
PROVINCES = ("50", "40")  # Chiang Mai, Khon Kaen
NOT_RESPONDED = {"D250", "P-AGRI-40", "CIO-40"}
WITHDRAWN = {"D300"}
COLUMNS = [
    "agency_id",
    "name_th",
    "name_en",
    "kind",
    "ministry_code",
    "parent_id",
    "province_code",
    "type_code",
    "targeted",
    "responded",
    "withdrawn",
]
THAI_HEADERS = [
    "รหัสหน่วยงาน",
    "ชื่อหน่วยงาน",
    "ชื่อหน่วยงานภาษาอังกฤษ",
    "ประเภทหน่วยงาน",
    "รหัสกระทรวง",
    "รหัสหน่วยงานต้นสังกัด",
    "รหัสจังหวัด",
    "รหัสประเภทหน่วยงานส่วนภูมิภาค",
    "เป้าหมาย",
    "ตอบแบบสำรวจ",
    "ถอนตัว",
]
FIXED_TIME = dt.datetime(2024, 11, 1, 9, 0, 0)


# ---------------------------------------------------------------- the example year
def registry(year: int = YEAR, seed: int = SEED) -> list[dict[str, str]]:
    """A few dozen units: departments, provincial offices of four departments in two provinces, two CIO committees."""
    ref = ROOT / "data" / "reference"
    depts = reference.departments(ref)
    real = depts[depts["real"]]
    others = sorted(set(real["dept_id"]) - set(PARENTS) - {"D317", "D001", "D250", "D300"})
    chosen = [*PARENTS, "D317", "D001", "D250", "D300", *random.Random(seed).sample(others, 14)]
    by_id = depts.set_index("dept_id")
    rows = [
        _unit(d, by_id.at[d, "name_th"], by_id.at[d, "name_en"], "department", by_id.at[d, "ministry_code"])
        for d in sorted(chosen)
    ]
    provinces = reference.provinces().set_index("code")
    types = reference.agency_types(ref).set_index("type_code")
    for t in TYPES:
        parent = types.at[t, "parent_dept_id"]
        for p in PROVINCES:
            rows.append(
                _unit(
                    f"P-{t}-{p}",
                    types.at[t, "name_th"] + provinces.at[p, "name_th"],
                    f"{types.at[t, 'name_en']}, {provinces.at[p, 'name_en']}",
                    "provincial",
                    by_id.at[parent, "ministry_code"],
                    parent,
                    p,
                    t,
                )
            )
    for p in PROVINCES:
        rows.append(
            _unit(
                f"CIO-{p}",
                f"คณะกรรมการ CIO จังหวัด{provinces.at[p, 'name_th']}",
                f"Provincial CIO committee, {provinces.at[p, 'name_en']}",
                "cio_committee",
                "MOI",
                "",
                p,
            )
        )
    return rows


def _unit(
    aid: str, th: str, en: str, kind: str, ministry: str, parent: str = "", province: str = "", type_code: str = ""
) -> dict[str, str]:
    responded = aid not in NOT_RESPONDED and aid not in WITHDRAWN
    return dict(
        agency_id=aid,
        name_th=th,
        name_en=en,
        kind=kind,
        ministry_code=ministry,
        parent_id=parent,
        province_code=province,
        type_code=type_code,
        targeted="true",
        responded="true" if responded else "false",
        withdrawn="true" if aid in WITHDRAWN else "false",
    )


def scores(rows: list[dict[str, str]], fw: Framework, seed: int = SEED) -> list[tuple[str, str, float]]:
    """(agency_id, sub_code, score) for every responding unit, two decimals, 0-100."""
    rng = random.Random(seed)
    out = []
    for r in rows:
        if r["responded"] != "true":
            continue
        unit = rng.gauss(0, 9)
        for s in fw.subs:
            out.append((r["agency_id"], s.code, round(min(100.0, max(0.0, 62 + unit + rng.gauss(0, 11))), 2)))
    return out


# ---------------------------------------------------------------- writers
def write_csv(path: Path, header: list[str], rows: list[list], encoding: str = "utf-8") -> None:
    """A CSV as Excel writes it (CRLF line ends) in the given encoding."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))


def write_registry(path: Path, rows: list[dict[str, str]], thai: bool = False, encoding: str = "utf-8-sig") -> None:
    """The registry with English or Thai headers (Thai headers also use ใช่/ไม่ใช่)."""
    yes_no = {"true": "ใช่", "false": "ไม่ใช่"} if thai else {}
    body = [
        [yes_no.get(r[c], r[c]) if c in ("targeted", "responded", "withdrawn") else r[c] for c in COLUMNS] for r in rows
    ]
    write_csv(path, THAI_HEADERS if thai else COLUMNS, body, encoding)


def write_long(path: Path, cells: list[tuple[str, str, float]], year: int = YEAR) -> None:
    write_csv(path, ["year", "agency_id", "sub_code", "score"], [[year, a, s, v] for a, s, v in cells])


def _workbook() -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    wb.properties.creator = "DG Readiness Dashboard examples"
    wb.properties.created = wb.properties.modified = FIXED_TIME
    return wb


def write_wide(
    path: Path, rows: list[dict[str, str]], cells: list[tuple[str, str, float]], fw: Framework, year: int = YEAR
) -> None:
    """Sheet 1 holds notes; sheet 2 (คะแนน) a title row, a blank row, then Thai-named sub-indicator columns."""
    wb = _workbook()
    notes = wb.active
    notes.title = "คำอธิบาย"
    notes.append([f"ผลคะแนนรายตัวชี้วัดย่อย ปี {year} (ข้อมูลตัวอย่าง)"])
    notes.append(["คะแนนอยู่ในชีต คะแนน หน่วยงานที่ไม่ได้ตอบแบบสำรวจเว้นว่างไว้"])
    ws = wb.create_sheet("คะแนน")
    ws.append([f"คะแนนความพร้อมรัฐบาลดิจิทัล ปี {year}"])
    ws.append([])
    ws.append(["รหัสหน่วยงาน", "ชื่อหน่วยงาน", *[s.name_th for s in fw.subs]])
    by = {(a, s): v for a, s, v in cells}
    for r in rows:
        ws.append([r["agency_id"], r["name_th"], *[by.get((r["agency_id"], s.code)) for s in fw.subs]])
    wb.save(path)


def write_framework(path: Path, year: int = YEAR, source_year: int = 2566) -> None:
    """The source year's framework file with the year, title and notes changed."""
    out = []
    for line in (ROOT / "data" / "framework" / f"{source_year}.yaml").read_text(encoding="utf-8").splitlines():
        if line.startswith("year:"):
            line = f"year: {year}"
        elif line.startswith(("title_th:", "title_en:")):
            line = line.replace(str(source_year), str(year)).replace(f"({source_year - 543})", f"({year - 543})")
        elif line.startswith("notes_th:"):
            line = f"notes_th: ตัวอย่างไฟล์นำเข้า คัดลอกจากกรอบการประเมินปี {source_year} โดยเปลี่ยนเฉพาะปี"
        elif line.startswith("notes_en:"):
            line = f"notes_en: Example import file, a copy of the {source_year} framework with only the year changed."
        out.append(line)
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- broken files, one class of problem each
SMALL = ("D001", "D317", "D250")  # D001 and D317 responded, D250 did not


def write_broken(out: Path, rows: list[dict[str, str]], cells: list[tuple[str, str, float]], fw: Framework) -> None:
    """Small files with exactly one kind of problem each (see README.md for the list)."""
    out.mkdir(parents=True, exist_ok=True)
    small = [r for r in rows if r["agency_id"] in SMALL]
    ok = [c for c in cells if c[0] in SMALL]
    write_registry(out / "registry-ok-small.csv", small)
    write_long(out / "scores-ok-small.csv", ok)
    _broken_files(out)
    _broken_registries(out, small)
    _broken_scores(out, ok)
    _broken_workbooks(out, small, ok, fw)
    _broken_frameworks(out)


def _broken_files(out: Path) -> None:
    (out / "empty.csv").write_bytes(b"")
    with zipfile.ZipFile(out / "renamed-zip.xlsx", "w") as z:
        z.writestr(zipfile.ZipInfo("readme.txt", date_time=(2024, 11, 1, 9, 0, 0)), "not a workbook")
    (out / "binary-junk.csv").write_bytes(bytes(random.Random(7).randrange(256) for _ in range(600)) + b"\x00")
    (out / "bad-encoding.csv").write_bytes(b"agency_id,name_th\r\nD001,\xdb\xfc\xfd\xfe\r\n")
    (out / "old-format.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    write_csv(out / "unknown-layout.csv", ["colour", "size"], [["red", "10"]])
    (out / "not-yaml.yaml").write_text("year: 2567\npillars: [unclosed\n", encoding="utf-8")


def _broken_registries(out: Path, small: list[dict[str, str]]) -> None:
    write_csv(
        out / "registry-missing-columns.csv",
        ["agency_id", "name_th", "targeted"],
        [[r["agency_id"], r["name_th"], "true"] for r in small],
    )
    write_csv(out / "registry-header-only.csv", COLUMNS, [])
    ok = {**small[0], "responded": "false"}  # a department; nobody responded, so no scores are needed
    bad = [
        {**ok, "agency_id": "X-PROV", "kind": "cio_committee", "province_code": "99"},  # row 2
        {**ok, "agency_id": "X-MIN", "ministry_code": "MOX"},  # row 3
        {**ok, "agency_id": "X-KIND", "kind": "agency"},  # row 4
        {**ok, "agency_id": "X-PARENT", "parent_id": "D999"},  # row 5
        {**ok, "agency_id": "X-PROV"},  # row 6: repeats row 2
        {**ok, "agency_id": "X-BOOL", "responded": "maybe"},  # row 7
        {**ok, "agency_id": "X-TARGET", "targeted": "false", "responded": "true"},  # row 8
        {**ok, "agency_id": "X-WD", "responded": "true", "withdrawn": "true"},  # row 9
        {**ok, "agency_id": "X-NAME", "name_th": ""},  # row 10
    ]
    write_csv(out / "registry-bad-values.csv", COLUMNS, [[r[c] for c in COLUMNS] for r in bad])


def _broken_scores(out: Path, ok: list[tuple[str, str, float]]) -> None:
    rows = [[YEAR, a, s, v] for a, s, v in ok]  # rows 2..33: D001 then D317, 16 sub-indicators each
    header = ["year", "agency_id", "sub_code", "score"]

    def variant(name: str, edit) -> None:
        body = [list(r) for r in rows]
        edit(body)
        write_csv(out / name, header, body)

    variant("scores-unknown-agency.csv", lambda b: b.append([YEAR, "D9999", "1.1", 50]))  # row 34
    variant("scores-unknown-sub.csv", lambda b: b.append([YEAR, "D001", "7.1", 50]))  # row 34
    variant("scores-duplicate.csv", lambda b: b.append(list(b[0])))  # row 34
    variant(
        "scores-not-number.csv",
        lambda b: [b[i].__setitem__(3, v) for i, v in ((0, "abc"), (1, "NaN"), (2, "=A1+1"), (3, "inf"))],
    )  # rows 2-5
    variant(
        "scores-out-of-range.csv", lambda b: [b[i].__setitem__(3, v) for i, v in ((0, "101"), (1, "-5"), (2, "1e999"))]
    )  # rows 2-4
    variant("scores-incomplete.csv", lambda b: [b.pop(17), b.pop(16)])  # D317 lacks 2 subs
    variant("scores-not-responded.csv", lambda b: b.append([YEAR, "D250", "1.1", 40]))  # row 34
    variant("scores-wrong-year.csv", lambda b: [b[0].__setitem__(0, 2566), b[1].__setitem__(0, 2024)])  # rows 2-3
    buf = [header] + [list(map(str, r)) for r in rows]
    buf[1][3] = buf[1][3].replace(".", ",")  # row 2: a decimal comma splits the score
    (out / "scores-decimal-comma.csv").write_bytes(("\r\n".join(",".join(r) for r in buf) + "\r\n").encode())


def _broken_workbooks(out: Path, small: list[dict[str, str]], ok: list[tuple[str, str, float]], fw: Framework) -> None:
    by = {(a, s): v for a, s, v in ok}
    wb = _workbook()
    ws = wb.active
    ws.title = "คะแนน"
    ws.append(["รหัสหน่วยงาน", *[s.name_th for s in fw.subs]])
    for aid in ("D001", "D317"):
        ws.append([aid, *[by[(aid, s.code)] for s in fw.subs]])
    ws["B2"] = "=SUM(C2:D2)"  # a formula Excel never calculated: reads blank with data_only
    ws["C3"].value = "=C2*2"  # text that starts with '=': not a number
    ws["C3"].data_type = "s"
    wb.save(out / "scores-wide-formula.xlsx")
    wb = _workbook()
    ws = wb.active
    ws.title = "คะแนน"
    ws.append(["รหัสหน่วยงาน", *[s.name_th for s in fw.subs], "ตัวชี้วัดที่ไม่มีจริง"])
    for aid in ("D001", "D317", "D317"):  # row 4 repeats D317
        ws.append([aid, *[by[(aid, s.code)] for s in fw.subs], None])
    wb.save(out / "scores-wide-duplicate.xlsx")


def _broken_frameworks(out: Path) -> None:
    write_framework(out / "framework-wrong-year.yaml", year=2566)
    tmp = out / "framework-bad.yaml"
    write_framework(tmp)
    body = yaml.safe_load(tmp.read_text(encoding="utf-8"))
    body["pillars"][0]["weight"] = 0  # framework_bad_weight
    body["pillars"][1]["sub_indicators"][1]["code"] = "2.1"  # framework_duplicate_code
    body["pillars"].append(
        {"code": "7", "name_th": "เสาหลักว่าง", "name_en": "Empty pillar", "weight": 1, "sub_indicators": []}
    )  # framework_empty_pillar
    body["bands"]["levels"][-1]["min"] = 10  # framework_bad_bands
    body["maturity"]["levels"] = body["maturity"]["levels"][:4]
    body["maturity"]["levels"][3]["level"] = 5  # framework_bad_maturity: levels 1, 2, 3, 5 (a gap)
    body["classification"]["groups"][-1]["min_z"] = -1  # framework_bad_classification
    tmp.write_text(yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")


def main(out: Path = HERE) -> None:
    """Write every example file into out/ and the broken ones into out/broken/."""
    out.mkdir(parents=True, exist_ok=True)
    write_framework(out / "framework-2567.yaml")
    fw = load_framework_file(out / "framework-2567.yaml")
    rows = registry()
    cells = scores(rows, fw)
    write_registry(out / "registry-2567.csv", rows)
    write_registry(out / "registry-2567-tis620.csv", rows, thai=True, encoding="cp874")
    write_long(out / "scores-long-2567.csv", cells)
    write_wide(out / "scores-wide-2567.xlsx", rows, cells, fw)
    write_broken(out / "broken", rows, cells, fw)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
