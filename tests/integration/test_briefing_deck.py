"""The briefing deck: its slides, that units outside the audience are never named, and that every
slide is laid out for a 640 x 360 video tile (nothing outside the slide, no word cut, type >= 1/25
of its height, at most six rows, no lone bar)."""

import datetime as dt
import json
import re

import pytest

from dgcore import queries
from dgcore.access import Actor, scope_for
from dgcore.briefing import MAX_ROWS, build_deck
from dgcore.documents.deck import MIN_PT, SLIDE_H, SLIDE_W, ImageBox, Measure, RectBox, TextBox, slide_layout

PRESENTER = scope_for(Actor("p", "presenter"))


@pytest.fixture(scope="module")
def geo(demo_settings):
    return json.loads((demo_settings.data_dir / "geo" / "provinces.geojson").read_text(encoding="utf-8"))


def deck_text(deck) -> str:
    parts = []
    for s in deck.slides:
        parts += [s.title, s.subtitle, s.note, s.sentence, s.notes, s.alt]
        parts += [f"{i.head} {i.text} {i.value}" for i in s.items] + [" ".join(m) for m in s.metrics]
        if s.bars is not None:
            parts += s.bars.labels + [name for name, _, _ in s.bars.series]
        if s.figure is not None:
            parts.append(s.figure.to_json())
    return "\n".join(parts)


def chiang_mai_names(db):
    u = queries.province_units(db, PRESENTER, 2563, "50")
    return set(u["name_th"]) | set(u["name_en"]) | set(u["type_th"].dropna()) | set(u["type_en"].dropna())


def make(db, year, lang, geo, **kw):
    return build_deck(db, PRESENTER, year, lang, queries.framework(db, PRESENTER, year), geo, **kw)


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("audience", [None, "57"])
def test_units_outside_the_audience_are_never_named(demo_db, geo, lang, audience):
    deck = make(demo_db, 2563, lang, geo, audience=audience, province="50")
    text = deck_text(deck)
    leaked = [n for n in chiang_mai_names(demo_db) if n in text]
    assert leaked == [] and deck.named_units == set()
    keys = [s.key for s in deck.slides]
    assert keys[:9] == ["title", "agenda", "about", "who", "framework_1", "framework_2", "timeline", "how", "headline"]
    assert keys[-5:] == ["province", "province_pillars", "units", "actions", "closing"]


def test_the_provinces_own_audience_sees_its_units_by_type(demo_db, geo):
    deck = make(demo_db, 2563, "en", geo, audience="50", province="50", show_ranks=True)
    text = deck_text(deck)
    assert "Provincial" in text and "Briefing for Chiang Mai" in text
    assert len(deck.named_units) == 21
    top = next(s for s in deck.slides if s.key == "units_top")
    assert len(top.items) == 6 and all(i.value for i in top.items)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_without_ranks_the_deck_shows_no_rank_and_names_no_lowest_province(demo_db, geo, lang):
    """The rank policy (show_ranks off, the default): no rank tile, no top-and-bottom list of units, and
    the map slide gives the spread of the scores instead of naming the three highest and lowest."""
    summary = queries.province_summary(demo_db, PRESENTER, 2563).dropna(subset=["overall"])
    names = set(summary[f"name_{lang}"]) - {"Chiang Mai", "เชียงใหม่"}  # the audience's own name is its title
    ranked, plain = (make(demo_db, 2563, lang, geo, audience="50", show_ranks=r) for r in (True, False))
    by_key = {s.key: s for s in plain.slides}
    assert (
        "units_top" not in by_key
        and len(by_key["province"].metrics) == len(next(s for s in ranked.slides if s.key == "province").metrics) - 1
    )
    assert not re.search(r"\b[Rr]ank|อันดับ", deck_text(plain)) and re.search(r"\b[Rr]ank|อันดับ", deck_text(ranked))
    map_plain = by_key["map"]
    assert [i.value for i in map_plain.items] == [
        f"{v:.1f}" for v in (summary["overall"].max(), summary["overall"].median(), summary["overall"].min())
    ]
    said = " ".join(f"{i.head} {i.text}" for i in map_plain.items) + map_plain.notes + map_plain.alt
    assert not [n for n in names if n in said]  # the map image has no labels; its words name no province
    lowest = summary.sort_values("overall").iloc[0][f"name_{lang}"]
    assert lowest in " ".join(i.head for s in ranked.slides if s.key == "map" for i in s.items)


def test_headline_slide_reads_the_published_figures(demo_db, geo):
    deck = make(demo_db, 2563, "en", geo)
    head = next(s for s in deck.slides if s.key == "headline")
    assert head.sentence == "1,850 of 1,926 responded (96.05%)"
    assert ("Department-level agencies", "67.10", "+2.50 vs 2562") in head.metrics
    assert deck.slides[-1].key == "closing" and not any(s.key.startswith("province") for s in deck.slides)
    assert "Demo data" in deck.slides[0].note


