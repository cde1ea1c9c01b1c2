"""Methodology / วิธีการ: the chosen year's framework as published, provisional items labelled."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import loaders
from ui.i18n import fmt_int, fmt_pct, fmt_year
from ui.page import start

ctx = start("methodology")
t = ctx.t
fw = loaders.framework(ctx.scope, ctx.version, ctx.year)
raw = fw.raw
kinds = loaders.agency_kinds(ctx.scope, ctx.version).set_index("kind")


def badge(provisional: bool) -> str:
    return f" :orange-badge[{t('provisional')}]" if provisional else ""


st.title(f"{t('page_methodology')} · {fmt_year(ctx.year, ctx.lang)}")
st.markdown(f"#### {raw.get('title_' + ctx.lang, t('framework'))}")
st.write(raw.get(f"notes_{ctx.lang}", ""))
st.info(t("provisional_note"), icon=":material/info:")

st.subheader(t("framework"))
if raw.get("weights_provisional", True):
    st.caption(t("weights_note") + badge(True))
for p in fw.pillars:
    subs = [s for s in fw.subs if s.pillar == p.code]
    with st.expander(f"**{p.code}. {ctx.n(p)}**", expanded=True):
        st.markdown(f"{getattr(p, 'description_' + ctx.lang)}{badge(p.provisional)}")
        rows = [{t("sub_indicator"): f"{s.code} {ctx.n(s)}" + (f" ({t('provisional')})" if s.provisional else ""),
                 t("description"): getattr(s, f"description_{ctx.lang}"),
                 t("weight"): s.weight,
                 t("suggested_actions"): " • ".join(a[ctx.lang] for a in s.actions)} for s in subs]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch",
                     column_config={t("weight"): st.column_config.NumberColumn(width="small")})

left, right = st.columns(2)
with left:
    st.subheader(t("bands") + badge(raw["bands"].get("provisional", True)))
    st.write(raw["bands"].get(f"note_{ctx.lang}", ""))
    st.dataframe(pd.DataFrame([{t("band"): ctx.n(b), t("min_score"): b.rule["min"]} for b in fw.bands]),
                 hide_index=True, width="stretch")
with right:
    st.subheader(t("classification") + badge(raw["classification"].get("provisional", True)))
    st.write(raw["classification"].get(f"note_{ctx.lang}", ""))
    st.dataframe(pd.DataFrame([{t("group"): ctx.n(g), t("min_z"): g.rule.get("min_z")} for g in fw.groups]),
                 hide_index=True, width="stretch")

st.subheader(t("maturity") + badge(raw["maturity"].get("provisional", True)))
st.write(raw["maturity"].get(f"note_{ctx.lang}", ""))
pn = {p.code: ctx.n(p) for p in fw.pillars}
st.dataframe(pd.DataFrame([{
    t("maturity_level"): f"{m.code} {ctx.n(m)}", t("description"): m.rule.get(f"description_{ctx.lang}", ""),
    t("min_overall"): m.rule.get("min_overall", 0),
    t("min_pillars"): ", ".join(f"{c} {pn.get(str(c), '')} ≥ {v}" for c, v in (m.rule.get("min_pillars") or {}).items()) or "–",
} for m in fw.maturity]), hide_index=True, width="stretch")

st.subheader(t("population"))
rates = loaders.response_rates(ctx.scope, ctx.version, ctx.year)
st.dataframe(pd.DataFrame([{
    t("group"): t("total") if r.kind == "total" else kinds.loc[r.kind, f"name_{ctx.lang}"],
    t("targeted"): fmt_int(r.targeted), t("responded"): fmt_int(r.responded), t("rate"): fmt_pct(r.rate),
} for r in rates.itertuples()]), hide_index=True, width="stretch")
