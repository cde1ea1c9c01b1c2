"""Real files on disk through check_files: every class of problem lands on the right file, row and column."""

import importlib.util
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from dgcore.config import load_settings
from dgcore.importer import ImportContext, check_files, prepare_import

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "data" / "examples"
BROKEN = EXAMPLES / "broken"
FW = EXAMPLES / "framework-2567.yaml"
REG = BROKEN / "registry-ok-small.csv"
SCORES = BROKEN / "scores-ok-small.csv"
THAI_CHARS = re.compile("[\u0e00-\u0e7f]")
F1, F2 = "นโยบาย แผน และแนวปฏิบัติด้านรัฐบาลดิจิทัล", "การพัฒนาบุคลากรด้านดิจิทัล"  # sub-indicators 1.1, 2.1


@pytest.fixture(scope="module")
def ctx(tmp_path_factory) -> ImportContext:
    """Reference data and frameworks of the repository, nothing published."""
    data = tmp_path_factory.mktemp("data")
    for sub in ("framework", "reference"):
        shutil.copytree(ROOT / "data" / sub, data / sub)
    # results_dir explicitly: tests/conftest.py exports DGR_RESULTS_DIR, which would otherwise win
    return ImportContext.from_settings(
        load_settings({"data_dir": data, "results_dir": data / "results", "cookie_key": "k" * 48})
    )


# file -> the other files given with it, and every (code, sheet, row, column) expected; nothing else may appear
CASES = {
    "empty.csv": ([FW, REG, SCORES], [("file_empty", None, None, None)]),
    "renamed-zip.xlsx": ([FW, REG, SCORES], [("file_unreadable", None, None, None)]),
    "binary-junk.csv": ([FW, REG, SCORES], [("file_unreadable", None, None, None)]),
    "bad-encoding.csv": ([FW, REG, SCORES], [("encoding_unsupported", None, None, None)]),
    "old-format.xls": ([FW, REG, SCORES], [("file_type_unsupported", None, None, None)]),
    "unknown-layout.csv": ([FW, REG, SCORES], [("layout_unknown", None, None, None)]),
    "not-yaml.yaml": ([FW, REG, SCORES], [("file_unreadable", None, None, None)]),
    "framework-wrong-year.yaml": (
        [REG, SCORES],
        [("year_mismatch", None, None, "year"), ("framework_stopped", None, None, None)],
    ),
    "framework-bad.yaml": (
        [REG, SCORES],
        [
            ("framework_bad_weight", None, None, "pillars[0].weight"),
            ("framework_duplicate_code", None, None, "pillars[1].sub_indicators[1].code"),
            ("framework_empty_pillar", None, None, "pillars[6].sub_indicators"),
            ("framework_bad_bands", None, None, "bands.levels"),
            ("framework_bad_maturity", None, None, "maturity.levels"),
            ("framework_bad_classification", None, None, "classification.groups[2].min_z"),
            ("framework_stopped", None, None, None),
        ],
    ),
    "registry-missing-columns.csv": (
        [FW],
        [("missing_column", None, 1, "kind (ประเภทหน่วยงาน)"), ("missing_column", None, 1, "responded (ตอบแบบสำรวจ)")],
    ),
    "registry-header-only.csv": ([FW], [("no_data_rows", None, 1, None), ("registry_missing", None, None, None)]),
    "registry-bad-values.csv": (
        [FW],
        [
            ("unknown_province", None, 2, "province_code"),
            ("unknown_ministry", None, 3, "ministry_code"),
            ("unknown_kind", None, 4, "kind"),
            ("unknown_parent", None, 5, "parent_id"),
            ("duplicate_agency", None, 6, "agency_id"),
            ("bad_boolean", None, 7, "responded"),
            ("responded_not_targeted", None, 8, "responded"),
            ("responded_and_withdrawn", None, 9, "withdrawn"),
            ("incomplete_scores", None, 9, "responded"),
            ("missing_value", None, 10, "name_th"),
        ],
    ),
    "scores-unknown-agency.csv": ([FW, REG], [("unknown_agency", None, 34, "agency_id")]),
    "scores-unknown-sub.csv": ([FW, REG], [("unknown_sub_indicator", None, 34, "sub_code")]),
    "scores-duplicate.csv": ([FW, REG], [("duplicate_score", None, 34, "score")]),
    "scores-not-number.csv": ([FW, REG], [("score_not_number", None, n, "score") for n in (2, 3, 4, 5)]),
    "scores-out-of-range.csv": ([FW, REG], [("score_out_of_range", None, n, "score") for n in (2, 3, 4)]),
    "scores-incomplete.csv": ([FW, REG], [("incomplete_scores", None, 4, "responded")]),
    "scores-not-responded.csv": ([FW, REG], [("scores_not_responded", None, 34, "score")]),
    "scores-wrong-year.csv": ([FW, REG], [("year_mismatch", None, 2, "year"), ("year_mismatch", None, 3, "year")]),
    "scores-decimal-comma.csv": ([FW, REG], [("extra_cells", None, 2, None)]),
    "scores-wide-formula.xlsx": ([FW, REG], [("score_formula", "คะแนน", 2, F1), ("score_not_number", "คะแนน", 3, F2)]),
    "scores-wide-duplicate.xlsx": (
        [FW, REG],
        [("unknown_sub_indicator", "คะแนน", 1, "ตัวชี้วัดที่ไม่มีจริง"), ("duplicate_agency", "คะแนน", 4, "รหัสหน่วยงาน")],
    ),
}


