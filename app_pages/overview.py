"""Overview / ภาพรวม: response rates, headline per group, pillars, maturity, trend."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import loaders
from ui.i18n import fmt_date, fmt_int, fmt_pct, fmt_score, fmt_year
from ui.page import start
from ui.widgets import response_tile

ctx = start("overview")
t = ctx.t
years = loaders.survey_years(ctx.scope, ctx.version)
kinds = loaders.agency_kinds(ctx.scope, ctx.version).set_index("kind")
fw = loaders.framework(ctx.scope, ctx.version, ctx.year)
year_row = years[years["year"] == ctx.year].iloc[0]

st.title(f"{t('page_overview')} · {fmt_year(ctx.year, ctx.lang)}")
st.caption(f"{t('data_as_of')} {fmt_date(pd.Timestamp(year_row['data_as_of']).date(), ctx.lang)}")

rates = loaders.response_rates(ctx.scope, ctx.version, ctx.year)
st.subheader(t("response_rates"))
cols = st.columns(len(rates))
for col, r in zip(cols, rates.itertuples()):
    label = t("total") if r.kind == "total" else kinds.loc[r.kind, f"name_{ctx.lang}"]
    with col:
        response_tile(label, fmt_int(r.targeted), fmt_int(r.responded), fmt_pct(r.rate), ctx.lang, r.kind)
note = year_row[f"note_{ctx.lang}"]
if note:
    st.caption(note)

trend = loaders.headline_trend(ctx.scope, ctx.version)
st.subheader(t("headline"))
now = trend[trend["year"] == ctx.year]
cols = st.columns(max(1, len(now)))
for col, r in zip(cols, now.itertuples()):
    prev = trend[(trend["year"] == ctx.year - 1) & (trend["kind"] == r.kind)]
    delta = f"{r.mean - prev['mean'].iloc[0]:+.2f} {t('vs_last_year')}" if len(prev) else t("first_year")
    col.metric(kinds.loc[r.kind, f"name_{ctx.lang}"], fmt_score(r.mean), delta,
               delta_color="normal" if len(prev) else "off", border=True)

st.subheader(t("pillar_scores"))
OV = "ui.overview_view:"
st.plotly_chart(loaders.made(OV + "pillars_figure", ctx.scope, ctx.version, ctx.year, ctx.lang), width="stretch",
                key="pillars")
st.subheader(t("maturity"))
left, right = st.columns([1.2, 1])
with left:
    st.plotly_chart(loaders.made(OV + "maturity_figure", ctx.scope, ctx.version, ctx.year, ctx.lang),
                    width="stretch", key="maturity")
with right:
    with st.expander(t("maturity_levels_help"), expanded=True):
        st.markdown("\n\n".join(f"**{t('level_word')} {lv.code} · {ctx.n(lv)}**: {lv.rule.get('description_' + ctx.lang, '')}"
                                  for lv in fw.maturity))

st.subheader(t("trend"))
st.plotly_chart(loaders.made(OV + "trend_figure", ctx.scope, ctx.version, ctx.lang), width="stretch", key="trend")
