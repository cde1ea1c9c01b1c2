"""The current actor, the view (language and year, mirrored in the URL) and shared resources."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from dgcore.access import ANONYMOUS, Actor, Scope, anonymous_actor, scope_for
from dgcore.build import complete_version
from dgcore.config import Settings, load_settings
from dgcore.db import ResultsDB
from dgcore.disclosure import DisclosureRule, load_rule
from ui.i18n import LANGS


@st.cache_resource
def settings() -> Settings:
    try:
        mapping = dict(st.secrets.get("dgr", {}))
    except Exception:  # no secrets.toml: environment and defaults apply
        mapping = {}
    return load_settings(mapping)


@st.cache_resource
def results_db() -> ResultsDB:
    """One reader per process; it takes a cursor per query and follows the publish pointer."""
    return ResultsDB(settings().results_dir, complete=complete_version)


@st.cache_resource
def disclosure_rule() -> DisclosureRule:
    """The public page's small-cell rule (data/reference/disclosure.yaml); read once per process."""
    return load_rule(settings().data_dir)


def current_actor() -> Actor | None:
    """Who is signed in (set by ui.auth after the server confirmed the session); else the anonymous
    visitor when the public page is on (dgcore.access decides), else None."""
    return st.session_state.get("actor") or anonymous_actor(settings().public_overview)


def current_scope() -> Scope:
    actor = current_actor()
    return scope_for(actor, disclosure_rule().min_units if actor == ANONYMOUS else 0)


@dataclass(frozen=True)
class View:
    lang: str
    year: int


def _param_int(value: str | None) -> int | None:
    try:
        return int(str(value).strip()) if value is not None else None
    except ValueError:
        return None


def init_view(years: list[int]) -> None:
    """Seed language and year from the URL once per session; bad values fall back quietly."""
    qp = st.query_params
    if "lang" not in st.session_state:
        lang = qp.get("lang") or _cookie("dgr_lang") or "th"  # the cookie survives a new session (failover)
        st.session_state["lang"] = lang if lang in LANGS else "th"
    if years and st.session_state.get("year") not in years:
        wanted = _param_int(qp.get("year"))
        st.session_state["year"] = wanted if wanted in years else max(years)


def _cookie(name: str) -> str | None:
    try:
        value = st.context.cookies.get(name)
    except Exception:
        return None
    return value if isinstance(value, str) else None


def remember_language() -> None:
    """Keep the chosen language in a cookie, so a new session (another tab, a failover) starts in it."""
    lang = current_view().lang
    if st.session_state.get("_lang_cookie") != lang and lang in LANGS:
        st.html(
            f"<script>document.cookie = 'dgr_lang={lang}; Path=/; Max-Age=31536000; SameSite=Strict';</script>",
            unsafe_allow_javascript=True,
        )
        st.session_state["_lang_cookie"] = lang


def current_view() -> View:
    return View(lang=st.session_state.get("lang", "th"), year=int(st.session_state.get("year", 0)))


def sync_url() -> None:
    """Keep ?year=&lang= in the address bar so a copied link reopens the same view (never identity)."""
    v = current_view()
    want = {"lang": v.lang, "year": str(v.year)}
    for k, val in want.items():
        if st.query_params.get(k) != val:
            st.query_params[k] = val