def test_every_broken_example_has_a_case():
    assert sorted(CASES) == sorted(
        p.name for p in BROKEN.iterdir() if p.name not in ("registry-ok-small.csv", "scores-ok-small.csv")
    )


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_broken_file_gives_its_code_at_its_place_in_both_languages(name, ctx):
    others, expected = CASES[name]
    report = check_files([*others, BROKEN / name], 2567, ctx)
    found = [(p.code, p.sheet, p.row, p.column) for p in report.errors]
    assert sorted(found, key=str) == sorted(expected, key=str)
    assert not report.ok
    for p in report.errors:
        expected_file = REG.name if p.code == "incomplete_scores" and name.startswith("scores") else name
        assert p.file in (expected_file, "")
        assert THAI_CHARS.search(p.th) and p.en and "{" not in p.th + p.en
        assert not THAI_CHARS.search(re.sub("“[^”]*”|ใช่/ไม่ใช่|\\(.*?[\u0e00-\u0e7f].*?\\)", "", p.en)), p.en


def test_the_small_valid_pair_is_clean(ctx):
    assert check_files([FW, REG, SCORES], 2567, ctx).problems == []


def test_the_valid_examples_check_clean_and_say_what_each_file_is(ctx):
    report = check_files([EXAMPLES / "registry-2567.csv", EXAMPLES / "scores-wide-2567.xlsx", FW], 2567, ctx)
    assert report.ok and [p.code for p in report.problems] == ["sheet_ignored"]
    roles = {(f.name, f.role, f.encoding, f.sheet, f.rows) for f in report.files}
    assert ("registry-2567.csv", "registry", "utf-8-sig", None, 32) in roles
    assert ("scores-wide-2567.xlsx", "scores_wide", None, "คะแนน", 32) in roles
    assert ("framework-2567.yaml", "framework", "utf-8", None, 0) in roles


def test_a_long_csv_and_a_wide_workbook_of_the_same_data_give_identical_scores(ctx):
    long = prepare_import([EXAMPLES / "registry-2567.csv", EXAMPLES / "scores-long-2567.csv", FW], 2567, ctx)
    wide = prepare_import([EXAMPLES / "registry-2567.csv", EXAMPLES / "scores-wide-2567.xlsx", FW], 2567, ctx)
    assert long.report.ok and wide.report.ok
    key = ["agency_id", "sub_code"]
    a = long.scores.sort_values(key, ignore_index=True)
    b = wide.scores.sort_values(key, ignore_index=True)
    assert len(a) == 28 * 16
    pd.testing.assert_frame_equal(a, b)


