"""My agency / หน่วยงานของฉัน: one unit's results, strengths, what to speed up and what to do."""

from __future__ import annotations

import streamlit as st

from dgcore import advice
from dgcore.access import may_see_ranks
from dgcore.documents import tables as exports
from dgcore.text_safety import fmt, join, md, rich
from dgcore.texts import level_name
from ui import agency_view as av
from ui import loaders, prepared
from ui.exports import letter_download
from ui.i18n import fmt_int, fmt_score, fmt_year
from ui.page import start
from ui.state import settings
from ui.unit_search import choose_unit
from ui.widgets import forgiving_data_editor

ctx = start("my_agency")
t = ctx.t
agency_id = choose_unit(ctx)
view = loaders.agency_page(ctx.scope, ctx.version, agency_id, ctx.year, ctx.lang)
if view is None:
    st.error(t("unit_not_available"))
    st.stop()
rep = view.rep
fw = loaders.framework(ctx.scope, ctx.version, ctx.year)
kinds = loaders.kind_labels(ctx.scope, ctx.version, ctx.lang)  # kind -> (name, short name)
unit_name = rep.unit[f"name_{ctx.lang}"]

st.title(md(unit_name))
place = [
    kinds[rep.unit["kind"]][0],
    rep.unit.get(f"province_{ctx.lang}"),
    rep.unit.get(f"parent_{ctx.lang}") or rep.unit.get(f"ministry_{ctx.lang}"),
]
st.caption(join(" · ", [p for p in place if p and str(p) != "nan"]) + f" · {fmt_year(ctx.year, ctx.lang)}")

if not rep.responded:
    key = {"not_responded": "did_not_respond", "withdrawn": "withdrew"}.get(rep.status or "", "not_surveyed")
    st.info(fmt(t(key), unit=unit_name, year=fmt_year(ctx.year, ctx.lang)), icon=":material/info:")
else:
    group_name = kinds[rep.kind][1]
    ranks = may_see_ranks(ctx.actor, settings().show_ranks)
    c = st.columns(5 if ranks else 4)
    delta = f"{rep.overall - rep.prev_overall:+.2f} {t('vs_last_year')}" if rep.prev_overall is not None else None
    c[0].metric(t("overall_score"), fmt_score(rep.overall), delta, border=True)
    band_tag = f" · {t('provisional')}" if fw.rule_provisional("bands") else ""
    maturity_tag = f" · {t('provisional')}" if fw.rule_provisional("maturity") else ""
    c[1].metric(
        t("band") + band_tag,
        md(level_name(fw.bands, rep.band, ctx.lang)),
        border=True,
        help=t("provisional_note") if band_tag else None,
    )
    c[2].metric(
        f"{t('maturity_one')} · {md(level_name(fw.maturity, rep.maturity, ctx.lang))}{maturity_tag}",
        fmt_int(rep.maturity),
        border=True,
        help=t("provisional_note") if maturity_tag else None,
    )
    c[3].metric(
        f"{t('peer_average')} ({md(group_name)})",
        fmt_score(rep.peer_overall),
        f"{rep.overall - rep.peer_overall:+.2f}",
        border=True,
    )
    if ranks:
        c[4].metric(
            t("rank_in_peers"),
            f"{rep.rank:,} / {rep.peers:,}",
            border=True,
            help=fmt(t("percentile_help"), pct=rep.percentile, group=group_name),
        )
    level = next(m for m in fw.maturity if int(m.code) == rep.maturity)
    st.caption(
        f"**{t('maturity_one')} {rep.maturity:d}**: {rich(level.rule.get('description_' + ctx.lang, ''))}  \n"
        + fmt(t("peer_group_is"), group=kinds[rep.kind][0], n=rep.peers)
    )

    st.subheader(t("pillars_vs"))
    left, right = st.columns([1, 1.3])
    left.plotly_chart(view.radar, width="stretch", key="radar")
    right.plotly_chart(view.pillar_bars, width="stretch", key="pillar_bars")

    st.subheader(t("subs_vs"))
    st.plotly_chart(view.sub_bars, width="stretch", key="sub_bars")

    st.subheader(t("three_groups"))
    st.html(view.groups_html)

    st.subheader(t("recommendations"))
    band_code, band_gap = advice.next_band_gap(rep.overall, fw)
    st.caption(
        fmt(t("next_band_line"), gap=band_gap, band=level_name(fw.bands, band_code, ctx.lang))
        if band_code
        else t("top_band")
    )
    if rep.recommendations.empty:
        st.success(t("no_recommendations"))
    else:
        st.html(view.recs_top_html)
    if view.recs_more_html:
        st.expander(f"+ {len(rep.recommendations) - av.TOP_RECOMMENDATIONS}").html(view.recs_more_html)

    st.subheader(t("what_if"))
    st.caption(t("what_if_help"))
    edited = forgiving_data_editor(
        view.what_if,
        "what_if",
        hide_index=True,
        width="stretch",
        disabled=["code", t("sub_indicator"), t("current_score")],
        column_config={t("new_score"): st.column_config.NumberColumn(min_value=0.0, max_value=100.0, step=0.5)},
    )
    raised = edited[t("new_score")]
    if raised.equals(view.what_if[t("new_score")]):  # nothing edited: the unit's own results, not recomputed
        new = {"overall": rep.overall, "band": rep.band, "maturity": rep.maturity}
    else:
        new = advice.what_if(dict(zip(rep.subs["sub_code"], rep.subs["score"])), dict(zip(edited["code"], raised)), fw)
    c = st.columns(3)
    c[0].metric(t("new_overall"), fmt_score(new["overall"]), f"{new['overall'] - rep.overall:+.2f}", border=True)
    c[1].metric(t("new_band"), md(level_name(fw.bands, new["band"], ctx.lang)), border=True)
    c[2].metric(
        f"{t('new_maturity')} · {md(level_name(fw.maturity, new['maturity'], ctx.lang))}",
        fmt_int(new["maturity"]),
        f"{new['maturity'] - rep.maturity:+d}",
        border=True,
    )

if view.trend is not None:
    st.subheader(t("agency_trend"))
    st.plotly_chart(view.trend, width="stretch", key="trend")
    st.markdown(f"**{t('pillar_trend')}**")
    prepared.dataframe(view.pillar_trend, width="stretch")

st.subheader(t("downloads"))
letter_download(rep, fw, ctx.lang, loaders.is_demo(ctx.version))
if rep.responded:
    table = view.download
    stem = f"dg-readiness-{rep.year}-{rep.unit['agency_id']}"
    c = st.columns(4)
    c[0].download_button(
        t("download_csv"),
        lambda: exports.csv_bytes(table),
        f"{stem}.csv",
        "text/csv",
        icon=":material/download:",
        key="dl_csv",
        on_click="ignore",
    )
    c[1].download_button(
        t("download_xlsx"),
        lambda: exports.xlsx_bytes(table),
        f"{stem}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        key="dl_xlsx",
        on_click="ignore",
    )