def test_the_title_slide_names_the_survey_year_audience_date_and_dga(demo_db, geo):
    deck = make(demo_db, 2563, "th", geo, audience="50", when=dt.date(2020, 2, 14))
    title = deck.slides[0]
    assert title.title == "การสำรวจระดับความพร้อมการพัฒนารัฐบาลดิจิทัลของหน่วยงานภาครัฐ"
    assert title.subtitle == "ปี พ.ศ. 2563"
    assert [i.head for i in title.items] == [
        "การนำเสนอสำหรับจังหวัดเชียงใหม่",
        "14 กุมภาพันธ์ 2563",
        "สำนักงานพัฒนารัฐบาลดิจิทัล (องค์การมหาชน) (สพร.)",
    ]


def test_about_the_survey_comes_from_the_years_framework_and_says_what_is_provisional(demo_db, geo):
    fw = queries.framework(demo_db, PRESENTER, 2563)
    deck = make(demo_db, 2563, "en", geo)
    pillars = [i for s in deck.slides if s.key.startswith("framework") for i in s.items]
    assert [i.head for i in pillars] == [f"{p.code}. {p.name_en}" for p in fw.pillars]
    assert [i.text for i in pillars] == [p.description_en for p in fw.pillars]
    by_key = {s.key: s for s in deck.slides}
    assert by_key["timeline"].provisional and by_key["how"].provisional and by_key["about"].provisional
    assert by_key["framework_1"].provisional == any(p.provisional for p in fw.pillars[:3])
    who = by_key["who"]
    assert ("Department-level agencies", "315") in who.metrics and who.sentence == "1,926 government units in all"


def test_a_2566_deck_says_one_unit_in_a_sentence_never_a_lone_bar(demo_db, geo):
    deck = make(demo_db, 2566, "th", geo, audience="50")
    assert deck.slides[-2].key == "actions" and deck.named_units == {"CIO-50"}
    units = next(s for s in deck.slides if s.key == "units")
    assert units.bars is None and "คณะกรรมการ CIO จังหวัดเชียงใหม่" in units.sentence
    text = deck_text(deck)
    assert "1 จาก 1" not in text and "1 of 1" not in text
    other = make(demo_db, 2566, "en", geo, province="50")
    assert "CIO committee" not in next(s for s in other.slides if s.key == "units").sentence


def _ink(m, b) -> tuple[float, float, float, float]:
    """Where a text box's lines are actually drawn: (left, top, right, bottom) in mm."""
    w = max(m.raw(ln, b.size, b.bold) for ln in b.lines)
    left = b.x + {"L": 0.0, "C": (b.w - w) / 2, "R": b.w - w}[b.align]
    return left, b.y, left + w, b.y + b.h


def _overlaps(m, texts) -> list[tuple[str, str]]:
    inks = [(_ink(m, b), b.lines[0]) for b in texts]
    return [
        (p, q)
        for i, (a, p) in enumerate(inks)
        for b, q in inks[i + 1 :]
        if min(a[2], b[2]) - max(a[0], b[0]) > 0.3 and min(a[3], b[3]) - max(a[1], b[1]) > 0.3
    ]


def _inside(b) -> bool:
    return b.x >= -0.01 and b.y >= -0.01 and b.x + b.w <= SLIDE_W + 0.01 and b.y + b.h <= SLIDE_H - 10 + 0.01


@pytest.mark.parametrize("year", [2561, 2562, 2563, 2564, 2565, 2566])
def test_every_slide_of_every_year_fits_a_video_tile(demo_db, geo, year):
    """Both languages, the national deck and a province's own: boxes inside the slide (above the
    exports' footer), no two texts on top of each other, type >= 22 pt, no word cut, at most six rows,
    no lone bar."""
    m = Measure()
    for lang in ("th", "en"):
        for kw in ({}, {"audience": "50"}):
            deck = make(demo_db, year, lang, geo, **kw)
            for s in deck.slides:
                s.figure = None  # the map's picture is placed, not measured: checked in test_documents
                lay = slide_layout(m, s, lang)
                texts = [b for b in lay.boxes if isinstance(b, TextBox) and b.lines]
                assert all(_inside(b) for b in lay.boxes if isinstance(b, (TextBox, RectBox, ImageBox))), s.key
                assert min(b.size for b in texts) >= MIN_PT, (year, lang, s.key)
                assert lay.cut_words == [], (year, lang, s.key, lay.cut_words)
                assert _overlaps(m, texts) == [], (year, lang, s.key)
                if s.bars is not None:
                    assert 2 <= len(s.bars.labels) <= MAX_ROWS and len(s.bars.series) <= 2, s.key
                assert len(s.items) <= MAX_ROWS and len(s.metrics) <= 4
