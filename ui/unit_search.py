"""The unit picker of My agency: a province facet and a text search, each answer at most LIMIT units.

The whole population never reaches the page (204,500 units at 100x the demo): the facet lists only
counts per province, the search returns a bounded list, and every query binds the scope. A unit asked
for by the URL (?unit=) or the session is shown only if the scope holds it: the URL never grants anything.
"""

from __future__ import annotations

import streamlit as st

from dgcore.text_safety import clean
from ui import loaders

LIMIT = 200
ALL = "*"  # facet value: anywhere in the scope (offered to narrow scopes only; staff pick a province)


def choose_unit(ctx) -> str:
    """The unit My agency shows; stops the page when the scope holds none."""
    places = loaders.unit_places(ctx.scope, ctx.version)
    if places.empty:
        st.info(ctx.t("no_units"))
        st.stop()
    asked = st.query_params.get("unit")
    wanted = st.session_state.get("unit") or asked or ctx.actor.scope_id
    current = loaders.agency_unit(ctx.scope, ctx.version, wanted) if wanted else None
    if asked and asked == wanted and (current is None or current.empty):
        st.session_state["_unit_refused"] = True  # the id is not repeated: another unit's id is never shown
    if st.session_state.get("_unit_refused"):  # said until the person picks a unit themselves
        st.warning(ctx.t("unit_out_of_scope"), icon=":material/block:")
    if current is None or current.empty:
        current = _first_unit(ctx, places)
    chosen = str(current["agency_id"].iloc[0])
    if int(places["n"].sum()) > 1:
        chosen = _picker(ctx, places, chosen, current["province_code"].iloc[0])
    if st.query_params.get("unit") != chosen:
        st.query_params["unit"] = chosen
    return chosen


def _first_unit(ctx, places):
    """The person's own unit where the scope has one, else a department-level unit (no province), else
    the first unit surveyed this year."""
    own = loaders.agency_unit(ctx.scope, ctx.version, ctx.actor.scope_id) if ctx.actor.scope_id else None
    if own is not None and not own.empty:
        return own
    start = "" if "" in set(places["place"]) else (None if len(places) > 1 else places["place"][0])
    first = loaders.unit_search(ctx.scope, ctx.version, "", start, 1, ctx.year)
    return first if not first.empty else loaders.unit_search(ctx.scope, ctx.version, "", start, 1)


def _picker(ctx, places, chosen: str, chosen_province: str | None) -> str:
    lang, t = ctx.lang, ctx.t
    names = {
        r.place: (f"{getattr(r, 'province_' + lang)} ({r.n:,})" if r.place else f"{t('unit_place_none')} ({r.n:,})")
        for r in places.itertuples()
    }
    options = ([] if ctx.scope.all_agencies else [ALL]) + list(places["place"])
    if len(options) == 2 and not ctx.scope.all_agencies:
        options = options[1:]  # one province only: searching it is the same as anywhere, and faster
    if st.session_state.get("unit_place") not in options:
        own = chosen_province if isinstance(chosen_province, str) else ""
        st.session_state["unit_place"] = ALL if ALL in options else own if own in options else options[0]
    left, right = st.columns([1, 1.4])
    place = (
        left.selectbox(
            t("unit_place"),
            options,
            key="unit_place",
            format_func=lambda p: t("unit_place_all") if p == ALL else names[p],
        )
        if len(options) > 1
        else options[0]
    )
    text = right.text_input(t("unit_search"), key="unit_q", max_chars=100)
    found = loaders.unit_search(ctx.scope, ctx.version, text, None if place == ALL else place, LIMIT, ctx.year)
    ids = found["agency_id"].tolist()
    label = {r.agency_id: getattr(r, f"name_{lang}") + _place_suffix(r, lang) for r in found.itertuples()}
    filt = (place, text)
    if "_unit_filter" in st.session_state and st.session_state["_unit_filter"] != filt and ids:
        chosen = st.session_state["unit"] = ids[0]  # a new search: its first match
    st.session_state["_unit_filter"] = filt
    if not ids:
        st.caption(t("unit_search_none"))
    elif len(ids) == LIMIT:
        st.caption(t("unit_search_more").format(shown=LIMIT))
    if chosen not in ids:
        ids = [chosen] + ids  # the unit on screen stays selectable until another is picked
        label[chosen] = _current_label(ctx, chosen)
    if st.session_state.get("unit") not in ids:
        st.session_state["unit"] = chosen
    return st.selectbox(
        t("choose_unit"),
        ids,
        key="unit",
        format_func=lambda i: clean(label.get(i, i)),
        on_change=lambda: st.session_state.pop("_unit_refused", None),
    )


def _place_suffix(r, lang: str) -> str:
    place = getattr(r, f"province_{lang}")
    name = getattr(r, f"name_{lang}")
    return f" · {place}" if isinstance(place, str) and place and place not in name else ""


def _current_label(ctx, agency_id: str) -> str:
    row = loaders.agency_unit(ctx.scope, ctx.version, agency_id)
    if row.empty:
        return agency_id
    r = next(row.itertuples())
    return getattr(r, f"name_{ctx.lang}") + _place_suffix(r, ctx.lang)
