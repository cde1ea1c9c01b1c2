"""The adversarial matrix over a real `streamlit run`, spoken to as a hostile client would: Streamlit's
websocket protocol (bench/ws_client.py) with no browser in the way.

For every actor of tests/matrix.py, one websocket session signs in through the form and then, for
every page: reads the navigation it is offered, asks for the page by its URL, asks again with every
query parameter the pages read set to something outside the actor's scope, forces every picker on the
page to an out-of-scope or malformed value (values the UI never offers, sent as widget states), and
fetches every CSV/XLSX the page's download buttons hold. Everything the server sends (every
ForwardMsg, including dataframes, charts and the address bar) and every downloaded file is scanned
for units outside the actor's scope (tests/leaks.py), and, for an actor the rank policy hides ranks
from (show_ranks is off on this server), for any rank: the rank channel. The briefing's deck follows the
setting alone (it is shown to governors, whoever presents it), so its scan forbids ranks for everyone.
Cells are recorded in tests/matrix.py.
"""

from __future__ import annotations

import io
import json
import urllib.request
import zipfile

import matrix
import pytest
from leaks import Scanner, allowed, province_units, public_labels, registry
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from wshelpers import run

from bench.ws_client import StreamlitSession
from dgcore.access import ANONYMOUS, may_see_ranks

pytestmark = pytest.mark.e2e

BASE_QS = "lang=en&year=2563"
# every query parameter a page reads (ui/state.py, ui/widgets.py, app_pages/*), set out of scope
EVIL_QS = (
    BASE_QS + "&unit=D001&unit=P-LAND-20&province=20&dept=D229&ministry=MOF&audience=20"
    "&role=admin&scope=D001&agency_id=D001&page=admin"
)
# out-of-scope and malformed values forced into each picker (the wire value of a selectbox is its label)
FORCED = {
    "unit": ["P-LAND-20", "Royal Thai Police", "Provincial Land Office, Chon Buri"],
    "province": ["XX", "Bangkok"],
    "dept": ["D999", "x" * 300],
    "ministry": ["NOPE"],
    "audience": ["XX", "Chon Buri"],
    "deck_province": ["Chon Buri"],
    "year": ["9999", "BE 2400 (1857)"],
    "lang": ["xx"],
    "measure": ["overall; DROP TABLE agencies"],
    "rollback_target": ["../../etc/passwd"],
    "audit_who": ["\x00\x1b[31m' OR 1=1 --"],
    "acct_user": ["A" * 500],
}
# the public page's visitor (no account) asks in the same hostile ways, with a bad year and language too
PUBLIC_EVIL_QS = "lang=xx&year=2400&unit=D317&unit=P-LAND-50&province=50&dept=D227&audience=50&page=my_agency"
SIDEBAR = {"year", "lang"}  # on every page; forced once, on Overview
# the picker each open page must have offered to be forced (else the widget channel did not run)
OWN_PICKER = {
    "overview": "year",
    "province_map": "year",
    "my_agency": "unit",
    "provinces": "province",
    "departments": "dept",
    "briefing": "audience",
    "methodology": "year",
    "admin": "acct_user",
    "help": "year",
}


class Tap:
    """Wraps the websocket: every payload the server sends is kept for the scan."""

    def __init__(self, ws):
        self.ws, self.payloads = ws, []

    async def recv(self):
        data = await self.ws.recv()
        self.payloads.append(data)
        return data

    async def send(self, data):
        await self.ws.send(data)

    async def close(self):
        await self.ws.close()


def texts(payloads: list[bytes]) -> str:
    """Everything the server sent, as text, except the address bar it echoes: a parameter the client
    itself put there (?unit=D001) is not something the server revealed."""
    out = []
    for p in payloads:
        fm = ForwardMsg()
        fm.ParseFromString(p)
        if fm.WhichOneof("type") != "page_info_changed":
            out.append(p.decode("utf-8", "ignore"))
    return "\n".join(out)


