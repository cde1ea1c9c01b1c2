"""The matrix's document and audience cells: every exported document (results letter, province and
department reports as PDF, the briefing deck as PDF and PowerPoint), made for every actor the way the
pages make them (the actor's scope, the page's own choice and a forced out-of-scope one), read back
and scanned for units outside what the actor, or the deck's audience, may see (tests/leaks.py), and
for ranks where the rank policy hides them (show_ranks off: agencies, provinces and departments see no
rank in any document, and no deck shows a rank or names the lowest provinces, whoever presents it).

Charts are turned into their plotly JSON instead of PNGs here (the labels and hover texts a chart
would draw are then scanned as text, and no browser is needed); tests/integration/test_documents.py
renders the real thing."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import subprocess
from pathlib import Path

import matrix
import pytest
from leaks import Scanner, allowed, province_units, public_labels, registry

from dgcore import documents, queries
from dgcore.access import Actor, may_see_ranks, scope_for
from dgcore.briefing import build_deck
from dgcore.documents import deck as documents_deck
from dgcore.documents import reports as documents_reports
from dgcore.report import agency_report

pytestmark = pytest.mark.slow
YEAR = 2563
STAFF = scope_for(Actor("s", "staff"))
PNG_1PX = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
PAGE_FILES = Path(__file__).resolve().parents[2] / "app_pages"
# a page's own choice for the actor, then choices forced from outside its scope
PROVINCES = ["50", "20", "XX"]
DEPTS = ["D227", "D229", "D317"]
FOREIGN_UNIT = {
    "agency D317": "P-LAND-50",
    "agency P-LAND-50": "D317",
    "agency L-BMA": "L-PTY",
    "province 50": "P-LAND-20",
    "department D227": "D317",
}


@pytest.fixture(scope="module")
def charts_as_text():
    """Every figure a document would draw, as JSON text; the PDF gets a one-pixel image instead."""
    drawn: list[str] = []

    def fake(fig, *args, **kwargs):
        drawn.append(fig.to_json())
        return PNG_1PX

    mp = pytest.MonkeyPatch()
    mp.setattr(documents_reports, "figure_png", fake)
    mp.setattr(documents_deck, "map_png", fake)  # the deck's one picture: its map, drawn without a browser
    yield drawn
    mp.undo()


@pytest.fixture(scope="module")
def world(demo_db, demo_settings):
    reg, public = registry(demo_db), public_labels(demo_db)
    geo = json.loads((demo_settings.data_dir / "geo" / "provinces.geojson").read_text(encoding="utf-8"))
    return reg, public, queries.framework(demo_db, STAFF, YEAR), geo


def pdf_text(data: bytes, tmp_path: Path) -> str:
    assert data[:5] == b"%PDF-"
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], check=True, capture_output=True, text=True).stdout


def pptx_text(data: bytes) -> str:
    from pptx import Presentation

    prs = Presentation(io.BytesIO(data))
    return "\n".join(sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame)


def read(data: bytes, drawn: list[str], tmp_path: Path) -> str:
    """What a reader of the document sees: its text, plus every chart's labels; clears `drawn`."""
    text = pdf_text(data, tmp_path) + "\n" + "\n".join(drawn)
    drawn.clear()
    return text


def leaks(scanner: Scanner, text: str) -> list[str]:
    # pdftotext puts a space after shaped SARA AM and may break lines inside a name: scan both forms
    return scanner.leaks(text) or scanner.leaks(text.replace("ำ ", "ำ").replace("\n", " "))


def test_the_scanner_finds_what_it_must(demo_db, world):
    """A positive control: a staff-only text scanned for an agency finds the other units."""
    reg, public, _, _ = world
    scanner = Scanner.build(reg, allowed(reg, Actor("a", "agency", "D317")), public)
    staff_text = " ".join(queries.province_units(demo_db, STAFF, YEAR, "50")["name_en"])
    assert len(scanner.leaks(staff_text)) >= 15 and scanner.leaks("Royal Thai Police, Bangkok") == []
    assert scanner.leaks("see P-LAND-57 and D001") == ["D001", "P-LAND-57"]


@pytest.mark.parametrize("name", [n for n in matrix.ACTORS])
def test_no_document_holds_a_unit_outside_the_scope(name, demo_db, world, charts_as_text, tmp_path):
    reg, public, fw, geo = world
    actor = matrix.actor(name)
    scope = matrix.scope(name)
    scanner = Scanner.build(reg, allowed(reg, actor), public, ranks=may_see_ranks(actor, False))
    for page in matrix.PAGES:
        if not matrix.may_open(name, page):
            # the page stops before any button (tests/e2e/test_adversarial_ws.py); and its scope alone
            # gives nobody signed out anything to print
            assert actor is None or not documents_offered_to(actor, page)
            if actor is None:
                assert agency_report(demo_db, scope, "D317", YEAR, fw) is None
            matrix.record(name, page, "document")
            continue
        texts = DOCUMENTS[page](demo_db, scope, actor, fw, geo, tmp_path, charts_as_text, name)
        for where, text in texts:
            assert not leaks(scanner, text), (name, page, where, leaks(scanner, text)[:8])
        if page in ("overview", "province_map", "methodology", "admin"):
            assert texts == [] and not page_offers_documents(page)
        matrix.record(name, page, "document")
        if texts:
            matrix.record(name, page, "rank")


