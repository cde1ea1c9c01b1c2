"""Shaping ministry and department aggregates for the Departments & ministries page."""

from __future__ import annotations

import pandas as pd

from dgcore import advice, charts
from dgcore.framework import Framework
from dgcore.text_safety import plain_html
from dgcore.texts import name_in
from ui import loaders
from ui.i18n import readable, tr
from ui.layout import chart_label
from ui.loaders import view
from ui.provenance import tag


def ministry_label(df: pd.DataFrame, lang: str) -> pd.Series:
    """A ministry's name for a chart axis: the full Thai name (never abbreviated, the row of units outside
    any ministry included), broken between words; the short English one."""
    if lang != "th":
        return df["short_en"]
    return df["name_th"].map(lambda name: chart_label(name, 30))


def box_frame(summary: pd.DataFrame, lang: str) -> pd.DataFrame:
    return summary.assign(label=ministry_label(summary, lang))


def ministry_table(summary: pd.DataFrame, lang: str) -> pd.DataFrame:
    return readable(
        pd.DataFrame(
            {
                tr("ministry", lang): summary[f"name_{lang}"],
                tr("n_units", lang): summary["n"],
                tr("mean", lang): summary["mean"].round(2),
                tr("sd", lang): summary["sd"].round(2),
                tr("min", lang): summary["lo"].round(2),
                tr("max", lang): summary["hi"].round(2),
            }
        )
    )


def maturity_frame(mm: pd.DataFrame, summary: pd.DataFrame, fw: Framework, lang: str) -> pd.DataFrame:
    labels = dict(zip(summary["ministry_code"], ministry_label(summary, lang)))
    levels = {int(m.code): getattr(m, f"name_{lang}") for m in fw.maturity}
    df = mm[mm["ministry_code"].isin(labels)].copy()
    df["share"] = 100 * df["n"] / df.groupby("ministry_code")["n"].transform("sum")
    df["group"] = df["ministry_code"].map(labels)
    df["level"] = df["maturity"].astype(int)
    df["label"] = [f"{tr('level_word', lang)} {lv} {levels[int(lv)]}" for lv in df["maturity"]]
    order = {c: i for i, c in enumerate(summary["ministry_code"])}
    return df.sort_values("ministry_code", key=lambda s: s.map(order))


def units_table(units: pd.DataFrame, fw: Framework, lang: str) -> pd.DataFrame:
    bands = {b.code: getattr(b, f"name_{lang}") for b in fw.bands}
    return readable(
        pd.DataFrame(
            {
                tr("unit_name", lang): units[f"name_{lang}"],
                tr("status", lang): [tr(f"status_{s}", lang) for s in units["status"]],
                tr("score", lang): units["overall"].round(2),
                tr("band", lang) + tag(fw, ("bands",), lang): units["band"].map(bands),
                **(
                    {tr("maturity_one", lang) + tag(fw, ("maturity",), lang): units["maturity"].astype("Int64")}
                    if fw.has_maturity
                    else {}
                ),
            }
        )
    )


def branch_table(branches: pd.DataFrame, lang: str) -> pd.DataFrame:
    return readable(
        pd.DataFrame(
            {
                tr("branch_pick", lang): branches[f"name_{lang}"],
                tr("type", lang): branches[f"type_{lang}"],
                tr("n_branches", lang): branches["n_branches"],
                tr("branch_mean", lang): branches["branch_mean"].round(2),
                tr("branch_sd", lang): branches["branch_sd"].round(2),
                tr("min", lang): branches["branch_min"].round(2),
                tr("max", lang): branches["branch_max"].round(2),
            }
        )
    )


def branch_map_frame(units: pd.DataFrame, provinces: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Every province: the branch's score where it has one, else no data (said so on hover)."""
    b = units[(units["kind"] == "provincial") & units["overall"].notna()].drop_duplicates("province_code")
    score = dict(zip(b["province_code"], b["overall"]))
    name = dict(zip(b["province_code"], b[f"name_{lang}"]))
    codes = provinces["code"].tolist()
    return pd.DataFrame(
        {
            "code": codes,
            "value": [score.get(c, float("nan")) for c in codes],
            "hover": [
                f"<b>{plain_html(name[c])}</b><br>{tr('score', lang)}: {score[c]:.2f}"
                if c in score
                else f"<b>{plain_html(p)}</b><br>{tr('map_no_branch', lang)}"
                for c, p in zip(codes, provinces[f"name_{lang}"])
            ],
        }
    )


def weakest(profile: pd.DataFrame, fw: Framework, lang: str, n: int = 3) -> list[tuple[str, str, list[str], bool]]:
    """The branches' weakest sub-indicators: (title, score against the group, actions, whether the actions
    are this dashboard's rather than DGA's)."""
    return [
        (
            f"{r.sub_code} {name_in(fw.sub(r.sub_code), lang)}",
            f"{r.mean:.1f} ({r.diff:+.1f} {tr('vs_national', lang)})",
            advice.actions(fw, r.sub_code, lang),
            fw.sub(r.sub_code).actions_provisional,
        )
        for r in advice.versus_national(profile, best=False, n=n).itertuples()
    ]


# Builders for ui.loaders.made (scalar arguments; made once per scope, version, year and language).


@view
def spread_view(scope, version, year: int, lang: str):
    """(box figure, ministry table, maturity figure) for the ministries."""
    fw = loaders.framework(scope, version, year)
    summary = loaders.ministry_summary(scope, version, year)
    trend = loaders.headline_trend(scope, version)
    dept_avg = float(trend[(trend["year"] == year) & (trend["kind"] == "department")]["mean"].iloc[0])
    box = charts.fig_box_summary(box_frame(summary, lang), dept_avg, tr("dept_average", lang), tr("score", lang))
    maturity = None
    if fw.has_maturity:
        mm = loaders.ministry_maturity(scope, version, year)
        maturity = charts.fig_maturity(maturity_frame(mm, summary, fw, lang), tr("share_units", lang))
    return box, ministry_table(summary, lang), maturity


@view
def ministry_units_table(scope, version, year: int, lang: str, ministry: str):
    """The ministry's units the scope shows, as the page's table, or None when it shows none."""
    units = loaders.ministry_units(scope, version, year, ministry)
    return None if units.empty else units_table(units, loaders.framework(scope, version, year), lang)


@view
def branch_table_view(scope, version, year: int, lang: str):
    """Departments with provincial branches, as the page's table."""
    return branch_table(loaders.branch_departments(scope, version, year), lang)


@view
def branch_map_figure(scope, version, year: int, lang: str, dept: str):
    """The department's branches on the map, or None when the scope shows none of them."""
    frame = branch_map_frame(
        loaders.branch_units(scope, version, year, dept), loaders.province_summary(scope, version, year), lang
    )
    if frame["value"].isna().all():
        return None
    return charts.fig_province_map(
        loaders.GEOJSON_URL, frame, tr("score", lang), no_data_label=tr("map_no_data", lang), svg=True
    )