def downloads(payloads: list[bytes]) -> list[tuple[str, str, str]]:
    """(label, url, deferred file id) of every download button the server sent: a url when the file
    exists already, a deferred id when it is made on click (the tables' CSV/XLSX, the documents)."""
    out = []
    for p in payloads:
        fm = ForwardMsg()
        fm.ParseFromString(p)
        if fm.WhichOneof("type") == "delta" and fm.delta.WhichOneof("type") == "new_element":
            el = fm.delta.new_element
            if el.WhichOneof("type") == "download_button":
                b = el.download_button
                if b.url or b.deferred_file_id:
                    out.append((b.label, b.url, b.deferred_file_id))
    return out


# Documents (letters, reports, decks) take seconds each to render; tests/integration/test_adversarial_documents.py
# makes and scans every one of them for every actor, so here they are not clicked.
DOCUMENT_LABELS = ("PDF", "PowerPoint")


def file_text(data: bytes) -> str:
    """A CSV's text, or every XML part of an XLSX (shared strings hold the cell text)."""
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "\n".join(z.read(n).decode("utf-8", "ignore") for n in z.namelist() if n.endswith(".xml"))
    return data.decode("utf-8-sig", "ignore")


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as r:
        return r.read()


def forced_state(widget, value: str) -> WidgetState:
    ws = WidgetState(id=widget.id)
    if widget.type == "multiselect":
        ws.string_array_value.data.extend([value])
    else:
        ws.string_value = value
    return ws


class Visit:
    """One actor's websocket session and what it has seen."""

    def __init__(self, app_url: str, scanner: Scanner, briefing_scanners: dict):
        self.http = app_url
        self.s = StreamlitSession(app_url.replace("http://", "ws://") + "/_stcore/stream")
        self.scanner, self.briefing = scanner, briefing_scanners
        self.files: list[tuple[str, str, str]] = []

    async def run(self, **kw):
        """One rerun; the files its download buttons hold are fetched at once (a later run of the
        session replaces them on the server) and kept in self.files as (label, text)."""
        start = len(self.s.ws.payloads)
        res = await self.s.rerun(**kw)
        payloads = self.s.ws.payloads[start:]
        for label, url, deferred in downloads(payloads):
            if deferred and any(d in label for d in DOCUMENT_LABELS):
                continue
            if deferred:  # clicked, as a browser would: the server makes the file now
                url = await self.s.deferred_file_url(deferred)
            self.files.append((label, url, file_text(fetch(self.http + url))))
        return res, payloads

    def scan(self, page: str, payloads: list[bytes], where: str, text: str | None = None) -> None:
        scanner = self.scanner
        if page == "briefing":  # the audience decides what the deck may name, whoever presents it
            audience = next((v for k, v in self.params() if k == "audience"), "")
            scanner = self.briefing.get(audience, self.briefing[""])
        found = scanner.leaks(texts(payloads) if text is None else text)
        assert not found, (where, found[:10])

    def params(self):
        from urllib.parse import parse_qsl

        return parse_qsl(self.s.query_string)


async def visit_actor(name: str, app_url: str, creds, scanner: Scanner, briefing_scanners: dict) -> None:
    v = Visit(app_url, scanner, briefing_scanners)
    await v.s.connect()
    v.s.ws = Tap(v.s.ws)
    try:
        if matrix.actor(name) == ANONYMOUS:
            await public_visitor(v, name)
        elif creds is None:
            await signed_out(v, name)
        else:
            await v.s.sign_in(*creds, query_string=BASE_QS)
            await signed_in(v, name)
    finally:
        await v.s.close()


