"""The briefing deck: one list of slides that the Briefing page shows and the PDF/PPTX exports print.

A slide holds what it says, not where it goes: a title, big numbers (metrics), a bar chart of at most
six rows (Bars), the map, a list of short items, or one sentence. dgcore.documents.deck lays every
slide out once on a 16:9 canvas; the page, the PDF and the PPTX draw that one layout.

Audience rule: with a national audience no unit is named; with one province's audience only that
province's own units are named. Everything else appears as aggregates (averages, counts per band).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import yaml

from dgcore import advice, charts, queries
from dgcore.access import Scope
from dgcore.db import ResultsDB
from dgcore.framework import Framework
from dgcore.report import previous_rows
from dgcore.text_safety import plain_html
from dgcore.texts import long_date, text
from dgcore.texts import name_in as _n

MAX_ROWS = 6  # rows of a chart or a list on one slide: more cannot be read in a 640 x 360 video tile
MIN_GROUP = 10  # a group with fewer responding units gets no chart of its own (two special local bodies)
ACCENT, ORANGE, GREY = "#0b3d91", "#b35900", "#333333"


@dataclass
class Bars:
    """Horizontal bars: one row per label, one bar per series in each row, an optional reference mark."""

    labels: list[str]
    series: list[tuple[str, list[float], str]]  # (name, values, colour)
    axis: str
    vmax: float = 100.0
    fmt: str = "{:.1f}"
    reference: tuple[str, list[float]] | None = None  # e.g. the national average, a mark across each row


@dataclass
class Item:
    """A line of a list: a bold head, optional text under it, an optional number at the right."""

    head: str
    text: str = ""
    value: str = ""
    mark: str = ""  # "1", "2", ... for steps; "" for none


@dataclass
class Slide:
    key: str
    title: str
    subtitle: str = ""
    metrics: list[tuple[str, ...]] = field(default_factory=list)  # (label, number[, detail such as the change])
    bars: Bars | None = None
    figure: go.Figure | None = None  # the map, drawn as an image
    alt: str = ""  # what the image shows, for screen readers
    items: list[Item] = field(default_factory=list)
    sentence: str = ""
    note: str = ""
    provisional: bool = False
    notes: str = ""  # what the presenter says: in the PPTX notes and on the setup page, never on screen


@dataclass
class Deck:
    year: int
    lang: str
    audience: str | None  # None: national; else a province code
    province: str | None  # the province the last slides are about
    slides: list[Slide]
    is_demo: bool
    named_units: set[str] = field(default_factory=set)  # agency ids whose names may appear


@dataclass(frozen=True)
class BriefingTexts:
    """data/briefing/: the survey's name and programme in words (provisional where marked), contacts."""

    survey: dict
    contacts: dict


def load_briefing_texts(folder: Path) -> BriefingTexts:
    """The briefing's data files (survey.yaml, contacts.yaml) from folder."""
    read = lambda name: yaml.safe_load((folder / name).read_text(encoding="utf-8"))
    return BriefingTexts(read("survey.yaml"), read("contacts.yaml"))


def _count(n: int, total: int, lang: str) -> str:
    """'12 จาก 21 หน่วยงาน'; never '1 จาก 1' (a province with one unit is said in words)."""
    if total <= 1:
        return text("below_peers_one", lang)
    return text("units_below", lang, n=n, total=total)


# -- opening ----------------------------------------------------------------------------------------


def _title_slide(t: BriefingTexts, year: int, lang: str, audience_name: str | None, when: dt.date, demo: bool) -> Slide:
    who = text("deck_for_province", lang, name=audience_name) if audience_name else text("deck_for_national", lang)
    return Slide(
        "title",
        t.survey[f"name_{lang}"],
        text("year", lang, be=year, ce=year - 543),
        items=[Item(who), Item(long_date(when, lang)), Item(t.survey[f"org_{lang}"])],
        note=text("demo", lang) if demo else "",
        notes=text("n_title", lang, be=year),
    )


def _agenda_slide(lang: str, province_name: str | None) -> Slide:
    parts = [text("a_about", lang), text("a_national", lang)]
    if province_name:
        parts.append(text("a_province", lang, name=province_name))
    parts.append(text("a_contacts", lang))
    return Slide(
        "agenda",
        text("s_agenda", lang),
        items=[Item(p, mark=str(i)) for i, p in enumerate(parts, 1)],
        notes=text("n_agenda", lang),
    )


