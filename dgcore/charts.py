"""DataFrame -> plotly Figure. Graph objects only (plotly express costs ~15x more per figure), large
type for projectors and video calls, no data access here."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

FONT = "Sarabun, 'Noto Sans Thai', 'TH Sarabun New', Tahoma, sans-serif"
KIND_COLORS = {"department": "#1f5aa6", "provincial": "#d96f00", "special_local": "#2a9d8f",
               "cio_committee": "#8e3fa8", "national": "#444444"}
MATURITY_COLORS = ["#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]


def _layout(fig: go.Figure, height: int = 420, **kw) -> go.Figure:
    fig.update_layout(font=dict(family=FONT, size=17, color="#1b1b1b"), height=height,
                      margin=dict(l=10, r=20, t=30, b=10), plot_bgcolor="white", paper_bgcolor="white",
                      legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, font=dict(size=16)),
                      hoverlabel=dict(font=dict(family=FONT, size=16)), **kw)
    fig.update_xaxes(gridcolor="#e5e5e5", zerolinecolor="#bbbbbb", tickfont=dict(size=16), title_font=dict(size=16))
    fig.update_yaxes(gridcolor="#e5e5e5", zerolinecolor="#bbbbbb", tickfont=dict(size=16), title_font=dict(size=16))
    return fig


def fig_pillars_by_group(df: pd.DataFrame, score_label: str) -> go.Figure:
    """Horizontal grouped bars: one trace per group. Columns: kind, group, pillar, mean."""
    fig = go.Figure()
    for kind, rows in df.groupby("kind", sort=False):
        fig.add_trace(go.Bar(y=rows["pillar"], x=rows["mean"], name=rows["group"].iloc[0], orientation="h",
                             marker_color=KIND_COLORS.get(kind), text=[f"{v:.1f}" for v in rows["mean"]],
                             textposition="outside", textfont=dict(size=16),
                             hovertemplate="%{y}<br>%{x:.2f}<extra>%{fullData.name}</extra>"))
    n = df["pillar"].nunique()
    _layout(fig, height=max(380, 70 * n * max(1, df["kind"].nunique()) // 2 + 120), barmode="group")
    fig.update_xaxes(range=[0, 105], title_text=score_label)
    fig.update_yaxes(autorange="reversed", automargin=True)
    return fig


def fig_maturity(df: pd.DataFrame, share_label: str) -> go.Figure:
    """100% stacked bars of maturity levels per group. Columns: group, level, label, share, n."""
    fig = go.Figure()
    for i, (level, rows) in enumerate(df.groupby("level", sort=True)):
        fig.add_trace(go.Bar(y=rows["group"], x=rows["share"], name=rows["label"].iloc[0], orientation="h",
                             marker_color=MATURITY_COLORS[min(i, len(MATURITY_COLORS) - 1)],
                             text=[f"{v:.0f}%" if v >= 4 else "" for v in rows["share"]], textposition="inside",
                             insidetextanchor="middle", textfont=dict(size=16, color="#000000" if i < 3 else "#ffffff"),
                             customdata=rows["n"], hovertemplate="%{y}<br>%{x:.1f}% (%{customdata})<extra>%{fullData.name}</extra>"))
    _layout(fig, height=140 + 70 * df["group"].nunique(), barmode="stack", legend_traceorder="normal")
    fig.update_xaxes(range=[0, 100], title_text=share_label)
    fig.update_yaxes(autorange="reversed", automargin=True, categoryorder="array",
                     categoryarray=list(dict.fromkeys(df["group"])))
    return fig


def fig_trend(df: pd.DataFrame, score_label: str) -> go.Figure:
    """Lines of the mean overall score per group across years. Columns: kind, group, year_label, mean."""
    fig = go.Figure()
    for kind, rows in df.groupby("kind", sort=False):
        fig.add_trace(go.Scatter(x=rows["year_label"], y=rows["mean"], name=rows["group"].iloc[0],
                                 mode="lines+markers+text", line=dict(width=4, color=KIND_COLORS.get(kind)),
                                 marker=dict(size=11),
                                 text=[f"{v:.1f}" if i == len(rows) - 1 else "" for i, v in enumerate(rows["mean"])],
                                 textposition="top center", textfont=dict(size=15),
                                 hovertemplate="%{x}<br>%{y:.2f}<extra>%{fullData.name}</extra>"))
    _layout(fig, height=430)
    fig.update_yaxes(range=[0, 100], title_text=score_label)
    fig.update_xaxes(type="category")
    return fig


SERIES_COLORS = {"own": "#0b3d91", "peer": "#d96f00", "national": "#7a7a7a"}


def fig_radar(labels: list[str], own: list[float], peer: list[float], national: list[float],
              names: tuple[str, str, str]) -> go.Figure:
    """Pillars on a radar: the unit, its peers and the national average."""
    fig = go.Figure()
    for key, values, name, fill in (("national", national, names[2], None), ("peer", peer, names[1], None),
                                    ("own", own, names[0], "toself")):
        fig.add_trace(go.Scatterpolar(r=values + values[:1], theta=labels + labels[:1], name=name, fill=fill,
                                      line=dict(color=SERIES_COLORS[key], width=4 if key == "own" else 2.5,
                                                dash="dot" if key == "national" else "solid"),
                                      opacity=0.9, hovertemplate="%{theta}: %{r:.2f}<extra>%{fullData.name}</extra>"))
    _layout(fig, height=460)
    fig.update_layout(polar=dict(radialaxis=dict(range=[0, 100], tickfont=dict(size=13), angle=90),
                                 angularaxis=dict(tickfont=dict(size=15), type="category", direction="clockwise")),
                      margin=dict(l=60, r=60, t=50, b=30))
    return fig


def fig_compare_bars(labels: list[str], own: list[float], peer: list[float], national: list[float],
                     names: tuple[str, str, str], height: int | None = None) -> go.Figure:
    """Horizontal bars of the unit's scores with markers for the peer and national averages."""
    fig = go.Figure()
    fig.add_trace(go.Bar(y=labels, x=own, name=names[0], orientation="h", marker_color=SERIES_COLORS["own"],
                         text=[f"{v:.1f}" for v in own], textposition="inside", insidetextanchor="start",
                         textfont=dict(size=15, color="white"), hovertemplate="%{y}: %{x:.2f}<extra></extra>"))
    for key, values, name, symbol in (("peer", peer, names[1], "diamond"), ("national", national, names[2], "line-ns")):
        fig.add_trace(go.Scatter(y=labels, x=values, name=name, mode="markers",
                                 marker=dict(symbol=symbol, size=16 if symbol == "diamond" else 22,
                                             color=SERIES_COLORS[key], line=dict(width=3, color=SERIES_COLORS[key])),
                                 hovertemplate="%{y}: %{x:.2f}<extra>%{fullData.name}</extra>"))
    _layout(fig, height=height or max(320, 46 * len(labels) + 110))
    fig.update_xaxes(range=[0, 100])
    fig.update_yaxes(autorange="reversed", automargin=True)
    return fig


