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
from ui.provenance import note, source_label, tag


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


def map_frame(summary: pd.DataFrame, values: pd.Series, label: str, lang: str, ranks: bool = True) -> pd.DataFrame:
    """Every province, ranked where it has a value (and ranks may be shown: the rank policy); a province
    without one says why on hover."""
    df = summary.assign(value=values.astype(float))
    rank = scoring.competition_rank(df["value"])  # on the score as shown
    n = int(df["value"].notna().sum())
    df["hover"] = [
        f"<b>{plain_html(getattr(r, 'name_' + lang))}</b><br>"
        + (
            f"{plain_html(label)}: {r.value:.2f}<br>"
            + (f"{tr('rank', lang)} {int(k)} / {n}<br>" if ranks else "")
            + f"{tr('units_counted', lang)}: {r.responded}"
            if r.value == r.value
            else tr("map_no_data_hover", lang)
        )
        for r, k in zip(df.itertuples(), rank)
    ]
    return df


def ranking_table(summary: pd.DataFrame, lang: str, ranks: bool = True) -> pd.DataFrame:
    """The provinces by rank; without ranks (the rank policy) no rank column, in the order of their names."""
    df = summary.sort_values(["rank", "code"]) if ranks else summary.sort_values(f"name_{lang}")
    return readable(
        pd.DataFrame(
            {
                **({tr("rank", lang): df["rank"].astype("Int64")} if ranks else {}),
                tr("province", lang): df[f"name_{lang}"],
                tr("score", lang): df["overall"].round(2),
                tr("change", lang): df["change"].round(2),
                tr("m_rate", lang): df["rate"].round(2),
                tr("units_counted", lang): df["responded"].astype("Int64"),
            }
        )
    )


def heatmap_frame(
    summary: pd.DataFrame, pillars: pd.DataFrame, fw: Framework, lang: str, ranks: bool = True
) -> pd.DataFrame:
    """Province x pillar, highest overall first; by name where ranks may not be shown (an order by
    score is a ranking too)."""
    wide = pillars.pivot(index="code", columns="pillar_code", values="mean")
    order = summary.sort_values("overall", ascending=False) if ranks else summary.sort_values(f"name_{lang}")
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


def units_table(units: pd.DataFrame, lang: str, fw: Framework) -> pd.DataFrame:
    """A province's units; the band and maturity columns tagged when a provisional rule decides them."""
    band_names = {b.code: getattr(b, f"name_{lang}") for b in fw.bands}
    maturity = {tr("maturity_one", lang) + tag(fw, ("maturity",), lang): units["maturity"].astype("Int64")}
    return readable(
        pd.DataFrame(
            {
                tr("unit_name", lang): units[f"name_{lang}"],
                tr("type", lang): units[f"type_{lang}"],
                tr("status", lang): [tr(f"status_{s}", lang) for s in units["status"]],
                tr("score", lang): units["overall"].round(2),
                tr("band", lang) + tag(fw, ("bands",), lang): units["band"].map(band_names),
                **(maturity if fw.has_maturity else {}),
            }
        )
    )


def sub_lines(profile: pd.DataFrame, fw: Framework, lang: str, best: bool, n: int = 3) -> list[str]:
    return [
        f"{r.sub_code} {name_in(fw.sub(r.sub_code), lang)}: {fmt_score(r.mean, 1)} "
        f"({r.diff:+.1f} {tr('vs_national', lang)})"
        for r in advice.versus_national(profile, best, n).itertuples()
    ]


