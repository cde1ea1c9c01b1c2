"""Download buttons for documents; the files are made only when someone clicks (deferred)."""

from __future__ import annotations

import streamlit as st

from ui.i18n import tr


def deck_downloads(deck, layouts, lang: str, stem: str) -> None:
    """PDF and PowerPoint of exactly the deck on screen: the same laid-out slides (same audience, same
    anonymisation)."""
    documents = _documents()
    if documents is None:
        st.caption(tr("exports_unavailable", lang))
        return
    st.markdown(f"**{tr('export_deck', lang)}**")
    c1, c2, _ = st.columns([1, 1, 2])
    c1.download_button(
        tr("export_pdf", lang),
        lambda: documents.deck_pdf(deck, layouts),
        f"{stem}.pdf",
        "application/pdf",
        key="deck_pdf",
        icon=":material/picture_as_pdf:",
        on_click="ignore",
    )
    c2.download_button(
        tr("export_pptx", lang),
        lambda: documents.deck_pptx(deck, layouts),
        f"{stem}.pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        key="deck_pptx",
        icon=":material/slideshow:",
        on_click="ignore",
    )


def _documents():
    try:
        from dgcore import documents

        return documents
    except ImportError:
        return None


def letter_download(rep, fw, lang: str, is_demo: bool) -> None:
    """The unit's results letter as PDF, made from the same report the page shows."""
    import datetime as dt

    docs = _documents()
    if docs is None:
        return
    st.download_button(
        tr("download_letter", lang),
        lambda: docs.letter_pdf(rep, fw, lang, dt.date.today(), is_demo),
        f"dg-letter-{rep.year}-{rep.unit['agency_id']}.pdf",
        "application/pdf",
        key="dl_letter",
        icon=":material/picture_as_pdf:",
        on_click="ignore",
    )


def province_download(scope, year: int, code: str, fw, lang: str, is_demo: bool, ranks: bool) -> None:
    """A province's results as PDF; unit rows only as far as the requester's scope allows, the rank only
    when the rank policy lets the requester see ranks."""
    from ui.state import results_db

    docs = _documents()
    if docs is None:
        return
    st.download_button(
        tr("download_province_pdf", lang),
        lambda: docs.province_pdf(results_db(), scope, year, code, fw, lang, is_demo, ranks),
        f"dg-province-{code}-{year}.pdf",
        "application/pdf",
        key="dl_province_pdf",
        icon=":material/picture_as_pdf:",
        on_click="ignore",
    )


def department_download(scope, year: int, dept: str, fw, lang: str, is_demo: bool, geojson: dict) -> None:
    """A department across its branches as PDF; unit rows only as far as the requester's scope allows."""
    from ui.state import results_db

    docs = _documents()
    if docs is None:
        return
    st.download_button(
        tr("download_department_pdf", lang),
        lambda: docs.department_pdf(results_db(), scope, year, dept, fw, lang, is_demo, geojson),
        f"dg-department-{dept}-{year}.pdf",
        "application/pdf",
        key="dl_department_pdf",
        icon=":material/picture_as_pdf:",
        on_click="ignore",
    )
