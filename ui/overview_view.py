"""The Overview page's three charts, made from scalar arguments for ui.loaders.made (once per scope,
version, year and language; then only read)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dgcore import charts
from dgcore.report import previous_rows
from dgcore.texts import long_date
from ui import loaders
from ui.i18n import fmt_int, fmt_pct, fmt_score, tr
from ui.loaders import view


@dataclass(frozen=True)
class Header:
    """The Overview's text above the charts, formatted once per scope, version, year and language."""

    data_as_of: str
    note: str
    tiles: tuple[tuple[str, str, str, str, str], ...]  # (label, targeted, responded, rate, kind)
    headline: tuple[tuple[str, str, str, bool], ...]  # (group, mean, change or "first year", has a change)


@view
def header(scope, version, year: int, lang: str) -> Header:
    kinds = loaders.kind_labels(scope, version, lang)
    years = loaders.survey_years(scope, version)
    year_row = years[years["year"] == year].iloc[0]
    rates = loaders.response_rates(scope, version, year)
    tiles = tuple(
        (
            tr("total", lang) if r.kind == "total" else kinds[r.kind][0],
            fmt_int(r.targeted),
            fmt_int(r.responded),
            fmt_pct(r.rate),
            r.kind,
        )
        for r in rates.itertuples()
    )
    trend = loaders.headline_trend(scope, version)
    headline = []
    for r in trend[trend["year"] == year].itertuples():
        prev = previous_rows(trend[trend["kind"] == r.kind], year)  # the group's previous published year
        delta = (
            f"{r.mean - prev['mean'].iloc[0]:+.2f} {tr('vs_year', lang).format(year=int(prev['year'].iloc[0]))}"
            if len(prev)
            else tr("first_year", lang)
        )
        headline.append((kinds[r.kind][0], fmt_score(r.mean), delta, bool(len(prev))))
    note = year_row[f"note_{lang}"]
    return Header(
        long_date(pd.Timestamp(year_row["data_as_of"]).date(), lang),
        note if isinstance(note, str) else "",
        tiles,
        tuple(headline),
    )


def _kinds(scope, version):
    return loaders.agency_kinds(scope, version).set_index("kind")


def _by_group(df, kinds, lang: str, then: str):
    """The rows labelled with their group's short name, in the groups' order, then by `then`."""
    df = df.assign(group=df["kind"].map(kinds[f"short_{lang}"]))
    return df.sort_values(["kind", then], key=lambda s: s.map(kinds["sort"]) if s.name == "kind" else s)


@view
def pillars_figure(scope, version, year: int, lang: str):
    kinds, fw = _kinds(scope, version), loaders.framework(scope, version, year)
    pm = loaders.pillar_means(scope, version, year)
    pnames = {p.code: f"{p.code}. {getattr(p, 'name_' + lang)}" for p in fw.pillars}
    pm = _by_group(pm.assign(pillar=pm["pillar_code"].map(pnames)), kinds, lang, "pillar_code")
    return charts.fig_pillars_by_group(pm, tr("score", lang))


@view
def maturity_figure(scope, version, year: int, lang: str):
    kinds, fw = _kinds(scope, version), loaders.framework(scope, version, year)
    md = loaders.maturity_distribution(scope, version, year).copy()
    md["share"] = 100 * md["n"] / md.groupby("kind")["n"].transform("sum")
    levels = {int(m.code): m for m in fw.maturity}
    md = md.assign(
        level=md["maturity"].astype(int),
        group=md["kind"].map(kinds[f"short_{lang}"]),
        label=[f"{tr('level_word', lang)} {lv} {getattr(levels[int(lv)], 'name_' + lang)}" for lv in md["maturity"]],
    )
    return charts.fig_maturity(md, tr("share_units", lang))


@view
def trend_figure(scope, version, lang: str):
    kinds, trend = _kinds(scope, version), loaders.headline_trend(scope, version)
    df = _by_group(
        trend.assign(year_label=[str(y) if lang == "th" else f"{y} ({y - 543})" for y in trend["year"]]),
        kinds,
        lang,
        "year",
    )
    return charts.fig_trend(df, tr("score", lang))
