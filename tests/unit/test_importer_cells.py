"""The importer's pure pieces: encodings, cells, scores, yes/no words, headers and the capped report."""

import codecs

import pytest
from builders import framework_dict

from dgcore.framework import framework_from_dict
from dgcore.importer.checks import parse_score
from dgcore.importer.context import parse_bool
from dgcore.importer.layout import map_headers, sub_lookup
from dgcore.importer.read import Unreadable, cell_text, decode, file_kind
from dgcore.importer.report import MESSAGES, ValidationReport, header_key, show

THAI = "รหัสหน่วยงาน,ชื่อหน่วยงาน\r\nD001,กรมที่ดิน\r\n"


@pytest.mark.parametrize(
    "data, encoding",
    [
        (THAI.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + THAI.encode("utf-8"), "utf-8-sig"),
        (THAI.encode("cp874"), "cp874"),
        (THAI.encode("tis-620"), "cp874"),
    ],
)
def test_utf8_with_or_without_bom_and_tis620_decode_to_the_same_text(data, encoding):
    assert decode(data) == (THAI, encoding)


@pytest.mark.parametrize(
    "data, code",
    [
        (codecs.BOM_UTF16_LE + "a,b".encode("utf-16-le"), "encoding_unsupported"),
        (b"agency_id\r\n\xdb\xfc\xfd", "encoding_unsupported"),
        (b"a,b\x00c", "file_unreadable"),
    ],
)
def test_undecodable_and_binary_bytes_are_named_problems(data, code):
    with pytest.raises(Unreadable) as e:
        decode(data)
    assert e.value.code == code


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, ""),
        (2567.0, "2567"),
        (2.5, "2.5"),
        ("  D001\u200b ", "D001"),
        ("๒๕๖๗", "2567"),
        (True, "true"),
        ("กรม\u00a0 ที่ดิน", "กรม ที่ดิน"),
    ],
)
def test_cells_are_read_as_a_person_means_them(value, expected):
    assert cell_text(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        (55.5, (55.5, None)),
        (0, (0.0, None)),
        (100, (100.0, None)),
        ("64.60", (64.6, None)),
        ("๘๕.๒", (85.2, None)),
        (" 70 % ", (70.0, None)),
        ("", (None, None)),
        (None, (None, None)),
        ("   ", (None, None)),
        ("abc", (None, "score_not_number")),
        ("NaN", (None, "score_not_number")),
        ("inf", (None, "score_not_number")),
        ("=A1+1", (None, "score_not_number")),
        (True, (None, "score_not_number")),
        ("85,5", (None, "score_not_number")),
        (float("nan"), (None, "score_not_number")),
        ("1e999", (None, "score_out_of_range")),
        (100.01, (None, "score_out_of_range")),
        (-0.5, (None, "score_out_of_range")),
        (10**400, (None, "score_out_of_range")),
    ],
)
def test_a_score_is_a_number_from_0_to_100_and_blank_means_missing(value, expected):
    assert parse_score(value) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("true", True),
        ("TRUE", True),
        ("1", True),
        ("ใช่", True),
        ("Yes", True),
        ("x", True),
        ("false", False),
        ("0", False),
        ("ไม่ใช่", False),
        ("", False),
        ("maybe", None),
        ("2", None),
    ],
)
def test_yes_no_words_in_english_and_thai(text, expected):
    assert parse_bool(text) is expected if expected is not None else parse_bool(text) is None


def test_thai_and_english_headers_map_to_the_same_columns():
    fw = framework_from_dict(framework_dict())
    th = map_headers(["รหัสหน่วยงาน", "ชื่อหน่วยงาน", "ประเภทหน่วยงาน", "เป้าหมาย", "ตอบแบบสำรวจ"], {})
    en = map_headers(["Agency_ID", "name_th", "KIND ", "targeted", "responded"], {})
    assert th.columns == en.columns and th.role == en.role == "registry"
    wide = map_headers(["รหัสหน่วยงาน", "ก1", " a2 ", "b1  ข1", "ลำดับ", "อะไรสักอย่าง"], sub_lookup(fw))
    assert wide.role == "scores_wide" and wide.subs == {"a1": 1, "a2": 2, "b1": 3} and wide.unknown == [5]
    assert map_headers(["year", "agency_id", "sub_code", "score"], {}).role == "scores_long"


def test_file_kind_trusts_a_zip_signature_over_a_csv_name(tmp_path):
    assert file_kind(tmp_path / "a.CSV", b"PK\x03\x04") == "xlsx"
    assert file_kind(tmp_path / "a.csv", b"agen") == "csv"
    assert file_kind(tmp_path / "a.yml", b"year") == "yaml"
    assert file_kind(tmp_path / "a.xls", b"\xd0\xcf") is None


def test_header_key_ignores_case_spacing_and_zero_width_characters():
    assert header_key(" Sub_Code\u200b ") == header_key("sub  code") == "sub code"


def test_show_escapes_control_characters_and_cuts_long_values():
    assert show("a\x07b") == "“a\\x07b”"
    assert show("x" * 100).endswith("…”") and len(show("x" * 100)) < 70


def test_the_report_caps_each_code_and_summarises_the_rest():
    r = ValidationReport(2567, cap=3)
    for n in range(10):
        r.add("score_not_number", "s.csv", None, n + 2, "score", value=show(n))
    r.add("sheet_ignored", "w.xlsx", "notes")
    assert len(r.errors) == 3 and r.count("score_not_number") == 10 and r.suppressed == {"score_not_number": 7}
    rows = r.rows()
    assert rows[-1]["message_en"] == "… and 7 more of the same kind." and "7" in rows[-1]["message_th"]
    assert not r.ok and len(r.warnings) == 1
    assert list(r.to_frame().columns) == [
        "severity",
        "code",
        "file",
        "sheet",
        "row",
        "column",
        "message_th",
        "message_en",
    ]


def test_a_report_with_only_warnings_is_ok():
    r = ValidationReport(2567)
    r.add("sheet_ignored", "w.xlsx", "notes")
    assert r.ok and "OK" in r.text("en")


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_message_exists_in_thai_and_english(code):
    th, en = MESSAGES[code]
    assert any("\u0e00" <= c <= "\u0e7f" for c in th)
    assert en and not any("\u0e00" <= c <= "\u0e7f" for c in en.replace("ใช่/ไม่ใช่", ""))


def test_messages_never_show_unfilled_placeholders():
    r = ValidationReport(2567)
    for code in MESSAGES:
        r.add(
            code,
            "f.csv",
            None,
            2,
            "col",
            value="“v”",
            year=2567,
            detail="d",
            kind="CSV",
            ext=".x",
            other="“o”",
            first="row 2",
            agency="“A”",
            sub="1.1",
            missing="1.1",
            count=1,
            version="v.duckdb",
            size="200",
            limit="100",
        )
    for p in r.problems:
        assert "{" not in p.th + p.en, p.code


def test_the_examples_readme_lists_every_problem_code():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "data" / "examples" / "README.md").read_text(encoding="utf-8")
    assert [code for code in MESSAGES if f"`{code}`" not in readme] == []


def test_an_unterminated_quote_makes_a_csv_unreadable_instead_of_swallowing_rows(tmp_path):
    from dgcore.importer.read import read_csv

    with pytest.raises(Unreadable) as e:
        read_csv(tmp_path / "a.csv", "a.csv", b'agency_id,name_th\r\n"D001,x\r\nD002,y\r\n', lambda f, m: None)
    assert e.value.code == "file_unreadable" and "row 2" in e.value.details["detail"]
