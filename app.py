"""Entry point: page config, the view in the URL, navigation built from dgcore.access."""
from __future__ import annotations

import streamlit as st

from dgcore.access import visible_pages
from dgcore.db import ResultsUnavailable
from ui import loaders
from ui.i18n import LANGS, fmt_year, tr
from ui.state import current_actor, current_scope, current_view, init_view, sync_url

PAGES = {  # page key -> (script, icon)
    "overview": ("app_pages/overview.py", ":material/dashboard:"),
    "methodology": ("app_pages/methodology.py", ":material/menu_book:"),
}

st.set_page_config(page_title="DG Readiness", page_icon=":material/insights:", layout="wide")


def unavailable(err: ResultsUnavailable) -> None:
    st.error(f"**{err.th}**\n\n{err.en}")
    st.stop()


def sidebar(years: list[int]) -> None:
    lang = current_view().lang
    with st.sidebar:
        st.markdown(f"### {tr('app_title', lang)}")
        st.radio(tr("language", lang), LANGS, key="lang", horizontal=True,
                 format_func=lambda code: {"th": "ไทย", "en": "English"}[code])
        st.selectbox(tr("year", lang), sorted(years, reverse=True), key="year",
                     format_func=lambda y, lang=lang: fmt_year(y, lang))


def main() -> None:
    try:
        version = loaders.version()
        years = loaders.survey_years(current_scope(), version)["year"].astype(int).tolist()
    except ResultsUnavailable as err:
        unavailable(err)
        return
    init_view(years)
    sidebar(years)
    sync_url()
    lang = current_view().lang
    pages = [st.Page(PAGES[key][0], title=tr(f"page_{key}", lang), icon=PAGES[key][1], url_path=key,
                     default=(i == 0))
             for i, key in enumerate(visible_pages(current_actor(), tuple(PAGES)))]
    st.navigation(pages).run()


main()
