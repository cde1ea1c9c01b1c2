"""The results letter: DGA's external letter (หนังสือภายนอก) to one surveyed unit, laid out as the Thai
official-correspondence rules set it (ที่, ส่วนราชการ, วันที่, เรื่อง, เรียน, อ้างถึง, สิ่งที่ส่งมาด้วย, body,
closing, signature, ส่วนราชการเจ้าของเรื่อง), then its two enclosures: the unit's results, and DGA's
advice on every listed sub-indicator. Names, numbers and contacts come from the letter settings file
and the registry (dgcore.letters); official terms from the glossary; the English letter has the same
structure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from dgcore import advice
from dgcore.documents.pdf import ACCENT, MUTED, WARN, Column, DocPDF
from dgcore.documents.text import doc_text, provisional_note
from dgcore.framework import Framework
from dgcore.glossary import group_name, term
from dgcore.letters import HeadTitles, LetterSettings, thai_digits
from dgcore.report import AgencyReport
from dgcore.texts import long_date

BODY = 12.0  # pt; Sarabun at 12 pt matches TH Sarabun at 16 pt, the size of Thai official letters
INDENT = 25.0  # mm; the first line of a paragraph (Thai official letters: 2.5 cm)
LABEL_W = 24.0  # mm; เรื่อง / เรียน / สิ่งที่ส่งมาด้วย
OWN, PEER, MINISTRY = (11, 61, 145), (217, 111, 0), (122, 122, 122)


@dataclass(frozen=True)
class LetterContext:
    """What a letter needs beyond the unit's report: settings, heads, its place in the run, credentials."""

    settings: LetterSettings
    heads: HeadTitles = field(default_factory=HeadTitles)
    position: int = 0
    credentials: tuple[str, str] | None = None
    is_demo: bool = False
    show_ranks: bool = False  # the app's setting: a letter goes to an agency, so no rank unless it is on


class _Words:
    """Numbers, dates and texts in the letter's language; Thai digits when the settings ask."""

    def __init__(self, lang: str, settings: LetterSettings) -> None:
        self.lang, self.thai = lang, lang == "th" and settings.thai_numerals

    def num(self, value: object, spec: str = "") -> str:
        s = format(value, spec) if spec else str(value)
        return thai_digits(s) if self.thai else s

    def t(self, key: str, **kw: Any) -> str:
        return doc_text(key, self.lang, **kw)

    def date(self, d: dt.date) -> str:
        return self.num(long_date(d, self.lang))


def _provisional_note(w: _Words, fw: Framework) -> str:
    return provisional_note(fw, w.lang)


def _name(obj: Any, lang: str, field_: str = "name") -> str:
    value = obj.get(f"{field_}_{lang}") if isinstance(obj, dict) else getattr(obj, f"{field_}_{lang}", "")
    return "" if value is None or value != value else str(value)


def _rate(w: _Words, responded: int, targeted: int) -> str:
    return w.num(100 * responded / targeted if targeted else 0.0, ".1f")


# -- the letter's first page(s) --------------------------------------------------------------------


def _head(pdf: DocPDF, w: _Words, rep: AgencyReport, ctx: LetterContext, issued: dt.date) -> None:
    s, lang = ctx.settings, w.lang
    y = pdf.get_y()
    pdf.para(w.t("l_number", number=w.num(s.number(rep.year, ctx.position, lang))), BODY, after=0)
    end = pdf.get_y()
    pdf.set_y(y)
    block_x = (pdf.w - pdf.l_margin - pdf.r_margin) * 0.5
    for line in [s.text("issuer", "name", lang), *s.lines("issuer", "address", lang)]:
        pdf.para(w.num(line), BODY, indent=block_x, after=0)
    pdf.set_y(max(end, pdf.get_y()) + 3)
    pdf.para(w.date(issued), BODY, indent=(pdf.w - pdf.l_margin - pdf.r_margin) * 0.45, after=3)
    unit = _name(rep.unit, lang)
    pdf.labelled(w.t("l_subject_label"), w.t("l_subject", be=w.num(rep.year), ce=w.num(rep.year - 543)), BODY, LABEL_W)
    pdf.labelled(w.t("l_to_label"), ctx.heads.title(rep.unit, lang, s), BODY, LABEL_W)
    reference = str(s.year(rep.year).get(f"reference_{lang}") or "")
    if reference:
        pdf.labelled(w.t("l_ref_label"), w.num(reference), BODY, LABEL_W)
    be = w.num(rep.year)
    pdf.labelled(w.t("l_encl_label"), w.t("l_encl_1", i=w.num(1), unit=unit, be=be), BODY, LABEL_W, after=0)
    pdf.para(w.t("l_encl_2", i=w.num(2), unit=unit), BODY, indent=LABEL_W, after=3)


