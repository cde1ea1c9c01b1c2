"""Shaping one unit's report for the My agency page and its downloads (no data access here)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

import pandas as pd
import plotly.graph_objects as go

from dgcore import charts
from dgcore.framework import Framework
from dgcore.report import AgencyReport
from ui.i18n import readable, tr
from ui.layout import chart_label
from ui.provenance import action_source


def series_names(lang: str) -> tuple[str, str, str]:
    return tr("this_unit", lang), tr("peer_average", lang), tr("national_average", lang)


def pillar_series(rep: AgencyReport, fw: Framework, lang: str) -> dict:
    p = rep.pillars.set_index("pillar_code")
    codes = [x.code for x in fw.pillars]
    return {
        "labels": [f"{c}. {getattr(fw.pillar(c), 'name_' + lang)}" for c in codes],
        "short": [f"{tr('pillar', lang)} {c}" for c in codes],
        "own": [float(p.loc[c, "score"]) for c in codes],
        "peer": [float(p.loc[c, "peer_mean"]) for c in codes],
        "national": [float(p.loc[c, "national_mean"]) for c in codes],
    }


def sub_series(rep: AgencyReport, fw: Framework, lang: str) -> dict:
    s = rep.subs
    return {
        "labels": [f"{c} {getattr(fw.sub(c), 'name_' + lang)}" for c in s["sub_code"]],
        "own": s["score"].tolist(),
        "peer": s["peer_mean"].tolist(),
        "national": s["national_mean"].tolist(),
    }


def groups(rep: AgencyReport, fw: Framework, lang: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {g.code: [] for g in fw.groups}
    for r in rep.subs.itertuples():
        out[r.group].append(f"{r.sub_code} {getattr(fw.sub(r.sub_code), 'name_' + lang)} ({r.score:.1f})")
    return out


def what_if_frame(rep: AgencyReport, fw: Framework, lang: str) -> pd.DataFrame:
    s = rep.subs
    return pd.DataFrame(
        {
            tr("code_col", lang): s["sub_code"],
            tr("sub_indicator", lang): [getattr(fw.sub(c), f"name_{lang}") for c in s["sub_code"]],
            tr("current_score", lang): s["score"].round(2),
            tr("new_score", lang): s["score"].round(2),
        }
    )


def trend_frame(rep: AgencyReport, lang: str) -> pd.DataFrame:
    h = rep.history.copy()
    h["year_label"] = [str(y) if lang == "th" else f"{y} ({y - 543})" for y in h["year"]]
    return h


def pillar_trend_table(rep: AgencyReport, fw: Framework, lang: str) -> pd.DataFrame:
    ph = rep.pillar_history
    if ph.empty:
        return ph
    wide = ph.pivot(index="pillar_code", columns="year", values="score").round(2)
    wide.index = [f"{c}. {getattr(fw.pillar(c), 'name_' + lang)}" for c in wide.index]
    wide.columns = [str(c) for c in wide.columns]
    return readable(wide)


def download_frame(rep: AgencyReport, fw: Framework, lang: str) -> pd.DataFrame:
    """The unit's scores with Thai column headers (English added in brackets on the English page)."""

    def h(key: str) -> str:
        return tr(key, "th") if lang == "th" else f"{tr(key, 'th')} ({tr(key, 'en')})"

    groups_by_code = {g.code: g for g in fw.groups}
    s = rep.subs
    return pd.DataFrame(
        {
            h("year_col"): rep.year,
            h("code_col"): s["sub_code"],
            h("sub_indicator"): [
                fw.sub(c).name_th if lang == "th" else f"{fw.sub(c).name_th} ({fw.sub(c).name_en})"
                for c in s["sub_code"]
            ],
            h("pillar"): [fw.pillar(p).name_th for p in s["pillar_code"]],
            h("score"): s["score"].round(2),
            h("peer_average"): s["peer_mean"].round(2),
            h("national_average"): s["national_mean"].round(2),
            **({h("classification"): [groups_by_code[g].name_th for g in s["group"]]} if fw.has_classification else {}),
        }
    )


TOP_RECOMMENDATIONS = 5


@dataclass(frozen=True)
class AgencyPage:
    """Everything My agency draws for one unit, year and language, made once and then only read: the
    figures and tables cost ~60 ms to shape, and the page is the one most people open (BENCHMARKS.md)."""

    rep: AgencyReport
    radar: go.Figure | None
    pillar_bars: go.Figure | None
    sub_bars: go.Figure | None
    groups_html: str
    recs_top_html: str  # the first five recommendations
    recs_more_html: str  # the rest, shown in an expander
    what_if: pd.DataFrame | None
    trend: go.Figure | None
    pillar_trend: pd.DataFrame | None
    download: pd.DataFrame | None


