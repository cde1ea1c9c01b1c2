"""Access rules as a table: role and scope id -> data scope and pages. Default deny."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dgcore.access import EMPTY_SCOPE, Actor, Scope, may_open, scope_for, visible_pages


@pytest.mark.parametrize(
    "actor, expected",
    [
        (None, EMPTY_SCOPE),
        (Actor("u", "agency", "D317"), Scope(aggregates=True, agency_ids=frozenset({"D317"}))),
        (Actor("u", "agency", None), EMPTY_SCOPE),
        (Actor("u", "province", "50"), Scope(aggregates=True, province_codes=frozenset({"50"}))),
        (Actor("u", "department", "D227"), Scope(aggregates=True, dept_ids=frozenset({"D227"}))),
        (Actor("u", "presenter"), Scope(aggregates=True, all_agencies=True)),
        (Actor("u", "staff"), Scope(aggregates=True, all_agencies=True)),
        (Actor("u", "admin"), Scope(aggregates=True, all_agencies=True)),
        (Actor("u", "guest"), EMPTY_SCOPE),
        (Actor("u", "superuser"), EMPTY_SCOPE),
        (Actor("u", "ADMIN"), EMPTY_SCOPE),
    ],
)
def test_scope_for_each_kind_of_actor(actor, expected):
    assert scope_for(actor) == expected


def test_empty_scope_is_empty_and_binds_no_rights():
    assert EMPTY_SCOPE.is_empty
    p = EMPTY_SCOPE.sql_params()
    assert p["scope_aggregates"] is False and p["scope_all"] is False
    assert p["scope_agencies"] == p["scope_provinces"] == p["scope_depts"] == []


@pytest.mark.parametrize(
    "role, page, allowed",
    [
        ("agency", "my_agency", True),
        ("agency", "admin", False),
        ("agency", "provinces", False),
        ("agency", "briefing", False),
        ("presenter", "briefing", True),
        ("presenter", "my_agency", False),
        ("staff", "admin", False),
        ("admin", "admin", True),
        ("agency", "help", True),
        ("presenter", "help", True),
        ("guest", "help", False),
        ("guest", "overview", False),
        ("nobody", "overview", False),
    ],
)
def test_pages_each_role_may_open(role, page, allowed):
    assert may_open(Actor("u", role, "x"), page) is allowed


def test_no_actor_may_open_nothing():
    assert visible_pages(None) == [] and not may_open(None, "overview")


def test_scopes_are_hashable_and_distinct_for_cache_keys():
    a, b = scope_for(Actor("a", "agency", "A")), scope_for(Actor("b", "agency", "B"))
    assert hash(a) != hash(b) and a != b and len({a, b, scope_for(Actor("c", "agency", "A"))}) == 2


_ids = st.frozensets(st.text(alphabet="AB,'\"|() 1", max_size=4), max_size=3)
_scopes = st.builds(Scope, st.booleans(), st.booleans(), _ids, _ids, _ids)


@settings(max_examples=400, deadline=None)
@given(_scopes, _scopes)
def test_cache_key_is_equal_exactly_when_the_scopes_are_equal(a, b):
    """The loaders' caches are keyed by Scope.cache_key: two different rights must never share a key, and
    ids holding separators or quotes must not make them collide."""
    assert (a.cache_key == b.cache_key) == (a == b)


def test_cache_key_does_not_depend_on_how_the_sets_were_built():
    many = [f"D{i}" for i in range(200)]
    assert Scope(agency_ids=frozenset(many)).cache_key == Scope(agency_ids=frozenset(reversed(many))).cache_key
    assert Scope(agency_ids=frozenset({"a,b"})).cache_key != Scope(agency_ids=frozenset({"a", "b"})).cache_key
    assert Scope(agency_ids=frozenset({"1"})).cache_key != Scope(province_codes=frozenset({"1"})).cache_key


def test_every_loader_cache_hashes_the_scope_by_its_key():
    """Each cached loader that takes a scope names Scope.cache_key in its hash_funcs (else Streamlit walks the
    dataclass: correct, but ~0.4 ms a call)."""
    import inspect

    from ui import loaders

    cached = [(name, fn) for name, fn in vars(loaders).items() if hasattr(fn, "clear") and callable(fn)]
    assert len(cached) >= 15
    for name, fn in cached:
        params = inspect.signature(fn).parameters
        if "scope" in params:
            assert getattr(fn, "cached", fn)._info.hash_funcs.items() >= loaders.SCOPE_KEY.items(), name