def documents_offered_to(actor: Actor, page: str) -> bool:
    from dgcore.access import may_open

    return may_open(actor, page) and page_offers_documents(page)


def page_offers_documents(page: str) -> bool:
    source = (PAGE_FILES / f"{page}.py").read_text(encoding="utf-8")
    return any(f in source for f in ("letter_download", "province_download", "department_download", "deck_downloads"))


def letters(db, scope, actor, fw, geo, tmp_path, drawn, name):
    def in_scope(unit: str) -> bool:
        return not queries.agency_unit(db, scope, unit).empty

    own = (
        actor.scope_id
        if actor.scope_id and in_scope(actor.scope_id)
        else queries.unit_search(db, scope, "", None, 1)["agency_id"].iloc[0]
    )
    out = []
    for unit in (own, FOREIGN_UNIT.get(name, "NOPE-1")):
        rep = agency_report(db, scope, unit, YEAR, fw)
        if not in_scope(unit):
            assert rep is None, (name, unit)  # the page shows "not available" and offers no letter
            continue
        out.append(
            (f"letter {unit}", read(documents.letter_pdf(rep, fw, "th", dt.date(2021, 1, 1), True), drawn, tmp_path))
        )
    return out


def province_reports(db, scope, actor, fw, geo, tmp_path, drawn, name):
    ranks = may_see_ranks(actor, False)  # as the Provinces page asks for it, with show_ranks off
    return [
        (
            f"province {code}",
            read(documents.province_pdf(db, scope, YEAR, code, fw, "en", True, ranks), drawn, tmp_path),
        )
        for code in PROVINCES
    ]


def department_reports(db, scope, actor, fw, geo, tmp_path, drawn, name):
    # a department the report cannot show is named by the id asked for: the requester's own input, not data
    return [
        (
            f"department {d}",
            read(documents.department_pdf(db, scope, YEAR, d, fw, "th", True, geo), drawn, tmp_path).replace(d, "…"),
        )
        for d in DEPTS
    ]


def briefing_documents(db, scope, actor, fw, geo, tmp_path, drawn, name):
    """The deck for each audience is checked in test_the_deck_names_only_the_audiences_units."""
    return []


def nothing(*args):
    return []


DOCUMENTS = {
    "overview": nothing,
    "province_map": nothing,
    "methodology": nothing,
    "admin": nothing,
    "help": nothing,
    "my_agency": letters,
    "provinces": province_reports,
    "departments": department_reports,
    "briefing": briefing_documents,
}


AUDIENCES = [(None, "50"), ("50", "50"), ("20", "50"), ("XX", "50")]


@pytest.fixture(scope="module")
def decks(demo_db, world, charts_as_text, tmp_path_factory):
    """audience -> (deck, its PDF's text, its PowerPoint's text). Presenter, staff and admin have one
    and the same scope (asserted), and the deck's cache key is (scope, version, year, lang, audience,
    province), so one deck per audience is what each of them is served."""
    reg, public, fw, geo = world
    assert len({scope_for(matrix.actor(n)) for n in ("presenter", "staff", "admin")}) == 1
    scope, tmp, out = scope_for(matrix.actor("presenter")), tmp_path_factory.mktemp("decks"), {}
    for audience, province in AUDIENCES:
        deck = build_deck(
            demo_db, scope, YEAR, "en" if audience else "th", fw, geo, audience=audience, province=province
        )
        charts_as_text.clear()
        pdf = read(documents.deck_pdf(deck), charts_as_text, tmp)
        pptx = pptx_text(documents.deck_pptx(deck)) + "\n".join(charts_as_text)
        charts_as_text.clear()
        out[audience] = (deck, pdf, pptx)
    return out


@pytest.mark.parametrize("name", ["presenter", "staff", "admin"])
@pytest.mark.parametrize("audience", [a for a, _ in AUDIENCES])
def test_the_deck_names_only_the_audiences_units(name, audience, decks, world, demo_db):
    """Whoever presents, the audience decides what the deck, its PDF and its PowerPoint may name."""
    reg, public, _, _ = world
    may = province_units(reg, audience if audience in ("50", "20") else None)
    scanner = Scanner.build(reg, may, public, ranks=False)  # show_ranks is off: no rank for any audience
    deck, pdf, pptx = decks[audience]
    provinces = set(queries.province_summary(demo_db, STAFF, YEAR)[f"name_{deck.lang}"])
    map_slide = next(s for s in deck.slides if s.key == "map")
    assert not [i.head for i in map_slide.items if any(p in i.head for p in provinces)]  # no lowest named
    assert deck.named_units <= may and (deck.audience is None) == (audience not in ("50", "20"))
    on_screen = "\n".join(
        [
            s.title
            + s.subtitle
            + s.note
            + s.sentence
            + " ".join(f"{i.head} {i.text}" for i in s.items)
            + " ".join((s.bars.labels if s.bars else []) + [n for n, _, _ in (s.bars.series if s.bars else [])])
            + (s.figure.to_json() if s.figure else "")
            for s in deck.slides
        ]
    )
    for where, text in (("screen", on_screen), ("pdf", pdf), ("pptx", pptx)):
        assert not leaks(scanner, text), (name, audience, where, leaks(scanner, text)[:8])
    matrix.record(name, "briefing", "audience")
    matrix.record(name, "briefing", "document")
    matrix.record(name, "briefing", "rank")