def test_tis620_and_utf8_with_bom_registries_import_the_same(ctx, tmp_path):
    text = (EXAMPLES / "registry-2567.csv").read_bytes().decode("utf-8-sig")
    (tmp_path / "plain.csv").write_bytes(text.encode("utf-8"))
    (tmp_path / "tis.csv").write_bytes(text.encode("cp874"))
    runs = {}
    for name in ("plain.csv", "tis.csv"):
        runs[name] = prepare_import([tmp_path / name, EXAMPLES / "scores-long-2567.csv", FW], 2567, ctx)
    runs["bom"] = prepare_import([EXAMPLES / "registry-2567.csv", EXAMPLES / "scores-long-2567.csv", FW], 2567, ctx)
    runs["thai"] = prepare_import(
        [EXAMPLES / "registry-2567-tis620.csv", EXAMPLES / "scores-long-2567.csv", FW], 2567, ctx
    )
    encodings = {f.encoding for r in runs.values() for f in r.report.files if f.role == "registry"}
    assert encodings == {"utf-8", "utf-8-sig", "cp874"}
    first = runs["bom"]
    for r in runs.values():
        assert r.report.ok
        pd.testing.assert_frame_equal(r.agencies, first.agencies)
        pd.testing.assert_frame_equal(r.participation, first.participation)
        pd.testing.assert_frame_equal(r.scores, first.scores)
    assert "สำนักงานที่ดินจังหวัดเชียงใหม่" in set(first.agencies["name_th"])
    assert first.participation["status"].value_counts().to_dict() == {
        "responded": 28,
        "not_responded": 3,
        "withdrawn": 1,
    }


def test_thai_names_and_codes_are_accepted_for_province_ministry_and_kind(ctx, tmp_path):
    (tmp_path / "reg.csv").write_text(
        "รหัสหน่วยงาน,ชื่อหน่วยงาน,ประเภทหน่วยงาน,กระทรวง,จังหวัด,เป้าหมาย,ตอบแบบสำรวจ\n"
        "CIO-50,คณะกรรมการ CIO จังหวัดเชียงใหม่,คณะกรรมการ CIO ระดับจังหวัด,กระทรวงมหาดไทย,"
        "จังหวัดเชียงใหม่,ใช่,ไม่ใช่\n"
        "D227,กรมที่ดิน,ระดับกรม,moi,,1,0\n",
        encoding="utf-8",
    )
    prep = prepare_import([tmp_path / "reg.csv", FW], 2567, ctx)
    assert prep.report.ok, prep.report.text("en")
    got = prep.agencies.set_index("agency_id")
    assert got.at["CIO-50", "province_code"] == "50" and got.at["CIO-50", "kind"] == "cio_committee"
    assert got.at["D227", "ministry_code"] == "MOI" and got.at["D227", "name_en"] == "กรมที่ดิน"


def test_a_year_that_is_not_buddhist_era_is_refused(ctx):
    report = check_files([FW, REG, SCORES], 2024, ctx)
    assert "year_invalid" in {p.code for p in report.errors}


def test_no_framework_for_the_year_is_reported(ctx):
    report = check_files([REG, SCORES], 2567, ctx)
    assert [p.code for p in report.errors] == ["framework_missing"]


def test_a_missing_path_is_a_problem_not_an_exception(ctx, tmp_path):
    report = check_files([FW, REG, SCORES, tmp_path / "nope.csv"], 2567, ctx)
    assert [(p.code, p.file) for p in report.errors] == [("file_not_found", "nope.csv")]


def test_a_100k_row_broken_file_gives_a_short_report_with_progress(ctx, tmp_path):
    path = tmp_path / "big.csv"
    rows = "".join(f"2567,D001,1.1,bad{i}\n" for i in range(100_000))
    path.write_text("year,agency_id,sub_code,score\n" + rows, encoding="utf-8")
    seen = []
    report = check_files([FW, REG, path], 2567, ctx, progress=lambda f, m: seen.append(f))
    assert report.count("score_not_number") == 100_000 and len(report.problems) <= 3 * report.cap
    assert report.suppressed["score_not_number"] == 100_000 - report.cap
    assert len(report.rows()) < 3 * report.cap + 5
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) > 10


