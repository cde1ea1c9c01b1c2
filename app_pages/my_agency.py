"""My agency / หน่วยงานของฉัน: one unit's results, strengths, what to speed up and what to do."""

from __future__ import annotations

import streamlit as st

from dgcore import advice
from dgcore.access import may_see_ranks
from dgcore.documents import tables as exports
from dgcore.text_safety import fmt, join, md, rich
from dgcore.texts import level_name
from ui import a11y, loaders, prepared, provenance
from ui import agency_view as av
from ui.exports import letter_download
from ui.i18n import fmt_score, fmt_year
from ui.layout import Tile, gap_note, tiles
from ui.page import start
from ui.state import settings
from ui.unit_search import choose_unit
from ui.widgets import forgiving_data_editor


def what_if(ctx, view, fw) -> None:
    """The what-if table: new sub-indicator scores in, the overall score, band and maturity they give out."""
    t, rep = ctx.t, view.rep
    edited = forgiving_data_editor(
        view.what_if,
        "what_if",
        hide_index=True,
        width="stretch",
        disabled=[t("code_col"), t("sub_indicator"), t("current_score")],
        column_config={
            t("current_score"): st.column_config.NumberColumn(format="%.2f"),
            t("new_score"): st.column_config.NumberColumn(min_value=0.0, max_value=100.0, step=0.01, format="%.2f"),
        },
    )
    raised = edited[t("new_score")]
    if raised.equals(view.what_if[t("new_score")]):  # nothing edited: the unit's own results, not recomputed
        new = {"overall": rep.overall, "band": rep.band, "maturity": rep.maturity}
    else:
        new = advice.what_if(
            dict(zip(rep.subs["sub_code"], rep.subs["score"])), dict(zip(edited[t("code_col")], raised)), fw
        )
    what_if_tiles(ctx, rep, fw, new)


def what_if_tiles(ctx, rep, fw, new: dict) -> None:
    """The overall score, band and maturity level the edited scores would give, against today's."""
    t = ctx.t
    moved = gap_note(new["overall"] - rep.overall, ctx.lang, "up_from_now", "down_from_now", "same_as_now")
    steps = new["maturity"] - rep.maturity if fw.has_maturity else 0
    new_maturity = Tile(
        t("new_maturity"),
        str(new["maturity"]),
        sub=level_name(fw.maturity, new["maturity"], ctx.lang),
        note=t("maturity_up" if steps > 0 else "maturity_down").format(n=abs(steps)) if steps else "",
        tone="up" if steps > 0 else "down",
    )
    tiles(
        [
            Tile(t("new_overall"), fmt_score(new["overall"]), note=moved[0], tone=moved[1]),
            Tile(t("new_band"), level_name(fw.bands, new["band"], ctx.lang)),
            *([new_maturity] if fw.has_maturity else []),
        ],
        "what-if-tiles",
    )


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
a11y.tab_title(a11y.page_title(t("page_my_agency"), unit_name, fmt_year(ctx.year, ctx.lang)))

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
    band_tag, maturity_tag = (provenance.tag(fw, (rule,), ctx.lang) for rule in ("bands", "maturity"))
    change = (
        gap_note(
            rep.overall - rep.prev_overall,
            ctx.lang,
            "up_from_last",
            "down_from_last",
            "same_as_last",
            year=fmt_year(rep.prev_year, ctx.lang),
        )
        if rep.prev_overall is not None
        else ("", "")
    )
    peer_gap = gap_note(
        rep.overall - rep.peer_overall, ctx.lang, "gap_above_peers", "gap_below_peers", "gap_same_peers"
    )
    maturity_tile = Tile(
        t("maturity_one") + maturity_tag, str(rep.maturity), sub=level_name(fw.maturity, rep.maturity, ctx.lang)
    )
    ministry_tile = (
        Tile(
            f"{t('ministry_average')} ({rep.unit.get(f'ministry_{ctx.lang}')})",
            fmt_score(rep.ministry_overall),
            note=t("ministry_units_n").format(n=rep.ministry_n),
        )
        if rep.ministry_overall is not None
        else None
    )
    rank_tile = Tile(
        t("rank_in_peers"),
        f"{rep.rank:,} / {rep.peers:,}",
        note=t("percentile_help").format(pct=rep.percentile, group=group_name),
    )
    tiles(
        [
            Tile(t("overall_score"), fmt_score(rep.overall), note=change[0], tone=change[1]),
            Tile(t("band") + band_tag, level_name(fw.bands, rep.band, ctx.lang)),
            *([maturity_tile] if fw.has_maturity else []),  # a framework without a maturity rule: no tile
            Tile(
                f"{t('peer_average')} ({group_name})", fmt_score(rep.peer_overall), note=peer_gap[0], tone=peer_gap[1]
            ),
            *([ministry_tile] if ministry_tile else []),  # a department: its own ministry's average too
            *([rank_tile] if ranks else []),  # ranks only where the rank policy shows them
        ],
        "agency-tiles",
    )
    level = next((m for m in fw.maturity if int(m.code) == rep.maturity), None)  # none without a maturity rule
    desc = rich(level.rule.get(f"description_{ctx.lang}") or "") if level is not None else ""
    maturity = f"**{t('maturity_one')} {rep.maturity:d}**" + (f": {desc}" if desc else "") + "  \n" if level else ""
    st.caption(maturity + fmt(t("peer_group_is"), group=kinds[rep.kind][0], n=rep.peers))
    ours = bool(
        rep.recommendations is not None and any(fw.sub(c).actions_provisional for c in rep.recommendations["sub_code"])
    )
    if footnote := provenance.note(fw, provenance.RULES, ctx.lang, actions=ours):
        st.caption(md(footnote))

    st.subheader(t("pillars_vs"))
    left, right = st.columns([1, 1.3])
    with left:
        a11y.chart(view.radar, "radar", ctx.lang)
    with right:
        a11y.chart(view.pillar_bars, "pillar_bars", ctx.lang)

    st.subheader(t("subs_vs"))
    a11y.chart(view.sub_bars, "sub_bars", ctx.lang)

    if fw.has_classification:  # optional in a framework: no rule, no heading
        st.subheader(md(t("three_groups") + provenance.tag(fw, ("classification",), ctx.lang)))
        st.html(view.groups_html)

    st.subheader(md(t("recommendations") + provenance.tag(fw, ("classification",), ctx.lang)))
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
    # Built only when opened: the editable grid was a fifth of the page's work on every rerun.
    if st.toggle(t("what_if_open"), key="what_if_open"):
        what_if(ctx, view, fw)

if view.trend is not None:
    st.subheader(t("agency_trend"))
    a11y.chart(view.trend, "trend", ctx.lang)
    st.markdown(f"**{t('pillar_trend')}**")
    prepared.dataframe(view.pillar_trend, width="stretch")

st.subheader(t("downloads"))
if rep.status is not None:  # a letter only for a year the unit was surveyed
    letter_download(rep, fw, ctx.lang, loaders.is_demo(ctx.version))
if rep.responded:
    table = view.download
    stem = f"dg-readiness-{rep.year}-{rep.unit['agency_id']}"
    row = st.container(horizontal=True)
    row.download_button(
        t("download_csv"),
        lambda: exports.csv_bytes(table),
        f"{stem}.csv",
        "text/csv",
        icon=":material/download:",
        key="dl_csv",
        on_click="ignore",
    )
    row.download_button(
        t("download_xlsx"),
        lambda: exports.xlsx_bytes(table),
        f"{stem}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        key="dl_xlsx",
        on_click="ignore",
    )