async def signed_out(v: Visit, name: str) -> None:
    """Nobody signed in: every page, URL, parameter and forced value gets the sign-in form only."""
    for page in matrix.PAGES:
        for qs in (BASE_QS, EVIL_QS):
            res, payloads = await v.run(page_name=page, query_string=qs)
            assert not res.exceptions and v.s.widget("login_username") is not None, page
            assert not v.s.pages and not {"plotly_chart", "arrow_data_frame", "metric"} & set(res.elements), page
            assert not downloads(payloads)
            v.scan("overview", payloads, f"{name} {page}")  # signed out: ranks are forbidden too
        for channel in matrix.CHANNELS:
            matrix.record(name, page, channel, "refused")


async def public_visitor(v: Visit, name: str) -> None:
    """The public page on (a second server): no sign-in; the navigation offers the public pages only,
    each open page shows aggregates and no unit, whatever the address bar, the pickers or a hand-made
    widget state say; every other page answers with the sign-in form and nothing else. (This server's
    cache is not warmed by staff: the public scope's own cache keys are checked after staff's in
    tests/app/test_shared_cache_apptest.py and tests/integration/test_made_views.py.)"""
    res, _ = await v.run(page_name="", query_string=BASE_QS)
    assert res.ok and v.s.widget("login_username") is None and v.s.widget("public_sign_in") is not None
    offered = {("overview" if p == "" else p) for p in v.s.pages}
    assert offered == matrix.MAY_OPEN["public"], offered
    for page in matrix.PAGES:
        matrix.record(name, page, "navigation")
        if matrix.may_open(name, page):
            await page_channels(v, name, page)
            res, payloads = await v.run(page_name="" if page == "overview" else page, query_string=PUBLIC_EVIL_QS)
            check_run(v, name, page, res, payloads, True, "bad year and language")
            res, payloads = await v.run(widget_states=[forced_state(ghost_unit_picker(v), "Royal Thai Police")])
            assert not res.exceptions and "unit" not in {w.key for w in v.s.widgets.values()}
            v.scan(page, payloads, f"{name} {page} a hand-made unit picker")
            continue
        for qs in (BASE_QS, EVIL_QS, PUBLIC_EVIL_QS):  # a unit's /my_agency link: the sign-in form
            res, payloads = await v.run(page_name=page, query_string=qs)
            assert not res.exceptions and v.s.widget("login_username") is not None, (page, qs)
            assert not {"plotly_chart", "arrow_data_frame", "metric"} & set(res.elements), (page, qs)
            assert not downloads(payloads)
            v.scan("overview", payloads, f"{name} {page} {qs}")
        for channel in matrix.CHANNELS:
            if channel != "navigation":
                matrix.record(name, page, channel, "refused")


async def signed_in(v: Visit, name: str) -> None:
    role = matrix.ACTORS[name][0]
    offered = {("overview" if p == "" else p) for p in v.s.pages}
    assert offered == matrix.MAY_OPEN[role], (name, offered)
    await v.run(page_name="", query_string=BASE_QS)  # the session's landing (an agency's is My agency), taken once
    for page in matrix.PAGES:
        assert (page in offered) == matrix.may_open(name, page)
        matrix.record(name, page, "navigation")
        await page_channels(v, name, page)


async def page_channels(v: Visit, name: str, page: str) -> None:
    ok = matrix.may_open(name, page)
    path = "" if page == "overview" else page  # the first page lives at /
    v.files = []
    res, seen = await v.run(page_name=path, query_string=BASE_QS)  # the address bar: /page
    check_run(v, name, page, res, seen, ok, "url")
    matrix.record(name, page, "url")
    res, more = await v.run(page_name=path, query_string=EVIL_QS)  # the address bar with parameters
    check_run(v, name, page, res, more, ok, "query")
    matrix.record(name, page, "query")
    v.s.query_string = BASE_QS
    await force_widgets(v, name, page, ok)
    if ok and page == "my_agency":
        await force_what_if(v, name)
    elif "what_if" in {w.key for w in v.s.widgets.values()}:
        raise AssertionError((name, page, "a what-if outside My agency"))
    else:
        matrix.record(name, page, "what_if")
    matrix.record(name, page, "cache")  # the module's staff visit warmed the same loaders first
    matrix.record(name, page, "audience")  # ?audience=20 was among the parameters; the briefing was scanned for it
    matrix.record(name, page, "widget")
    check_downloads(v, name, page, ok)
    matrix.record(name, page, "rank")  # every scan above looked for ranks where the policy hides them


