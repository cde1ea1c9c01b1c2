"""A4 reports as PDF bytes: one unit's results letter, a province's results for the governor's office,
and a department across its provincial branches.

Unit-level rows come only from the scoped per-agency queries (province_units, branch_units), so a
report never names a unit its requester may not see; aggregates come from the aggregate queries.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from dgcore import advice, charts, queries
from dgcore.access import Scope
from dgcore.config import load_settings
from dgcore.db import ResultsDB
from dgcore.documents.letter import LetterContext, results_letter
from dgcore.documents.pdf import ACCENT, MUTED, WARN, Column, DocPDF
from dgcore.documents.render import figure_png
from dgcore.documents.text import DOC_TEXTS, be_year, doc_text, provisional_header, provisional_note, wrap_label
from dgcore.framework import Framework
from dgcore.glossary import term
from dgcore.letters import HeadTitles, LetterSettings
from dgcore.report import AgencyReport
from dgcore.text_safety import plain_html
from dgcore.texts import long_date
from dgcore.texts import name_in as _n

CHART_W_MM = 180.0
KIND_NAMES = {
    "department": ("หน่วยงานภาครัฐระดับกรมหรือเทียบเท่า", "Department-level agencies"),
    "provincial": ("หน่วยงานภาครัฐระดับจังหวัด", "Provincial units"),
    "special_local": ("องค์กรปกครองส่วนท้องถิ่นรูปแบบพิเศษ", "Special local administrations"),
    "cio_committee": ("คณะกรรมการ CIO ระดับจังหวัด", "Provincial CIO committees"),
}


def _chart(pdf: DocPDF, fig: go.Figure, css_w: int, css_h: int) -> None:
    """A plotly figure across the text width, CSS pixels mapped so that its type prints at ~11-12 pt."""
    height_mm = CHART_W_MM * css_h / css_w
    pdf.png(figure_png(fig, css_w, css_h, scale=2.5), CHART_W_MM, height_mm)


def _masthead(pdf: DocPDF, lang: str, year: int, right: str, title: str, is_demo: bool) -> None:
    pdf.add_page()
    y = pdf.get_y()
    w = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.para(doc_text("org", lang), 11, bold=True, color=ACCENT, width=w * 0.62, after=0)
    pdf.para(doc_text("survey", lang), 10, color=MUTED, width=w * 0.62, after=0)
    end = pdf.get_y()
    pdf.set_y(y)
    pdf.para(
        doc_text("year_line", lang, be=year, ce=year - 543),
        11,
        bold=True,
        width=w * 0.36,
        indent=w * 0.64,
        align="R",
        after=0,
    )
    pdf.para(right, 10, color=MUTED, width=w * 0.36, indent=w * 0.64, align="R", after=0)
    pdf.set_y(max(end, pdf.get_y()) + 1.5)
    pdf.rule()
    if is_demo:
        pdf.para(doc_text("demo", lang), 11, bold=True, color=WARN, after=1)
    pdf.para(title, 16, bold=True, after=1)


# -- the results letter (dgcore.documents.letter) --------------------------------------------------


@lru_cache(maxsize=4)
def _default_context(data_dir: Path, is_demo: bool) -> LetterContext:
    settings = load_settings({"data_dir": data_dir})
    heads = HeadTitles.load(settings.reference_dir)
    return LetterContext(LetterSettings.load(data_dir), heads, is_demo=is_demo, show_ranks=settings.show_ranks)


def letter_pdf(
    report: AgencyReport,
    fw: Framework,
    lang: str,
    issued: dt.date,
    is_demo: bool = False,
    context: LetterContext | None = None,
) -> bytes:
    """The results letter of one unit (A4): DGA's external letter with the unit's results and DGA's advice
    as enclosures; a short letter when it has no scores that year. The date of issue is the letter
    settings' for that year, else issued; without a context the data directory's settings are used."""
    ctx = context or _default_context(load_settings().data_dir, is_demo)
    return results_letter(report, fw, lang, issued, ctx)


# -- shared by the province and department reports -----------------------------------------------


def _as_of(db: ResultsDB, scope: Scope, year: int, lang: str) -> str:
    years = queries.survey_years(db, scope).set_index("year")
    if year not in years.index:
        return ""
    return doc_text("as_of", lang, date=long_date(pd.Timestamp(years.loc[year, "data_as_of"]).date(), lang))


def _sub_lines(profile: pd.DataFrame, fw: Framework, lang: str, best: bool, n: int = 3) -> list[str]:
    return [
        f"{r.sub_code} {_n(fw.sub(r.sub_code), lang)}: {r.mean:.1f} ({doc_text('vs_national', lang, diff=r.diff)})"
        for r in advice.versus_national(profile, best, n).itertuples()
    ]


def _actions_block(pdf: DocPDF, items: list[tuple[str, str, list[str]]]) -> None:
    for title, line, actions in items:
        if pdf.will_page_break(22):
            pdf.add_page()
        pdf.para(title, 11.5, bold=True, after=0.3)
        pdf.para(line, 10, color=MUTED, indent=5, after=0.5)
        pdf.bullets(actions, 10.5, indent=5)
        pdf.ln(1.2)


def _provisional_footnote(pdf: DocPDF, fw: Framework, lang: str) -> None:
    """Under a table with bands and maturity levels: which of its rules are provisional, when any is."""
    if fw.rule_provisional("bands") or (fw.has_maturity and fw.rule_provisional("maturity")):
        pdf.para(provisional_note(fw, lang), 8.5, color=MUTED)


def _advice_source(fw: Framework, code: str, lang: str) -> str:
    """Whose advice a sub-indicator's actions are: DGA's, or this dashboard's provisional wording."""
    return term("app_advice" if fw.sub(code).actions_provisional else "dga_advice", lang)


