"""Who may see what: the one place where a signed-in identity becomes data rights.

Rule sources, and how they combine:
- the actor's role (docs/product.md's table) decides the kind of scope and the pages;
- the actor's scope_id (an agency id, a province code or a department id) narrows it;
- nothing else: query parameters, page names and widget values never widen a scope.
Default deny: an unknown role, or no actor, gets EMPTY_SCOPE and every query returns nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

ROLES = ("agency", "province", "department", "presenter", "staff", "admin")


@dataclass(frozen=True)
class Actor:
    username: str
    role: str  # one of ROLES
    scope_id: str | None = None
    display_name: str = ""


@dataclass(frozen=True)
class Scope:
    """Data rights, hashable so that it can be part of every cache key."""

    aggregates: bool = False  # national / group / province / ministry aggregates
    all_agencies: bool = False  # every unit's own rows
    agency_ids: frozenset[str] = field(default_factory=frozenset)
    province_codes: frozenset[str] = field(default_factory=frozenset)  # units located there
    dept_ids: frozenset[str] = field(default_factory=frozenset)  # the department and its branches

    @cached_property
    def cache_key(self) -> str:
        """The exact identity of these rights as one string, for cache keys: equal scopes give equal keys,
        different scopes different ones (repr quotes every id). Streamlit's hasher walks a dataclass
        field by field through deep copies (~0.4 ms a call, ~17 calls a page); this string costs ~20 us."""
        return repr(
            (
                self.aggregates,
                self.all_agencies,
                sorted(self.agency_ids),
                sorted(self.province_codes),
                sorted(self.dept_ids),
            )
        )

    @property
    def is_empty(self) -> bool:
        return not (self.aggregates or self.all_agencies or self.agency_ids or self.province_codes or self.dept_ids)

    def sql_params(self) -> dict[str, object]:
        """The named parameters every scoped SQL statement binds."""
        return {
            "scope_aggregates": self.aggregates,
            "scope_all": self.all_agencies,
            "scope_agencies": sorted(self.agency_ids),
            "scope_provinces": sorted(self.province_codes),
            "scope_depts": sorted(self.dept_ids),
        }


EMPTY_SCOPE = Scope()


def scope_for(actor: Actor | None) -> Scope:
    """Turn a signed-in actor into its data scope; anything unrecognised gets nothing."""
    if actor is None:
        return EMPTY_SCOPE
    sid = frozenset({actor.scope_id}) if actor.scope_id else frozenset()
    if actor.role == "agency" and sid:
        return Scope(aggregates=True, agency_ids=sid)
    if actor.role == "province" and sid:
        return Scope(aggregates=True, province_codes=sid)
    if actor.role == "department" and sid:
        return Scope(aggregates=True, dept_ids=sid)
    if actor.role in ("presenter", "staff", "admin"):
        return Scope(aggregates=True, all_agencies=True)
    return EMPTY_SCOPE


PAGES_BY_ROLE: dict[str, tuple[str, ...]] = {
    "agency": ("overview", "my_agency", "methodology", "help"),
    "province": ("overview", "my_agency", "provinces", "departments", "methodology", "help"),
    "department": ("overview", "my_agency", "provinces", "departments", "methodology", "help"),
    "presenter": ("overview", "briefing", "methodology", "help"),
    "staff": ("overview", "my_agency", "provinces", "departments", "briefing", "methodology", "help"),
    "admin": ("overview", "my_agency", "provinces", "departments", "briefing", "methodology", "admin", "help"),
}


def visible_pages(actor: Actor | None, available: tuple[str, ...] | None = None) -> list[str]:
    """The pages this actor may open, in menu order, limited to those the app has built."""
    pages = PAGES_BY_ROLE.get(actor.role, ()) if actor else ()
    return [p for p in pages if available is None or p in available]


def may_open(actor: Actor | None, page: str) -> bool:
    """The check every page makes at its top."""
    return page in visible_pages(actor)


DGA_ROLES = frozenset({"presenter", "staff", "admin"})


def may_see_ranks(actor: Actor | None, show_ranks: bool) -> bool:
    """Ranks are DGA's working figure: its own people see them; others only when show_ranks is set."""
    return actor is not None and (actor.role in DGA_ROLES or show_ranks)
