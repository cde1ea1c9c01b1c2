"""Methodology / วิธีการ: the chosen year's framework as published, provisional items labelled."""

from __future__ import annotations

import streamlit as st

from dgcore.text_safety import md, rich
from ui import loaders, prepared
from ui import methodology_view as mv
from ui.i18n import fmt_year
from ui.page import start

ctx = start("methodology")
t = ctx.t
fw = loaders.framework(ctx.scope, ctx.version, ctx.year)
raw = fw.raw
tables = loaders.made(mv.tables, ctx.scope, ctx.version, ctx.year, ctx.lang)


def badge(provisional: bool) -> str:
    return f" :orange-badge[{t('provisional')}]" if provisional else ""


st.title(f"{t('page_methodology')} · {fmt_year(ctx.year, ctx.lang)}")
st.markdown(f"#### {md(raw.get('title_' + ctx.lang, t('framework')))}")
st.markdown(rich(raw.get(f"notes_{ctx.lang}", "")))
st.info(t("provisional_note"), icon=":material/info:")

st.subheader(t("framework"))
if raw.get("weights_provisional", True):
    st.caption(t("weights_note") + badge(True))
for p in fw.pillars:
    with st.expander(f"**{md(p.code)}. {md(ctx.n(p))}**", expanded=True):
        st.markdown(f"{rich(getattr(p, 'description_' + ctx.lang))}{badge(p.provisional)}")
        st.table(tables.subs[p.code].set_index(t("sub_indicator")))  # wraps long descriptions; a grid cuts them

left, right = st.columns(2)
with left:
    st.subheader(t("bands") + badge(raw["bands"].get("provisional", True)))
    st.markdown(rich(raw["bands"].get(f"note_{ctx.lang}", "")))
    prepared.dataframe(tables.bands, hide_index=True, width="stretch")
if fw.has_classification:  # optional rules: a framework without one has no such section
    with right:
        st.subheader(t("classification") + badge(raw["classification"].get("provisional", True)))
        st.markdown(rich(raw["classification"].get(f"note_{ctx.lang}", "")))
        prepared.dataframe(tables.groups, hide_index=True, width="stretch")

if fw.has_maturity:
    st.subheader(t("maturity") + badge(raw["maturity"].get("provisional", True)))
    st.markdown(rich(raw["maturity"].get(f"note_{ctx.lang}", "")))
    prepared.dataframe(tables.maturity, hide_index=True, width="stretch")

st.subheader(t("population"))
prepared.dataframe(tables.population, hide_index=True, width="stretch")
