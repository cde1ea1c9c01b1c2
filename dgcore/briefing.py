"""The briefing deck: one list of slides that the Briefing page shows and the PDF/PPTX exports print.

Audience rule: with a national audience no unit is named; with one province's audience only that
province's own units are named. Everything else appears as aggregates or anonymous numbered bars.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from dgcore import advice, charts, queries
from dgcore.access import Scope
from dgcore.db import ResultsDB
from dgcore.framework import Framework
from dgcore.text_safety import plain_html
from dgcore.texts import name_in as _n
from dgcore.texts import text

SLIDE_FONT = 22


@dataclass
class Slide:
    key: str
    title: str
    subtitle: str = ""
    metrics: list[tuple[str, str]] = field(default_factory=list)
    figure: go.Figure | None = None
    screen_figure: go.Figure | None = None  # the same chart for the browser, when it differs (the map)
    bullets: list[str] = field(default_factory=list)
    note: str = ""


@dataclass
class Deck:
    year: int
    lang: str
    audience: str | None  # None: national; else a province code
    province: str | None  # the province the last slides are about
    slides: list[Slide]
    is_demo: bool
    named_units: set[str] = field(default_factory=set)  # agency ids whose names may appear


def _big(fig: go.Figure, height: int = 640) -> go.Figure:
    """Larger type and height for a shared screen that is compressed by a video call."""
    fig.update_layout(font=dict(size=SLIDE_FONT), height=height, legend=dict(font=dict(size=SLIDE_FONT - 2)))
    fig.update_xaxes(
        tickfont=dict(size=SLIDE_FONT - 2, color="#000000"), title_font=dict(size=SLIDE_FONT - 2, color="#000000")
    )
    fig.update_yaxes(
        tickfont=dict(size=SLIDE_FONT - 2, color="#000000"), title_font=dict(size=SLIDE_FONT - 2, color="#000000")
    )
    fig.update_traces(textfont=dict(size=SLIDE_FONT - 2), selector=dict(type="bar"))
    return fig


def _title_slide(db: ResultsDB, scope: Scope, year: int, lang: str, audience_name: str | None, is_demo: bool) -> Slide:
    years = queries.survey_years(db, scope).set_index("year")
    as_of = pd.Timestamp(years.loc[year, "data_as_of"]).date()
    date = f"{as_of.day}/{as_of.month}/{as_of.year + 543}" if lang == "th" else as_of.strftime("%-d %B %Y")
    sub = text("deck_for_province", lang, name=audience_name) if audience_name else text("deck_for_national", lang)
    return Slide(
        "title",
        text("deck_title", lang),
        f"{sub} · {text('year', lang, be=year, ce=year - 543)}",
        note=" · ".join([text("as_of", lang, date=date)] + ([text("demo", lang)] if is_demo else [])),
    )


def _headline_slide(db: ResultsDB, scope: Scope, year: int, lang: str, kinds: pd.DataFrame) -> Slide:
    rates = queries.response_rates(db, scope, year).set_index("kind")
    trend = queries.headline_trend(db, scope)
    metrics, bullets = [], []
    for r in trend[trend["year"] == year].itertuples():
        prev = trend[(trend["year"] == year - 1) & (trend["kind"] == r.kind)]
        delta = f" ({r.mean - prev['mean'].iloc[0]:+.2f})" if len(prev) else ""
        metrics.append((_n(kinds.loc[r.kind], lang), f"{r.mean:.2f}{delta}"))
    for kind, r in rates.iterrows():
        label = _n(kinds.loc[kind], lang) if kind in kinds.index else text("deck_title", lang).split()[0]
        if kind == "total":
            label = {"th": "รวม", "en": "All"}[lang]
        bullets.append(
            f"{label}: " + text("responded_of", lang, responded=int(r.responded), targeted=int(r.targeted), rate=r.rate)
        )
    return Slide("headline", text("s_headline", lang), metrics=metrics, bullets=bullets)


def _pillars_slide(db: ResultsDB, scope: Scope, year: int, lang: str, fw: Framework, kinds: pd.DataFrame) -> Slide:
    pm = queries.pillar_means(db, scope, year)
    pm = pm.assign(
        pillar=[f"{c}. {_n(fw.pillar(c), lang)}" for c in pm["pillar_code"]],
        group=[_n(kinds.loc[k], lang, "short") for k in pm["kind"]],
    )
    return Slide("pillars", text("s_pillars", lang), figure=_big(charts.fig_pillars_by_group(pm, text("score", lang))))


def _maturity_slide(db: ResultsDB, scope: Scope, year: int, lang: str, fw: Framework, kinds: pd.DataFrame) -> Slide:
    md = queries.maturity_distribution(db, scope, year)
    md["share"] = 100 * md["n"] / md.groupby("kind")["n"].transform("sum")
    names = {int(m.code): _n(m, lang) for m in fw.maturity}
    md = md.assign(
        level=md["maturity"].astype(int),
        group=[_n(kinds.loc[k], lang, "short") for k in md["kind"]],
        label=[f"{text('level', lang)} {v} {names[int(v)]}" for v in md["maturity"]],
    )
    bullets = [
        f"{text('level', lang)} {m.code} {_n(m, lang)}: {m.rule.get('description_' + lang, '')}" for m in fw.maturity
    ]
    return Slide(
        "maturity",
        text("s_maturity", lang),
        figure=_big(charts.fig_maturity(md, text("share", lang)), 460),
        bullets=bullets,
    )


def _map_slide(db: ResultsDB, scope: Scope, year: int, lang: str, geojson: dict, geojson_url: str | None) -> Slide:
    s = queries.province_summary(db, scope, year).dropna(subset=["overall"])
    hover = [f"{plain_html(_n(r, lang))}: {r.overall:.2f}" for r in s.itertuples()]
    frame = s.assign(value=s["overall"], hover=hover)
    fig = charts.fig_province_map(geojson, frame, text("average", lang), height=640)
    screen = (
        _big(charts.fig_province_map(geojson_url, frame, text("average", lang), height=640), 640)
        if geojson_url
        else None
    )
    best = s.sort_values("overall", ascending=False)
    top = ", ".join(f"{_n(r, lang)} {r.overall:.1f}" for r in best.head(3).itertuples())
    low = ", ".join(f"{_n(r, lang)} {r.overall:.1f}" for r in best.tail(3).iloc[::-1].itertuples())
    return Slide(
        "map", text("s_map", lang), figure=_big(fig, 640), screen_figure=screen, bullets=[f"▲ {top}", f"▼ {low}"]
    )


def _province_slides(
    db: ResultsDB, scope: Scope, year: int, lang: str, fw: Framework, code: str, audience: str | None
) -> tuple[list[Slide], set[str]]:
    summary = queries.province_summary(db, scope, year).set_index("code")
    row, name = summary.loc[code], _n(summary.loc[code], lang)
    metrics = [
        (text("average", lang), f"{row['overall']:.2f}"),
        (text("rank", lang), text("rank_of", lang, rank=int(row["rank"]), n=int(summary["overall"].notna().sum()))),
    ]
    if row["change"] == row["change"]:
        metrics.append((text("change", lang), f"{row['change']:+.2f}"))
    pillars = queries.province_pillars(db, scope, year)
    own = pillars[pillars["code"] == code].set_index("pillar_code")["mean"]
    nat = pillars.groupby("pillar_code").apply(lambda g: (g["mean"] * g["n"]).sum() / g["n"].sum())
    labels = [f"{c}. {_n(fw.pillar(c), lang)[:22]}" for c in own.index]
    fig = charts.fig_grouped_pillars(
        pd.DataFrame({name: own.to_numpy()}, index=labels),
        pd.Series(nat[own.index].to_numpy(), index=labels),
        text("national", lang),
    )
    slides = [Slide("province", text("s_province", lang, name=name), metrics=metrics, figure=_big(fig, 560))]
    units = queries.province_units(db, scope, year, code)
    units = units[units["overall"].notna()].reset_index(drop=True)
    named = code == audience
    label = [
        (_n(r, lang, "type") or _n(r, lang)) if named else text("unit_n", lang, n=i + 1) for i, r in units.iterrows()
    ]
    fig = charts.fig_units_by_type(pd.DataFrame({"label": label, "overall": units["overall"]}), text("score", lang))
    slides.append(
        Slide(
            "units",
            text("s_units", lang, name=name),
            figure=_big(fig, 700),
            note="" if named else text("anonymised", lang),
        )
    )
    prof = queries.province_sub_profile(db, scope, year, code, advice.accelerate_below(fw))
    bullets = []
    for r in advice.common_actions(prof).itertuples():
        sub = fw.sub(r.sub_code)
        bullets.append(
            f"{r.sub_code} {_n(sub, lang)} · " + text("units_below", lang, n=r.n_accelerate, total=r.n_units)
        )
        bullets += [f"   → {a[lang]}" for a in sub.actions[:2]]
    slides.append(Slide("actions", text("s_actions", lang, name=name), bullets=bullets))
    return slides, set(units["agency_id"]) if named else set()


def build_deck(
    db: ResultsDB,
    scope: Scope,
    year: int,
    lang: str,
    fw: Framework,
    geojson: dict,
    audience: str | None = None,
    province: str | None = None,
    geojson_url: str | None = None,
) -> Deck:
    """The slides for a year, an audience (None: national; or a province code) and a province to show.
    With `geojson_url`, the map slide also gets a `screen_figure` whose boundaries the browser fetches
    from that URL (documents keep the boundaries inside the figure)."""
    is_demo = queries.is_demo(queries.meta(db))
    kinds = queries.agency_kinds(db, scope).set_index("kind")
    names = queries.province_summary(db, scope, year).set_index("code")
    audience_name = _n(names.loc[audience], lang) if audience in names.index else None
    slides = [
        _title_slide(db, scope, year, lang, audience_name, is_demo),
        _headline_slide(db, scope, year, lang, kinds),
        _pillars_slide(db, scope, year, lang, fw, kinds),
        _maturity_slide(db, scope, year, lang, fw, kinds),
        _map_slide(db, scope, year, lang, geojson, geojson_url),
    ]
    named: set[str] = set()
    province = province or audience
    if province in names.index and names.loc[province, "overall"] == names.loc[province, "overall"]:
        more, named = _province_slides(db, scope, year, lang, fw, province, audience)
        slides += more
    return Deck(
        year=year,
        lang=lang,
        audience=audience if audience_name else None,
        province=province,
        slides=slides,
        is_demo=is_demo,
        named_units=named,
    )