def _groups_sentence(w: _Words, rep: AgencyReport) -> tuple[str, int, int]:
    parts, targeted, responded = [], 0, 0
    part = rep.participation
    rows = [] if part is None else [g for g in part.itertuples() if g.kind != "total"]
    for i, g in enumerate(rows, start=1):
        t, r = int(g.targeted), int(g.responded)
        targeted, responded = targeted + t, responded + r
        parts.append(
            w.t(
                "l_group",
                i=w.num(i),
                group=group_name(g.kind, w.lang),
                targeted=w.num(t, ","),
                responded=w.num(r, ","),
                rate=_rate(w, r, t),
            )
        )
    joined = w.t("l_sep").join(parts[:-1]) + (w.t("l_and") if len(parts) > 1 else "") + (parts[-1] if parts else "")
    return joined, targeted, responded


def _body(pdf: DocPDF, w: _Words, rep: AgencyReport, fw: Framework, ctx: LetterContext) -> None:
    be, ce = w.num(rep.year), w.num(rep.year - 543)
    groups, targeted, responded = _groups_sentence(w, rep)
    context = w.t(
        "l_context",
        be=be,
        ce=ce,
        targeted=w.num(targeted, ","),
        responded=w.num(responded, ","),
        rate=_rate(w, responded, targeted),
        groups=groups,
    )
    pdf.para_indented(context, BODY, INDENT)
    group = group_name(rep.kind, w.lang)
    pdf.para_indented(
        w.t("l_thanks", be=be, ce=ce, full=w.num(100), group=group, n=w.num(rep.peers, ",")), BODY, INDENT
    )
    pdf.para_indented(_result_sentence(w, rep, fw, group), BODY, INDENT)
    _dashboard(pdf, w, ctx)
    contacts = [
        w.t("l_contact_one", name=_name(c, w.lang), telephone=w.num(c.get(f"telephone_{w.lang}", "")))
        for c in ctx.settings.get("contacts") or []
    ]
    email = str(ctx.settings.get("contact_email") or "")
    pdf.para_indented(w.t("l_contact", contacts=w.t("l_and").join(contacts), email=email), BODY, INDENT)
    pdf.para_indented(w.t("l_closing_line"), BODY, INDENT, after=4)


def _dashboard(pdf: DocPDF, w: _Words, ctx: LetterContext) -> None:
    url = str(ctx.settings.get("dashboard_url") or "")
    login = (
        w.t("l_credentials", username=ctx.credentials[0], password=ctx.credentials[1])
        if ctx.credentials
        else w.t("l_no_credentials")
    )
    pdf.para_indented(w.t("l_dashboard", url=url) + login, BODY, INDENT)


def _result_sentence(w: _Words, rep: AgencyReport, fw: Framework, group: str) -> str:
    counts = rep.subs["group"].value_counts()
    ministry = ""
    if rep.ministry_overall is not None:
        ministry = w.t(
            "l_ministry", ministry=_name(rep.unit, w.lang, "ministry"), mean=w.num(rep.ministry_overall, ".2f")
        )
    return w.t(
        "l_result" if fw.has_classification else "l_result_plain",  # no classification rule: no group counts
        unit=_name(rep.unit, w.lang),
        overall=w.num(rep.overall, ".2f"),
        group=group,
        peer=w.num(rep.peer_overall, ".2f"),
        ministry=ministry,
        a=w.num(int(counts.get("outstanding", 0))),
        b=w.num(int(counts.get("fairly_outstanding", 0))),
        c=w.num(int(counts.get("accelerate", 0))),
    )


