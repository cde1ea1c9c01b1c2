"""DataFrame -> plotly Figure. Graph objects only (plotly express costs ~15x more per figure), large
type for projectors and video calls, no data access here."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import get_colorscale

from dgcore.text_safety import chart_text

FONT = "Sarabun, 'Noto Sans Thai', 'TH Sarabun New', Tahoma, sans-serif"
# Okabe-Ito hues (told apart with the common colour-vision deficiencies), darkened until each is at least
# 4.5:1 on white, so a label drawn in it reads as well; a bar pattern and a marker shape per group too, so
# colour never carries a group alone (the legend names each).
KIND_COLORS = {
    "department": "#0072b2",
    "provincial": "#b35900",
    "special_local": "#007a5a",
    "cio_committee": "#a8518a",
    "national": "#444444",
}
KIND_PATTERNS = {"department": "", "provincial": "/", "special_local": ".", "cio_committee": "x", "national": "-"}
KIND_SYMBOLS = {
    "department": "circle",
    "provincial": "square",
    "special_local": "diamond",
    "cio_committee": "triangle-up",
    "national": "x",
}
# Maturity levels light to dark; the label inside each part is black or white, whichever is >= 4.5:1 on it,
# and every part has a dark outline so neighbouring parts are told apart without their fill.
MATURITY_COLORS = ["#deebf7", "#9ecae1", "#4292c6", "#2171b5", "#08306b"]
MATURITY_TEXT = ["#000000", "#000000", "#000000", "#ffffff", "#ffffff"]
# The heatmap prints a number in every cell in black: its scale stops where black is still 8:1.
LIGHT_BLUES = [[0.0, "#f7fbff"], [1.0, "#6baed6"]]
# Spelled out: plotly.js has its own, different scales under the same names (its "Blues" runs dark to light).
BLUES, RDBU = get_colorscale("Blues"), get_colorscale("RdBu")


# Figures are built from plain dicts in one go and not validated trace by trace: `update_layout` and
# `update_*axes` after the fact cost ~16 ms per figure, validation ~4 ms more (BENCHMARKS.md, finding 2).
# tests/unit/test_charts.py builds every figure again *with* validation, so a wrong property still fails.
VALIDATE = False
# Axis words in near-black (plotly's default grey-blue is lighter than 4.5:1 on white at these sizes).
_AXIS = dict(
    gridcolor="#e5e5e5",
    zerolinecolor="#bbbbbb",
    tickfont=dict(size=16, color="#1b1b1b"),
    title=dict(font=dict(size=16, color="#1b1b1b")),
)


def _figure(
    traces: list[dict], height: int = 420, xaxis: dict | None = None, yaxis: dict | None = None, **layout
) -> go.Figure:
    """One figure with the house style (large type for projectors, white background)."""
    base = dict(
        font=dict(family=FONT, size=17, color="#1b1b1b"),
        height=height,
        margin=dict(l=10, r=20, t=30, b=10),
        plot_bgcolor="white",
        paper_bgcolor="white",
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, font=dict(size=16)),
        hoverlabel=dict(font=dict(family=FONT, size=16)),
        xaxis=_merge(_AXIS, xaxis or {}),
        yaxis=_merge(_AXIS, yaxis or {}),
    )
    traces = [_escaped(t) for t in traces]
    for axis in ("xaxis", "yaxis"):
        if "categoryarray" in base[axis]:
            base[axis]["categoryarray"] = [chart_text(v) for v in base[axis]["categoryarray"]]
    return go.Figure(dict(data=traces, layout=_merge(base, layout)), _validate=VALIDATE)


# Where plotly draws strings from data as text that reads tags (<a href>, <b>) and entities: category
# labels and trace names. `text` holds numbers or hover text that its builder escaped (map_frame).
_LABEL_KEYS = ("x", "y", "theta", "labels", "name")


def _escaped(trace: dict) -> dict:
    """The trace with its data-derived labels escaped (text_safety.chart_text)."""
    out = dict(trace)
    for key in _LABEL_KEYS:
        v = out.get(key)
        if isinstance(v, str):
            out[key] = chart_text(v)
        elif isinstance(v, list):
            out[key] = [chart_text(x) for x in v]
    return out


def _merge(base: dict, extra: dict) -> dict:
    """base updated by extra, one level of nested dicts merged (e.g. tickfont size kept, colour added)."""
    out = dict(base)
    for k, v in extra.items():
        out[k] = {**out[k], **v} if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def _gaps(values) -> list:
    """Numbers for plotly, a missing value (NaN) as null: a gap in a line, an empty heatmap cell."""
    return [None if v != v else float(v) for v in values]


def _title(text: str) -> dict:
    return dict(text=text)


def fig_pillars_by_group(df: pd.DataFrame, score_label: str) -> go.Figure:
    """Horizontal grouped bars: one trace per group. Columns: kind, group, pillar, mean."""
    traces = [
        dict(
            type="bar",
            y=list(rows["pillar"]),
            x=list(rows["mean"]),
            name=rows["group"].iloc[0],
            orientation="h",
            marker=dict(color=KIND_COLORS.get(kind), **_pattern(KIND_PATTERNS.get(kind, ""))),
            text=[f"{v:.1f}" for v in rows["mean"]],
            textposition="outside",
            textfont=dict(size=16),
            hovertemplate="%{y}<br>%{x:.2f}<extra>%{fullData.name}</extra>",
        )
        for kind, rows in df.groupby("kind", sort=False)
    ]
    n = df["pillar"].nunique()
    return _figure(
        traces,
        height=max(380, 70 * n * max(1, df["kind"].nunique()) // 2 + 120),
        barmode="group",
        xaxis=dict(range=[0, 105], title=_title(score_label)),
        yaxis=dict(autorange="reversed", automargin=True),
    )


def fig_maturity(df: pd.DataFrame, share_label: str) -> go.Figure:
    """100% stacked bars of maturity levels per group. Columns: group, level, label, share, n."""
    traces = [
        dict(
            type="bar",
            y=list(rows["group"]),
            x=list(rows["share"]),
            name=rows["label"].iloc[0],
            orientation="h",
            marker=dict(color=MATURITY_COLORS[min(i, len(MATURITY_COLORS) - 1)], line=dict(color="#1b1b1b", width=1)),
            text=[f"{v:.0f}%" if v >= 4 else "" for v in rows["share"]],
            textposition="inside",
            insidetextanchor="middle",
            textfont=dict(size=16, color=MATURITY_TEXT[min(i, len(MATURITY_TEXT) - 1)]),
            customdata=list(rows["n"]),
            hovertemplate="%{y}<br>%{x:.1f}% (%{customdata})<extra>%{fullData.name}</extra>",
        )
        for i, (level, rows) in enumerate(df.groupby("level", sort=True))
    ]
    return _figure(
        traces,
        height=140 + 70 * df["group"].nunique(),
        barmode="stack",
        legend=dict(traceorder="normal"),
        xaxis=dict(range=[0, 100], title=_title(share_label)),
        yaxis=dict(
            autorange="reversed", automargin=True, categoryorder="array", categoryarray=list(dict.fromkeys(df["group"]))
        ),
    )


def fig_trend(df: pd.DataFrame, score_label: str) -> go.Figure:
    """Lines of the mean overall score per group across years. Columns: kind, group, year_label, mean."""
    traces = [
        dict(
            type="scatter",
            x=list(rows["year_label"]),
            y=list(rows["mean"]),
            name=rows["group"].iloc[0],
            mode="lines+markers+text",
            line=dict(width=4, color=KIND_COLORS.get(kind)),
            marker=dict(size=11, symbol=KIND_SYMBOLS.get(kind, "circle")),
            text=[f"{v:.1f}" if i == len(rows) - 1 else "" for i, v in enumerate(rows["mean"])],
            textposition="top center",
            textfont=dict(size=15),
            hovertemplate="%{x}<br>%{y:.2f}<extra>%{fullData.name}</extra>",
        )
        for kind, rows in df.groupby("kind", sort=False)
    ]
    return _figure(
        traces, height=430, yaxis=dict(range=[0, 100], title=_title(score_label)), xaxis=dict(type="category")
    )


SERIES_COLORS = {"own": "#0b3d91", "peer": "#b35900", "national": "#595959"}
SERIES_DASH = {"own": "solid", "peer": "dash", "national": "dot"}  # the three lines differ without colour too
SERIES_SYMBOLS = {"own": "circle", "peer": "diamond", "national": "square"}


def _series_line(key: str) -> dict:
    return dict(color=SERIES_COLORS[key], width=4 if key == "own" else 2.5, dash=SERIES_DASH[key])


def _pattern(shape: str) -> dict:
    """A bar's fill pattern (a second cue beside its colour); nothing for the plain first series."""
    return {"pattern": dict(shape=shape, fgcolor="#ffffff", fgopacity=0.55, size=7, solidity=0.25)} if shape else {}


