"""Translation and number/date formatting for Thai and English."""

from __future__ import annotations

import datetime as dt
import math

from ui.strings import STRINGS

LANGS = ("th", "en")
THAI_MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)


def tr(key: str, lang: str) -> str:
    """The label for key in lang; the key itself if missing (visible, never a crash)."""
    pair = STRINGS.get(key)
    return key if pair is None else pair[0 if lang == "th" else 1]


def name(row: object, lang: str, field: str = "name") -> str:
    """row.name_th or row.name_en (works for dicts, namedtuples and dataclasses)."""
    key = f"{field}_{'th' if lang == 'th' else 'en'}"
    return row[key] if isinstance(row, dict) else getattr(row, key)


def fmt_int(n: float) -> str:
    return f"{int(round(n)):,}"


def fmt_score(x: float | None, digits: int = 2) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:,.{digits}f}"


def fmt_pct(x: float | None, digits: int = 2) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.{digits}f}%"


def fmt_year(be_year: int, lang: str) -> str:
    """Buddhist-era year, with the Common Era year alongside in English."""
    return f"พ.ศ. {be_year}" if lang == "th" else f"BE {be_year} ({be_year - 543})"


def fmt_date(d: dt.date, lang: str) -> str:
    if lang == "th":
        return f"{d.day} {THAI_MONTHS[d.month - 1]} {d.year + 543}"
    return d.strftime("%-d %B %Y")


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
