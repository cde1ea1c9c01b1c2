"""The province map drawn without a browser (dgcore.documents.mapdraw): colours as plotly's scale gives
them, round ticks, and a PNG of the asked size with every province filled."""

from __future__ import annotations

import io
import json

import pandas as pd
from PIL import Image

from dgcore import charts
from dgcore.config import PROJECT_DIR
from dgcore.documents.mapdraw import colour_at, map_png, nice_ticks


def test_colour_at_follows_the_scale_stops_and_interpolates_between_them():
    assert colour_at(charts.BLUES, 0.0) == (247, 251, 255)
    assert colour_at(charts.BLUES, 1.0) == (8, 48, 107)
    assert colour_at(charts.BLUES, 0.0625) == (234, 243, 251)  # half way between the first two stops
    assert colour_at(charts.BLUES, 2.0) == (8, 48, 107)  # clipped


def test_nice_ticks_are_round_and_inside_the_range():
    assert nice_ticks(37.2, 79.1, 6) == [40, 50, 60, 70]
    assert nice_ticks(0.0, 1.0, 5) == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert nice_ticks(5.0, 5.0) == [5.0]


def test_the_map_fills_every_province_and_draws_the_colour_bar():
    with open(PROJECT_DIR / "data" / "geo" / "provinces.geojson", encoding="utf-8") as f:
        geojson = json.load(f)
    codes = [feat["properties"]["code"] for feat in geojson["features"]]
    df = pd.DataFrame({"code": codes, "value": [40.0 + i * 0.5 for i in range(len(codes))], "hover": codes})
    png = map_png(charts.fig_slide_map(geojson, df), 300, 400, scale=2)
    img = Image.open(io.BytesIO(png)).convert("RGB")
    assert img.size == (600, 800)
    colours = {c for _, c in img.getcolors(600 * 800)}
    highest = colour_at(charts.BLUES, 1.0)
    near = lambda c, ref: max(abs(a - b) for a, b in zip(c, ref)) <= 6
    assert any(near(c, highest) for c in colours)  # the darkest province and the bar's right end
    assert sum(1 for c in colours if c != (255, 255, 255)) > 50  # provinces, edges and the gradient