def common_actions(
    profile: pd.DataFrame, fw: Framework, lang: str, n: int = 3
) -> list[tuple[str, str, list[str], bool]]:
    """(title, how many units should accelerate it, its actions, whether they are this dashboard's)."""
    return [
        (
            f"{r.sub_code} {name_in(fw.sub(r.sub_code), lang)}",
            tr("units_to_accelerate", lang).format(n=r.n_accelerate, total=r.n_units),
            advice.actions(fw, r.sub_code, lang),
            fw.sub(r.sub_code).actions_provisional,
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
def map_figure(scope, version, year: int, lang: str, measure: str, ranks: bool):
    fw, summary, pillars = _inputs(scope, version, year)
    label = measures(fw, lang)[measure]
    frame = map_frame(summary, measure_values(summary, pillars, measure), label, lang, ranks)
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
def ranking(scope, version, year: int, lang: str, ranks: bool) -> pd.DataFrame:
    return ranking_table(_inputs(scope, version, year)[1], lang, ranks)


@view
def heatmap_figure(scope, version, year: int, lang: str, ranks: bool):
    fw, summary, pillars = _inputs(scope, version, year)
    return charts.fig_heatmap(heatmap_frame(summary, pillars, fw, lang, ranks), tr("score", lang))


@view
def compare_figure(scope, version, year: int, lang: str, codes: tuple[str, ...]):
    fw, summary, pillars = _inputs(scope, version, year)
    pm = loaders.pillar_means(scope, version, year)
    return charts.fig_grouped_pillars(
        compare_frame(pillars, summary, list(codes), fw, lang),
        national_pillars(pm, fw, lang, ("provincial", "cio_committee")),
        tr("provincial_average", lang),
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
        units_table(units, lang, fw),
    )


def _bullets(lines: list[str], empty: str) -> str:
    return "\n".join(f"- {x}" for x in lines) if lines else empty


# The common actions as cards drawn as st.container(border=True) draws its box (border, corners, padding, the
# 1rem between boxes), all in one Markdown element: three containers with a Markdown element each were six
# elements on every rerun. Only the divs are HTML; the cards' texts are Markdown between blank lines, escaped
# by md/rich, so no text from data can open an HTML block (every "<" in it is escaped). The bottom margin stands
# in for the one of a last paragraph, which Streamlit takes back from every Markdown element.
ACTION_CARDS_CSS = (
    "<style>.dg-actions{display:flex;flex-direction:column;gap:1rem;margin-bottom:1rem}"
    ".dg-action{border:1px solid rgba(17,17,17,.2);border-radius:.5rem;padding:calc(1rem - 1px)}"
    ".dg-action>:last-child{margin-bottom:0}</style>"
)


def action_cards(actions: list[tuple[SafeText, SafeText]]) -> SafeText:
    """(title, body) Markdown pairs as bordered cards in one Markdown text ("" for none)."""
    if not actions:
        return SafeText("")
    cards = "".join(f'<div class="dg-action">\n\n{title}\n\n{body}\n\n</div>\n' for title, body in actions)
    return SafeText(f'{ACTION_CARDS_CSS}\n<div class="dg-actions">\n{cards}</div>')


@view
def profile_markdown(scope, version, year: int, lang: str, code: str) -> tuple[SafeText, SafeText, SafeText]:
    """The strongest and weakest sub-indicators as markdown, and the common actions as cards (action_cards),
    names and framework texts escaped (text_safety); each action's source under it, and a footnote when
    the classification rule that counts the units to accelerate, or an action, is provisional."""
    fw = loaders.framework(scope, version, year)
    profile = loaders.province_sub_profile(scope, version, year, code)
    text = (
        f"#### {tr('strongest', lang)}\n"
        + _bullets([md(x) for x in sub_lines(profile, fw, lang, best=True)], tr("none_above_national", lang))
        + f"\n\n#### {tr('weakest', lang)}\n"
        + _bullets([md(x) for x in sub_lines(profile, fw, lang, best=False)], tr("none_below_national", lang))
        + f"\n\n#### {tr('common_actions', lang)}{tag(fw, ('classification',), lang)}"
    )
    common = common_actions(profile, fw, lang)
    actions = [
        (
            SafeText(f"**{md(title)}** · {md(count)}"),
            SafeText("\n".join(f"- {rich(a)}" for a in acts) + f"\n\n*{md(source_label(ours, lang))}*"),
        )
        for title, count, acts, ours in common
    ]
    footnote = note(fw, ("classification",), lang, actions=any(c[3] for c in common)) if common else ""
    return SafeText(text), action_cards(actions), SafeText(md(footnote))


# The public page's map (ui/page.py: no sign-in): province averages only, no rank, and a province whose
# average rests on fewer units than the scope's small-cell minimum is grey and says why. The statement
# already withheld those averages (dgcore/sql/province_summary.sql); this only words it.


def public_frame(summary: pd.DataFrame, min_units: int, lang: str) -> pd.DataFrame:
    """Every province with its average (or NaN) and a hover without any rank."""
    df = summary.assign(value=summary["overall"].astype(float))
    withheld = tr("public_withheld", lang).format(n=min_units)
    df["hover"] = [
        f"<b>{plain_html(getattr(r, 'name_' + lang))}</b><br>"
        + (
            f"{plain_html(tr('m_overall', lang))}: {r.value:.2f}<br>{tr('units_counted', lang)}: {int(r.responded)}"
            if r.value == r.value
            else withheld  # none answered is fewer too
        )
        for r in df.itertuples()
    ]
    return df


@view
def public_map_figure(scope, version, year: int, lang: str):
    summary = loaders.province_summary(scope, version, year)
    frame = public_frame(summary, scope.min_units, lang)
    label = tr("m_overall", lang)
    return charts.fig_province_map(
        loaders.GEOJSON_URL, frame, label, no_data_label=tr("map_no_data", lang), svg=True
    )  # in SVG like the Provinces page's map (WebGL is drawn in software in a browser without a GPU)


@view
def public_map_sentence(scope, version, year: int, lang: str) -> str | None:
    """Why some or all provinces are grey on the public map, or None when none is."""
    values = loaders.province_summary(scope, version, year)["overall"]
    if values.notna().all():
        return None
    key = "public_some_withheld" if values.notna().any() else "public_all_withheld"
    return fmt(tr(key, lang), k=int(values.isna().sum()), n=scope.min_units, year=year)


@view
def public_table(scope, version, year: int, lang: str) -> pd.DataFrame:
    """Province, average (or –) and units counted, by province name: averages, never a ranking."""
    df = loaders.province_summary(scope, version, year).sort_values(f"name_{lang}")
    return readable(
        pd.DataFrame(
            {
                tr("province", lang): df[f"name_{lang}"],
                tr("m_overall", lang): df["overall"].round(2),
                tr("units_counted", lang): df["responded"].astype("Int64"),
            }
        )
    )
