"""Translation and number/year formatting for Thai and English (names and dates: dgcore.texts)."""

from __future__ import annotations

import math

from dgcore.glossary import terms
from ui.strings import STRINGS

LANGS = ("th", "en")


def tr(key: str, lang: str) -> str:
    """The label for key in lang; the key itself if missing (visible, never a crash). DGA's official
    terms are written {g_<term>} in the strings and taken from the glossary file (dgcore.glossary)."""
    pair = STRINGS.get(key)
    s = key if pair is None else pair[0 if lang == "th" else 1]
    return _glossed(s, lang) if "{g_" in s else s


def _glossed(s: str, lang: str) -> str:
    """s with each {g_<term>} replaced by the glossary's term (other {fields} left for .format)."""
    for name, value in terms(lang).items():
        s = s.replace("{" + name + "}", value)
    return s


def fmt_int(n: float) -> str:
    return f"{int(round(n)):,}"


def fmt_score(x: float | None, digits: int = 2) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:,.{digits}f}"


def fmt_pct(x: float | None, digits: int = 2) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.{digits}f}%"


def fmt_year(be_year: int, lang: str) -> str:
    """Buddhist-era year, with the Common Era year alongside in English."""
    return f"พ.ศ. {be_year}" if lang == "th" else f"BE {be_year} ({be_year - 543})"


def readable(df):
    """A table as a reader sees it: a missing cell reads "–", never "None", "nan" or "NaT". Only columns
    with a gap change (to text, numbers with two decimals); complete columns stay numeric and sortable."""
    import pandas as pd

    out = df.copy()
    for col in out.columns:
        s = out[col]
        if not s.isna().any():
            continue
        if pd.api.types.is_integer_dtype(s) or (pd.api.types.is_float_dtype(s) and (s.dropna() % 1 == 0).all()):
            out[col] = ["–" if pd.isna(v) else f"{int(v):,}" for v in s]
        elif pd.api.types.is_numeric_dtype(s):
            out[col] = ["–" if pd.isna(v) else f"{v:,.2f}" for v in s]
        else:
            out[col] = ["–" if pd.isna(v) else str(v) for v in s]
    return out