def _closing(pdf: DocPDF, w: _Words, ctx: LetterContext) -> None:
    s, lang = ctx.settings, w.lang
    centre = (pdf.w - pdf.l_margin - pdf.r_margin) * 0.45
    title = s.lines("signatory", "title", lang)
    if pdf.will_page_break(pdf.line_height(BODY) * (6 + len(title)) + 30):
        pdf.add_page()
    pdf.para(w.t("l_regards"), BODY, indent=centre, width=88, align="C", after=14)
    pdf.para(f"({s.text('signatory', 'name', lang)})", BODY, indent=centre, width=88, align="C", after=0)
    for line in title:
        pdf.para(line, BODY, indent=centre, width=88, align="C", after=0)
    pdf.ln(8)
    owner = s.get("owner") or {}
    for line in s.lines("owner", "lines", lang):
        pdf.para(line, BODY, after=0)
    for key, value in (("l_tel", owner.get(f"telephone_{lang}")), ("l_fax", owner.get("fax"))):
        if value:
            pdf.para(w.t(key, v=w.num(value)), BODY, after=0)
    if owner.get("email"):
        pdf.para(w.t("l_email", v=owner["email"]), BODY, after=0)


# -- enclosure 1: the results -----------------------------------------------------------------------


def _level_name(levels: tuple, code: object, lang: str) -> str:
    lv = next((x for x in levels if str(x.code) == str(code)), None)
    return "–" if lv is None else _name(lv, lang)


def _enclosure_head(pdf: DocPDF, w: _Words, i: int, title: str) -> None:
    pdf.add_page()
    pdf.para(w.t("l_encl_head", i=w.num(i)), 10.5, color=MUTED, align="R", after=1)
    pdf.para(title, 14, bold=True, color=ACCENT, after=2)


def _results(pdf: DocPDF, w: _Words, rep: AgencyReport, fw: Framework, ctx: LetterContext) -> None:
    lang = w.lang
    tag = {r: f" ({w.t('provisional_tag')}*)" if fw.rule_provisional(r) else "" for r in ("bands", "maturity")}
    _enclosure_head(pdf, w, 1, w.t("l_results_title", be=w.num(rep.year), ce=w.num(rep.year - 543)))
    pdf.para(_name(rep.unit, lang), 13, bold=True, after=2)
    delta = rep.overall - rep.peer_overall
    side = ("สูงกว่า" if delta >= 0 else "ต่ำกว่า") if lang == "th" else ("above" if delta >= 0 else "below")
    boxes = [
        (w.t("overall"), w.num(rep.overall, ".2f"), w.t("unit_vs_peer", side=side, delta=w.num(abs(delta), ".2f"))),
        (f"{w.t('group_average')} ({group_name(rep.kind, lang)})", w.num(rep.peer_overall, ".2f"), ""),
    ]
    if rep.ministry_overall is not None:
        boxes.append((w.t("ministry_average"), w.num(rep.ministry_overall, ".2f"), _name(rep.unit, lang, "ministry")))
    boxes.append((w.t("band") + tag["bands"], _level_name(fw.bands, rep.band, lang), ""))
    if fw.has_maturity:  # a framework without a maturity rule: no box at all
        boxes.append(
            (w.t("maturity") + tag["maturity"], w.num(rep.maturity), _level_name(fw.maturity, rep.maturity, lang))
        )
    if ctx.show_ranks and rep.rank is not None:
        boxes.append((w.t("rank_shown"), w.t("rank_of", rank=rep.rank, n=rep.peers), ""))
    pdf.metric_boxes(boxes, value_size=18)
    _pillar_chart(pdf, w, rep, fw)
    _sub_table(pdf, w, rep, fw)


