"""What makes a framework file acceptable for scoring a year (see dgcore.importer.framework)."""

import copy
from pathlib import Path

import pytest
import yaml
from builders import framework_dict

from dgcore.importer.framework import check_framework
from dgcore.importer.report import ValidationReport

ROOT = Path(__file__).resolve().parents[2]


def problems(body, year=2599):
    report = ValidationReport(year)
    fw = check_framework(body, "fw.yaml", year, report)
    return fw, [(p.code, p.column) for p in report.problems]


def good():
    """The builders' framework with the fifth maturity level every real year has."""
    d = framework_dict()
    d["maturity"]["levels"].append({"level": 5, "name_th": "5", "name_en": "Five", "min_overall": 60})
    return d


def edited(edit):
    d = copy.deepcopy(good())
    edit(d)
    return d


def test_a_good_framework_passes_and_builds():
    fw, found = problems(good())
    assert found == [] and fw is not None and fw.sub_codes == ["a1", "a2", "b1"]


def test_every_shipped_framework_file_passes():
    for path in sorted((ROOT / "data" / "framework").glob("*.yaml")):
        body = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert problems(body, body["year"])[1] == [], path.name


@pytest.mark.parametrize(
    "edit, expected",
    [
        (lambda d: d.update(year=2598), ("year_mismatch", "year")),
        (lambda d: d.update(year="2599"), ("framework_invalid", "year")),
        (lambda d: d.update(pillars=[]), ("framework_invalid", "pillars")),
        (lambda d: d["pillars"][0].update(weight=0), ("framework_bad_weight", "pillars[0].weight")),
        (lambda d: d["pillars"][1].update(weight=-2), ("framework_bad_weight", "pillars[1].weight")),
        (
            lambda d: d["pillars"][0]["sub_indicators"][1].update(weight="heavy"),
            ("framework_bad_weight", "pillars[0].sub_indicators[1].weight"),
        ),
        (
            lambda d: d["pillars"][0]["sub_indicators"][1].update(weight=float("inf")),
            ("framework_bad_weight", "pillars[0].sub_indicators[1].weight"),
        ),
        (lambda d: d["pillars"][1].update(sub_indicators=[]), ("framework_empty_pillar", "pillars[1].sub_indicators")),
        (lambda d: d["pillars"][1].update(code="A"), ("framework_duplicate_code", "pillars[1].code")),
        (
            lambda d: d["pillars"][1]["sub_indicators"][0].update(code="a1"),
            ("framework_duplicate_code", "pillars[1].sub_indicators[0].code"),
        ),
        (
            lambda d: d["pillars"][1]["sub_indicators"][0].update(name_th=" ก1 "),
            ("framework_duplicate_code", "pillars[1].sub_indicators[0].name_th"),
        ),
        (lambda d: d["pillars"][0].pop("name_en"), ("framework_invalid", "pillars[0]")),
        (lambda d: d["bands"]["levels"][3].update(min=5), ("framework_bad_bands", "bands.levels")),
        (lambda d: d["bands"]["levels"][1].update(min=90), ("framework_bad_bands", "bands.levels")),
        (lambda d: d["bands"]["levels"][0].update(min=120), ("framework_bad_bands", "bands.levels[0].min")),
        (lambda d: d["bands"].update(levels=[]), ("framework_invalid", "bands.levels")),
        (lambda d: d["maturity"]["levels"][1].update(level=7), ("framework_bad_maturity", "maturity.levels")),
        (
            lambda d: d["maturity"]["levels"][1].update(min_pillars={"Z": 50}),
            ("framework_bad_maturity", "maturity.levels[1].min_pillars"),
        ),
        (
            lambda d: d["maturity"]["levels"][2].update(min_overall=-1),
            ("framework_bad_maturity", "maturity.levels[2].min_overall"),
        ),
        (
            lambda d: d["classification"]["groups"][2].update(min_z=-1),
            ("framework_bad_classification", "classification.groups[2].min_z"),
        ),
        (
            lambda d: d["classification"]["groups"][0].update(min_z=-0.5),
            ("framework_bad_classification", "classification.groups"),
        ),
        (lambda d: d["classification"].update(groups=[]), ("framework_invalid", "classification.groups")),
    ],
)
def test_each_broken_rule_is_reported_where_it_is(edit, expected):
    fw, found = problems(edited(edit))
    assert fw is None and expected in found, found


def test_any_number_of_maturity_levels_is_accepted_and_so_is_none():
    fw, found = problems(framework_dict())
    assert found == [] and len(fw.maturity) == len(framework_dict()["maturity"]["levels"])
    bare = framework_dict()
    bare.pop("maturity")
    bare.pop("classification")
    fw, found = problems(bare)
    assert found == [] and not fw.has_maturity and not fw.has_classification


@pytest.mark.parametrize("body", [None, [], "text", 42, {"year": 2599}])
def test_a_yaml_document_that_is_not_a_framework_is_reported_not_raised(body):
    fw, found = problems(body)
    assert fw is None and found and all(code.startswith("framework_") for code, _ in found)


def test_the_minimal_and_the_full_example_of_the_framework_readme_are_valid():
    import re
    from pathlib import Path

    import yaml

    readme = (Path(__file__).resolve().parents[2] / "data" / "framework" / "README.md").read_text(encoding="utf-8")
    minimal, full = (yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", readme, re.S))
    fw, found = problems(minimal, 2567)
    assert found == [] and len(fw.pillars) == 3 and not fw.has_maturity and not fw.has_classification
    fw, found = problems(full, 2567)
    assert found == [] and fw.has_maturity and fw.has_classification and fw.sub("2.2").actions
    assert fw.maturity[0].rule["description_en"]  # the level description the pages show
