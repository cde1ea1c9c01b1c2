"""Who may see what: the one place where a signed-in identity becomes data rights.

Rule sources, and how they combine:
- the actor's role (docs/product.md's table) decides the kind of scope and the pages;
- the actor's scope_id (an agency id, a province code or a department id) narrows it;
- nothing else: query parameters, page names and widget values never widen a scope.
Default deny: an unknown role, or no actor, gets EMPTY_SCOPE and every query returns nothing.

The one actor without an account is ANONYMOUS, a visitor of the public national page (setting
public_overview, off by default). It exists only when that setting is on (`anonymous_actor`), opens
PUBLIC_PAGES only, and its scope has aggregates with a small-cell minimum (`min_units`, from
data/reference/disclosure.yaml): dgcore.queries gives it only the statements that apply that minimum,
and no per-unit row (it has no units).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

ROLES = ("agency", "province", "department", "presenter", "staff", "admin")
PUBLIC_ROLE = "public"  # no account has it: accounts are made with ROLES only


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
    min_units: int = 0  # >0: the public's scope; an average over fewer responding units is withheld

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
                self.min_units,
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
            "scope_min_units": self.min_units,
        }

    @property
    def is_public(self) -> bool:
        """The scope of a visitor who has not signed in (only small-cell-safe aggregates)."""
        return self.min_units > 0


EMPTY_SCOPE = Scope()


ANONYMOUS = Actor(username="", role=PUBLIC_ROLE)


def anonymous_actor(public_overview: bool) -> Actor | None:
    """Who a visitor without a sign-in is: ANONYMOUS when the public page is on, else nobody."""
    return ANONYMOUS if public_overview else None


def scope_for(actor: Actor | None, public_min_units: int = 0) -> Scope:
    """Turn a signed-in actor into its data scope; anything unrecognised gets nothing. The anonymous
    actor gets aggregates only with the small-cell minimum given (none given: nothing)."""
    if actor is None:
        return EMPTY_SCOPE
    if actor == ANONYMOUS:
        return Scope(aggregates=True, min_units=public_min_units) if public_min_units >= 2 else EMPTY_SCOPE
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
    PUBLIC_ROLE: ("overview", "province_map", "methodology"),
}
PUBLIC_PAGES = PAGES_BY_ROLE[PUBLIC_ROLE]


def visible_pages(actor: Actor | None, available: tuple[str, ...] | None = None) -> list[str]:
    """The pages this actor may open, in menu order, limited to those the app has built."""
    known = actor is not None and (actor.role != PUBLIC_ROLE or actor == ANONYMOUS)  # no account is "public"
    pages = PAGES_BY_ROLE.get(actor.role, ()) if known else ()
    return [p for p in pages if available is None or p in available]


def may_open(actor: Actor | None, page: str) -> bool:
    """The check every page makes at its top."""
    return page in visible_pages(actor)


DGA_ROLES = frozenset({"presenter", "staff", "admin"})


def may_see_ranks(actor: Actor | None, show_ranks: bool) -> bool:
    """Ranks are DGA's working figure: its own people see them; others only when show_ranks is set."""
    return actor is not None and (actor.role in DGA_ROLES or (show_ranks and actor.role in ROLES))
