"""Cached reads. The scope and the published version are arguments, so they are in every cache key:
every cache here is shared by all sessions, and a key without the scope would serve one unit's rows to
another.

Query results are shared resources (`_shared`): one object per key, handed to each caller as a
copy-on-write view. st.cache_data would unpickle a fresh copy on every call (0.24 against 0.07 ms a
hit, bench/element_costs.py; a dozen hits a page). With pandas' copy-on-write, a page that changes its
view (a new column, a sort in place) never changes the cached frame, which a test checks."""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType

import pandas as pd
import streamlit as st

from dgcore import queries
from dgcore.access import Scope
from dgcore.framework import Framework
from ui.prepared import prepare
from ui.state import results_db
from ui.streamlit_private import emoji_lookups_once, name_arguments_once

name_arguments_once()  # every cached call here named its arguments with inspect.signature again (~10 us each)
emoji_lookups_once()  # and every Thai option label was searched for a leading emoji again (~60 us each)

TTL = 3600
# Every cached function below takes the scope: keyed by Scope.cache_key, the exact rights as a string.
SCOPE_KEY = {Scope: lambda scope: scope.cache_key}


def _shared(max_entries: int | None = None):
    """st.cache_resource keyed by the arguments (the scope by its cache_key); a DataFrame result is handed
    out as a shallow copy, which pandas' copy-on-write keeps apart from the cached one (~15 us)."""

    def wrap(fn):
        cached = st.cache_resource(hash_funcs=SCOPE_KEY, ttl=TTL, show_spinner=False, max_entries=max_entries)(fn)

        @functools.wraps(fn)
        def load(*args):
            out = cached(*args)
            if isinstance(out, pd.DataFrame):
                return out.copy(deep=False)
            if not isinstance(out, (MappingProxyType, tuple, str, int, float)) and out is not None:
                raise TypeError(f"{fn.__name__}: a shared result must be a DataFrame or read-only, not {type(out)}")
            return out

        load.cached = cached
        load.clear = cached.clear
        return load

    return wrap


_RUN_VERSION: contextvars.ContextVar[str | None] = contextvars.ContextVar("run_version", default=None)


def version() -> str:
    """The published version: the one this script run started with (app.run_pinned), else read now."""
    return _RUN_VERSION.get() or results_db().version


@contextlib.contextmanager
def run_pinned() -> Iterator[str]:
    """One script run reads one published version: the pointer is checked once, at the start, and every
    version() in the run answers the same (a publish mid-run shows on the next run). Each check is a
    stat that lets go of the GIL, ~0.1 ms a call in a busy server; a page asked three times."""
    token = _RUN_VERSION.set(results_db().version)
    try:
        yield _RUN_VERSION.get()
    finally:
        _RUN_VERSION.reset(token)


@_shared()
def meta(version: str) -> Mapping[str, str]:
    return MappingProxyType(queries.meta(results_db()))


def is_demo(version: str) -> bool:
    """Whether the published version holds the demo survey (pages then say so)."""
    return queries.is_demo(meta(version))


@_shared()
def survey_years(scope: Scope, version: str) -> pd.DataFrame:
    return queries.survey_years(results_db(), scope)


@_shared()
def agency_kinds(scope: Scope, version: str) -> pd.DataFrame:
    return queries.agency_kinds(results_db(), scope)


@st.cache_resource(hash_funcs=SCOPE_KEY, ttl=TTL, show_spinner=False)
def kind_labels(scope: Scope, version: str, lang: str) -> Mapping[str, tuple[str, str]]:
    """Agency kind -> (name, short name) in lang; read-only, for pages that label rows on every rerun."""
    return MappingProxyType(
        {
            r.kind: (getattr(r, f"name_{lang}"), getattr(r, f"short_{lang}"))
            for r in agency_kinds(scope, version).itertuples()
        }
    )


@st.cache_resource(hash_funcs=SCOPE_KEY, ttl=TTL, show_spinner=False)
def framework(scope: Scope, version: str, year: int) -> Framework | None:
    return queries.framework(results_db(), scope, year)


@_shared()
def response_rates(scope: Scope, version: str, year: int) -> pd.DataFrame:
    return queries.response_rates(results_db(), scope, year)


@_shared()
def headline_trend(scope: Scope, version: str) -> pd.DataFrame:
    return queries.headline_trend(results_db(), scope)


@_shared()
def pillar_means(scope: Scope, version: str, year: int) -> pd.DataFrame:
    return queries.pillar_means(results_db(), scope, year)


@_shared()
def maturity_distribution(scope: Scope, version: str, year: int) -> pd.DataFrame:
    return queries.maturity_distribution(results_db(), scope, year)


@_shared()
def unit_places(scope: Scope, version: str) -> pd.DataFrame:
    return queries.unit_places(results_db(), scope)


@_shared(4096)
def unit_search(
    scope: Scope, version: str, text: str, place: str | None, limit: int, year: int | None = None
) -> pd.DataFrame:
    return queries.unit_search(results_db(), scope, text, place, limit, year)


@_shared(4096)
def agency_unit(scope: Scope, version: str, agency_id: str) -> pd.DataFrame:
    return queries.agency_unit(results_db(), scope, agency_id)


@st.cache_data(hash_funcs=SCOPE_KEY, ttl=TTL, show_spinner=False, max_entries=4096)
def agency_report(scope: Scope, version: str, agency_id: str, year: int):
    """One unit's report; the scope is in the key, and the report itself is built from scoped queries."""
    from dgcore.report import agency_report as build

    fw = framework(scope, version, year)
    return build(results_db(), scope, agency_id, year, fw) if fw else None


