"""Departments & ministries / กรมและกระทรวง: ministry spread and maturity, a ministry's units,
departments with provincial branches."""

from __future__ import annotations

import streamlit as st

from dgcore.text_safety import md, rich
from ui import department_view as dv
from ui import loaders, prepared
from ui.exports import department_download
from ui.i18n import fmt_int, fmt_score, fmt_year
from ui.page import start
from ui.widgets import PLOTLY_CONFIG, table_downloads, url_choice

ctx = start("departments")
t = ctx.t
fw = loaders.framework(ctx.scope, ctx.version, ctx.year)
summary = loaders.ministry_summary(ctx.scope, ctx.version, ctx.year)
box, table, maturity = loaders.made(dv.spread_view, ctx.scope, ctx.version, ctx.year, ctx.lang)

st.title(f"{t('page_departments')} · {fmt_year(ctx.year, ctx.lang)}")
st.subheader(t("ministry_spread"))
st.plotly_chart(box, width="stretch", key="box", config=PLOTLY_CONFIG)
prepared.dataframe(table, hide_index=True, width="stretch")
table_downloads(table, f"ministries-{ctx.year}", ctx.lang, "dl_min")

st.subheader(t("maturity_by_ministry"))
st.plotly_chart(maturity, width="stretch", key="maturity", config=PLOTLY_CONFIG)

st.subheader(t("ministry_units"))
ministries = summary["ministry_code"].tolist()
mnames = dict(zip(summary["ministry_code"], summary[f"name_{ctx.lang}"]))
url_choice("ministry", ministries, ministries[0])
ministry = st.selectbox(t("ministry_pick"), ministries, format_func=mnames.get, key="ministry")
utable = loaders.made(dv.ministry_units_table, ctx.scope, ctx.version, ctx.year, ctx.lang, ministry)
if utable is None:
    st.caption(t("units_hidden"))
else:
    prepared.dataframe(utable, hide_index=True, width="stretch")
    table_downloads(utable, f"ministry-{ministry}-{ctx.year}", ctx.lang, "dl_units")

st.divider()
st.subheader(t("branches"))
branches = loaders.branch_departments(ctx.scope, ctx.version, ctx.year)
btable = loaders.made(dv.branch_table_view, ctx.scope, ctx.version, ctx.year, ctx.lang)
prepared.dataframe(btable, hide_index=True, width="stretch")
table_downloads(btable, f"branch-departments-{ctx.year}", ctx.lang, "dl_branches")
depts = branches["agency_id"].tolist()
if not depts:
    st.info(t("no_branch_data"))
    st.stop()
dnames = dict(zip(branches["agency_id"], branches[f"name_{ctx.lang}"]))
url_choice("dept", depts, ctx.actor.scope_id if ctx.actor.scope_id in depts else depts[0])
dept = st.selectbox(t("branch_pick"), depts, format_func=dnames.get, key="dept")
b = branches.set_index("agency_id").loc[dept]
department_download(
    ctx.scope,
    ctx.year,
    dept,
    fw,
    ctx.lang,
    loaders.is_demo(ctx.version),
    loaders.province_geojson(),
)
bunits = loaders.branch_units(ctx.scope, ctx.version, ctx.year, dept)
own = bunits[bunits["agency_id"] == dept]
c = st.columns(4)
c[0].metric(
    t("own_score"),
    fmt_score(own["overall"].iloc[0]) if len(own) and own["overall"].notna().iloc[0] else "–",
    border=True,
    help=None if len(own) else t("units_hidden"),
)
c[1].metric(t("branch_mean"), fmt_score(b["branch_mean"]), border=True)
c[2].metric(t("branch_sd"), fmt_score(b["branch_sd"]), border=True)
c[3].metric(t("n_branches"), fmt_int(b["n_branches"]), border=True)
left, right = st.columns([1.2, 1])
with left:
    st.markdown(f"#### {t('branch_map')}")
    branch_map = loaders.made(dv.branch_map_figure, ctx.scope, ctx.version, ctx.year, ctx.lang, dept)
    if branch_map is None:
        st.caption(t("units_hidden"))
    else:
        st.plotly_chart(branch_map, width="stretch", key="branch_map", config=PLOTLY_CONFIG)
with right:
    st.markdown(f"#### {t('branch_weakest')}")
    profile = loaders.branch_sub_profile(ctx.scope, ctx.version, ctx.year, dept)
    for title, line, actions in dv.weakest(profile, fw, ctx.lang):
        with st.container(border=True):
            st.markdown(f"**{md(title)}** · {md(line)}")
            st.markdown("\n".join(f"- {rich(a)}" for a in actions))