def fig_radar(
    labels: list[str], own: list[float], peer: list[float], national: list[float], names: tuple[str, str, str]
) -> go.Figure:
    """Pillars on a radar: the unit, its peers and the national average."""
    traces = [
        dict(
            type="scatterpolar",
            r=list(values) + list(values[:1]),
            theta=list(labels) + list(labels[:1]),
            name=name,
            fill=fill or "none",
            line=_series_line(key),
            opacity=0.9,
            hovertemplate="%{theta}: %{r:.2f}<extra>%{fullData.name}</extra>",
        )
        for key, values, name, fill in (
            ("national", national, names[2], None),
            ("peer", peer, names[1], None),
            ("own", own, names[0], "toself"),
        )
    ]
    return _figure(
        traces,
        height=460,
        meta=dict(lead=names[0]),  # drawn last (on top), read first in the chart's words and table
        margin=dict(l=60, r=60, t=50, b=30),
        polar=dict(
            radialaxis=dict(range=[0, 100], tickfont=dict(size=13), angle=90),
            angularaxis=dict(tickfont=dict(size=15), type="category", direction="clockwise"),
        ),
    )


def fig_compare_bars(
    labels: list[str],
    own: list[float],
    peer: list[float],
    national: list[float],
    names: tuple[str, str, str],
    height: int | None = None,
    labels_above: bool = False,
) -> go.Figure:
    """Horizontal bars of the unit's scores with markers for the peer and national averages. With
    `labels_above`, each label (lines broken with <br>) sits above its bar and the bars get the whole
    width: readable on a phone, where labels beside the bars left them ~50 px."""
    if labels_above:
        return _bars_labels_above(labels, own, peer, national, names)
    traces = [
        dict(
            type="bar",
            y=list(labels),
            x=list(own),
            name=names[0],
            orientation="h",
            marker=dict(color=SERIES_COLORS["own"]),
            text=[f"{v:.1f}" for v in own],
            textposition="inside",
            insidetextanchor="start",
            textfont=dict(size=15, color="white"),
            hovertemplate="%{y}: %{x:.2f}<extra></extra>",
        )
    ]
    for key, values, name, symbol in (("peer", peer, names[1], "diamond"), ("national", national, names[2], "line-ns")):
        traces.append(
            dict(
                type="scatter",
                y=list(labels),
                x=list(values),
                name=name,
                mode="markers",
                marker=dict(
                    symbol=symbol,
                    size=16 if symbol == "diamond" else 22,
                    color=SERIES_COLORS[key],
                    line=dict(width=3, color=SERIES_COLORS[key]),
                ),
                hovertemplate="%{y}: %{x:.2f}<extra>%{fullData.name}</extra>",
            )
        )
    return _figure(
        traces,
        height=height or max(320, 46 * len(labels) + 110),
        xaxis=dict(range=[0, 100]),
        yaxis=dict(autorange="reversed", automargin=True),
    )


