"""Entry point: page config, sign-in gate, the view in the URL, navigation built from dgcore.access."""

from __future__ import annotations

import html
from urllib.parse import urlparse

import streamlit as st

from dgcore.access import ANONYMOUS, PUBLIC_PAGES, anonymous_actor, visible_pages
from dgcore.accounts import ACCOUNTS_DOWN, store_unavailable
from dgcore.config import cookie_key_problem
from dgcore.db import ResultsUnavailable
from dgcore.disclosure import DisclosureRuleError
from dgcore.text_safety import md
from ui import a11y, loaders
from ui.auth import cookie_effects, load_chart_code_ahead, login_form, sign_out, signed_in_actor
from ui.gc_freeze import freeze_once
from ui.i18n import LANGS, fmt_year, tr
from ui.layout import copy_link_button, page_css
from ui.nodelay import nodelay_once
from ui.page import ask_sign_in
from ui.state import (
    current_actor,
    current_scope,
    current_view,
    disclosure_rule,
    init_view,
    remember_language,
    settings,
    sync_url,
)
from ui.streamlit_private import speed_up_runs

PAGES = {  # page key -> (script, icon)
    "overview": ("app_pages/overview.py", ":material/dashboard:"),
    "province_map": ("app_pages/province_map.py", ":material/map:"),
    "my_agency": ("app_pages/my_agency.py", ":material/apartment:"),
    "provinces": ("app_pages/provinces.py", ":material/map:"),
    "departments": ("app_pages/departments.py", ":material/account_balance:"),
    "briefing": ("app_pages/briefing.py", ":material/slideshow:"),
    "methodology": ("app_pages/methodology.py", ":material/menu_book:"),
    "admin": ("app_pages/admin.py", ":material/admin_panel_settings:"),
    "help": ("app_pages/help.py", ":material/help:"),
}

st.set_page_config(page_title="DG Readiness", page_icon=":material/insights:", layout="wide")


def stop_with(th: str, en: str) -> None:
    st.error(f"**{md(th)}**\n\n{md(en)}")
    st.stop()


def language_switch() -> None:
    lang = current_view().lang
    st.radio(
        tr("language", lang),
        LANGS,
        key="lang",
        horizontal=True,
        format_func=lambda code: {"th": "ไทย", "en": "English"}[code],
        on_change=_relabel_year,
    )


def _relabel_year() -> None:
    """The browser keeps a picked option by its label ("พ.ศ. 2562"): setting the year again sends the label
    in the new language, else the sidebar kept the old one until a reload."""
    if "year" in st.session_state:
        st.session_state["year"] = st.session_state["year"]


def sidebar(years: list[int]) -> None:
    lang, actor = current_view().lang, current_actor()
    with st.sidebar:
        st.markdown(f"### {tr('app_title', lang)}")
        language_switch()
        st.selectbox(
            tr("year", lang),
            sorted(years, reverse=True),
            key="year",
            format_func=lambda y, lang=lang: fmt_year(y, lang),
        )
        st.divider()
        if actor == ANONYMOUS:  # the public page's visitor: no account, a way to sign in
            copy_link_button(lang)
            st.button(tr("sign_in", lang), on_click=ask_sign_in, icon=":material/login:", key="to_sign_in")
            return
        st.caption(f"{tr('signed_in_as', lang)} **{md(actor_name(actor, lang))}** · {tr('role_' + actor.role, lang)}")
        copy_link_button(lang)
        st.button(tr("sign_out", lang), on_click=sign_out, icon=":material/logout:", key="sign_out")


def public_visitor():
    """The anonymous actor when the public page is on, its small-cell rule reads, the visitor has not
    asked to sign in and the address names no page beyond the public ones (a unit's /my_agency link
    gets the sign-in form); else None (the sign-in form)."""
    actor = anonymous_actor(settings().public_overview)
    if actor is None or st.session_state.get("want_sign_in"):
        return None
    if requested_page() not in (None, *PUBLIC_PAGES):
        return None
    try:
        disclosure_rule()
    except DisclosureRuleError as err:
        st.session_state["public_closed"] = (err.th, err.en)
        return None
    return actor


def actor_name(actor, lang: str) -> str:
    """The unit or province the account stands for, in the page's language (the account's display name
    is the Thai one); other accounts by their display name. Kept in the session for its account, version
    and language: it was a cached read and a DataFrame lookup on every rerun of every page."""
    key = (actor.username, actor.scope_id, loaders.version(), lang)
    kept = st.session_state.get("_actor_name")
    if kept is not None and kept[0] == key:
        return kept[1]
    name = _actor_name(actor, lang)
    st.session_state["_actor_name"] = (key, name)
    return name


