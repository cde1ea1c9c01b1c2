"""Translation and number/year formatting for Thai and English (names and dates: dgcore.texts)."""

from __future__ import annotations

import math

from ui.strings import STRINGS

LANGS = ("th", "en")


def tr(key: str, lang: str) -> str:
    """The label for key in lang; the key itself if missing (visible, never a crash)."""
    pair = STRINGS.get(key)
    return key if pair is None else pair[0 if lang == "th" else 1]


def fmt_int(n: float) -> str:
    return f"{int(round(n)):,}"


def fmt_score(x: float | None, digits: int = 2) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:,.{digits}f}"


def fmt_pct(x: float | None, digits: int = 2) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.{digits}f}%"


def fmt_year(be_year: int, lang: str) -> str:
    """Buddhist-era year, with the Common Era year alongside in English."""
    return f"พ.ศ. {be_year}" if lang == "th" else f"BE {be_year} ({be_year - 543})"