def _bars_labels_above(labels, own, peer, national, names) -> go.Figure:
    lines = max(1, max(str(label).count("<br>") + 1 for label in labels))
    band = 34 + 21 * lines  # px per row: the label's lines, then the bar
    fig = fig_compare_bars([f"{i}" for i in range(len(labels))], own, peer, national, names)
    traces = [
        {**t, "y": list(labels), "width": 0.9 * 26 / band} if t["type"] == "bar" else {**t, "y": list(labels)}
        for t in fig.to_plotly_json()["data"]
    ]
    notes = [
        dict(
            xref="paper",
            x=0,
            y=lab,
            xanchor="left",
            yanchor="bottom",
            yshift=14,
            showarrow=False,
            align="left",
            text=lab,
            font=dict(size=15),
        )
        for lab in labels
    ]
    return _figure(
        traces,
        height=band * len(labels) + 110,
        annotations=notes,
        margin=dict(l=8, r=12, t=14, b=96),
        legend=dict(orientation="h", yref="container", y=0, yanchor="bottom", x=0, font=dict(size=15)),
        xaxis=dict(range=[0, 100], side="bottom"),
        yaxis=dict(autorange="reversed", showticklabels=False, categoryorder="array", categoryarray=list(labels)),
    )


def fig_agency_trend(df: pd.DataFrame, names: tuple[str, str, str]) -> go.Figure:
    """The unit's overall score across years against its peers' and the national mean.
    Columns: year_label, overall (NaN when it did not respond), peer_mean, national_mean."""
    traces = [
        dict(
            type="scatter",
            x=list(df["year_label"]),
            y=_gaps(df[col]),
            name=name,
            mode="lines+markers",
            line=_series_line(key),
            marker=dict(size=12 if key == "own" else 9, symbol=SERIES_SYMBOLS[key]),
            connectgaps=False,
            hovertemplate="%{x}: %{y:.2f}<extra>%{fullData.name}</extra>",
        )
        for key, col, name in (
            ("national", "national_mean", names[2]),
            ("peer", "peer_mean", names[1]),
            ("own", "overall", names[0]),
        )
    ]
    return _figure(
        traces, height=380, meta=dict(lead=names[0]), yaxis=dict(range=[0, 100]), xaxis=dict(type="category")
    )