def _pillar_chart(pdf: DocPDF, w: _Words, rep: AgencyReport, fw: Framework) -> None:
    lang = w.lang
    pdf.heading(w.t("pillars_vs"), 12.5, keep=90)
    p = rep.pillars.set_index("pillar_code")
    codes = [x.code for x in fw.pillars if x.code in p.index]
    series = [
        (w.t("this_unit"), OWN, [float(p.loc[c, "score"]) for c in codes]),
        (f"{w.t('group_average')} ({group_name(rep.kind, lang)})", PEER, [float(p.loc[c, "peer_mean"]) for c in codes]),
    ]
    pdf.hbars([f"{w.num(c)}. {_name(fw.pillar(c), lang)}" for c in codes], series, fmt=lambda v: w.num(v, ".1f"))


def _sub_table(pdf: DocPDF, w: _Words, rep: AgencyReport, fw: Framework) -> None:
    lang = w.lang
    grouped = fw.has_classification  # without a classification rule: scores only, no group column
    pdf.heading(w.t("three_groups") if grouped else w.t("sub_scores"), 12.5, keep=40)
    names = {g.code: _name(g, lang) for g in fw.groups}
    cols = [
        Column(w.t("code"), 14),
        Column(w.t("sub_indicator"), 77 if grouped else 106),
        Column(w.t("score"), 18, "R"),
        Column(w.t("group_average"), 22, "R"),
        *([Column(f"{w.t('three_groups_short')}*", 29)] if grouped else []),
    ]
    rows = [
        [
            w.num(r.sub_code),
            _name(fw.sub(r.sub_code), lang),
            w.num(r.score, ".2f"),
            w.num(r.peer_mean, ".2f"),
            *([names[r.group]] if grouped else []),
        ]
        for r in rep.subs.itertuples()
    ]
    pdf.table(cols, rows, size=9.5)
    pdf.para(_provisional_note(w, fw), 9, color=MUTED)


# -- enclosure 2: advice on every listed sub-indicator ----------------------------------------------


def _advice(pdf: DocPDF, w: _Words, rep: AgencyReport, fw: Framework) -> None:
    lang = w.lang
    _enclosure_head(pdf, w, 2, w.t("l_advice_title", unit=_name(rep.unit, lang)))
    gains = {} if rep.recommendations is None else rep.recommendations.set_index("sub_code")["gain"].to_dict()
    if not fw.has_classification:  # no groups: advice on the sub-indicators below their peer mean, best gain first
        pdf.heading(w.t("recommendations"), 12.5, keep=30)
        rows = rep.subs[rep.subs["sub_code"].isin(list(gains))]
        rows = rows.assign(gain=rows["sub_code"].map(gains)).sort_values("gain", ascending=False)
        if rows.empty:
            pdf.para(w.t("none_in_group"), BODY, color=MUTED)
        for r in rows.itertuples():
            _advice_item(pdf, w, fw, r, gains.get(r.sub_code))
    for i, g in enumerate(fw.groups, start=1):
        rows = rep.subs[rep.subs["group"] == g.code]
        if g.code == "accelerate":  # the largest overall gain first, as My agency orders them
            rows = rows.assign(gain=rows["sub_code"].map(gains)).sort_values("gain", ascending=False)
        pdf.heading(w.t("l_group_head", i=w.num(i), name=_name(g, lang)) + f" ({w.num(len(rows))})", 12.5, keep=30)
        if g.code == "accelerate":
            band, gap = advice.next_band_gap(rep.overall, fw)
            if band:
                line = w.t("next_band_line", gap=w.num(gap, ".2f"), band=_level_name(fw.bands, band, lang))
                pdf.para(f"{line} ({w.t('provisional_tag')}*)", 10.5, color=MUTED)
        if rows.empty:
            pdf.para(w.t("none_in_group"), BODY, color=MUTED)
        for r in rows.itertuples():
            _advice_item(pdf, w, fw, r, gains.get(r.sub_code))
    pdf.para(_provisional_note(w, fw), 9, color=MUTED)


