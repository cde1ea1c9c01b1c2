"""The Methodology page's tables, made from scalar arguments for ui.loaders.made (once per scope, version,
year and language; then only read)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dgcore.texts import name_in
from ui import loaders
from ui.i18n import fmt_int, fmt_pct, tr
from ui.loaders import view


@dataclass(frozen=True)
class MethodologyTables:
    subs: dict[str, pd.DataFrame]  # pillar code -> its sub-indicators
    bands: pd.DataFrame
    groups: pd.DataFrame
    maturity: pd.DataFrame
    population: pd.DataFrame


@view
def tables(scope, version, year: int, lang: str) -> MethodologyTables:
    fw = loaders.framework(scope, version, year)
    t = lambda key: tr(key, lang)
    subs = {
        p.code: pd.DataFrame(
            [
                {
                    t("sub_indicator"): f"{s.code} {name_in(s, lang)}"
                    + (f" ({t('provisional')})" if s.provisional else ""),
                    t("description"): getattr(s, f"description_{lang}"),
                    t("weight"): f"{s.weight:g}",  # 1, not 1.0000
                    t("suggested_actions"): " • ".join(a[lang] for a in s.actions),
                }
                for s in fw.subs
                if s.pillar == p.code
            ]
        )
        for p in fw.pillars
    }
    bands = pd.DataFrame([{t("band"): name_in(b, lang), t("min_score"): b.rule["min"]} for b in fw.bands])
    groups = pd.DataFrame([{t("group"): name_in(g, lang), t("min_z"): g.rule.get("min_z")} for g in fw.groups])
    pn = {p.code: name_in(p, lang) for p in fw.pillars}
    maturity = pd.DataFrame(
        [
            {
                t("maturity_level"): f"{m.code} {name_in(m, lang)}",
                t("description"): m.rule.get(f"description_{lang}", ""),
                t("min_overall"): m.rule.get("min_overall", 0),
                t("min_pillars"): ", ".join(
                    f"{c} {pn.get(str(c), '')} ≥ {v}" for c, v in (m.rule.get("min_pillars") or {}).items()
                )
                or "–",
            }
            for m in fw.maturity
        ]
    )
    kinds = loaders.agency_kinds(scope, version).set_index("kind")
    population = pd.DataFrame(
        [
            {
                t("group"): t("total") if r.kind == "total" else kinds.loc[r.kind, f"name_{lang}"],
                t("targeted"): fmt_int(r.targeted),
                t("responded"): fmt_int(r.responded),
                t("rate"): fmt_pct(r.rate),
            }
            for r in loaders.response_rates(scope, version, year).itertuples()
        ]
    )
    return MethodologyTables(subs, bands, groups, maturity, population)