def build_page(rep: AgencyReport, fw: Framework, lang: str) -> AgencyPage:
    names = series_names(lang)
    radar = pillar_bars = sub_bars = trend = None
    cards = ""
    wif = download = ptrend = None
    if rep.responded:
        ps, ss = pillar_series(rep, fw, lang), sub_series(rep, fw, lang)
        radar = charts.fig_radar(ps["short"], ps["own"], ps["peer"], ps["national"], names)
        pillar_bars = charts.fig_compare_bars(
            [chart_label(x, 40) for x in ps["labels"]], ps["own"], ps["peer"], ps["national"], names, labels_above=True
        )
        sub_bars = charts.fig_compare_bars(
            [chart_label(x, 40) for x in ss["labels"]], ss["own"], ss["peer"], ss["national"], names, labels_above=True
        )
        labels = {g.code: getattr(g, f"name_{lang}") for g in fw.groups}  # the framework's own names
        cards = groups_html(groups(rep, fw, lang), labels, lang) if fw.has_classification else ""
        wif, download = what_if_frame(rep, fw, lang), download_frame(rep, fw, lang)
    if rep.history is not None and rep.history["overall"].notna().any():
        trend = charts.fig_agency_trend(trend_frame(rep, lang), names)
        ptrend = pillar_trend_table(rep, fw, lang)
    return AgencyPage(
        rep,
        radar,
        pillar_bars,
        sub_bars,
        cards,
        recommendations_html(rep, fw, lang, 0, TOP_RECOMMENDATIONS),
        recommendations_html(rep, fw, lang, TOP_RECOMMENDATIONS, None),
        wif,
        trend,
        ptrend,
        download,
    )


_CARD_CSS = """<style>
.dg-cards{display:grid;gap:14px;margin:4px 0 10px 0}
.dg-card{border:1px solid #d0d7de;border-radius:10px;padding:12px 16px;background:#ffffff;
  font-size:1rem;line-height:1.5}
.dg-card h4{margin:0 0 6px 0;font-size:1.25rem;font-weight:700}
.dg-card ul{margin:4px 0 0 0;padding-left:1.2em}
.dg-card .dg-line{color:#3d444d}
.dg-card .dg-source{color:#3d444d;font-size:0.875rem;font-style:italic;margin-top:6px}
.dg-g-outstanding h4{color:#1a7f37}.dg-g-fairly_outstanding h4{color:#0b3d91}.dg-g-accelerate h4{color:#b35900}
</style>"""


def groups_html(groups: dict[str, list[str]], labels: dict[str, str], lang: str) -> str:
    """The framework's groups side by side, headed by the names its file gives them (a framework with its
    own group codes shows its own names), as one block (one element instead of ten: BENCHMARKS.md)."""
    cards = "".join(
        f'<div class="dg-card dg-g-{escape(code)}" data-testid="group-{escape(code)}">'
        f"<h4>{escape(labels.get(code) or code)} · {len(items)}</h4>"
        + (
            ("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>")
            if items
            else f"<div>{escape(tr('none_in_group', lang))}</div>"
        )
        + "</div>"
        for code, items in groups.items()
    )
    columns = f"grid-template-columns:repeat({max(1, len(groups))},1fr)"
    return f'{_CARD_CSS}<div class="dg-cards" style="{columns}">{cards}</div>'


def recommendations_html(rep: AgencyReport, fw: Framework, lang: str, start: int, stop: int | None) -> str:
    """Recommendations start..stop as cards: what to raise, from what to what, what it would add, and the
    actions from the framework file."""
    cards = []
    recs = rep.recommendations if rep.recommendations is not None else pd.DataFrame()
    for r in recs.iloc[start:stop].itertuples():
        sub = fw.sub(r.sub_code)
        line = tr("gain_line", lang).format(peer=r.peer_mean, gain=r.gain)
        if r.score_for_next_band is not None and r.score_for_next_band == r.score_for_next_band:
            line += "; " + tr("alone_line", lang).format(score=r.score_for_next_band)
        actions = "".join(f"<li>{escape(a[lang])}</li>" for a in r.actions)
        source = f'<div class="dg-source">{escape(action_source(sub, lang))}</div>' if r.actions else ""
        cards.append(
            f'<div class="dg-card" data-testid="recommendation"><b>{escape(r.sub_code)} '
            f"{escape(getattr(sub, 'name_' + lang))}</b> · {r.score:.1f} → {r.peer_mean:.1f}"
            f'<div class="dg-line">{_bold(line)}</div><ul>{actions}</ul>{source}</div>'
        )
    return f'{_CARD_CSS}<div class="dg-cards">{"".join(cards)}</div>' if cards else ""


def _bold(text: str) -> str:
    """Escaped text with the strings file's markdown emphasis (**x**) as HTML."""
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escape(text))
