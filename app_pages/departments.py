"""Departments & ministries / กรมและกระทรวง: ministry spread and maturity, a ministry's units,
departments with provincial branches."""

from __future__ import annotations

import streamlit as st

from dgcore.text_safety import clean, md, rich
from ui import a11y, loaders, prepared, provenance
from ui import department_view as dv
from ui.exports import department_download
from ui.i18n import fmt_int, fmt_score, fmt_year
from ui.page import start
from ui.widgets import table_downloads, url_choice

ctx = start("departments")
t = ctx.t
fw = loaders.framework(ctx.scope, ctx.version, ctx.year)
summary = loaders.ministry_summary(ctx.scope, ctx.version, ctx.year)
box, table, maturity = loaders.made(dv.spread_view, ctx.scope, ctx.version, ctx.year, ctx.lang)

st.title(f"{t('page_departments')} · {fmt_year(ctx.year, ctx.lang)}")
st.subheader(t("ministry_spread"))
a11y.chart(box, "box", ctx.lang)
prepared.dataframe(table, hide_index=True, width="stretch")
table_downloads(table, f"ministries-{ctx.year}", ctx.lang, "dl_min")

if fw.has_maturity:
    st.subheader(md(t("maturity_by_ministry") + provenance.tag(fw, ("maturity",), ctx.lang)))
    a11y.chart(maturity, "maturity", ctx.lang)
    if note := provenance.note(fw, ("maturity",), ctx.lang):
        st.caption(md(note))

st.subheader(t("ministry_units"))
ministries = summary["ministry_code"].tolist()
mnames = dict(zip(summary["ministry_code"], summary[f"name_{ctx.lang}"]))
own_unit = loaders.agency_unit(ctx.scope, ctx.version, ctx.actor.scope_id) if ctx.actor.scope_id else None
own_ministry = None if own_unit is None or own_unit.empty else own_unit["ministry_code"].iloc[0]
url_choice("ministry", ministries, own_ministry if own_ministry in ministries else ministries[0])
ministry = st.selectbox(t("ministry_pick"), ministries, format_func=lambda m: clean(mnames.get(m)), key="ministry")
utable = loaders.made(dv.ministry_units_table, ctx.scope, ctx.version, ctx.year, ctx.lang, ministry)
if utable is None:
    st.info(t("ministry_units_none"), icon=":material/info:")
else:
    prepared.dataframe(utable, hide_index=True, width="stretch")
    table_downloads(utable, f"ministry-{ministry}-{ctx.year}", ctx.lang, "dl_units")
    if note := provenance.note(fw, ("bands", "maturity"), ctx.lang):
        st.caption(md(note))

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
dept = st.selectbox(t("branch_pick"), depts, format_func=lambda d: clean(dnames.get(d)), key="dept")
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
        a11y.chart(branch_map, "branch_map", ctx.lang)
with right:
    st.markdown(f"#### {t('branch_weakest')}")
    profile = loaders.branch_sub_profile(ctx.scope, ctx.version, ctx.year, dept)
    weakest = dv.weakest(profile, fw, ctx.lang)
    if not weakest:
        st.write(t("none_below_national"))
    for title, line, actions, ours in weakest:
        with st.container(border=True):
            st.markdown(f"**{md(title)}** · {md(line)}")
            st.markdown("\n".join(f"- {rich(a)}" for a in actions))
            st.caption(md(provenance.source_label(ours, ctx.lang)))
    if note := provenance.note(fw, (), ctx.lang, actions=any(w[3] for w in weakest)):
        st.caption(md(note))
