"""The Overview page's three charts, made from scalar arguments for ui.loaders.made (once per scope,
version, year and language; then only read)."""
from __future__ import annotations

from dgcore import charts
from ui import loaders
from ui.i18n import tr


def _kinds(scope, version):
    return loaders.agency_kinds(scope, version).set_index("kind")


def _by_group(df, kinds, lang: str, then: str):
    """The rows labelled with their group's short name, in the groups' order, then by `then`."""
    df = df.assign(group=df["kind"].map(kinds[f"short_{lang}"]))
    return df.sort_values(["kind", then], key=lambda s: s.map(kinds["sort"]) if s.name == "kind" else s)


def pillars_figure(scope, version, year: int, lang: str):
    kinds, fw = _kinds(scope, version), loaders.framework(scope, version, year)
    pm = loaders.pillar_means(scope, version, year)
    pnames = {p.code: f"{p.code}. {getattr(p, 'name_' + lang)}" for p in fw.pillars}
    pm = _by_group(pm.assign(pillar=pm["pillar_code"].map(pnames)), kinds, lang, "pillar_code")
    return charts.fig_pillars_by_group(pm, tr("score", lang))


def maturity_figure(scope, version, year: int, lang: str):
    kinds, fw = _kinds(scope, version), loaders.framework(scope, version, year)
    md = loaders.maturity_distribution(scope, version, year).copy()
    md["share"] = 100 * md["n"] / md.groupby("kind")["n"].transform("sum")
    levels = {int(m.code): m for m in fw.maturity}
    md = md.assign(level=md["maturity"].astype(int), group=md["kind"].map(kinds[f"short_{lang}"]),
                   label=[f"{tr('level_word', lang)} {lv} {getattr(levels[int(lv)], 'name_' + lang)}"
                          for lv in md["maturity"]])
    return charts.fig_maturity(md, tr("share_units", lang))


def trend_figure(scope, version, lang: str):
    kinds, trend = _kinds(scope, version), loaders.headline_trend(scope, version)
    df = _by_group(trend.assign(year_label=[str(y) if lang == "th" else f"{y} ({y - 543})" for y in trend["year"]]),
                   kinds, lang, "year")
    return charts.fig_trend(df, tr("score", lang))
