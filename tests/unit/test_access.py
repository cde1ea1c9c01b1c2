"""Access rules as a table: role and scope id -> data scope and pages. Default deny."""
import pytest

from dgcore.access import EMPTY_SCOPE, Actor, Scope, may_open, scope_for, visible_pages


@pytest.mark.parametrize("actor, expected", [
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
])
def test_scope_for_each_kind_of_actor(actor, expected):
    assert scope_for(actor) == expected


def test_empty_scope_is_empty_and_binds_no_rights():
    assert EMPTY_SCOPE.is_empty
    p = EMPTY_SCOPE.sql_params()
    assert p["scope_aggregates"] is False and p["scope_all"] is False
    assert p["scope_agencies"] == p["scope_provinces"] == p["scope_depts"] == []


@pytest.mark.parametrize("role, page, allowed", [
    ("agency", "my_agency", True), ("agency", "admin", False), ("agency", "provinces", False),
    ("agency", "briefing", False), ("presenter", "briefing", True), ("presenter", "my_agency", False),
    ("staff", "admin", False), ("admin", "admin", True), ("guest", "overview", False),
    ("nobody", "overview", False),
])
def test_pages_each_role_may_open(role, page, allowed):
    assert may_open(Actor("u", role, "x"), page) is allowed


def test_no_actor_may_open_nothing():
    assert visible_pages(None) == [] and not may_open(None, "overview")


def test_scopes_are_hashable_and_distinct_for_cache_keys():
    a, b = scope_for(Actor("a", "agency", "A")), scope_for(Actor("b", "agency", "B"))
    assert hash(a) != hash(b) and a != b and len({a, b, scope_for(Actor("c", "agency", "A"))}) == 2