def _advice_item(pdf: DocPDF, w: _Words, fw: Framework, r: Any, gain: float | None) -> None:
    lang, sub = w.lang, fw.sub(r.sub_code)
    if pdf.will_page_break(28):
        pdf.add_page()
    pillar = _name(fw.pillar(sub.pillar), lang)
    pdf.para(
        w.t("l_sub_line", code=w.num(r.sub_code), name=_name(sub, lang), pillar=pillar), BODY, bold=True, after=0.3
    )
    scores = w.t("l_scores_line", score=w.num(r.score, ".2f"), peer=w.num(r.peer_mean, ".2f"))
    if gain is not None and gain > 0:
        scores = w.t("gain_line", score=w.num(r.score, ".2f"), peer=w.num(r.peer_mean, ".2f"), gain=w.num(gain, ".2f"))
    pdf.para(scores, 10.5, color=MUTED, indent=5, after=0.3)
    source = term("app_advice" if sub.actions_provisional else "dga_advice", lang)
    actions = [a[lang] for a in sub.actions]
    sep = " " if lang == "th" else ": "  # DGA's Thai letter runs on: ข้อเสนอแนะจาก สพร. การพัฒนา...
    pdf.para(f"{source}{sep}{actions[0]}" if actions else source, BODY, indent=5, after=0.3)
    if len(actions) > 1:
        extra = term("app_advice", lang)  # actions past the first are the dashboard team's additions
        pdf.bullets([f"{a} ({extra})" for a in actions[1:]], 10.5, indent=10)
    pdf.ln(1.5)


# -- the whole letter --------------------------------------------------------------------------------


def _no_scores(pdf: DocPDF, w: _Words, rep: AgencyReport, ctx: LetterContext) -> None:
    unit = _name(rep.unit, w.lang)
    key = {"not_responded": "did_not_respond", "withdrawn": "withdrew"}.get(rep.status or "", "not_surveyed")
    pdf.para_indented(w.t(key, unit=unit, be=w.num(rep.year), ce=w.num(rep.year - 543)), BODY, INDENT)
    pdf.para_indented(w.t("no_score_next"), BODY, INDENT, after=1.5)
    if ctx.credentials:  # an account issued in this run is delivered here whether or not the unit has scores
        _dashboard(pdf, w, ctx)
    pdf.ln(2.5)


def results_letter(
    report: AgencyReport,
    fw: Framework,
    lang: str,
    issued: dt.date,
    ctx: LetterContext,
    printed: list[str] | None = None,
) -> bytes:
    """The results letter of one unit as PDF bytes (A4): the letter, then its two enclosures.
    printed, when given, receives every line of text drawn (to compare with what readers extract)."""
    w = _Words(lang, ctx.settings)
    unit = _name(report.unit, lang)
    be = w.num(report.year) if lang == "th" else f"{report.year} ({report.year - 543})"
    pdf = DocPDF(lang, footer_left=f"{unit} · {be}", page_label=doc_text("page", lang))
    pdf.set_margins(30, 15, 20)  # Thai official letters: 3 cm left, 2 cm right
    pdf.set_title(f"{doc_text('letter_title', lang)} {report.year} · {unit}")
    pdf.add_page()
    if ctx.is_demo:
        pdf.para(doc_text("demo", lang), 10.5, bold=True, color=WARN, after=1)
    _head(pdf, w, report, ctx, ctx.settings.issue_date(report.year, issued))
    if not report.responded:
        _no_scores(pdf, w, report, ctx)
        _closing(pdf, w, ctx)
        return pdf.output_bytes()
    _body(pdf, w, report, fw, ctx)
    _closing(pdf, w, ctx)
    _results(pdf, w, report, fw, ctx)
    _advice(pdf, w, report, fw)
    data = pdf.output_bytes()
    if printed is not None:
        printed.extend(pdf.printed)
    return data
