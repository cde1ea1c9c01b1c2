"""The Help page's contact table, from data/reference/dga_contacts.csv (not unit data: no scope)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dgcore import reference
from ui.i18n import tr
from ui.state import settings


@st.cache_data(show_spinner=False)
def _contacts() -> pd.DataFrame:
    return reference.dga_contacts(settings().reference_dir)


def contacts(lang: str) -> tuple[pd.DataFrame, bool]:
    """(the contacts as a table in lang, whether any of them is a made-up demo contact)."""
    df = _contacts()
    table = pd.DataFrame(
        {
            tr("contact_topic", lang): df[f"topic_{lang}"],
            tr("contact_team", lang): df[f"team_{lang}"],
            tr("contact_phone", lang): df["phone"],
            tr("contact_email", lang): df["email"],
            tr("contact_hours", lang): df[f"hours_{lang}"],
        }
    ).set_index(tr("contact_topic", lang))
    return table, bool((df["demo"].str.lower() == "true").any())