def test_the_committed_examples_are_what_make_examples_writes(tmp_path):
    spec = importlib.util.spec_from_file_location("make_examples", EXAMPLES / "make_examples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(tmp_path)
    for path in sorted(tmp_path.rglob("*")):
        if path.is_file() and path.suffix in (".csv", ".yaml"):
            committed = EXAMPLES / path.relative_to(tmp_path)
            assert committed.read_bytes() == path.read_bytes(), committed


def test_an_unknown_registry_column_is_a_warning_so_a_misspelt_one_is_noticed(ctx, tmp_path):
    text = (BROKEN / "registry-ok-small.csv").read_bytes().decode("utf-8-sig").replace("withdrawn", "withdrawm", 1)
    (tmp_path / "reg.csv").write_text(text, encoding="utf-8")
    report = check_files([FW, tmp_path / "reg.csv", SCORES], 2567, ctx)
    assert report.ok and [(p.code, p.row, p.column, p.severity) for p in report.problems] == [
        ("column_ignored", 1, "withdrawm", "warning")
    ]


def test_a_registry_of_provincial_units_without_a_province_column_says_so_once(ctx, tmp_path):
    (tmp_path / "reg.csv").write_text(
        "agency_id,name_th,kind,targeted,responded\n"
        "P-LAND-50,สำนักงานที่ดินจังหวัดเชียงใหม่,provincial,1,0\n"
        "P-LAND-40,สำนักงานที่ดินจังหวัดขอนแก่น,provincial,1,0\n",
        encoding="utf-8",
    )
    report = check_files([FW, tmp_path / "reg.csv"], 2567, ctx)
    assert [(p.code, p.row, p.column) for p in report.errors] == [("missing_column", 1, "province_code (รหัสจังหวัด)")]


def test_one_workbook_can_hold_the_registry_and_long_scores_with_typed_cells(ctx, tmp_path):
    import csv

    import openpyxl

    reg = list(csv.reader((EXAMPLES / "registry-2567.csv").read_bytes().decode("utf-8-sig").splitlines()))
    scores = list(csv.reader((EXAMPLES / "scores-long-2567.csv").read_text(encoding="utf-8").splitlines()))
    typed = {"true": True, "false": False}
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "ทะเบียน"
    ws.append(reg[0])
    for row in reg[1:]:  # Excel booleans and a numeric province code, as Excel would keep them
        ws.append([typed.get(v, int(v) if v.isdigit() else v) for v in row])
    ws = wb.create_sheet("คะแนน")
    ws.append(scores[0])
    for y, a, s, v in scores[1:]:
        ws.append([int(y), a, s, float(v)])
    wb.save(tmp_path / "all.xlsx")
    book = prepare_import([tmp_path / "all.xlsx", FW], 2567, ctx)
    csvs = prepare_import([EXAMPLES / "registry-2567.csv", EXAMPLES / "scores-long-2567.csv", FW], 2567, ctx)
    assert book.report.ok, book.report.text("en")
    assert {(f.sheet, f.role) for f in book.report.files if f.name == "all.xlsx"} == {
        ("ทะเบียน", "registry"),
        ("คะแนน", "scores_long"),
    }
    for name in ("agencies", "participation", "scores"):
        pd.testing.assert_frame_equal(getattr(book, name), getattr(csvs, name))


def test_a_broken_supplied_framework_stops_the_check_with_no_fallback_to_the_built_in_one(ctx, tmp_path):
    broken = tmp_path / "framework-2566.yaml"
    broken.write_text("year: 2566\npillars: [\n  - code: 1\n", encoding="utf-8")  # a YAML syntax error
    report = check_files([broken, REG, SCORES], 2566, ctx)  # 2566 has a built-in framework
    assert [p.code for p in report.errors] == ["file_unreadable", "framework_stopped"]
    assert report.framework_source[1].startswith("Framework for 2566: the supplied file framework-2566.yaml")
    assert "framework-2566.yaml" in report.text("en").splitlines()[1]


def test_the_report_names_the_framework_each_year_is_checked_against(ctx, tmp_path):
    assert check_files([FW, REG, SCORES], 2567, ctx).framework_source[1] == (
        "Framework for 2567: the supplied file framework-2567.yaml"
    )
    builtin = check_files([REG, SCORES], 2566, ctx)
    assert builtin.framework_source[1] == "Framework for 2566: the built-in data/framework/2566.yaml"
    assert "กรอบการประเมินปี 2566" in builtin.text("th")
    copy = tmp_path / "dga-2566.yaml"
    shutil.copy(ROOT / "data" / "framework" / "2566.yaml", copy)
    replaced = check_files([copy, REG, SCORES], 2566, ctx).framework_source[1]
    assert replaced.endswith("(in place of the built-in data/framework/2566.yaml)")