def fig_province_map(
    geojson: dict | str,
    df: pd.DataFrame,
    value_label: str,
    diverging: bool = False,
    height: int = 760,
    no_data_label: str | None = None,
    svg: bool = False,
) -> go.Figure:
    """Provinces coloured by a measure, offline (no tiles). Columns: code, value (NaN: no data), hover.
    `geojson` is the boundaries themselves, or the URL the browser fetches them from (the page does
    that: 214 KB not sent on every rerun). With `no_data_label`, provinces without a value are drawn
    grey under that legend entry, so the map always shows every province it is given. The colour bar
    lies under the map: beside it, a long measure name widened it over the eastern provinces. With `svg`
    the provinces are drawn as SVG paths (plotly's geo) instead of on a WebGL canvas: the same picture,
    but a browser without a graphics card (or a busy one) drew the WebGL map in 1-2 s per change."""
    vals = df["value"].astype(float)
    has = vals.notna()
    traces = []
    if no_data_label and (~has).any():
        traces.append(_no_data_layer(geojson, df[~has], no_data_label))
    if has.any():
        traces.append(_value_layer(geojson, df[has], vals[has], value_label, diverging))
    if svg:
        return _svg_map(traces, height)
    # The map's world is 512 * 2**zoom px wide: at zoom 4.7 the country's 97.3-105.6 E fit in ~330 px (a
    # phone's column; zoom 5 cut Ubon Ratchathani off a 1366 px laptop's column), and lat 5.6-20.5 N in
    # 760 px; a shorter figure zooms out to keep it whole
    zoom = 4.7 + math.log2(min(1.0, height / 760))
    return _figure(
        traces,
        height=height,
        map=dict(style="white-bg", center=dict(lat=13.0, lon=101.2), zoom=zoom),
        margin=dict(l=0, r=0, t=40, b=0),
        dragmode=False,
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, font=dict(size=15)),
    )