def fig_agency_trend(df: pd.DataFrame, names: tuple[str, str, str]) -> go.Figure:
    """The unit's overall score across years against its peers' and the national mean.
    Columns: year_label, overall (NaN when it did not respond), peer_mean, national_mean."""
    fig = go.Figure()
    for key, col, name in (("national", "national_mean", names[2]), ("peer", "peer_mean", names[1]),
                           ("own", "overall", names[0])):
        fig.add_trace(go.Scatter(x=df["year_label"], y=df[col], name=name, mode="lines+markers",
                                 line=dict(color=SERIES_COLORS[key], width=4 if key == "own" else 2.5,
                                           dash="dot" if key == "national" else "solid"),
                                 marker=dict(size=12 if key == "own" else 8), connectgaps=False,
                                 hovertemplate="%{x}: %{y:.2f}<extra>%{fullData.name}</extra>"))
    _layout(fig, height=380)
    fig.update_yaxes(range=[0, 100])
    fig.update_xaxes(type="category")
    return fig


def fig_province_map(geojson: dict, df: pd.DataFrame, value_label: str, diverging: bool = False) -> go.Figure:
    """Provinces coloured by a measure, offline (no tiles). Columns: code, value, hover."""
    vals = df["value"].astype(float)
    if diverging:
        lim = float(max(abs(vals.min()), abs(vals.max()), 0.5))
        scale, zmin, zmax, mid = "RdBu", -lim, lim, 0.0
    else:
        scale, zmin, zmax, mid = "Blues", float(vals.min()), float(vals.max()), None
    fig = go.Figure(go.Choroplethmap(
        geojson=geojson, featureidkey="properties.code", locations=df["code"], z=vals, text=df["hover"],
        colorscale=scale, zmin=zmin, zmax=zmax, zmid=mid, marker_line_width=0.6, marker_line_color="#ffffff",
        colorbar=dict(title=dict(text=value_label, font=dict(size=15)), tickfont=dict(size=14), thickness=18),
        hovertemplate="%{text}<extra></extra>"))
    _layout(fig, height=760)
    fig.update_layout(map=dict(style="white-bg", center=dict(lat=12.9, lon=101.0), zoom=5.0),
                      margin=dict(l=0, r=0, t=10, b=0), dragmode=False)
    return fig


