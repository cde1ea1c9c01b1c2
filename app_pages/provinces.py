"""Provinces / จังหวัด: map, ranking, province x pillar, comparison, and one province in detail."""
from __future__ import annotations

import streamlit as st

from dgcore import charts
from ui import loaders
from ui import province_view as pv
from ui.i18n import fmt_int, fmt_pct, fmt_score, fmt_year
from ui.page import start
from ui.exports import province_download
from ui.widgets import PLOTLY_CONFIG, table_downloads, url_choice

ctx = start("provinces")
t = ctx.t
fw = loaders.framework(ctx.scope, ctx.version, ctx.year)
summary = loaders.province_summary(ctx.scope, ctx.version, ctx.year)
pillars = loaders.province_pillars(ctx.scope, ctx.version, ctx.year)
names = dict(zip(summary["code"], summary[f"name_{ctx.lang}"]))
codes = summary.sort_values(f"name_{ctx.lang}")["code"].tolist()

st.title(f"{t('page_provinces')} · {fmt_year(ctx.year, ctx.lang)}")
kinds_now = set(loaders.maturity_distribution(ctx.scope, ctx.version, ctx.year)["kind"])
if "cio_committee" in kinds_now:
    st.info(t("cio_note"), icon=":material/info:")

measures = pv.measures(fw, ctx.lang)
measure = st.segmented_control(t("measure"), list(measures), format_func=measures.get, key="measure",
                               default="overall") or "overall"
frame = pv.map_frame(summary, pv.measure_values(summary, pillars, measure), measures[measure], ctx.lang)
left, right = st.columns([1.25, 1])
with left:
    st.subheader(t("province_map"))
    st.caption(t("map_help"))
    event = st.plotly_chart(charts.fig_province_map(loaders.GEOJSON_URL, frame, measures[measure],
                                                    diverging=measure == "change"),
                            width="stretch", key="map", on_select="rerun", selection_mode="points", config=PLOTLY_CONFIG)
    clicked = [p.get("location") for p in (event.selection.points if event else [])]
    if clicked and clicked[0] in names and clicked[0] != st.session_state.get("map_clicked"):
        st.session_state["map_clicked"] = st.session_state["province"] = clicked[0]
with right:
    st.subheader(t("ranking"))
    ranking = pv.ranking_table(summary, ctx.lang)
    st.dataframe(ranking, hide_index=True, width="stretch", height=690)
    table_downloads(ranking, f"provinces-{ctx.year}", ctx.lang, "dl_rank")

st.subheader(t("heatmap"))
st.plotly_chart(charts.fig_heatmap(pv.heatmap_frame(summary, pillars, fw, ctx.lang), t("score")),
                width="stretch", key="heatmap", config=PLOTLY_CONFIG)

st.subheader(t("compare"))
chosen = st.multiselect(t("compare_pick"), codes, format_func=names.get, max_selections=4, key="compare",
                        default=[c for c in ("50", "30") if c in codes])
pm = loaders.pillar_means(ctx.scope, ctx.version, ctx.year)
if len(chosen) >= 2:
    st.plotly_chart(charts.fig_grouped_pillars(pv.compare_frame(pillars, summary, chosen, fw, ctx.lang),
                                               pv.national_pillars(pm, fw, ctx.lang, ("provincial", "cio_committee")),
                                               t("national_average")),
                    width="stretch", key="compare_chart", config=PLOTLY_CONFIG)

st.divider()
st.subheader(t("drill"))
url_choice("province", codes, ctx.actor.scope_id if ctx.actor.scope_id in codes else codes[0])
code = st.selectbox(t("drill_pick"), codes, format_func=names.get, key="province")
st.query_params["province"] = code
row = summary.set_index("code").loc[code]
c = st.columns(4)
c[0].metric(t("province_score"), fmt_score(row["overall"]),
            None if row["change"] != row["change"] else f"{row['change']:+.2f} {t('vs_last_year')}", border=True)
c[1].metric(t("province_rank"), "–" if row["rank"] != row["rank"] else fmt_int(row["rank"]), border=True)
c[2].metric(t("m_rate"), fmt_pct(row["rate"]), border=True)
c[3].metric(t("units_counted"), f"{fmt_int(row['responded'])} / {fmt_int(row['targeted'])}", border=True)

province_download(ctx.scope, ctx.year, code, fw, ctx.lang, loaders.meta(ctx.version).get("is_demo") == "true")
units = loaders.province_units(ctx.scope, ctx.version, ctx.year, code)
left, right = st.columns([1.2, 1])
with left:
    st.markdown(f"#### {t('units_by_type')}")
    if units.empty:
        st.caption(t("units_hidden"))
        st.plotly_chart(charts.fig_grouped_pillars(pv.compare_frame(pillars, summary, [code], fw, ctx.lang),
                                                   pv.national_pillars(pm, fw, ctx.lang, ("provincial", "cio_committee")),
                                                   t("national_average")), width="stretch", key="drill_pillars")
    else:
        st.plotly_chart(charts.fig_units_by_type(pv.units_frame(units, ctx.lang), t("score")), width="stretch",
                        key="units_chart", config=PLOTLY_CONFIG)
        table = pv.units_table(units, ctx.lang, {b.code: ctx.n(b) for b in fw.bands})
        st.dataframe(table, hide_index=True, width="stretch")
        table_downloads(table, f"province-{code}-{ctx.year}", ctx.lang, "dl_units")
with right:
    groups = {g.code: g for g in fw.groups}
    profile = loaders.province_sub_profile(ctx.scope, ctx.version, ctx.year, code,
                                           float(groups["fairly_outstanding"].rule["min_z"]))
    st.markdown(f"#### {t('strongest')}")
    st.markdown("\n".join(f"- {x}" for x in pv.sub_lines(profile, fw, ctx.lang, best=True)))
    st.markdown(f"#### {t('weakest')}")
    st.markdown("\n".join(f"- {x}" for x in pv.sub_lines(profile, fw, ctx.lang, best=False)))
    st.markdown(f"#### {t('common_actions')}")
    for title, count, actions in pv.common_actions(profile, fw, ctx.lang):
        with st.container(border=True):
            st.markdown(f"**{title}** · {count}")
            st.markdown("\n".join(f"- {a}" for a in actions))
