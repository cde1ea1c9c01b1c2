"""Overview / ภาพรวม: response rates, headline per group, pillars, maturity, trend."""

from __future__ import annotations

import streamlit as st

from dgcore.text_safety import md, rich
from ui import a11y, loaders, provenance
from ui import overview_view as ov
from ui.i18n import fmt_year
from ui.page import start
from ui.widgets import response_tiles

ctx = start("overview")
t = ctx.t
fw = loaders.framework(ctx.scope, ctx.version, ctx.year)
head = loaders.made(ov.header, ctx.scope, ctx.version, ctx.year, ctx.lang)

st.title(f"{t('page_overview')} · {fmt_year(ctx.year, ctx.lang)}")
st.caption(f"{t('data_as_of')} {md(head.data_as_of)}")

st.subheader(t("response_rates"))
response_tiles(head.tiles, ctx.lang)
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
a11y.chart(loaders.made(ov.pillars_figure, ctx.scope, ctx.version, ctx.year, ctx.lang), "pillars", ctx.lang)
if fw.has_maturity:  # a year whose framework has no maturity rule shows no such section
    st.subheader(md(t("maturity") + provenance.tag(fw, ("maturity",), ctx.lang)))
    if note := provenance.note(fw, ("maturity",), ctx.lang):
        st.caption(md(note))
    left, right = st.columns([1.2, 1])
    with left:
        a11y.chart(loaders.made(ov.maturity_figure, ctx.scope, ctx.version, ctx.year, ctx.lang), "maturity", ctx.lang)
    with right, st.expander(t("maturity_levels_help"), expanded=True):
        st.markdown(
            "\n\n".join(
                f"**{t('level_word')} {md(lv.code)} · {md(ctx.n(lv))}**"
                + (f": {rich(d)}" if (d := lv.rule.get(f"description_{ctx.lang}")) else "")
                for lv in fw.maturity
            )
        )

st.subheader(t("trend"))
a11y.chart(loaders.made(ov.trend_figure, ctx.scope, ctx.version, ctx.lang), "trend", ctx.lang)