# The country's extent (97.3-105.7 E, 5.6-20.5 N) with a little room: the whole of Thailand whichever
# provinces a map colours, as the WebGL map's fixed centre and zoom do
THAILAND_LON, THAILAND_LAT = [97.2, 105.8], [5.5, 20.6]


def _svg_map(traces: list[dict], height: int) -> go.Figure:
    """The map's layers as plotly geo choropleths (SVG): no base map, Mercator, framed on the country."""
    geo_traces = [{**t, "type": "choropleth", "locationmode": "geojson-id"} for t in traces]
    return _figure(
        geo_traces,
        height=height,
        geo=dict(
            visible=False,
            projection=dict(type="mercator"),
            lonaxis=dict(range=THAILAND_LON),
            lataxis=dict(range=THAILAND_LAT),
            bgcolor="white",
        ),
        margin=dict(l=0, r=0, t=40, b=0),
        dragmode=False,
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, font=dict(size=15)),
    )


def _value_layer(geojson, df: pd.DataFrame, vals: pd.Series, label: str, diverging: bool) -> dict:
    if diverging:
        lim = float(max(abs(vals.min()), abs(vals.max()), 0.5))
        scale, zmin, zmax = RDBU, -lim, lim
    else:
        scale, zmin, zmax = BLUES, float(vals.min()), float(vals.max())
    trace = dict(
        type="choroplethmap",
        geojson=geojson,
        featureidkey="properties.code",
        locations=list(df["code"]),
        z=list(vals),
        text=list(df["hover"]),
        colorscale=scale,
        zmin=zmin,
        zmax=zmax,
        marker=dict(line=dict(width=0.6, color="#6e6e6e")),  # the palest provinces still edged on white
        colorbar=dict(
            title=dict(text=label, font=dict(size=15), side="top"),
            tickfont=dict(size=14),
            thickness=14,
            orientation="h",
            x=0,
            xanchor="left",
            y=0,
            yanchor="top",
            len=0.95,
        ),
        hovertemplate="%{text}<extra></extra>",
        showlegend=False,
    )
    if diverging:
        trace["zmid"] = 0.0
    return trace


NO_DATA_GREY = "#c9ccd1"


def _no_data_layer(geojson, df: pd.DataFrame, label: str) -> dict:
    """Provinces without a value: grey, named in the legend, hover says why."""
    return dict(
        type="choroplethmap",
        geojson=geojson,
        featureidkey="properties.code",
        locations=list(df["code"]),
        z=[0.0] * len(df),
        text=list(df["hover"]),
        colorscale=[[0, NO_DATA_GREY], [1, NO_DATA_GREY]],
        showscale=False,
        showlegend=True,
        name=label,
        marker=dict(line=dict(width=0.6, color="#ffffff")),
        hovertemplate="%{text}<extra></extra>",
        meta={"no_data": True},  # drawn grey, not a value: the chart's words leave it out (dgcore.chart_text)
    )


def fig_heatmap(z: pd.DataFrame, value_label: str) -> go.Figure:
    """Rows x columns of scores (e.g. province x pillar), values printed in the cells."""
    values = z.to_numpy()
    trace = dict(
        type="heatmap",
        z=[_gaps(row) for row in values],
        x=list(z.columns),
        y=list(z.index),
        colorscale=LIGHT_BLUES,
        zmin=float(z.min().min()),
        zmax=float(z.max().max()),
        text=[[f"{v:.0f}" if v == v else "" for v in row] for row in values],
        texttemplate="%{text}",
        textfont=dict(size=13, color="#000000"),
        colorbar=dict(title=dict(text=value_label)),
        hovertemplate="%{y} · %{x}: %{z:.2f}<extra></extra>",
    )
    return _figure(
        [trace],
        height=max(420, 22 * len(z) + 140),
        yaxis=dict(autorange="reversed", tickfont=dict(size=13)),
        xaxis=dict(side="top", tickfont=dict(size=14)),
    )


