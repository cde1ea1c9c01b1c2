"""Briefing / นำเสนอ: choose year, audience and province; preview the deck with presenter notes; present
full screen from any slide; download the same deck as PDF and PowerPoint."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dgcore.text_safety import md
from ui import loaders, slides
from ui.i18n import fmt_year
from ui.page import start
from ui.state import settings
from ui.widgets import url_choice

THUMBS_PER_ROW = 4
presenting = bool(st.session_state.get("presenting"))
ctx = start("briefing", banner=not presenting)
t = ctx.t
summary = loaders.province_summary(ctx.scope, ctx.version, ctx.year)
names = dict(zip(summary["code"], summary[f"name_{ctx.lang}"]))
codes = [""] + sorted(names, key=names.get)
url_choice("audience", codes, "")
url_choice("deck_province", codes, "", param="province")


def move(step: int, total: int) -> None:
    st.session_state["slide"] = min(max(0, st.session_state.get("slide", 0) + step), total - 1)


if not presenting:
    st.title(f"{t('page_briefing')} · {fmt_year(ctx.year, ctx.lang)}")
    left, mid, right = st.columns([2, 2, 1])
    left.selectbox(
        t("audience"),
        codes,
        key="audience",
        help=t("audience_help"),
        format_func=lambda c: t("audience_national") if not c else names[c],
    )
    mid.selectbox(
        t("deck_province"), codes, key="deck_province", format_func=lambda c: t("none") if not c else names[c]
    )
    right.date_input(t("deck_date"), key="deck_date", value=dt.date.today(), format="DD/MM/YYYY")
audience = st.session_state.get("audience") or None
province = st.session_state.get("deck_province") or audience
st.query_params["audience"], st.query_params["province"] = audience or "", province or ""
when = st.session_state.get("deck_date") or dt.date.today()
# the rank policy: a deck is shown to governors, whoever presents it, so only the setting decides
ranks = settings().show_ranks
deck, layouts, htmls = loaders.deck(ctx.scope, ctx.version, ctx.year, ctx.lang, audience, province, when, ranks)
total = len(deck.slides)
chosen = min(st.session_state.get("slide", 0), total - 1)

if not presenting:
    st.caption(t("audience_help"))
    slides.slide_css()
    st.subheader(t("slides_in_deck"))
    for row in range(0, total, THUMBS_PER_ROW):
        for i, col in zip(range(row, min(row + THUMBS_PER_ROW, total)), st.columns(THUMBS_PER_ROW)):
            with col:
                slides.draw(htmls[i])
                st.button(
                    t("slide_pick").format(n=f"{i + 1:d}"),
                    key=f"thumb_{i}",
                    help=md(deck.slides[i].title),
                    type="primary" if i == chosen else "secondary",
                    width="stretch",
                    on_click=move,
                    args=(i - chosen, total),
                )
    st.subheader(f"{t('slide')} {chosen + 1:d} / {total:d}: {md(deck.slides[chosen].title)}")
    preview, notes = st.columns([3, 2])
    with preview:
        slides.draw(htmls[chosen])
    with notes:
        st.markdown(f"**{t('presenter_notes')}**")
        st.markdown(md(deck.slides[chosen].notes or "–"))
        st.caption(t("notes_private"))
    if st.button(
        t("start_presenting_at").format(n=f"{chosen + 1:d}"),
        type="primary",
        icon=":material/slideshow:",
        key="start_presenting",
    ):
        st.session_state.update(presenting=True, slide=chosen)
        st.rerun()
    st.caption(t("keys_help"))
    from ui.exports import deck_downloads

    deck_downloads(deck, layouts, ctx.lang, f"dg-briefing-{ctx.year}-{audience or 'national'}")
    st.stop()

slides.present_css()
index = chosen
with st.container(key="slide"):
    slides.draw(htmls[index])
c = st.columns([1, 1, 2, 1, 1])
c[0].button(
    f"◀ {t('prev')}",
    key="slide_prev",
    on_click=move,
    args=(-1, total),
    shortcut="Left",
    disabled=index == 0,
    width="stretch",
)
c[1].button(
    f"{t('next')} ▶",
    key="slide_next",
    on_click=move,
    args=(1, total),
    shortcut="Right",
    disabled=index == total - 1,
    width="stretch",
    type="primary",
)
demo = " · " + t("demo_banner").split(":")[0] if deck.is_demo else ""
c[2].html(f'<div class="dg-counter">{index + 1} / {total}{demo}</div>')
c[4].button(
    f"✕ {t('exit')}",
    key="slide_exit",
    help=t("exit_help"),
    on_click=lambda: st.session_state.update(presenting=False),
    width="stretch",
)
