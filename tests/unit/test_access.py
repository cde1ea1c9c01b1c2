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


def test_the_anonymous_actor_exists_only_with_the_public_page_on():
    from dgcore.access import ANONYMOUS, PUBLIC_PAGES, anonymous_actor

    assert anonymous_actor(False) is None and anonymous_actor(True) == ANONYMOUS
    assert visible_pages(ANONYMOUS) == list(PUBLIC_PAGES) == ["overview", "province_map", "methodology"]
    for page in ("my_agency", "provinces", "departments", "briefing", "admin", "help"):
        assert not may_open(ANONYMOUS, page)
    # an account can never be the anonymous actor: a signed-in "public" role opens nothing, sees nothing
    assert visible_pages(Actor("u", "public")) == [] and scope_for(Actor("u", "public")) == EMPTY_SCOPE


def test_the_anonymous_scope_is_aggregates_with_a_small_cell_minimum():
    from dgcore.access import ANONYMOUS, may_see_ranks

    assert scope_for(ANONYMOUS) == EMPTY_SCOPE  # no minimum given: nothing, never unlimited aggregates
    assert scope_for(ANONYMOUS, 1) == EMPTY_SCOPE
    public = scope_for(ANONYMOUS, 5)
    assert public == Scope(aggregates=True, min_units=5) and public.is_public
    assert public.sql_params()["scope_min_units"] == 5 and not public.sql_params()["scope_all"]
    assert public.cache_key != scope_for(Actor("a", "agency", "D317")).cache_key != scope_for(ANONYMOUS, 6).cache_key
    assert scope_for(Actor("s", "staff"), 5).min_units == 0  # the minimum is the public's only
    assert not may_see_ranks(ANONYMOUS, True) and not may_see_ranks(ANONYMOUS, False)


def test_every_statement_the_public_may_read_applies_the_minimum_or_has_no_figures():
    """dgcore.queries runs any other statement for the public with the empty scope."""
    from dgcore import queries
    from dgcore.db import sql_text

    for name in queries.PUBLIC_SMALL_CELL_STATEMENTS:
        code = "\n".join(line.split("--")[0] for line in sql_text(name).splitlines())  # not in a comment
        assert "$scope_min_units" in code, name
    for name in queries.PUBLIC_STATEMENTS:
        sql = sql_text(name)
        assert "visible_units" not in sql and not any(w in sql for w in ("mean", "overall", "score")), name


def test_the_small_cell_rule_is_read_from_its_file_and_refuses_a_bad_one(tmp_path):
    from pathlib import Path

    from dgcore.disclosure import DisclosureRuleError, load_rule

    rule = load_rule(Path(__file__).resolve().parents[2] / "data")
    assert rule.min_units >= 2 and rule.provisional and str(rule.min_units) in rule.note("th") + rule.note("en")
    (tmp_path / "reference").mkdir()
    for bad in ("min_units: 1\n", "min_units: five\n", "min_units: true\n", "other: 3\n", "[: broken"):
        (tmp_path / "reference" / "disclosure.yaml").write_text(bad)
        with pytest.raises(DisclosureRuleError) as err:
            load_rule(tmp_path)
        assert err.value.th and err.value.en
    with pytest.raises(DisclosureRuleError):
        load_rule(tmp_path / "nowhere")
