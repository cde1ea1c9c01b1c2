"""The briefing deck: its slides, and that units outside the audience are never named."""

import json

import pytest

from dgcore import queries
from dgcore.access import Actor, scope_for
from dgcore.briefing import build_deck

PRESENTER = scope_for(Actor("p", "presenter"))


@pytest.fixture(scope="module")
def geo(demo_settings):
    return json.loads((demo_settings.data_dir / "geo" / "provinces.geojson").read_text(encoding="utf-8"))


def deck_text(deck) -> str:
    parts = []
    for s in deck.slides:
        parts += [s.title, s.subtitle, s.note, *s.bullets, *(f"{a} {b}" for a, b in s.metrics)]
        if s.figure is not None:
            parts.append(s.figure.to_json())
    return "\n".join(parts)


def chiang_mai_names(db):
    u = queries.province_units(db, PRESENTER, 2563, "50")
    return set(u["name_th"]) | set(u["name_en"]) | set(u["type_th"].dropna()) | set(u["type_en"].dropna())


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("audience", [None, "57"])
def test_units_outside_the_audience_are_never_named(demo_db, geo, lang, audience):
    deck = build_deck(
        demo_db,
        PRESENTER,
        2563,
        lang,
        queries.framework(demo_db, PRESENTER, 2563),
        geo,
        audience=audience,
        province="50",
    )
    text = deck_text(deck)
    leaked = [n for n in chiang_mai_names(demo_db) if n in text]
    assert leaked == [] and deck.named_units == set()
    assert [s.key for s in deck.slides] == [
        "title",
        "headline",
        "pillars",
        "maturity",
        "map",
        "province",
        "units",
        "actions",
    ]


def test_the_provinces_own_audience_sees_its_units_by_type(demo_db, geo):
    deck = build_deck(
        demo_db, PRESENTER, 2563, "en", queries.framework(demo_db, PRESENTER, 2563), geo, audience="50", province="50"
    )
    text = deck_text(deck)
    assert "Provincial Land Office" in text and "Briefing for Chiang Mai" in text
    assert len(deck.named_units) == 21


def test_headline_slide_reads_the_published_figures(demo_db, geo):
    deck = build_deck(demo_db, PRESENTER, 2563, "en", queries.framework(demo_db, PRESENTER, 2563), geo)
    head = deck.slides[1]
    assert any("1,850 of 1,926 responded (96.05%)" in b for b in head.bullets)
    assert ("Department-level agencies", "67.10 (+2.50 vs 2562)") in head.metrics
    assert len(deck.slides) == 5  # no province chosen: the national slides only
    assert "Demo data" in deck.slides[0].note


def test_a_2566_deck_works_with_cio_committees(demo_db, geo):
    deck = build_deck(demo_db, PRESENTER, 2566, "th", queries.framework(demo_db, PRESENTER, 2566), geo, audience="50")
    assert deck.slides[-1].key == "actions" and deck.named_units == {"CIO-50"}