def _actor_name(actor, lang: str) -> str:
    try:
        if actor.role in ("agency", "department") and actor.scope_id:
            unit = loaders.agency_unit(current_scope(), loaders.version(), actor.scope_id)
            if not unit.empty:
                return str(unit[f"name_{lang}"].iloc[0])
        if actor.role == "province" and actor.scope_id:
            places = loaders.unit_places(current_scope(), loaders.version())
            row = places[places["place"] == actor.scope_id]
            if not row.empty:
                return str(row[f"province_{lang}"].iloc[0])
    except (KeyError, ResultsUnavailable):
        pass
    return actor.display_name or actor.username


def landing_page(actor, keys: list[str]) -> str:
    """Where a session opened at the bare address starts: a unit's head on its own results, everyone
    else on the first page (the overview)."""
    return "my_agency" if actor.role == "agency" and "my_agency" in keys else keys[0]


def requested_page() -> str | None:
    """The page named in the address bar (e.g. /my_agency), to open once signed in."""
    try:
        path = urlparse(st.context.url or "").path
    except Exception:
        return None
    key = path.rstrip("/").rsplit("/", 1)[-1]
    return key if key in PAGES else None


def sign_in_screen(is_demo: bool) -> None:
    st.session_state["after_login"] = requested_page()
    init_view([])
    lang = current_view().lang
    a11y.document(lang, a11y.page_title(tr("login_title", lang), tr("app_title", lang)))
    with st.sidebar:
        language_switch()
    st.title(tr("app_title", lang))
    _, mid, _ = st.columns([1, 1.4, 1])
    with mid:
        login_form(lang, is_demo)
        public_link(lang)
    load_chart_code_ahead()
    st.stop()


def public_link(lang: str) -> None:
    """With the public page on, the way back to it from the sign-in form: a link to the app's first page
    (relative, so it also works under a path prefix), or why the public page is closed."""
    if not settings().public_overview:
        return
    closed = st.session_state.pop("public_closed", None)
    if closed:  # the sign-in form still works: nothing here locks anyone out
        st.warning(f"{md(closed[0])}\n\n{md(closed[1])}")
        return
    # a link, not a button: it loads the first page afresh (the address may name a page beyond the public ones)
    st.html(f'<a class="dg-public-link" href="./?lang={lang}">{html.escape(tr("public_back", lang))}</a>')


def main() -> None:
    """Every run; a missing or damaged results file, or an account store that cannot be reached, ends
    it with a plain Thai and English message instead of an error box."""
    nodelay_once()  # Streamlit leaves Nagle on: ~40 ms on a quick second click (ui/nodelay.py)
    speed_up_runs()  # a run's elements go to the event loop in batches; chart ids not hashed again (deploy/README.md)
    try:
        with loaders.run_pinned():  # one published version for the whole run
            run()
    except ResultsUnavailable as err:
        stop_with(err.th, err.en)
    except Exception as err:
        if not store_unavailable(err):
            raise
        stop_with(*ACCOUNTS_DOWN)


def nav_pages(keys: list[str], lang: str) -> dict:
    """The navigation's pages, made once per session for these pages and this language: st.Page resolves its
    script's path on the disk each time it is made (~4% of a page's run). Per session, not shared: st.navigation
    marks the page it returns as the one to run, and another session's run would clear the mark."""
    wanted = (tuple(keys), lang)
    made = st.session_state.get("_nav_pages")
    if made is None or made[0] != wanted:
        made = (
            wanted,
            {
                key: st.Page(
                    PAGES[key][0], title=tr(f"page_{key}", lang), icon=PAGES[key][1], url_path=key, default=(i == 0)
                )
                for i, key in enumerate(keys)
            },
        )
        st.session_state["_nav_pages"] = made
    return made[1]


def run() -> None:
    page_css()
    version = loaders.version()
    is_demo = loaders.is_demo(version)
    problem = cookie_key_problem(settings(), is_demo)
    if problem:
        stop_with(*problem)
    actor = signed_in_actor()
    if actor is None:
        cookie_effects()
        actor = public_visitor()
        if actor is None:
            sign_in_screen(is_demo)
            return
    years = loaders.survey_years(current_scope(), version)["year"].astype(int).tolist()
    init_view(years)
    sidebar(years)
    sync_url()
    lang = current_view().lang
    keys = visible_pages(actor, tuple(PAGES))
    pages = nav_pages(keys, lang)
    current = st.navigation(list(pages.values()))
    if actor == ANONYMOUS:  # the public page's visitor goes where the address says
        remember_language()
        current.run()
        return
    target = st.session_state.pop("after_login", None)
    target = target if target in pages else None  # e.g. the public map, asked for before signing in
    if not st.session_state.get("_landed"):  # the first page of a session opened at the bare address
        st.session_state["_landed"] = True
        asked = requested_page()  # a public page left behind by signing in counts as the bare address
        bare = asked is None or (asked in PUBLIC_PAGES and asked not in pages)
        target = target or (landing_page(actor, keys) if bare else None)
    if target in pages and pages[target] is not current:
        st.switch_page(pages[target], query_params=st.query_params.to_dict())  # the link the person came with
    cookie_effects()  # after any switch_page: a rerun would drop the script before the browser ran it
    remember_language()
    current.run()
    freeze_once()


main()
