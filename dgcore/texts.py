"""Words shared by pages, documents and deck: the deck's texts (the UI's labels live in ui/strings),
a name in the reader's language, Buddhist-era dates, and text made safe for a spreadsheet cell."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

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
# A cell starting with one of these is run as a formula by Excel and its kin (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

TEXTS: dict[str, tuple[str, str]] = {
    "deck_title": ("ผลสำรวจความพร้อมรัฐบาลดิจิทัล", "Digital Government Readiness Survey"),
    "deck_for_national": ("การนำเสนอระดับประเทศ", "National briefing"),
    "deck_for_province": ("การนำเสนอสำหรับจังหวัด{name}", "Briefing for {name}"),
    "year": ("ปี พ.ศ. {be}", "BE {be} ({ce})"),
    "as_of": ("ข้อมูล ณ วันที่ {date}", "Data as of {date}"),
    "demo": ("ข้อมูลสาธิต ไม่ใช่ผลสำรวจจริง", "Demo data, not real survey results"),
    "s_headline": ("ภาพรวมระดับประเทศ", "The national picture"),
    "s_pillars": ("คะแนนรายเสาหลักของแต่ละกลุ่ม", "Pillars by group"),
    "s_maturity": ("ระดับวุฒิภาวะ", "Maturity levels"),
    "s_map": ("คะแนนความพร้อมรายจังหวัด", "Readiness by province"),
    "s_province": ("จังหวัด{name}", "{name}"),
    "s_units": ("หน่วยงานในจังหวัด{name}", "Units in {name}"),
    "s_actions": ("สิ่งที่จังหวัด{name}ควรเร่งพัฒนา", "What {name} should speed up"),
    "responded_of": (
        "ตอบ {responded:,} จาก {targeted:,} หน่วยงาน ({rate:.2f}%)",
        "{responded:,} of {targeted:,} responded ({rate:.2f}%)",
    ),
    "average": ("คะแนนเฉลี่ย", "Average score"),
    "change": ("เปลี่ยนแปลงจากปีก่อน", "Change from last year"),
    "rank": ("อันดับ", "Rank"),
    "rank_of": ("{rank} จาก {n}", "{rank} of {n}"),
    "national": ("ค่าเฉลี่ยประเทศ", "National average"),
    "score": ("คะแนน", "Score"),
    "share": ("ร้อยละของหน่วยงาน", "Share of units (%)"),
    "unit_n": ("หน่วยงาน {n}", "Unit {n}"),
    "anonymised": ("ชื่อหน่วยงานนอกกลุ่มผู้ฟังถูกปิดไว้", "Units outside the audience are not named"),
    "units_below": ("{n} จาก {total} หน่วยงานต่ำกว่าค่าเฉลี่ยกลุ่ม", "{n} of {total} units are below their peers"),
    "cio_note": (
        "ตั้งแต่ปี 2566 จังหวัดมีผู้แทนคือคณะกรรมการ CIO ระดับจังหวัด",
        "From 2566 a province is represented by its provincial CIO committee",
    ),
    "level": ("ระดับ", "Level"),
}


def text(key: str, lang: str, **kw: object) -> str:
    """The text for key in lang, formatted with kw; the key itself when missing."""
    pair = TEXTS.get(key)
    s = key if pair is None else pair[0 if lang == "th" else 1]
    return s.format(**kw) if kw else s


def name_in(obj: object, lang: str, field: str = "name") -> str:
    """obj's `name_th` or `name_en` (or another field's), from a mapping, a pandas row or an object's
    attribute; "" when it is missing (None or NaN), so that a gap never prints as 'None' or 'nan'."""
    key = f"{field}_{'th' if lang == 'th' else 'en'}"
    value = obj[key] if isinstance(obj, (Mapping, pd.Series)) else getattr(obj, key)
    return "" if value is None or value != value else str(value)


def level_name(levels: Iterable[Any], code: object, lang: str) -> str:
    """The name of the band or maturity level with this code, or '–' when there is none."""
    level = next((x for x in levels if str(x.code) == str(code)), None)
    return "–" if level is None else name_in(level, lang)


def long_date(d: dt.date, lang: str) -> str:
    """'5 มีนาคม 2563' (Buddhist era) or '5 March 2020'."""
    if lang == "th":
        return f"{d.day} {THAI_MONTHS[d.month - 1]} {d.year + 543}"
    return f"{d.day} {d.strftime('%B')} {d.year}"


def defuse(value: object) -> object:
    """Text that a spreadsheet would run as a formula, prefixed with an apostrophe (shown as text);
    anything else as it is. Every CSV and XLSX the project writes passes its cells through here."""
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_START) else value