def _about_slides(t: BriefingTexts, fw: Framework, rates: pd.DataFrame, kinds: pd.DataFrame, lang: str) -> list[Slide]:
    purpose = t.survey["purpose"]
    slides = [
        Slide(
            "about",
            text("s_about", lang),
            items=[Item(i[lang], mark="•") for i in purpose["items"]],
            provisional=bool(purpose.get("provisional")),
            notes=text("n_about", lang),
        ),
        _who_slide(rates, kinds, lang),
    ]
    pillars = list(fw.pillars)
    half = (len(pillars) + 1) // 2
    for part, chunk in enumerate((pillars[:half], pillars[half:]), 1):
        slides.append(
            Slide(
                f"framework_{part}",
                text("s_framework", lang, n=len(pillars), part=part),
                items=[Item(f"{p.code}. {_n(p, lang)}", _n(p, lang, "description")) for p in chunk],
                provisional=any(p.provisional for p in chunk),
                notes=text("n_framework", lang),
            )
        )
    return slides + _process_slides(t, lang)


def _who_slide(rates: pd.DataFrame, kinds: pd.DataFrame, lang: str) -> Slide:
    groups = rates[rates["kind"] != "total"]
    metrics = [(_n(kinds.loc[r.kind], lang), f"{int(r.targeted):,}") for r in groups.itertuples()]
    total = int(rates.loc[rates["kind"] == "total", "targeted"].iloc[0])
    return Slide(
        "who",
        text("s_who", lang),
        metrics=metrics,
        sentence=text("who_total", lang, n=total),
        notes=text("n_who", lang),
    )


def _process_slides(t: BriefingTexts, lang: str) -> list[Slide]:
    tl, how = t.survey["timeline"], t.survey["how_to_answer"]
    return [
        Slide(
            "timeline",
            text("s_timeline", lang),
            items=[Item(s[f"when_{lang}"], s[lang]) for s in tl["steps"][:MAX_ROWS]],
            provisional=bool(tl.get("provisional")),
            notes=text("n_timeline", lang),
        ),
        Slide(
            "how",
            text("s_how", lang),
            items=[Item(s[lang], mark=str(i)) for i, s in enumerate(how["steps"][:MAX_ROWS], 1)],
            provisional=bool(how.get("provisional")),
            notes=text("n_how", lang),
        ),
    ]


# -- national results -------------------------------------------------------------------------------


def _headline_slide(db: ResultsDB, scope: Scope, year: int, lang: str, kinds: pd.DataFrame) -> Slide:
    rates = queries.response_rates(db, scope, year).set_index("kind")
    trend = queries.headline_trend(db, scope)
    metrics = []
    for r in trend[trend["year"] == year].itertuples():
        prev = previous_rows(trend[trend["kind"] == r.kind], year)  # the group's previous published year
        delta = (
            text("vs_year", lang, delta=r.mean - prev["mean"].iloc[0], year=int(prev["year"].iloc[0]))
            if len(prev)
            else ""
        )
        metrics.append((_n(kinds.loc[r.kind], lang), f"{r.mean:.2f}", delta))
    tot = rates.loc["total"]
    sentence = text("responded_of", lang, responded=int(tot.responded), targeted=int(tot.targeted), rate=tot.rate)
    return Slide(
        "headline",
        text("s_headline", lang),
        metrics=metrics[:4],
        sentence=sentence,
        notes=text("n_headline", lang, sentence=sentence),
    )


def _big_groups(pm: pd.DataFrame) -> list[str]:
    """Groups with enough responding units for a chart, in the order the data gives them."""
    return [k for k, g in pm.groupby("kind", sort=False) if int(g["n"].max()) >= MIN_GROUP]


def _pillar_slides(
    db: ResultsDB, scope: Scope, year: int, lang: str, fw: Framework, kinds: pd.DataFrame
) -> list[Slide]:
    pm = queries.pillar_means(db, scope, year)
    slides = []
    for kind in _big_groups(pm):
        rows = pm[pm["kind"] == kind].set_index("pillar_code")
        codes = [p.code for p in fw.pillars if p.code in rows.index][:MAX_ROWS]
        group = _n(kinds.loc[kind], lang)
        bars = Bars(
            [f"{c}. {_n(fw.pillar(c), lang)}" for c in codes],
            [(group, [float(rows.loc[c, "mean"]) for c in codes], ACCENT)],
            text("axis_score", lang),
        )
        low = min(codes, key=lambda c: rows.loc[c, "mean"])
        slides.append(
            Slide(
                f"pillars_{kind}",
                text("s_pillars_group", lang, group=group),
                bars=bars,
                notes=text("n_pillars", lang, group=group, low=f"{low}. {_n(fw.pillar(low), lang)}"),
            )
        )
    return slides


