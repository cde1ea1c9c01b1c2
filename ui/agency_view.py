"""Shaping one unit's report for the My agency page and its downloads (no data access here)."""
from __future__ import annotations

import pandas as pd

from dgcore.framework import Framework
from dgcore.report import AgencyReport
from ui.i18n import tr


def level_name(levels, code, lang: str) -> str:
    lv = next((x for x in levels if str(x.code) == str(code)), None)
    return "–" if lv is None else getattr(lv, f"name_{lang}")


def series_names(lang: str) -> tuple[str, str, str]:
    return tr("this_unit", lang), tr("peer_average", lang), tr("national_average", lang)


def pillar_series(rep: AgencyReport, fw: Framework, lang: str) -> dict:
    p = rep.pillars.set_index("pillar_code")
    codes = [x.code for x in fw.pillars]
    return {"labels": [f"{c}. {getattr(fw.pillar(c), 'name_' + lang)}" for c in codes],
            "short": [f"{tr('pillar', lang)} {c}" for c in codes],
            "own": [float(p.loc[c, "score"]) for c in codes], "peer": [float(p.loc[c, "peer_mean"]) for c in codes],
            "national": [float(p.loc[c, "national_mean"]) for c in codes]}


def sub_series(rep: AgencyReport, fw: Framework, lang: str) -> dict:
    s = rep.subs
    return {"labels": [f"{c} {getattr(fw.sub(c), 'name_' + lang)}" for c in s["sub_code"]],
            "own": s["score"].tolist(), "peer": s["peer_mean"].tolist(), "national": s["national_mean"].tolist()}


def groups(rep: AgencyReport, fw: Framework, lang: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {g.code: [] for g in fw.groups}
    for r in rep.subs.itertuples():
        out[r.group].append(f"{r.sub_code} {getattr(fw.sub(r.sub_code), 'name_' + lang)} ({r.score:.1f})")
    return out


def what_if_frame(rep: AgencyReport, fw: Framework, lang: str) -> pd.DataFrame:
    s = rep.subs
    return pd.DataFrame({"code": s["sub_code"], tr("sub_indicator", lang): [getattr(fw.sub(c), f"name_{lang}") for c in s["sub_code"]],
                         tr("current_score", lang): s["score"].round(2), tr("new_score", lang): s["score"].round(2)})


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
    return wide


def download_frame(rep: AgencyReport, fw: Framework, lang: str) -> pd.DataFrame:
    """The unit's scores with Thai column headers (English added in brackets on the English page)."""
    def h(key: str) -> str:
        return tr(key, "th") if lang == "th" else f"{tr(key, 'th')} ({tr(key, 'en')})"
    groups_by_code = {g.code: g for g in fw.groups}
    s = rep.subs
    return pd.DataFrame({
        h("year_col"): rep.year, h("code_col"): s["sub_code"],
        h("sub_indicator"): [fw.sub(c).name_th if lang == "th" else f"{fw.sub(c).name_th} ({fw.sub(c).name_en})" for c in s["sub_code"]],
        h("pillar"): [fw.pillar(p).name_th for p in s["pillar_code"]],
        h("score"): s["score"].round(2), h("peer_average"): s["peer_mean"].round(2),
        h("national_average"): s["national_mean"].round(2),
        h("classification"): [groups_by_code[g].name_th for g in s["group"]],
    })
