"""Briefing / นำเสนอ: choose year, audience and province; present full screen; export the deck."""

from __future__ import annotations

import streamlit as st

from dgcore.text_safety import md
from ui import loaders, slides
from ui.i18n import fmt_year
from ui.page import start
from ui.widgets import url_choice

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
    left, right = st.columns(2)
    left.selectbox(
        t("audience"),
        codes,
        key="audience",
        help=t("audience_help"),
        format_func=lambda c: t("audience_national") if not c else names[c],
    )
    right.selectbox(
        t("deck_province"), codes, key="deck_province", format_func=lambda c: t("none") if not c else names[c]
    )
audience = st.session_state.get("audience") or None
province = st.session_state.get("deck_province") or audience
st.query_params["audience"], st.query_params["province"] = audience or "", province or ""
deck = loaders.deck(ctx.scope, ctx.version, ctx.year, ctx.lang, audience, province)
total = len(deck.slides)

if not presenting:
    st.caption(t("audience_help"))
    st.markdown(
        f"**{t('slides_in_deck')}:** " + " · ".join(f"{i + 1:d}. {md(s.title)}" for i, s in enumerate(deck.slides))
    )
    if st.button(t("start_presenting"), type="primary", icon=":material/slideshow:", key="start_presenting"):
        st.session_state.update(presenting=True, slide=0)
        st.rerun()
    st.caption(t("keys_help"))
    from ui.exports import deck_downloads

    deck_downloads(deck, ctx.lang, f"dg-briefing-{ctx.year}-{audience or 'national'}")
    st.stop()

slides.present_css()
index = min(st.session_state.get("slide", 0), total - 1)
with st.container(key="slide"):
    slides.draw(deck.slides[index], chart_key=f"slide_chart_{index}")
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
    f"✕ {t('exit')}", key="slide_exit", on_click=lambda: st.session_state.update(presenting=False), width="stretch"
)
