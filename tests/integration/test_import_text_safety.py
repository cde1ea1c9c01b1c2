"""The importer names, per cell, markup, control and bidi characters in names (warnings) and refuses
javascript:/data: links and pictures from other sites (errors)."""

import shutil
from pathlib import Path

import pytest
import yaml
from hostile import HOSTILE_NAMES, REFUSED_NAMES, with_names

from dgcore.config import load_settings
from dgcore.importer import ImportContext, check_files

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "data" / "examples"
FW, REG, SCORES = (
    EXAMPLES / "framework-2567.yaml",
    EXAMPLES / "registry-2567.csv",
    EXAMPLES / "scores-wide-2567.xlsx",
)
ROWS = {"D001": 2, "D014": 3, "D018": 4, "D317": 20}  # as a person counts them in Excel


@pytest.fixture(scope="module")
def ctx(tmp_path_factory) -> ImportContext:
    data = tmp_path_factory.mktemp("data")
    for sub in ("framework", "reference"):
        shutil.copytree(ROOT / "data" / sub, data / sub)
    return ImportContext.from_settings(load_settings({"data_dir": data, "results_dir": data / "results"}))


def _found(report):
    return {(p.code, p.row, p.column, p.severity) for p in report.problems if p.code.startswith("text_")}


def test_markup_and_bidi_in_names_are_warned_about_per_cell_and_still_publishable(ctx, tmp_path):
    report = check_files([FW, with_names(REG, tmp_path / "reg.csv", HOSTILE_NAMES), SCORES], 2567, ctx)
    assert report.ok, [p.en for p in report.errors]
    expected = {("text_markup", ROWS[a], col, "warning") for a in HOSTILE_NAMES for col in ("name_th", "name_en")}
    expected |= {("text_bidi", ROWS["D317"], col, "warning") for col in ("name_th", "name_en")}
    assert _found(report) == expected
    assert all(
        "“" in p.en and "“" in p.th for p in report.problems if p.code.startswith("text_")
    )  # the cell's text is quoted in the message


def test_control_characters_in_a_name_are_warned_about(ctx, tmp_path):
    names = {"D001": ("สำนักงาน\x1bปลัด", "Office\x07 of the PM")}
    report = check_files([FW, with_names(REG, tmp_path / "reg.csv", names), SCORES], 2567, ctx)
    assert report.ok
    assert _found(report) == {("text_control", 2, col, "warning") for col in ("name_th", "name_en")}


def test_remote_pictures_and_script_or_data_links_refuse_the_registry(ctx, tmp_path):
    report = check_files([FW, with_names(REG, tmp_path / "reg.csv", REFUSED_NAMES), SCORES], 2567, ctx)
    assert not report.ok
    errors = {(p.code, p.row, p.column) for p in report.errors}
    assert errors == {
        ("text_remote_image", 2, "name_th"),
        ("text_remote_image", 2, "name_en"),
        ("text_dangerous_url", 3, "name_th"),
        ("text_dangerous_url", 3, "name_en"),
    }


def _framework(tmp_path, change) -> Path:
    body = yaml.safe_load(FW.read_text(encoding="utf-8"))
    change(body)
    out = tmp_path / "framework-2567.yaml"
    out.write_text(yaml.safe_dump(body, allow_unicode=True), encoding="utf-8")
    return out


def test_a_framework_text_may_carry_bold_and_dga_links_but_not_scripts_or_remote_pictures(ctx, tmp_path):
    def fine(body):
        body["pillars"][0]["description_en"] = "See **the guide** at [DGA](https://www.dga.or.th/th/)."

    report = check_files([_framework(tmp_path, fine), REG, SCORES], 2567, ctx)
    assert report.ok and _found(report) == set()

    def hostile(body):
        body["pillars"][0]["description_en"] = "Read [this](javascript:alert(1)) ![p](https://evil.example/p.png)"
        body["pillars"][0]["name_en"] = "Policy <b>now</b>"

    report = check_files([_framework(tmp_path, hostile), REG, SCORES], 2567, ctx)
    assert {(p.code, p.column) for p in report.problems} >= {
        ("text_dangerous_url", "pillars[0].description_en"),
        ("text_remote_image", "pillars[0].description_en"),
        ("text_markup", "pillars[0].name_en"),
    }
    assert not report.ok
