"""Printable documents, as bytes for download buttons: a unit's results letter, a province's and a
department's reports (A4 PDF), and the Briefing deck (16:9 PDF and PPTX).

Pure functions of their arguments: they read only through the scoped queries they are given a Scope
for, never import streamlit, and write no files. Charts are plotly figures from dgcore.charts turned
into PNG by one shared headless chromium (see documents_render); text is set in Sarabun, with Thai
shaped by uharfbuzz and broken between words (see documents_pdf).

    thai_wrap_text(s) -> str
    figure_png(fig, width, height, scale=2.0) -> bytes
    letter_pdf(report, fw, lang, issued, is_demo=False) -> bytes
    province_pdf(db, scope, year, province_code, fw, lang, is_demo, ranks=False) -> bytes
    department_pdf(db, scope, year, dept_id, fw, lang, is_demo, geojson=None) -> bytes
    deck_pdf(deck) -> bytes
    deck_pptx(deck) -> bytes
"""

from __future__ import annotations

from dgcore.documents.deck import deck_pdf, deck_pptx
from dgcore.documents.pdf import shaping_available
from dgcore.documents.render import ChartRenderError, close_renderer, figure_png
from dgcore.documents.reports import department_pdf, letter_pdf, province_pdf
from dgcore.documents.text import thai_wrap_text

PDF_MIME = "application/pdf"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

__all__ = [
    "ChartRenderError",
    "PDF_MIME",
    "PPTX_MIME",
    "close_renderer",
    "deck_pdf",
    "deck_pptx",
    "department_pdf",
    "figure_png",
    "letter_pdf",
    "province_pdf",
    "shaping_available",
    "thai_wrap_text",
]