def check_run(v: Visit, name: str, page: str, res, payloads, ok: bool, where: str) -> None:
    assert not res.exceptions, (name, page, where, res.exceptions)
    current = "overview" if v.s.page_name == "" else v.s.page_name
    if ok:
        assert current == page and not res.page_not_found, (name, page, where, current)
        assert "You do not have access" not in texts(payloads)
    else:  # a page outside the menu is not served: Streamlit answers page_not_found and runs the first page
        assert res.page_not_found and current != page, (name, page, where, current)
    v.scan(page if ok else current, payloads, f"{name} {page} {where}")


async def force_widgets(v: Visit, name: str, page: str, ok: bool) -> None:
    """Send every picker on the page values the UI would never offer it."""
    offered = {w.key for w in v.s.widgets.values()}
    if ok and page == "my_agency" and matrix.ACTORS[name][0] == "agency":
        assert "unit" not in offered, (name, offered)  # one unit: no picker at all; forced below anyway
        offered.add("unit")
    elif ok:
        assert OWN_PICKER[page] in offered, (name, page, offered)
    else:  # the refused page never ran: none of its own pickers reached the client
        assert OWN_PICKER[page] in SIDEBAR or OWN_PICKER[page] not in offered, (name, page, offered)
    keys = [k for k in offered if k in FORCED and (page == "overview" or k not in SIDEBAR)]
    for key in keys:
        for value in FORCED[key]:
            w = v.s.widget(key) or (ghost_unit_picker(v) if key == "unit" else None)
            if w is None or w.type not in ("selectbox", "radio", "text_input", "segmented_control", "multiselect"):
                break
            res, payloads = await v.run(widget_states=[forced_state(w, value)])
            assert not res.exceptions, (name, page, key, value, res.exceptions)
            v.scan(page if ok else "overview", payloads, f"{name} {page} {key}={value!r}")


def ghost_unit_picker(v: Visit):
    """The unit picker an agency is never shown: a widget state sent for a made-up id with its key
    must change nothing (tests/app/test_adversarial_apptest.py forces the key's session value too)."""
    from bench.ws_client import Widget

    return Widget(id="$$ID-" + "0" * 32 + "-unit", type="selectbox")


WHAT_IF_EDITS = json.dumps(
    {  # a disabled column rewritten, values out of range, NaN and infinity, rows added and deleted
        "edited_rows": {
            "0": {"code": "D001", "New score": 1e308},
            "1": {"New score": -50},
            "2": {"New score": "NaN"},
            "5": {"New score": "inf"},
            "3": {"Current score": 100, "Sub-indicator": "<script>alert(1)</script>"},
            "99": {"New score": 100},
            "6": {"No such column": 1},
        },
        "added_rows": [{"code": "9.9", "New score": 100}, {"code": "2.2' OR 1=1", "New score": 100}],
        "deleted_rows": [4],
    }
)


async def force_what_if(v: Visit, name: str) -> None:
    """The what-if table accepts edits only to its own new scores, clipped to 0-100; whatever a
    client sends, the page answers with this unit's figures only and no error."""
    switch = v.s.widget("what_if_open")
    if switch is None:  # a unit that did not respond has no what-if
        matrix.record(name, "my_agency", "what_if", "absent")
        return
    opened = WidgetState(id=switch.id)  # the table is built only once opened, as a browser's click does
    opened.bool_value = True
    res, _ = await v.run(widget_states=[opened])
    assert not res.exceptions, (name, res.exceptions)
    w = v.s.widget("what_if")
    assert w is not None, (name, "the opened what-if has no table")
    state = WidgetState(id=w.id)
    state.string_value = WHAT_IF_EDITS
    res, payloads = await v.run(widget_states=[opened, state])
    assert not res.exceptions, (name, res.exceptions)
    text = texts(payloads)
    assert (
        "New overall score" in text or "คะแนนภาพรวมใหม่" in text
    ) and "<script>alert(1)</script>" not in text.replace("\\u003c", "<")
    v.scan("my_agency", payloads, f"{name} what-if")
    matrix.record(name, "my_agency", "what_if")


