"""Shaping province aggregates for the Provinces page; the builders at the end load them (through
ui.loaders, scoped) for ui.loaders.made."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import pandas as pd

from dgcore import advice, charts, scoring
from dgcore.framework import Framework
from dgcore.text_safety import SafeText, fmt, md, plain_html, rich
from dgcore.texts import name_in
from ui import loaders
from ui.i18n import fmt_score, readable, tr
from ui.layout import chart_label
from ui.loaders import view


def pillar_short(fw: Framework, code: str, lang: str, width: int = 22) -> str:
    """'3. Public services' broken into lines between words (never cut) to fit an axis."""
    return chart_label(f"{code}. {getattr(fw.pillar(code), f'name_{lang}')}", width)


def measures(fw: Framework, lang: str) -> dict[str, str]:
    out = {"overall": tr("m_overall", lang)}
    out |= {f"p{p.code}": f"{tr('pillar', lang)} {p.code}. {getattr(p, 'name_' + lang)}" for p in fw.pillars}
    return out | {"rate": tr("m_rate", lang), "change": tr("m_change", lang)}


def measure_values(summary: pd.DataFrame, pillars: pd.DataFrame, measure: str) -> pd.Series:
    if measure.startswith("p"):
        wide = pillars.pivot(index="code", columns="pillar_code", values="mean")
        return summary["code"].map(wide[measure[1:]])
    return summary[measure]


def map_frame(summary: pd.DataFrame, values: pd.Series, label: str, lang: str) -> pd.DataFrame:
    """Every province, ranked where it has a value; a province without one says why on hover."""
    df = summary.assign(value=values.astype(float))
    rank = scoring.competition_rank(df["value"])  # on the score as shown
    n = int(df["value"].notna().sum())
    df["hover"] = [
        f"<b>{plain_html(getattr(r, 'name_' + lang))}</b><br>"
        + (
            f"{plain_html(label)}: {r.value:.2f}<br>{tr('rank', lang)} {int(k)} / {n}"
            f"<br>{tr('units_counted', lang)}: {r.responded}"
            if r.value == r.value
            else tr("map_no_data_hover", lang)
        )
        for r, k in zip(df.itertuples(), rank)
    ]
    return df


def ranking_table(summary: pd.DataFrame, lang: str) -> pd.DataFrame:
    df = summary.sort_values(["rank", "code"])
    return readable(
        pd.DataFrame(
            {
                tr("rank", lang): df["rank"].astype("Int64"),
                tr("province", lang): df[f"name_{lang}"],
                tr("score", lang): df["overall"].round(2),
                tr("change", lang): df["change"].round(2),
                tr("m_rate", lang): df["rate"].round(2),
                tr("units_counted", lang): df["responded"],
            }
        )
    )


def heatmap_frame(summary: pd.DataFrame, pillars: pd.DataFrame, fw: Framework, lang: str) -> pd.DataFrame:
    wide = pillars.pivot(index="code", columns="pillar_code", values="mean")
    order = summary.sort_values("overall", ascending=False)
    wide = wide.reindex(order["code"])
    wide.index = order[f"name_{lang}"].tolist()
    wide.columns = [pillar_short(fw, c, lang) for c in wide.columns]
    return wide


def compare_frame(
    pillars: pd.DataFrame, summary: pd.DataFrame, codes: list[str], fw: Framework, lang: str
) -> pd.DataFrame:
    names = dict(zip(summary["code"], summary[f"name_{lang}"]))
    wide = pillars[pillars["code"].isin(codes)].pivot(index="pillar_code", columns="code", values="mean")
    wide = wide[[c for c in codes if c in wide.columns]]
    wide.columns = [names[c] for c in wide.columns]
    wide.index = [pillar_short(fw, c, lang) for c in wide.index]
    return wide


def national_pillars(pm: pd.DataFrame, fw: Framework, lang: str, kinds: tuple[str, ...]) -> pd.Series:
    sel = pm[pm["kind"].isin(kinds)]
    s = (sel["mean"] * sel["n"]).groupby(sel["pillar_code"]).sum() / sel.groupby("pillar_code")["n"].sum()
    s.index = [pillar_short(fw, c, lang) for c in s.index]
    return s


def units_frame(units: pd.DataFrame, lang: str) -> pd.DataFrame:
    df = units[units["overall"].notna()]
    label = df[f"type_{lang}"].where(df[f"type_{lang}"].notna(), df[f"name_{lang}"])
    return pd.DataFrame({"label": label, "overall": df["overall"]})


def units_table(units: pd.DataFrame, lang: str, band_names: dict) -> pd.DataFrame:
    return readable(
        pd.DataFrame(
            {
                tr("unit_name", lang): units[f"name_{lang}"],
                tr("type", lang): units[f"type_{lang}"],
                tr("status", lang): [tr(f"status_{s}", lang) for s in units["status"]],
                tr("score", lang): units["overall"].round(2),
                tr("band", lang): units["band"].map(band_names),
                tr("maturity_one", lang): units["maturity"].astype("Int64"),
            }
        )
    )


def sub_lines(profile: pd.DataFrame, fw: Framework, lang: str, best: bool, n: int = 3) -> list[str]:
    return [
        f"{r.sub_code} {name_in(fw.sub(r.sub_code), lang)}: {fmt_score(r.mean, 1)} "
        f"({r.diff:+.1f} {tr('vs_national', lang)})"
        for r in advice.versus_national(profile, best, n).itertuples()
    ]


def common_actions(profile: pd.DataFrame, fw: Framework, lang: str, n: int = 3) -> list[tuple[str, str, list[str]]]:
    return [
        (
            f"{r.sub_code} {name_in(fw.sub(r.sub_code), lang)}",
            tr("units_to_accelerate", lang).format(n=r.n_accelerate, total=r.n_units),
            advice.actions(fw, r.sub_code, lang),
        )
        for r in advice.common_actions(profile, n).itertuples()
    ]


# Builders for ui.loaders.made: everything one figure or table needs, from scalar arguments only, so the
# result is made once per (scope, version, year, language, ...) and shared read-only.


def _inputs(scope, version, year):
    return (
        loaders.framework(scope, version, year),
        loaders.province_summary(scope, version, year),
        loaders.province_pillars(scope, version, year),
    )


@dataclass(frozen=True)
class ProvinceBasics:
    """What the page reads on every rerun besides figures and tables, shaped once."""

    names: Mapping[str, str]  # province code -> name in the page's language
    codes: tuple[str, ...]  # sorted by that name
    rows: Mapping[str, Mapping[str, object]]  # province code -> its summary row
    measures: Mapping[str, str]  # measure key -> label
    cio_note: bool  # the year counts provincial CIO committees


@view
def basics(scope, version, year: int, lang: str) -> ProvinceBasics:
    fw, summary, _ = _inputs(scope, version, year)
    ordered = summary.sort_values(f"name_{lang}")
    rows = {r["code"]: MappingProxyType(r) for r in summary.to_dict("records")}
    kinds = set(loaders.maturity_distribution(scope, version, year)["kind"])
    return ProvinceBasics(
        MappingProxyType(dict(zip(summary["code"], summary[f"name_{lang}"]))),
        tuple(ordered["code"]),
        MappingProxyType(rows),
        MappingProxyType(measures(fw, lang)),
        "cio_committee" in kinds,
    )


@view
def map_figure(scope, version, year: int, lang: str, measure: str):
    fw, summary, pillars = _inputs(scope, version, year)
    label = measures(fw, lang)[measure]
    frame = map_frame(summary, measure_values(summary, pillars, measure), label, lang)
    return charts.fig_province_map(
        loaders.GEOJSON_URL,
        frame,
        label,
        diverging=measure == "change",
        no_data_label=tr("map_no_data", lang),
        svg=True,  # drawn in SVG: the WebGL map took 1-2 s per change in a browser without a GPU
    )


def map_note(summary: pd.DataFrame, pillars: pd.DataFrame, measure: str) -> str | None:
    """The strings key of a sentence the map needs: nothing to compare with, or provinces without data."""
    values = measure_values(summary, pillars, measure)
    if values.notna().any():
        return "map_some_missing" if values.isna().any() else None
    return "map_no_change" if measure == "change" else "map_all_missing"


@view
def map_sentence(scope, version, year: int, lang: str, measure: str) -> str | None:
    """A sentence under the map when some or all provinces have no value for the chosen measure."""
    _, summary, pillars = _inputs(scope, version, year)
    key = map_note(summary, pillars, measure)
    if key is None:
        return None
    n = int(measure_values(summary, pillars, measure).isna().sum())
    return fmt(tr(key, lang), n=n, year=year, prev=year - 1)


@view
def ranking(scope, version, year: int, lang: str) -> pd.DataFrame:
    return ranking_table(_inputs(scope, version, year)[1], lang)


@view
def heatmap_figure(scope, version, year: int, lang: str):
    fw, summary, pillars = _inputs(scope, version, year)
    return charts.fig_heatmap(heatmap_frame(summary, pillars, fw, lang), tr("score", lang))


@view
def compare_figure(scope, version, year: int, lang: str, codes: tuple[str, ...]):
    fw, summary, pillars = _inputs(scope, version, year)
    pm = loaders.pillar_means(scope, version, year)
    return charts.fig_grouped_pillars(
        compare_frame(pillars, summary, list(codes), fw, lang),
        national_pillars(pm, fw, lang, ("provincial", "cio_committee")),
        tr("national_average", lang),
    )


@view
def units_view(scope, version, year: int, lang: str, code: str):
    """(figure, table) of a province's units, or None when the scope shows no units there."""
    units = loaders.province_units(scope, version, year, code)
    if units.empty:
        return None
    fw = loaders.framework(scope, version, year)
    return (
        charts.fig_units_by_type(units_frame(units, lang), tr("score", lang)),
        units_table(units, lang, {b.code: getattr(b, f"name_{lang}") for b in fw.bands}),
    )


def _bullets(lines: list[str], empty: str) -> str:
    return "\n".join(f"- {x}" for x in lines) if lines else empty


@view
def profile_markdown(
    scope, version, year: int, lang: str, code: str
) -> tuple[SafeText, list[tuple[SafeText, SafeText]]]:
    """The strongest and weakest sub-indicators as markdown, and the common actions as (title, body),
    names and framework texts escaped (text_safety)."""
    fw = loaders.framework(scope, version, year)
    profile = loaders.province_sub_profile(scope, version, year, code)
    text = (
        f"#### {tr('strongest', lang)}\n"
        + _bullets([md(x) for x in sub_lines(profile, fw, lang, best=True)], tr("none_above_national", lang))
        + f"\n\n#### {tr('weakest', lang)}\n"
        + _bullets([md(x) for x in sub_lines(profile, fw, lang, best=False)], tr("none_below_national", lang))
        + f"\n\n#### {tr('common_actions', lang)}"
    )
    actions = [
        (SafeText(f"**{md(title)}** · {md(count)}"), SafeText("\n".join(f"- {rich(a)}" for a in acts)))
        for title, count, acts in common_actions(profile, fw, lang)
    ]
    return SafeText(text), actions