def fig_grouped_pillars(df: pd.DataFrame, national: pd.Series, national_label: str) -> go.Figure:
    """Pillar by pillar, one bar per chosen entity, a line for the national average.
    df: index = pillar labels, columns = entity names."""
    palette = ["#0b3d91", "#b35900", "#007a5a", "#a8518a"]
    patterns = ["", "/", ".", "x"]
    traces = [
        dict(
            type="bar",
            x=list(df.index),
            y=list(df[col]),
            name=col,
            marker=dict(color=palette[i % len(palette)], **_pattern(patterns[i % len(patterns)])),
            text=[f"{v:.0f}" for v in df[col]],
            textposition="outside",
            textfont=dict(size=14),
            cliponaxis=False,
        )
        for i, col in enumerate(df.columns)
    ]
    traces.append(
        dict(
            type="scatter",
            x=list(df.index),
            y=list(national.reindex(df.index)),
            name=national_label,
            mode="markers",
            marker=dict(symbol="line-ew", size=40, line=dict(width=4, color="#333333")),
        )
    )
    # a value that would overlap its neighbour is hidden (hover still tells it), never drawn over it
    return _figure(
        traces, height=480, barmode="group", yaxis=dict(range=[0, 105]), uniformtext=dict(minsize=12, mode="hide")
    )


def fig_units_by_type(df: pd.DataFrame, score_label: str) -> go.Figure:
    """One bar per unit (label = agency type), sorted, with the reference line. Columns: label, overall."""
    trace = dict(
        type="bar",
        y=list(df["label"]),
        x=list(df["overall"]),
        orientation="h",
        marker=dict(color="#0b3d91"),
        text=[f"{v:.1f}" for v in df["overall"]],
        textposition="outside",
        textfont=dict(size=14),
        hovertemplate="%{y}: %{x:.2f}<extra></extra>",
    )
    return _figure(
        [trace],
        height=max(320, 34 * len(df) + 100),
        xaxis=dict(range=[0, 105], title=_title(score_label)),
        yaxis=dict(autorange="reversed", automargin=True, tickfont=dict(size=14)),
    )


def fig_box_summary(df: pd.DataFrame, reference: float, reference_label: str, score_label: str) -> go.Figure:
    """Box plots from precomputed quartiles (no unit-level points). Columns: label, lo, q1, med, q3, hi, mean, n.
    The reference (e.g. the national mean) is a dashed vertical line with its value written at the top."""
    trace = dict(
        type="box",
        y=list(df["label"]),
        q1=list(df["q1"]),
        median=list(df["med"]),
        q3=list(df["q3"]),
        lowerfence=list(df["lo"]),
        upperfence=list(df["hi"]),
        mean=list(df["mean"]),
        orientation="h",
        marker=dict(color="#0b3d91"),
        fillcolor="rgba(11,61,145,0.25)",
        line=dict(width=2),
        name=score_label,
        hoverinfo="x",
    )
    line = dict(
        type="line",
        xref="x",
        yref="paper",
        x0=reference,
        x1=reference,
        y0=0,
        y1=1,
        line=dict(color="#b35900", width=3, dash="dash"),
    )
    note = dict(
        xref="x",
        yref="paper",
        x=reference,
        y=1,
        xanchor="left",
        yanchor="bottom",
        showarrow=False,
        text=f"{reference_label} {reference:.1f}",
        font=dict(size=14, color="#b35900"),
    )
    return _figure(
        [trace],
        height=max(380, 34 * len(df) + 120),
        showlegend=False,
        shapes=[line],
        annotations=[note],
        xaxis=dict(range=[0, 100], title=_title(score_label)),
        yaxis=dict(autorange="reversed", automargin=True, tickfont=dict(size=14)),
    )


def fig_slide_map(geojson: dict, df: pd.DataFrame, height: int = 560) -> go.Figure:
    """The province map for a briefing slide: the whole country at `height` CSS pixels, a colour bar
    with tick labels as large as the slide's body text (the slide names the measure). Columns: code, value, hover."""
    fig = fig_province_map(geojson, df, "", height=height)
    fig.update_traces(colorbar=dict(title=dict(text=""), tickfont=dict(size=30), thickness=26, len=0.9))
    fig.update_layout(margin=dict(l=0, r=0, t=0, b=0))
    return fig
