"""Every chart is built twice: as the app builds it (no per-property validation, for speed) and with
plotly's validation on. A misspelt or misplaced property fails here instead of being silently ignored
by the browser, and both builds must give the same figure."""

import math

import pandas as pd
import pytest

from dgcore import charts

LABELS = ["1 ยุทธศาสตร์", "2 บริการ", "3 ข้อมูล"]
NAMES = ("หน่วยงาน", "กลุ่มเดียวกัน", "ทั้งประเทศ")
GROUPS = pd.DataFrame(
    {
        "kind": ["department"] * 3 + ["provincial"] * 3,
        "group": ["ส่วนกลาง"] * 3 + ["จังหวัด"] * 3,
        "pillar": LABELS * 2,
        "mean": [61.2, 55.0, 47.5, 44.1, 40.0, 39.9],
    }
)
CASES = {
    "pillars_by_group": lambda: charts.fig_pillars_by_group(GROUPS, "คะแนน"),
    "maturity": lambda: charts.fig_maturity(
        pd.DataFrame(
            {
                "group": ["ส่วนกลาง", "ส่วนกลาง", "จังหวัด"],
                "level": [1, 2, 1],
                "label": ["ระดับ 1", "ระดับ 2", "ระดับ 1"],
                "share": [40.0, 60.0, 100.0],
                "n": [4, 6, 9],
            }
        ),
        "ร้อยละ",
    ),
    "trend": lambda: charts.fig_trend(GROUPS.assign(year_label=["2561", "2562", "2563"] * 2), "คะแนน"),
    "radar": lambda: charts.fig_radar(LABELS, [50, 60, 70], [40, 50, 60], [45, 55, 65], NAMES),
    "compare_bars": lambda: charts.fig_compare_bars(LABELS, [50, 60, 70], [40, 50, 60], [45, 55, 65], NAMES),
    "agency_trend": lambda: charts.fig_agency_trend(
        pd.DataFrame(
            {
                "year_label": ["2561", "2562"],
                "overall": [float("nan"), 55.5],
                "peer_mean": [50, 51],
                "national_mean": [49, 52],
            }
        ),
        NAMES,
    ),
    "province_map": lambda: charts.fig_province_map(
        {"type": "FeatureCollection", "features": []},
        pd.DataFrame({"code": ["10", "50"], "value": [1.5, -2.0], "hover": ["กรุงเทพ", "เชียงใหม่"]}),
        "เปลี่ยน",
        diverging=True,
    ),
    "province_map_url": lambda: charts.fig_province_map(
        "app/static/provinces.geojson", pd.DataFrame({"code": ["10"], "value": [60.0], "hover": ["กรุงเทพ"]}), "คะแนน"
    ),
    "province_map_svg": lambda: charts.fig_province_map(
        "app/static/provinces.geojson",
        pd.DataFrame({"code": ["10", "50"], "value": [60.0, float("nan")], "hover": ["กรุงเทพ", "เชียงใหม่"]}),
        "คะแนน",
        no_data_label="ไม่มีข้อมูล",
        svg=True,
    ),
    "heatmap": lambda: charts.fig_heatmap(
        pd.DataFrame([[50.0, float("nan")], [60.0, 70.0]], index=["ก", "ข"], columns=["1", "2"]), "คะแนน"
    ),
    "grouped_pillars": lambda: charts.fig_grouped_pillars(
        pd.DataFrame({"ก": [50, 60], "ข": [55, 65]}, index=["1", "2"]),
        pd.Series([52, 62], index=["1", "2"]),
        "ทั้งประเทศ",
    ),
    "units_by_type": lambda: charts.fig_units_by_type(
        pd.DataFrame({"label": ["ก", "ข"], "overall": [50.0, 60.0]}), "คะแนน"
    ),
    "box_summary": lambda: charts.fig_box_summary(
        pd.DataFrame(
            {
                "label": ["ก"],
                "lo": [30.0],
                "q1": [40.0],
                "med": [50.0],
                "q3": [60.0],
                "hi": [70.0],
                "mean": [51.0],
                "n": [9],
            }
        ),
        55.0,
        "ทั้งประเทศ",
        "คะแนน",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_chart_is_valid_plotly_and_the_same_as_the_fast_build(name, monkeypatch):
    fast = CASES[name]()
    monkeypatch.setattr(charts, "VALIDATE", True)
    checked = CASES[name]()  # raises ValueError on any invalid property
    # Every property the browser receives from the fast build is one plotly knows under that very path
    # (e.g. `title_font` would be accepted by validation as magic underscore, but plotly.js ignores it).
    sent, known = _paths(fast.to_plotly_json()), _paths(checked.to_plotly_json())
    assert sent <= known, sorted(sent - known)
    # ... and with the same values: validation expands names (a colorscale) that plotly.js reads differently.
    assert _json(fast) == _json(checked)


def _json(fig) -> dict:
    import json

    import plotly.io as pio

    return json.loads(pio.to_json(fig, validate=False))


def _paths(obj, prefix: tuple = ()) -> set[tuple]:
    """Every key path in a figure's JSON, with list positions, and every prefix of those paths."""
    out = {prefix}
    if isinstance(obj, dict):
        for k, v in obj.items():
            out |= _paths(v, prefix + (k,))
    elif isinstance(obj, (list, tuple)) and obj and isinstance(obj[0], dict):
        for i, v in enumerate(obj):
            out |= _paths(v, prefix + (i,))
    return out


def test_house_style_survives_the_merge():
    fig = charts.fig_compare_bars(LABELS, [1, 2, 3], [1, 2, 3], [1, 2, 3], NAMES)
    lay = fig.to_plotly_json()["layout"]
    assert lay["font"]["size"] == 17 and lay["xaxis"]["tickfont"]["size"] == 16
    assert lay["xaxis"]["range"] == [0, 100] and lay["yaxis"]["autorange"] == "reversed"


def test_missing_values_are_gaps_not_zeros():
    fig = CASES["agency_trend"]()
    own = fig.to_plotly_json()["data"][-1]["y"]
    assert own[0] is None or (isinstance(own[0], float) and math.isnan(own[0]))


def test_the_map_draws_provinces_without_data_grey_and_names_them_in_the_legend():
    df = pd.DataFrame({"code": ["10", "50", "83"], "value": [61.0, float("nan"), 70.0], "hover": ["ก", "ข", "ค"]})
    fig = charts.fig_province_map("app/static/provinces.geojson", df, "คะแนน", no_data_label="ไม่มีข้อมูล")
    grey, scored = fig.data
    assert list(grey.locations) == ["50"] and grey.showlegend and grey.name == "ไม่มีข้อมูล"
    assert list(scored.locations) == ["10", "83"] and not scored.showlegend


def test_a_map_with_no_value_at_all_still_draws_every_province():
    df = pd.DataFrame({"code": ["10", "50"], "value": [float("nan")] * 2, "hover": ["ก", "ข"]})
    fig = charts.fig_province_map("app/static/provinces.geojson", df, "เปลี่ยน", diverging=True, no_data_label="ไม่มี")
    assert [list(t.locations) for t in fig.data] == [["10", "50"]]


def test_the_svg_map_has_the_same_layers_drawn_without_webgl_on_the_whole_country():
    df = pd.DataFrame({"code": ["10", "50", "83"], "value": [61.0, float("nan"), 70.0], "hover": ["ก", "ข", "ค"]})
    webgl = charts.fig_province_map("app/static/provinces.geojson", df, "คะแนน", no_data_label="ไม่มีข้อมูล")
    svg = charts.fig_province_map("app/static/provinces.geojson", df, "คะแนน", no_data_label="ไม่มีข้อมูล", svg=True)
    assert [t.type for t in webgl.data] == ["choroplethmap"] * 2 and [t.type for t in svg.data] == ["choropleth"] * 2
    for a, b in zip(webgl.data, svg.data):  # same provinces, values, colours, words and legend
        assert (list(a.locations), list(a.z), a.colorscale, a.hovertemplate, a.showlegend, a.name) == (
            list(b.locations),
            list(b.z),
            b.colorscale,
            b.hovertemplate,
            b.showlegend,
            b.name,
        )
        assert b.geojson == "app/static/provinces.geojson" and b.featureidkey == "properties.code"
    geo = svg.layout.geo  # no base map to fetch, and the country framed whichever provinces are coloured
    assert geo.visible is False and geo.projection.type == "mercator"
    assert list(geo.lonaxis.range) == charts.THAILAND_LON and list(geo.lataxis.range) == charts.THAILAND_LAT


def test_bars_with_labels_above_keep_every_label_whole():
    labels = ["1.1 การพัฒนาบุคลากร<br>ด้านดิจิทัล", "1.2 ภาวะผู้นำ"]
    fig = charts.fig_compare_bars(labels, [50, 60], [55, 65], [52, 62], ("a", "b", "c"), labels_above=True)
    assert [a.text for a in fig.layout.annotations] == labels
    assert fig.layout.yaxis.showticklabels is False
