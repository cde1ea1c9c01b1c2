"""Download buttons for documents; the files are made only when someone clicks (deferred)."""
from __future__ import annotations

import streamlit as st

from ui.i18n import tr


def deck_downloads(deck, lang: str, stem: str) -> None:
    """PDF and PowerPoint of exactly the deck on screen (same audience, same anonymisation)."""
    try:
        from dgcore import documents
    except ImportError:
        st.caption(tr("exports_unavailable", lang))
        return
    c1, c2, _ = st.columns([1, 1, 2])
    c1.download_button(tr("export_pdf", lang), lambda: documents.deck_pdf(deck), f"{stem}.pdf", "application/pdf",
                       key="deck_pdf", icon=":material/picture_as_pdf:", on_click="ignore")
    c2.download_button(tr("export_pptx", lang), lambda: documents.deck_pptx(deck), f"{stem}.pptx",
                       "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                       key="deck_pptx", icon=":material/slideshow:", on_click="ignore")
