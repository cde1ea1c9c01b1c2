"""Overview / ภาพรวม: response rates, headline per group, pillars, maturity, trend."""

from __future__ import annotations

import streamlit as st

from dgcore.text_safety import md, rich
from ui import loaders
from ui import overview_view as ov
from ui.i18n import fmt_year
from ui.page import start
from ui.widgets import response_tile

ctx = start("overview")
t = ctx.t
fw = loaders.framework(ctx.scope, ctx.version, ctx.year)
head = loaders.made(ov.header, ctx.scope, ctx.version, ctx.year, ctx.lang)

st.title(f"{t('page_overview')} · {fmt_year(ctx.year, ctx.lang)}")
st.caption(f"{t('data_as_of')} {md(head.data_as_of)}")

st.subheader(t("response_rates"))
for col, (label, targeted, responded, rate, kind) in zip(st.columns(len(head.tiles)), head.tiles):
    with col:
        response_tile(label, targeted, responded, rate, ctx.lang, kind)
if head.note:
    st.caption(rich(head.note))

st.subheader(t("headline"))
for col, (group, mean, delta, has_change) in zip(st.columns(max(1, len(head.headline))), head.headline):
    col.metric(
        md(group),
        md(mean),
        md(delta),
        delta_color="normal" if has_change else "off",
        delta_arrow="auto" if has_change else "off",
        border=True,
    )  # a first year has no direction

st.subheader(t("pillar_scores"))
st.plotly_chart(
    loaders.made(ov.pillars_figure, ctx.scope, ctx.version, ctx.year, ctx.lang), width="stretch", key="pillars"
)
st.subheader(t("maturity"))
left, right = st.columns([1.2, 1])
with left:
    st.plotly_chart(
        loaders.made(ov.maturity_figure, ctx.scope, ctx.version, ctx.year, ctx.lang), width="stretch", key="maturity"
    )
with right, st.expander(t("maturity_levels_help"), expanded=True):
    st.markdown(
        "\n\n".join(
            f"**{t('level_word')} {md(lv.code)} · {md(ctx.n(lv))}**: {rich(lv.rule.get('description_' + ctx.lang, ''))}"
            for lv in fw.maturity
        )
    )

st.subheader(t("trend"))
st.plotly_chart(loaders.made(ov.trend_figure, ctx.scope, ctx.version, ctx.lang), width="stretch", key="trend")