VIEWS: set = set()  # the builders `made` accepts: every one is in the cached-view isolation test


def view(builder: Callable) -> Callable:
    """Marks a page builder as one `made` may share between sessions (see `made`)."""
    VIEWS.add(builder)
    return builder


def _builder_key(builder: Callable) -> str:
    return f"{builder.__module__}.{builder.__qualname__}"


_PLAIN = (str, int, float, bool, type(None))


def _plain(value) -> bool:
    """A value whose repr names it exactly (a scalar, or a tuple of them): a made() argument."""
    return isinstance(value, _PLAIN) or (type(value) is tuple and all(_plain(v) for v in value))


def made(builder: Callable, scope: Scope, version: str, *args):
    """`builder(scope, version, *args)` made once and then only read: a figure or table that a page shapes
    from cached query results. builder is a `@view` function that loads through this module, so everything
    it reads is scoped. Shaping cost 10-25 ms per figure on every rerun."""
    if builder not in VIEWS:
        raise ValueError(f"{_builder_key(builder)} is not a @view builder")
    if not (isinstance(version, str) and all(_plain(a) for a in args)):
        raise TypeError(f"{_builder_key(builder)}: made() takes a version string and plain arguments only")
    return _made(scope, repr((_builder_key(builder), version, args)), builder, version, args)


@st.cache_resource(hash_funcs=SCOPE_KEY, ttl=TTL, show_spinner=False, max_entries=2048)
def _made(scope: Scope, key: str, _builder: Callable, _version: str, _args: tuple):
    """made()'s cache, keyed by the scope (its cache_key) and one string naming the builder, the version and
    the arguments: Streamlit hashes only those two (it leaves out arguments named with a leading "_"). It
    hashed the seven values of a call one by one on every hit (~80 us a call, a dozen calls a page)."""
    return prepare(_builder(scope, _version, *_args))


made.cached = _made
made.clear = _made.clear


# The same file as data/geo/provinces.geojson, served by Streamlit from static/ (a test keeps the two
# identical). Relative, so it also works under a base URL path behind a proxy.
GEOJSON_URL = "app/static/provinces.geojson"


@st.cache_resource(hash_funcs=SCOPE_KEY, ttl=TTL, show_spinner=False, max_entries=1024)
def agency_page(scope: Scope, version: str, agency_id: str, year: int, lang: str):
    """My agency's figures and tables for one unit (ui.agency_view.AgencyPage), or None. A resource, so
    nothing is unpickled or copied per rerun; the scope is in the key and the report is scoped."""
    from ui.agency_view import build_page

    rep = agency_report(scope, version, agency_id, year)
    return None if rep is None else prepare(build_page(rep, framework(scope, version, year), lang))


@st.cache_resource(show_spinner=False)
def province_geojson() -> dict:
    """Simplified province boundaries shipped in data/geo (see its PROVENANCE.md)."""
    import json

    from ui.state import settings

    with open(settings().data_dir / "geo" / "provinces.geojson", encoding="utf-8") as f:
        return json.load(f)


@_shared(4096)
def _query(name: str, scope: Scope, version: str, *args):
    """queries.<name>(db, scope, *args), cached: the query name, scope and version are all in the key."""
    return getattr(queries, name)(results_db(), scope, *args)


def _cached(name: str):
    def load(scope: Scope, version: str, *args):
        return _query(name, scope, version, *args)

    return load


province_summary = _cached("province_summary")
province_pillars = _cached("province_pillars")
province_sub_profile = _cached("province_sub_profile")
province_units = _cached("province_units")
ministry_summary = _cached("ministry_summary")
ministry_maturity = _cached("ministry_maturity")
ministry_units = _cached("ministry_units")
branch_departments = _cached("branch_departments")
branch_sub_profile = _cached("branch_sub_profile")
branch_units = _cached("branch_units")


@st.cache_resource(show_spinner=False)
def briefing_texts():
    """data/briefing/: the survey's words for the deck's opening slides and the closing slide's contacts."""
    from dgcore.briefing import load_briefing_texts
    from ui.state import settings

    return load_briefing_texts(settings().data_dir / "briefing")


@st.cache_resource(hash_funcs=SCOPE_KEY, ttl=TTL, show_spinner=False, max_entries=64)
def deck(
    scope: Scope, version: str, year: int, lang: str, audience: str | None, province: str | None, when, ranks: bool
):
    """The briefing deck laid out: (deck, layouts, one HTML string per slide). Scope, audience, province,
    the date on the title slide and the rank policy's setting are all in the key. A resource, not data:
    it is only read, and laying it out (the map's picture, every line measured) is done once per key, so that moving to
    another slide costs only sending its HTML."""
    from dgcore.briefing import build_deck
    from dgcore.documents.deck import deck_layouts, slide_html

    d = build_deck(
        results_db(),
        scope,
        year,
        lang,
        framework(scope, version, year),
        province_geojson(),
        audience=audience,
        province=province,
        when=when,
        texts=briefing_texts(),
        show_ranks=ranks,
    )
    layouts = deck_layouts(d)
    htmls = [slide_html(lay, lang, f"{i + 1}. {s.title}") for i, (s, lay) in enumerate(zip(d.slides, layouts))]
    return d, layouts, htmls