def fig_heatmap(z: pd.DataFrame, value_label: str) -> go.Figure:
    """Rows x columns of scores (e.g. province x pillar), values printed in the cells."""
    fig = go.Figure(go.Heatmap(z=z.to_numpy(), x=list(z.columns), y=list(z.index), colorscale="Blues",
                               zmin=float(z.min().min()), zmax=float(z.max().max()),
                               text=[[f"{v:.0f}" for v in row] for row in z.to_numpy()], texttemplate="%{text}",
                               textfont=dict(size=13), colorbar=dict(title=dict(text=value_label)),
                               hovertemplate="%{y} · %{x}: %{z:.2f}<extra></extra>"))
    _layout(fig, height=max(420, 22 * len(z) + 140))
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=13))
    fig.update_xaxes(side="top", tickfont=dict(size=14))
    return fig


def fig_grouped_pillars(df: pd.DataFrame, national: pd.Series, national_label: str) -> go.Figure:
    """Pillar by pillar, one bar per chosen entity, a line for the national average.
    df: index = pillar labels, columns = entity names."""
    palette = ["#0b3d91", "#d96f00", "#2a9d8f", "#8e3fa8"]
    fig = go.Figure()
    for i, col in enumerate(df.columns):
        fig.add_trace(go.Bar(x=list(df.index), y=df[col], name=col, marker_color=palette[i % len(palette)],
                             text=[f"{v:.1f}" for v in df[col]], textposition="outside", textfont=dict(size=14)))
    fig.add_trace(go.Scatter(x=list(df.index), y=national.reindex(df.index), name=national_label, mode="markers",
                             marker=dict(symbol="line-ew", size=40, line=dict(width=4, color="#333333"))))
    _layout(fig, height=480, barmode="group")
    fig.update_yaxes(range=[0, 105])
    return fig


def fig_units_by_type(df: pd.DataFrame, score_label: str) -> go.Figure:
    """One bar per unit (label = agency type), sorted, with the reference line. Columns: label, overall."""
    fig = go.Figure(go.Bar(y=df["label"], x=df["overall"], orientation="h", marker_color="#0b3d91",
                           text=[f"{v:.1f}" for v in df["overall"]], textposition="outside", textfont=dict(size=14),
                           hovertemplate="%{y}: %{x:.2f}<extra></extra>"))
    _layout(fig, height=max(320, 34 * len(df) + 100))
    fig.update_xaxes(range=[0, 105], title_text=score_label)
    fig.update_yaxes(autorange="reversed", automargin=True, tickfont=dict(size=14))
    return fig


def fig_box_summary(df: pd.DataFrame, reference: float, reference_label: str, score_label: str) -> go.Figure:
    """Box plots from precomputed quartiles (no unit-level points). Columns: label, lo, q1, med, q3, hi, mean, n."""
    fig = go.Figure(go.Box(y=df["label"], q1=df["q1"], median=df["med"], q3=df["q3"], lowerfence=df["lo"],
                           upperfence=df["hi"], mean=df["mean"], orientation="h", marker_color="#0b3d91",
                           fillcolor="rgba(11,61,145,0.25)", line=dict(width=2), name=score_label,
                           hoverinfo="x"))
    fig.add_vline(x=reference, line=dict(color="#d96f00", width=3, dash="dash"),
                  annotation_text=f"{reference_label} {reference:.1f}", annotation_font=dict(size=14, color="#d96f00"))
    _layout(fig, height=max(380, 34 * len(df) + 120), showlegend=False)
    fig.update_xaxes(range=[0, 100], title_text=score_label)
    fig.update_yaxes(autorange="reversed", automargin=True, tickfont=dict(size=14))
    return fig