def check_downloads(v: Visit, name: str, page: str, ok: bool) -> None:
    """Every CSV/XLSX the page offered during its runs, read back and scanned."""
    files, v.files = v.files, []
    for label, url, text in files:
        v.scan(page if ok else "overview", [], f"{name} {page} download {label} {url}", text)
    if page in ("provinces", "departments", "admin") and ok:
        assert files, (name, page)  # the page's tables were offered as files, and were read
    matrix.record(name, page, "download")


@pytest.fixture(scope="module")
def scanners(demo_db):
    reg, public = registry(demo_db), public_labels(demo_db)
    briefing = {  # show_ranks is off: no deck shows a rank or names the lowest provinces, whoever presents it
        "": Scanner.build(reg, set(), public, ranks=False),
        "20": Scanner.build(reg, province_units(reg, "20"), public, ranks=False),
        "50": Scanner.build(reg, province_units(reg, "50"), public, ranks=False),
    }
    rank_free = Scanner.build(reg, set(), public, ranks=False)
    assert rank_free.leaks("Rank 3 / 76") == ["rank: Rank"] and rank_free.leaks("อันดับ 3 จาก 76") == ["rank: อันดับ"]
    return reg, public, briefing


@pytest.fixture(scope="module")
def warmed(app_url, demo_accounts, scanners):
    """Staff open every page first, with and without the hostile parameters, so every cached loader
    the other actors ask next already holds staff's answer for the same arguments but staff's scope:
    an actor is served only its own entry if (and only if) the scope is part of every cache key."""

    async def visit():
        rows = demo_accounts[demo_accounts["role"] == "staff"]
        s = StreamlitSession(app_url.replace("http://", "ws://") + "/_stcore/stream")
        async with s:
            await s.sign_in(rows.iloc[0]["username"], rows.iloc[0]["password"], query_string=BASE_QS)
            for page in matrix.MAY_OPEN["staff"]:
                for qs in (BASE_QS, EVIL_QS):
                    assert (await s.rerun(page_name="" if page == "overview" else page, query_string=qs)).ok

    run(visit())


@pytest.fixture(scope="module")
def public_app_url(demo_settings, tmp_path_factory):
    """A second server on the same data with the public page on (the session's app has it off)."""
    from conftest import serve

    yield from serve(demo_settings.data_dir, demo_settings.results_dir, tmp_path_factory, DGR_PUBLIC_OVERVIEW="true")


@pytest.mark.parametrize("name", list(matrix.ACTORS))
def test_no_page_url_parameter_forced_widget_or_download_shows_a_unit_outside_the_scope(
    name, app_url, demo_accounts, scanners, warmed, request
):
    reg, public, briefing = scanners
    spec = matrix.ACTORS[name]
    creds = None
    if matrix.actor(name) == ANONYMOUS:
        app_url = request.getfixturevalue("public_app_url")
    elif spec is not None:
        rows = demo_accounts[
            (demo_accounts["role"] == spec[0]) & ((demo_accounts["scope"] == spec[1]) if spec[1] else True)
        ]
        creds = (rows.iloc[0]["username"], rows.iloc[0]["password"])
    who = matrix.actor(name)
    scanner = Scanner.build(reg, allowed(reg, who), public, ranks=may_see_ranks(who, False))
    run(visit_actor(name, app_url, creds, scanner, briefing))