def _maturity_slide(
    db: ResultsDB, scope: Scope, year: int, lang: str, fw: Framework, kinds: pd.DataFrame
) -> Slide | None:
    md = queries.maturity_distribution(db, scope, year)
    counts = md.groupby("kind")["n"].sum()
    big = [k for k in md["kind"].drop_duplicates() if counts[k] >= MIN_GROUP][:2]
    if not big:
        return None
    levels = [m for m in fw.maturity][:MAX_ROWS]
    series = []
    for kind, colour in zip(big, (ACCENT, ORANGE)):
        share = md[md["kind"] == kind].set_index("maturity")["n"] / counts[kind] * 100
        series.append(
            (_n(kinds.loc[kind], lang, "short"), [float(share.get(int(m.code), 0.0)) for m in levels], colour)
        )
    descriptions = " ".join(f"{m.code}. {_n(m, lang)}: {m.rule.get('description_' + lang, '')}" for m in levels)
    return Slide(
        "maturity",
        text("s_maturity", lang),
        bars=Bars([f"{m.code}. {_n(m, lang)}" for m in levels], series, text("axis_share", lang), fmt="{:.0f}%"),
        provisional=fw.rule_provisional("maturity"),
        # the bars leave no room for a footnote at a readable size: the presenter says what the tag means
        notes=" ".join(x for x in (text("n_maturity", lang), descriptions, _rule_note(fw, ("maturity",), lang)) if x),
    )


def _map_slide(db: ResultsDB, scope: Scope, year: int, lang: str, geojson: dict, ranks: bool) -> Slide:
    """The provinces on a map; the three highest and lowest named only where ranks may be shown (a
    list of the lowest is a ranking), else the spread of the scores in numbers, no province named."""
    s = queries.province_summary(db, scope, year).dropna(subset=["overall"])
    frame = s.assign(value=s["overall"], hover=[plain_html(_n(r, lang)) for r in s.itertuples()])
    best = s.sort_values("overall", ascending=False)
    top, low = best.head(3), best.tail(3).iloc[::-1]
    if ranks:
        items = [Item(f"▲ {_n(r, lang)}", value=f"{r.overall:.1f}") for r in top.itertuples()]
        items += [Item(f"▼ {_n(r, lang)}", value=f"{r.overall:.1f}") for r in low.itertuples()]
        notes = text("n_map", lang, top=_n(top.iloc[0], lang), low=_n(low.iloc[0], lang))
    else:
        spread = (("map_highest", s["overall"].max()), ("map_median", s["overall"].median()))
        items = [Item(text(k, lang), value=f"{v:.1f}") for k, v in (*spread, ("map_lowest", s["overall"].min()))]
        notes = text("n_map_unranked", lang)
    alt = text("map_alt", lang, n=len(s), lo=s["overall"].min(), hi=s["overall"].max())
    return Slide(
        "map",
        text("s_map", lang),
        figure=charts.fig_slide_map(geojson, frame),
        alt=alt + " " + "; ".join(f"{i.head} {i.value}" for i in items),
        items=items,
        notes=notes,
    )


# -- one province ----------------------------------------------------------------------------------


def _province_headline(summary: pd.DataFrame, code: str, lang: str, ranks: bool) -> Slide:
    row, name = summary.loc[code], _n(summary.loc[code], lang)
    n = int(summary["overall"].notna().sum())
    metrics = [(text("average", lang), f"{row['overall']:.2f}")]
    if ranks:  # the rank policy: a governor's deck shows it only when the setting allows
        metrics.append((text("rank", lang), text("rank_of", lang, rank=int(row["rank"]), n=n)))
    if row["change"] == row["change"]:
        metrics.append((text("change", lang), f"{row['change']:+.2f}"))
    rate = text("rate_line", lang, responded=int(row["responded"]), targeted=int(row["targeted"]))
    rate = rate if int(row["targeted"]) > 1 else ""  # never "1 of 1"
    return Slide(
        "province",
        text("s_province", lang, name=name),
        metrics=metrics,
        sentence=rate,
        notes=text("n_province", lang, name=name, rank=int(row["rank"]), n=n)
        if ranks
        else text("n_province_unranked", lang, name=name),
    )


