"""The adversarial matrix: every actor x every page x every way to ask, as data.

How the cells are counted: a cell is one (actor, page, channel). ACTORS has 9 entries (eight demo
sign-ins and nobody), PAGES 8, CHANNELS 10, so the matrix has 9 x 8 x 10 = 720 cells. Each test that
checks a cell calls `record(actor, page, channel, outcome)` with outcome
- "open": the page is the actor's and the channel exists there: what may be seen is seen and
  nothing outside the actor's units is (scanned with tests/leaks.py);
- "refused": the page is not the actor's (or nobody is signed in): the refusal is asserted and
  nothing is shown;
- "absent": the page is the actor's but has no such channel (e.g. no audience setting on Overview):
  the attempt is asserted to be ignored (a forged parameter or value changes nothing and leaks nothing).
At the end of the run the terminal summary (tests/conftest.py) prints the cells checked, by outcome;
tests/e2e/test_adversarial_ws.py checks navigation, url, query, widget, download, what-if, cache and
audience for every actor and page over a real websocket (staff fill the shared cache first);
tests/integration/test_adversarial_documents.py the documents and the deck's audiences;
tests/app/test_shared_cache_apptest.py the cached loaders one by one; tests/app/test_rank_policy_apptest.py
the rank channel (with show_ranks off no page an agency opens shows a rank; staff still see it).
"""

from __future__ import annotations

from dgcore.access import Actor

ACTORS: dict[str, tuple[str, str | None] | None] = {  # name -> (role, scope) of a demo sign-in
    "agency D317": ("agency", "D317"),
    "agency P-LAND-50": ("agency", "P-LAND-50"),
    "agency L-BMA": ("agency", "L-BMA"),
    "province 50": ("province", "50"),
    "department D227": ("department", "D227"),
    "presenter": ("presenter", None),
    "staff": ("staff", None),
    "admin": ("admin", None),
    "signed out": None,
}
PAGES = ("overview", "my_agency", "provinces", "departments", "briefing", "methodology", "admin", "help")
CHANNELS = ("navigation", "url", "query", "widget", "download", "document", "what_if", "cache", "audience", "rank")

# docs/product.md's role table, written out again here on purpose (not imported from dgcore.access)
MAY_OPEN = {
    "agency": {"overview", "my_agency", "methodology", "help"},
    "province": {"overview", "my_agency", "provinces", "departments", "methodology", "help"},
    "department": {"overview", "my_agency", "provinces", "departments", "methodology", "help"},
    "presenter": {"overview", "briefing", "methodology", "help"},
    "staff": {"overview", "my_agency", "provinces", "departments", "briefing", "methodology", "help"},
    "admin": set(PAGES),
}

# which page has which channel (beyond navigation, url and query, which every page has)
PAGE_CHANNELS = {
    "overview": {"widget", "cache", "rank"},  # the sidebar's year and language; cached aggregates
    "my_agency": {"widget", "download", "document", "what_if", "cache", "rank"},
    "provinces": {"widget", "download", "document", "cache", "rank"},
    "departments": {"widget", "download", "document", "cache"},
    "briefing": {"widget", "document", "cache", "audience", "rank"},
    "methodology": {"widget", "cache", "rank"},
    "admin": {"widget", "download"},
    "help": {"widget", "rank"},  # the sidebar's year and language; contacts are reference data, the same for all
}

LEDGER: dict[tuple[str, str, str], str] = {}


def actor(name: str) -> Actor | None:
    spec = ACTORS[name]
    return None if spec is None else Actor(name, spec[0], spec[1])


def may_open(name: str, page: str) -> bool:
    spec = ACTORS[name]
    return spec is not None and page in MAY_OPEN[spec[0]]


def expected(name: str, page: str, channel: str) -> str:
    """What a cell must show: 'open', 'refused' or 'absent'."""
    if not may_open(name, page):
        return "refused"
    if channel in ("navigation", "url", "query") or channel in PAGE_CHANNELS[page]:
        return "open"
    return "absent"


def record(name: str, page: str, channel: str, outcome: str | None = None) -> None:
    """Mark a cell as checked; outcome defaults to the expected one (asserted by the caller)."""
    assert name in ACTORS and page in PAGES and channel in CHANNELS, (name, page, channel)
    LEDGER[(name, page, channel)] = outcome or expected(name, page, channel)


def summary() -> str:
    total = len(ACTORS) * len(PAGES) * len(CHANNELS)
    by = {k: sum(1 for v in LEDGER.values() if v == k) for k in ("open", "refused", "absent")}
    missing = sorted({c for c in CHANNELS} - {k[2] for k in LEDGER})
    line = (
        f"adversarial matrix: {len(LEDGER)} of {total} cells checked "
        f"({len(ACTORS)} actors x {len(PAGES)} pages x {len(CHANNELS)} channels): "
        f"{by['open']} open, {by['refused']} refused, {by['absent']} absent"
    )
    return line + (f"; channels not run: {', '.join(missing)}" if missing and LEDGER else "") + _unchecked()


def _unchecked() -> str:
    """The cells no test recorded, counted by channel and listed in full in test-artifacts/ (a run of part of
    the suite checks part of the matrix; the whole suite should leave none)."""
    left = [(a, p, c) for a in ACTORS for p in PAGES for c in CHANNELS if (a, p, c) not in LEDGER]
    if not left or not LEDGER:
        return ""
    from collections import Counter
    from pathlib import Path

    out = Path(__file__).resolve().parent.parent / "test-artifacts" / "matrix-unchecked.txt"
    out.parent.mkdir(exist_ok=True)
    out.write_text("".join(f"{a}\t{p}\t{c}\t{expected(a, p, c)}\n" for a, p, c in left), encoding="utf-8")
    by = ", ".join(f"{c} {n}" for c, n in Counter(c for _, _, c in left).most_common())
    return f"\nunchecked cells by channel: {by} (listed in test-artifacts/matrix-unchecked.txt)"