def _status(s: str, lang: str) -> str:
    return doc_text(f"status_{s}", lang) if f"status_{s}" in DOC_TEXTS else str(s)


def _score(v: object) -> str:
    return "–" if v is None or v != v else f"{float(v):.2f}"


def _level(v: object) -> str:
    return "–" if v is None or v != v else str(int(v))


# -- a province -----------------------------------------------------------------------------------


def _province_pillars(
    pdf: DocPDF, db: ResultsDB, scope: Scope, year: int, code: str, name: str, fw: Framework, lang: str
) -> None:
    pillars = queries.province_pillars(db, scope, year)
    own = pillars[pillars["code"] == code].set_index("pillar_code")["mean"]
    if own.empty:
        return
    nat = (pillars["mean"] * pillars["n"]).groupby(pillars["pillar_code"]).sum() / pillars.groupby("pillar_code")[
        "n"
    ].sum()
    labels = [wrap_label(f"{c}. {_n(fw.pillar(c), lang)}", 13 if lang == "th" else 14, 5) for c in own.index]
    fig = charts.fig_grouped_pillars(
        pd.DataFrame({name: own.to_numpy()}, index=labels),
        pd.Series(nat[own.index].to_numpy(), index=labels),
        doc_text("national", lang),
    )
    fig.update_xaxes(tickangle=0)
    pdf.heading(doc_text("pillars_vs_national", lang), keep=90)
    _chart(pdf, fig, 760, 460)


def _province_units(pdf: DocPDF, units: pd.DataFrame, fw: Framework, lang: str) -> None:
    pdf.heading(doc_text("units_by_type", lang))
    if units.empty:
        pdf.para(doc_text("units_hidden", lang), 10.5, color=MUTED)
        return
    bands = {b.code: _n(b, lang) for b in fw.bands}
    cols = [
        Column(doc_text("type", lang), 45),
        Column(doc_text("unit", lang), 63),
        Column(doc_text("status", lang), 20),
        Column(doc_text("score", lang), 15, "R"),
        Column(provisional_header(fw, "bands", "band", lang), 20),
        Column(provisional_header(fw, "maturity", "maturity_short", lang), 17, "R"),
    ]
    rows = [
        [
            _n(r, lang, "type") or _n(r, lang),
            _n(r, lang),
            _status(r["status"], lang),
            _score(r["overall"]),
            bands.get(r["band"], "–"),
            _level(r["maturity"]),
        ]
        for _, r in units.iterrows()
    ]
    pdf.table(cols, rows, size=8.5)
    _provisional_footnote(pdf, fw, lang)


