"""Help / วิธีใช้และติดต่อ: what the scores mean, how to read each page, a lost password, who to contact."""

from __future__ import annotations

import streamlit as st

from dgcore.access import visible_pages
from dgcore.text_safety import md
from ui import help_view
from ui.page import start

ctx = start("help")
t = ctx.t

st.title(t("page_help"))
st.write(t("help_intro"))

st.subheader(t("help_scores"))
st.markdown(t("help_scores_body"))

st.subheader(t("help_pages"))
st.markdown(
    "\n".join(f"- **{t('page_' + p)}**: {t('help_page_' + p)}" for p in visible_pages(ctx.actor) if p != "help")
)
st.caption(t("help_tips"))

st.subheader(t("help_password"))
st.markdown(t("help_password_body"))

st.subheader(t("help_contacts"))
contacts, demo = help_view.contacts(ctx.lang)
if demo:
    st.info(t("help_contacts_demo"), icon=":material/info:")
for topic, row in contacts.iterrows():  # one card per topic: a five-column table is unreadable on a phone
    with st.container(border=True):
        st.markdown(
            f"**{md(topic)}**  \n"
            + "  \n".join(f"{md(label)}: {md(value)}" for label, value in row.items() if str(value).strip())
        )
