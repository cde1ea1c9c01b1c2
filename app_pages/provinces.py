"""Provinces / จังหวัด: map, ranking, province x pillar, comparison, and one province in detail."""

from __future__ import annotations

import streamlit as st

from dgcore.access import may_see_ranks
from dgcore.text_safety import fmt, md
from ui import a11y, loaders, prepared, provenance
from ui import province_view as pv
from ui.exports import province_download
from ui.i18n import fmt_int, fmt_pct, fmt_score, fmt_year
from ui.page import start
from ui.state import settings
from ui.widgets import table_downloads, url_choice

ctx = start("provinces")
t = ctx.t
ranks = may_see_ranks(ctx.actor, settings().show_ranks)  # the rank policy: ranks only where they may be seen
fw = loaders.framework(ctx.scope, ctx.version, ctx.year)
basics = loaders.made(pv.basics, ctx.scope, ctx.version, ctx.year, ctx.lang)
names, codes = basics.names, list(basics.codes)

st.title(f"{t('page_provinces')} · {fmt_year(ctx.year, ctx.lang)}")
if basics.cio_note:
    st.info(t("cio_note"), icon=":material/info:")

measures = basics.measures
measure = st.segmented_control(
    t("measure"), list(measures), format_func=lambda m: md(measures[m]), key="measure", default="overall"
)
measure = measure if measure in measures else "overall"
left, right = st.columns([1.25, 1])
with left:
    st.subheader(t("province_map"))
    st.caption(t("map_help"))
    sentence = loaders.made(pv.map_sentence, ctx.scope, ctx.version, ctx.year, ctx.lang, measure)
    if sentence:
        st.info(md(sentence), icon=":material/info:")
    event = a11y.chart(
        loaders.made(pv.map_figure, ctx.scope, ctx.version, ctx.year, ctx.lang, measure, ranks),
        "map",
        ctx.lang,
        on_select="rerun",
        selection_mode="points",
    )
    clicked = [p.get("location") for p in (event.selection.points if event else [])]
    if clicked and clicked[0] in names and clicked[0] != st.session_state.get("map_clicked"):
        st.session_state["map_clicked"] = st.session_state["province"] = clicked[0]
with right:
    st.subheader(t("ranking" if ranks else "province_scores"))
    ranking = loaders.made(pv.ranking, ctx.scope, ctx.version, ctx.year, ctx.lang, ranks)
    prepared.dataframe(
        ranking,
        hide_index=True,
        width="stretch",
        height=690,
        # the longest province names were cut at 1366 px; pinned, the name stays in view while the figures scroll
        column_config={t("province"): st.column_config.TextColumn(width="medium", pinned=True)},
    )
    table_downloads(ranking, f"provinces-{ctx.year}", ctx.lang, "dl_rank")

st.subheader(t("heatmap"))
a11y.chart(loaders.made(pv.heatmap_figure, ctx.scope, ctx.version, ctx.year, ctx.lang, ranks), "heatmap", ctx.lang)

st.subheader(t("compare"))
COMPARE_MAX = 4  # checked here, not by max_selections: Streamlit would say so in English only


def _at_most_four() -> None:
    picked = st.session_state.get("compare") or []
    if len(picked) > COMPARE_MAX:
        st.session_state["compare"] = picked[:COMPARE_MAX]
        st.session_state["compare_too_many"] = True


chosen = st.multiselect(
    t("compare_pick"),
    codes,
    format_func=names.get,
    key="compare",
    default=[c for c in ("50", "30") if c in codes],
    placeholder=t("compare_placeholder"),
    on_change=_at_most_four,
)
if st.session_state.pop("compare_too_many", False):
    st.warning(t("compare_too_many").format(n=COMPARE_MAX), icon=":material/info:")
chosen = chosen[:COMPARE_MAX]
if len(chosen) >= 2:
    a11y.chart(
        loaders.made(pv.compare_figure, ctx.scope, ctx.version, ctx.year, ctx.lang, tuple(chosen)),
        "compare_chart",
        ctx.lang,
    )

st.divider()
st.subheader(t("drill"))
url_choice("province", codes, ctx.actor.scope_id if ctx.actor.scope_id in codes else codes[0])
code = st.selectbox(t("drill_pick"), codes, format_func=names.get, key="province")
st.query_params["province"] = code
row = basics.rows[code]
c = st.columns(4 if ranks else 3)
c[0].metric(
    t("province_score"),
    fmt_score(row["overall"]),
    None if row["change"] != row["change"] else f"{row['change']:+.2f} {fmt(t('vs_year'), year=int(row['prev_year']))}",
    border=True,
)
if ranks:
    c[1].metric(t("province_rank"), "–" if row["rank"] != row["rank"] else fmt_int(row["rank"]), border=True)
c[-2].metric(t("m_rate"), fmt_pct(row["rate"]), border=True)
c[-1].metric(t("units_counted"), f"{fmt_int(row['responded'])} / {fmt_int(row['targeted'])}", border=True)

province_download(ctx.scope, ctx.year, code, fw, ctx.lang, loaders.is_demo(ctx.version), ranks)
units = loaders.made(pv.units_view, ctx.scope, ctx.version, ctx.year, ctx.lang, code)
left, right = st.columns([1.2, 1])
with left:
    st.markdown(f"#### {t('units_by_type')}")
    if units is None:
        st.caption(t("units_hidden"))
        a11y.chart(
            loaders.made(pv.compare_figure, ctx.scope, ctx.version, ctx.year, ctx.lang, (code,)),
            "drill_pillars",
            ctx.lang,
        )
    else:
        figure, table = units
        a11y.chart(figure, "units_chart", ctx.lang)
        prepared.dataframe(table, hide_index=True, width="stretch")
        table_downloads(table, f"province-{code}-{ctx.year}", ctx.lang, "dl_units")
        if note := provenance.note(fw, ("bands", "maturity"), ctx.lang):
            st.caption(md(note))
with right:
    text, cards, footnote = loaders.made(pv.profile_markdown, ctx.scope, ctx.version, ctx.year, ctx.lang, code)
    st.markdown(md(text))
    if cards:
        st.markdown(md(cards), unsafe_allow_html=True)  # only the cards' divs are HTML (province_view.action_cards)
    if footnote:
        st.caption(md(footnote))