def _province_subs(pdf: DocPDF, db: ResultsDB, scope: Scope, year: int, code: str, fw: Framework, lang: str) -> None:
    profile = queries.province_sub_profile(db, scope, year, code)
    if profile.empty:
        return
    pdf.heading(doc_text("strongest", lang))
    pdf.bullets(_sub_lines(profile, fw, lang, best=True), 10.5)
    pdf.heading(doc_text("weakest", lang))
    pdf.bullets(_sub_lines(profile, fw, lang, best=False), 10.5)
    pdf.heading(doc_text("common_actions", lang))
    _actions_block(
        pdf,
        [
            (
                f"{r.sub_code} {_n(fw.sub(r.sub_code), lang)}",
                doc_text("units_to_accelerate", lang, n=r.n_accelerate, total=r.n_units)
                + f" · {_advice_source(fw, r.sub_code, lang)}",
                advice.actions(fw, r.sub_code, lang),
            )
            for r in advice.common_actions(profile).itertuples()
        ],
    )


def province_pdf(
    db: ResultsDB,
    scope: Scope,
    year: int,
    province_code: str,
    fw: Framework,
    lang: str,
    is_demo: bool,
    ranks: bool = False,
) -> bytes:
    """A province's results for the governor's office (A4); unit rows only as far as scope allows, the
    province's rank only when the rank policy lets the requester see ranks (access.may_see_ranks)."""
    summary = queries.province_summary(db, scope, year).set_index("code")
    name = _n(summary.loc[province_code], lang) if province_code in summary.index else province_code
    pdf = DocPDF(lang, footer_left=f"{name} · {be_year(year, lang)}", page_label=doc_text("page", lang))
    pdf.set_title(doc_text("province_title", lang, name=name))
    _masthead(pdf, lang, year, _as_of(db, scope, year, lang), doc_text("province_title", lang, name=name), is_demo)
    pdf.para(doc_text("province_for", lang, name=name), 11, color=MUTED)
    if (
        province_code not in summary.index
        or summary.loc[province_code, "overall"] != summary.loc[province_code, "overall"]
    ):
        pdf.para(doc_text("province_no_data", lang, name=name, be=year, ce=year - 543), 12, bold=True)
        return pdf.output_bytes()
    row = summary.loc[province_code]
    change = row["change"] == row["change"]
    rank = (doc_text("province_rank", lang, n=int(summary["overall"].notna().sum())), str(int(row["rank"])), "")
    pdf.metric_boxes(
        [
            (doc_text("province_score", lang), f"{row['overall']:.2f}", ""),
            *([rank] if ranks else []),
            (
                doc_text("response_rate", lang),
                f"{row['rate']:.1f}%" if row["rate"] == row["rate"] else "–",
                doc_text("responded_of", lang, responded=int(row["responded"]), targeted=int(row["targeted"])),
            ),
            (
                doc_text("change", lang),
                f"{row['change']:+.2f}" if change else "–",
                "" if change else doc_text("no_change", lang),
            ),
        ]
    )
    if "cio_committee" in set(queries.maturity_distribution(db, scope, year)["kind"]):
        pdf.para(doc_text("cio_note", lang), 10, color=MUTED)
    _province_pillars(pdf, db, scope, year, province_code, name, fw, lang)
    _province_units(pdf, queries.province_units(db, scope, year, province_code), fw, lang)
    _province_subs(pdf, db, scope, year, province_code, fw, lang)
    return pdf.output_bytes()


# -- a department and its branches ----------------------------------------------------------------