def _province_pillars(db: ResultsDB, scope: Scope, year: int, lang: str, fw: Framework, code: str, name: str) -> Slide:
    pillars = queries.province_pillars(db, scope, year)
    own = pillars[pillars["code"] == code].set_index("pillar_code")["mean"]
    nat = pillars.groupby("pillar_code").apply(lambda g: (g["mean"] * g["n"]).sum() / g["n"].sum())
    codes = [p.code for p in fw.pillars if p.code in own.index][:MAX_ROWS]
    bars = Bars(
        [f"{c}. {_n(fw.pillar(c), lang)}" for c in codes],
        [(name, [float(own[c]) for c in codes], ACCENT)],
        text("axis_score", lang),
        reference=(text("national", lang), [float(nat[c]) for c in codes]),
    )
    gaps = {c: own[c] - nat[c] for c in codes}
    low = min(gaps, key=gaps.get)
    return Slide(
        "province_pillars",
        text("s_province_pillars", lang, name=name),
        bars=bars,
        notes=text("n_province_pillars", lang, name=name, low=f"{low}. {_n(fw.pillar(low), lang)}"),
    )


def _units_slides(units: pd.DataFrame, fw: Framework, lang: str, name: str, named: bool, ranks: bool) -> list[Slide]:
    """Units by band (counts, no names); for the province's own audience also its top and bottom units,
    only when ranks may be shown (a list of the lowest is a ranking). One unit (a CIO committee from
    2566) is said in a sentence, never drawn as a lone bar."""
    if len(units) <= 1:
        sentence = text("units_none", lang, name=name)
        if len(units) == 1:
            u = units.iloc[0]
            who = _n(u, lang) if named else text("units_one_anon", lang)
            sentence = text("units_one", lang, name=name, who=who, score=u["overall"])
        return [Slide("units", text("s_units_plain", lang, name=name), sentence=sentence, notes=sentence)]
    bands = list(fw.bands)[:MAX_ROWS]
    counts = [int(sum(1 for b in units["band"] if b == level.code)) for level in bands]
    slide = Slide(
        "units",
        text("s_units", lang, name=name),
        bars=Bars(
            [_n(b, lang) for b in bands],
            [(text("units_count", lang), [float(c) for c in counts], ACCENT)],
            text("axis_units", lang),
            vmax=float(max(counts)),
            fmt="{:.0f}",
        ),
        provisional=fw.rule_provisional("bands"),
        note=_rule_note(fw, ("bands",), lang),
        notes=text("n_units", lang, n=len(units), name=name),
    )
    if not (named and ranks) or len(units) < 4:
        return [slide]
    ranked = units.sort_values("overall", ascending=False)

    def label(r: pd.Series) -> str:
        return _n(r, lang, "type") or _n(r, lang)

    items = [Item(f"▲ {label(r)}", value=f"{r['overall']:.1f}") for _, r in ranked.head(3).iterrows()]
    items += [Item(f"▼ {label(r)}", value=f"{r['overall']:.1f}") for _, r in ranked.tail(3).iloc[::-1].iterrows()]
    top = Slide("units_top", text("s_units_top", lang, name=name), items=items, notes=text("n_units_top", lang))
    return [slide, top]


def _actions_slide(db: ResultsDB, scope: Scope, year: int, lang: str, fw: Framework, code: str, name: str) -> Slide:
    prof = queries.province_sub_profile(db, scope, year, code)
    prof = advice.common_actions(prof[prof["n_accelerate"] > 0])
    items = []
    ours = False  # an action written by this dashboard, not DGA (actions_provisional)
    for r in prof.itertuples():
        sub = fw.sub(r.sub_code)
        head = f"{r.sub_code} {_n(sub, lang)} · {_count(int(r.n_accelerate), int(r.n_units), lang)}"
        action = next(iter(advice.actions(fw, r.sub_code, lang)), "")
        ours = ours or (bool(action) and sub.actions_provisional)
        items.append(Item(head, action + (f" ({text('ours', lang)})" if action and sub.actions_provisional else "")))
    rules = ("classification",) if fw.has_classification else ()
    provisional = ours or any(fw.rule_provisional(r) for r in rules)
    slide = Slide(
        "actions",
        text("s_actions", lang, name=name),
        items=items,
        provisional=bool(items) and provisional,
        note=_rule_note(fw, rules, lang, ours) if items else "",
        notes=text("n_actions", lang),
    )
    if not items:
        slide.sentence = text("actions_none", lang, name=name)
    return slide


