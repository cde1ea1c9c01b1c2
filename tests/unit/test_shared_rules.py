"""The rules pages, letters, reports and deck share (dgcore.advice, dgcore.texts), on hand-worked rows."""

import datetime as dt
from collections import namedtuple

import pandas as pd
import pytest
from builders import framework_dict

from dgcore import advice, queries
from dgcore.accounts.credentials import REPO_DIR
from dgcore.framework import framework_from_dict
from dgcore.texts import THAI_MONTHS, defuse, level_name, long_date, name_in

FW = framework_from_dict(framework_dict())
# national means 50 everywhere: a1 is 12 above, a2 5 below, b1 20 below
PROFILE = pd.DataFrame(
    {
        "sub_code": ["a1", "a2", "b1"],
        "mean": [62.0, 45.0, 30.0],
        "national_mean": [50.0, 50.0, 50.0],
        "n_units": [4, 4, 4],
        "n_accelerate": [1, 3, 3],
    }
)


def test_strongest_and_weakest_are_the_furthest_from_the_national_mean():
    best = advice.versus_national(PROFILE, best=True, n=2)
    assert best["sub_code"].tolist() == ["a1"] and best["diff"].tolist() == [12.0]  # a2, below the mean, is no strength
    assert advice.versus_national(PROFILE, best=False, n=1)["sub_code"].tolist() == ["b1"]


def test_a_profile_all_below_the_national_mean_has_no_strongest():
    below = PROFILE.assign(mean=[40.0, 45.0, 30.0])
    assert advice.versus_national(below, best=True).empty
    assert advice.versus_national(below, best=False)["sub_code"].tolist() == ["b1", "a1", "a2"]


def test_common_actions_serve_the_most_units_and_the_lowest_mean_breaks_a_tie():
    assert advice.common_actions(PROFILE)["sub_code"].tolist() == ["b1", "a2", "a1"]
    assert advice.common_actions(PROFILE, n=1)["sub_code"].tolist() == ["b1"]


def test_the_threshold_and_the_actions_come_from_the_framework():
    assert advice.accelerate_below(FW) == 0.0  # fairly_outstanding's min_z in framework_dict
    assert advice.actions(FW, "b1", "th") == ["ทำ ข1"] and advice.actions(FW, "b1", "en") == ["do b1"]


def test_a_name_in_a_language_from_any_row_and_never_none_or_nan():
    Row = namedtuple("Row", "name_th name_en type_th type_en")
    row = {"name_th": "ก", "name_en": "A", "type_th": None, "type_en": float("nan")}
    for r in (row, pd.Series(row), Row(**row)):
        assert (name_in(r, "th"), name_in(r, "en")) == ("ก", "A")
        assert name_in(r, "th", "type") == "" and name_in(r, "en", "type") == ""
    assert level_name(FW.bands, "high", "en") == "High" and level_name(FW.bands, "nope", "th") == "–"


def test_dates_are_buddhist_era_in_thai():
    assert long_date(dt.date(2020, 3, 5), "th") == "5 มีนาคม 2563"
    assert long_date(dt.date(2020, 3, 5), "en") == "5 March 2020"
    assert len(THAI_MONTHS) == 12 and THAI_MONTHS[11] == "ธันวาคม"


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_a_cell_a_spreadsheet_would_run_is_defused(cell):
    assert defuse(cell) == "'" + cell


def test_other_cells_are_kept_as_they_are():
    assert [defuse(v) for v in ("a=1", "", 3, None)] == ["a=1", "", 3, None]


def test_is_demo_reads_the_versions_meta():
    assert queries.is_demo({"is_demo": "true"}) and not queries.is_demo({"is_demo": "false"})
    assert not queries.is_demo({})


def test_the_credentials_guard_knows_where_the_repository_is():
    assert (REPO_DIR / "pyproject.toml").is_file() and (REPO_DIR / "dgcore").is_dir()