def _dept_branches(pdf: DocPDF, branches: pd.DataFrame, fw: Framework, lang: str, geojson: dict | None) -> None:
    if branches.empty:
        pdf.heading(doc_text("branch_table", lang))
        pdf.para(doc_text("units_hidden", lang), 10.5, color=MUTED)
        return
    scored = branches[branches["overall"].notna()]
    if geojson is not None and len(scored):
        hover = [f"{plain_html(_n(r, lang))}: {r.overall:.2f}" for r in scored.itertuples()]
        fig = charts.fig_province_map(
            geojson,
            pd.DataFrame({"code": scored["province_code"], "value": scored["overall"], "hover": hover}),
            doc_text("score", lang),
        )
        pdf.heading(doc_text("branch_map", lang), keep=150)
        pdf.png(figure_png(fig, 620, 760, scale=2), 130, 130 * 760 / 620)
    pdf.heading(doc_text("branch_table", lang))
    bands = {b.code: _n(b, lang) for b in fw.bands}
    cols = [
        Column(doc_text("province", lang), 32),
        Column(doc_text("unit", lang), 76),
        Column(doc_text("status", lang), 20),
        Column(doc_text("score", lang), 15, "R"),
        Column(provisional_header(fw, "bands", "band", lang), 20),
        Column(provisional_header(fw, "maturity", "maturity_short", lang), 17, "R"),
    ]
    ordered = branches.sort_values(["overall", "province_code"], ascending=[False, True], na_position="last")
    pdf.table(
        cols,
        [
            [
                _n(r, lang, "province"),
                _n(r, lang),
                _status(r["status"], lang),
                _score(r["overall"]),
                bands.get(r["band"], "–"),
                _level(r["maturity"]),
            ]
            for _, r in ordered.iterrows()
        ],
        size=8.5,
    )
    _provisional_footnote(pdf, fw, lang)


def department_pdf(
    db: ResultsDB,
    scope: Scope,
    year: int,
    dept_id: str,
    fw: Framework,
    lang: str,
    is_demo: bool,
    geojson: dict | None = None,
) -> bytes:
    """A department across its provincial branches (A4); unit rows only as far as scope allows.
    With the provinces' geojson, the branches are also drawn on a map."""
    depts = queries.branch_departments(db, scope, year).set_index("agency_id")
    units = queries.branch_units(db, scope, year, dept_id)
    name = _n(depts.loc[dept_id], lang) if dept_id in depts.index else dept_id
    pdf = DocPDF(lang, footer_left=f"{name} · {be_year(year, lang)}", page_label=doc_text("page", lang))
    pdf.set_title(doc_text("dept_title", lang, name=name))
    _masthead(pdf, lang, year, _as_of(db, scope, year, lang), doc_text("dept_title", lang, name=name), is_demo)
    if dept_id not in depts.index:
        pdf.para(doc_text("no_branch_data", lang), 12, bold=True)
        return pdf.output_bytes()
    d, own = depts.loc[dept_id], units[units["agency_id"] == dept_id]
    own_score = _score(own["overall"].iloc[0]) if len(own) else "–"
    pdf.metric_boxes(
        [
            (doc_text("own_score", lang), own_score, "" if len(own) else doc_text("not_visible", lang)),
            (doc_text("branch_mean", lang), f"{d['branch_mean']:.2f}", f"{_n(d, lang, 'type')}"),
            (doc_text("branch_sd", lang), _score(d["branch_sd"]), ""),
            (doc_text("n_branches", lang), f"{int(d['n_branches']):,}", ""),
            (doc_text("branch_range", lang), f"{d['branch_min']:.1f}–{d['branch_max']:.1f}", ""),
        ]
    )
    _dept_branches(pdf, units[units["agency_id"] != dept_id], fw, lang, geojson)
    profile = queries.branch_sub_profile(db, scope, year, dept_id)
    if len(profile):
        pdf.heading(doc_text("branch_strongest", lang))
        pdf.bullets(_sub_lines(profile, fw, lang, best=True), 10.5)
        pdf.heading(doc_text("branch_weakest", lang))
        _actions_block(
            pdf,
            [
                (
                    f"{r.sub_code} {_n(fw.sub(r.sub_code), lang)}",
                    f"{r.mean:.1f} ({doc_text('vs_national', lang, diff=r.diff)})"
                    + f" · {_advice_source(fw, r.sub_code, lang)}",
                    advice.actions(fw, r.sub_code, lang),
                )
                for r in advice.versus_national(profile, best=False).itertuples()
            ],
        )
    return pdf.output_bytes()
