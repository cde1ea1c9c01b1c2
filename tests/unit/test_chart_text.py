"""A chart's words come from its data: the table holds what is drawn, the sentence names the numbers."""

import pandas as pd
import pytest

from dgcore import charts
from dgcore.chart_text import figure_table, summary

NAMES_TH = ("หน่วยงานนี้", "ค่าเฉลี่ยกลุ่ม", "ค่าเฉลี่ยประเทศ")
NAMES_EN = ("This unit", "Peer average", "National average")


def trend(names):
    df = pd.DataFrame(
        {
            "year_label": ["2561", "2562", "2563"],
            "overall": [50.0, 55.54, float("nan")],  # did not respond in 2563
            "peer_mean": [60.0, 64.60, 66.0],
            "national_mean": [58.0, 61.25, 62.0],
        }
    )
    return charts.fig_agency_trend(df, names).to_dict()


def test_the_trend_sentence_compares_the_units_last_score_with_its_peers():
    assert summary(trend(NAMES_TH), "th") == "ปี 2562: หน่วยงานนี้ 55.54 ต่ำกว่าค่าเฉลี่ยกลุ่ม 64.60, ค่าเฉลี่ยประเทศ 61.25"
    assert summary(trend(NAMES_EN), "en") == "2562: This unit 55.54, below Peer average 64.60, National average 61.25"


def test_the_units_own_series_leads_the_table_although_drawn_last():
    table = figure_table(trend(NAMES_EN), "en")
    assert list(table.columns) == list(NAMES_EN)
    assert table.loc["2562", "This unit"] == 55.54 and pd.isna(table.loc["2563", "This unit"])


def test_bars_name_the_highest_and_lowest_and_count_items_above_the_peers():
    fig = charts.fig_compare_bars(
        ["1. Policy", "2. People", "3. Services"], [70.0, 40.5, 55.0], [60.0, 50.0, 54.0], [58, 49, 50], NAMES_EN
    ).to_dict()
    text = summary(fig, "en")
    assert "highest 1. Policy 70.00" in text and "lowest 2. People 40.50" in text
    assert "This unit is above Peer average in 2 of 3 items" in text
    assert figure_table(fig, "en").shape == (3, 3)


def test_radar_drops_the_repeated_closing_point():
    fig = charts.fig_radar(["P1", "P2", "P3"], [10.0, 20.0, 30.0], [1, 2, 3], [4, 5, 6], NAMES_EN).to_dict()
    table = figure_table(fig, "en")
    assert list(table.index) == ["P1", "P2", "P3"] and list(table.columns)[0] == "This unit"


def test_stacked_shares_name_the_largest_part_of_each_bar():
    df = pd.DataFrame(
        {
            "group": ["A", "A", "B", "B"],
            "level": [1, 2, 1, 2],
            "label": ["Level 1", "Level 2", "Level 1", "Level 2"],
            "share": [30.0, 70.0, 80.0, 20.0],
            "n": [3, 7, 8, 2],
        }
    )
    text = summary(charts.fig_maturity(df, "Share").to_dict(), "en")
    assert text == "A: largest Level 2 70.00%; B: largest Level 1 80.00%"


def test_map_reads_the_province_names_from_the_hover_text():
    df = pd.DataFrame(
        {"code": ["10", "50"], "value": [61.0, 72.5], "hover": ["<b>Bangkok</b><br>x", "<b>Chiang Mai</b><br>y"]}
    )
    fig = charts.fig_province_map("/geo.json", df, "Overall score").to_dict()
    table = figure_table(fig, "en")
    assert list(table.index) == ["Bangkok", "Chiang Mai"] and list(table.columns) == ["Overall score"]
    assert summary(fig, "en").startswith("highest Chiang Mai 72.50, lowest Bangkok 61.00")


@pytest.mark.parametrize("lang", ["th", "en"])
def test_an_empty_chart_says_so(lang):
    assert summary({"data": []}, lang) in ("ไม่มีข้อมูลในแผนภูมินี้", "This chart has no data")


def test_a_maps_grey_provinces_are_not_read_as_values():
    """The no-data layer draws z = 0 in grey: its words must not call a grey province the lowest (or,
    with every province grey, the highest) at 0.00."""
    df = pd.DataFrame(
        {"code": ["10", "11", "12"], "value": [float("nan"), 55.0, 60.0], "hover": ["<b>A</b>", "<b>B</b>", "<b>C</b>"]}
    )
    some = charts.fig_province_map({"type": "FeatureCollection", "features": []}, df, "Score", no_data_label="No data")
    words = summary(some.to_dict(), "en")
    assert words == "highest C 60.00, lowest B 55.00 (2 items)"
    none = charts.fig_province_map(
        {"type": "FeatureCollection", "features": []}, df.assign(value=float("nan")), "Score", no_data_label="No data"
    )
    assert summary(none.to_dict(), "en") == "This chart has no data"