def _rule_note(fw: Framework, rules: tuple[str, ...], lang: str, ours: bool = False) -> str:
    """The footnote of a slide whose figures a provisional rule decides (or whose actions are this
    dashboard's, not DGA's): what the 'provisional' tag means there; "" when nothing is provisional."""
    names = [text(f"rule_{r}", lang) for r in rules if fw.rule_provisional(r)]
    parts = [text("provisional_rules", lang, rules=", ".join(names))] if names else []
    return " ".join(parts + ([text("provisional_actions", lang)] if ours else []))


def _province_slides(
    db: ResultsDB, scope: Scope, year: int, lang: str, fw: Framework, code: str, audience: str | None, ranks: bool
) -> tuple[list[Slide], set[str]]:
    summary = queries.province_summary(db, scope, year).set_index("code")
    name = _n(summary.loc[code], lang)
    units = queries.province_units(db, scope, year, code)
    units = units[units["overall"].notna()].reset_index(drop=True)
    named = code == audience
    slides = [
        _province_headline(summary, code, lang, ranks),
        _province_pillars(db, scope, year, lang, fw, code, name),
        *_units_slides(units, fw, lang, name, named, ranks),
        _actions_slide(db, scope, year, lang, fw, code, name),
    ]
    return slides, set(units["agency_id"]) if named else set()


def _closing_slide(t: BriefingTexts, lang: str) -> Slide:
    c = t.contacts
    items = [Item(p[f"name_{lang}"], f"{p['phone']} · {p['email']}") for p in c["contacts"][:3]]
    return Slide(
        "closing",
        text("s_closing", lang),
        items=items,
        note=text("contacts_demo", lang) if c.get("demo") else "",
        notes=text("n_closing", lang),
    )


def build_deck(
    db: ResultsDB,
    scope: Scope,
    year: int,
    lang: str,
    fw: Framework,
    geojson: dict,
    audience: str | None = None,
    province: str | None = None,
    when: dt.date | None = None,
    texts: BriefingTexts | None = None,
    show_ranks: bool = False,
) -> Deck:
    """The slides for a year, an audience (None: national; or a province code) and a province to show,
    dated `when` (default today): title, agenda, the survey, national results, the province, contacts.
    `texts` default to the configured data folder's briefing/ files. `show_ranks`: the rank policy's
    setting; a deck is shown to governors, whoever presents it, so only the setting decides."""
    if texts is None:
        from dgcore.config import load_settings

        texts = load_briefing_texts(load_settings({}).data_dir / "briefing")
    is_demo = queries.is_demo(queries.meta(db))
    kinds = queries.agency_kinds(db, scope).set_index("kind")
    names = queries.province_summary(db, scope, year).set_index("code")
    audience_name = _n(names.loc[audience], lang) if audience in names.index else None
    province = province or audience
    has_province = province in names.index and names.loc[province, "overall"] == names.loc[province, "overall"]
    rates = queries.response_rates(db, scope, year)
    slides = [
        _title_slide(texts, year, lang, audience_name, when or dt.date.today(), is_demo),
        _agenda_slide(lang, _n(names.loc[province], lang) if has_province else None),
        *_about_slides(texts, fw, rates, kinds, lang),
        _headline_slide(db, scope, year, lang, kinds),
        *_pillar_slides(db, scope, year, lang, fw, kinds),
        *([_maturity_slide(db, scope, year, lang, fw, kinds)] if fw.has_maturity else []),
        _map_slide(db, scope, year, lang, geojson, show_ranks),
    ]
    named: set[str] = set()
    if has_province:
        more, named = _province_slides(db, scope, year, lang, fw, province, audience, show_ranks)
        slides += more
    slides.append(_closing_slide(texts, lang))
    return Deck(
        year=year,
        lang=lang,
        audience=audience if audience_name else None,
        province=province if has_province else None,
        slides=[s for s in slides if s is not None],
        is_demo=is_demo,
        named_units=named,
    )
