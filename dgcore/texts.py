"""Words shared by pages, documents and deck: the deck's texts (the UI's labels live in ui/strings),
a name in the reader's language, Buddhist-era dates, and text made safe for a spreadsheet cell."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from dgcore.glossary import terms

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
    "s_pillars": ("คะแนนราย{g_indicator}ของแต่ละกลุ่ม", "Indicators by group"),
    "s_maturity": ("ระดับวุฒิภาวะ", "Maturity levels"),
    "s_map": ("คะแนนความพร้อมรายจังหวัด", "Readiness by province"),
    "s_province": ("จังหวัด{name}", "{name}"),
    "s_units": ("หน่วยงานในจังหวัด{name} ตามระดับคะแนน", "{name}'s units by score band"),
    "s_units_plain": ("หน่วยงานในจังหวัด{name}", "Units in {name}"),
    "s_actions": ("สิ่งที่จังหวัด{name}ควรเร่งพัฒนา", "What {name} should speed up"),
    "responded_of": (
        "ตอบ {responded:,} จาก {targeted:,} หน่วยงาน ({rate:.2f}%)",
        "{responded:,} of {targeted:,} responded ({rate:.2f}%)",
    ),
    "average": ("คะแนนเฉลี่ย", "Average score"),
    "change": ("เปลี่ยนแปลงจากปีก่อน", "Change from last year"),
    "vs_year": ("{delta:+.2f} เทียบกับปี {year}", "{delta:+.2f} vs {year}"),
    "rank": ("อันดับ", "Rank"),
    "rank_of": ("{rank} จาก {n}", "{rank} of {n}"),
    "national": ("ค่าเฉลี่ยทุกจังหวัด", "All provinces' average"),
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
    # the deck's slides
    "vs_last_year": ("{d:+.2f} จากปีก่อน", "{d:+.2f} on last year"),
    "rate_line": (
        "หน่วยงานในจังหวัดตอบ {responded:,} จาก {targeted:,} {g_unit_counter}",
        "{responded:,} of its {targeted:,} units responded",
    ),
    "s_agenda": ("หัวข้อการประชุม", "Agenda"),
    "a_about": ("การสำรวจและกรอบการประเมิน", "The survey and its framework"),
    "a_national": ("ผลระดับประเทศ", "National results"),
    "a_province": ("ผลของจังหวัด{name}", "Results for {name}"),
    "a_contacts": ("ช่องทางติดต่อ", "Contacts"),
    "s_about": ("การสำรวจนี้มีไว้เพื่ออะไร", "What the survey is for"),
    "s_who": ("หน่วยงานที่ได้รับการสำรวจ", "Who is surveyed"),
    "who_total": ("รวมหน่วยงานเป้าหมาย {n:,} {g_unit_counter}", "{n:,} government units in all"),
    "s_framework": ("กรอบการประเมิน {n} {g_indicator} ({part}/2)", "The framework: {n} indicators ({part}/2)"),
    "s_timeline": ("ขั้นตอนและช่วงเวลา", "Timeline"),
    "s_how": ("วิธีตอบแบบสำรวจ", "How to answer"),
    "s_pillars_group": ("คะแนนราย{g_indicator}: {group}", "Indicator scores: {group}"),
    "s_province_pillars": ("{g_indicator}ของจังหวัด{name}", "{name}'s indicators"),
    "s_units_top": ("หน่วยงานคะแนนสูงสุดและต่ำสุด", "Highest and lowest units"),
    "s_closing": ("ขอบคุณ · สอบถามเพิ่มเติม", "Thank you · Questions"),
    "axis_score": ("คะแนน (เต็ม 100)", "Score (out of 100)"),
    "axis_share": ("ร้อยละของหน่วยงาน", "Share of units"),
    "axis_units": ("จำนวนหน่วยงาน", "Number of units"),
    "units_count": ("หน่วยงาน", "Units"),
    "provisional": ("ชั่วคราว", "Provisional"),
    "provisional_rules": (
        "ชั่วคราว: {rules} ใช้ไปพลางก่อน จนกว่า สพร. จะประกาศ",
        "Provisional: a placeholder {rules} until DGA publishes its own.",
    ),
    "provisional_actions": (
        "“แดชบอร์ด”: ข้อเสนอแนะของแดชบอร์ดนี้ ไม่ใช่ของ สพร.",
        "“dashboard”: this dashboard's advice, not DGA's.",
    ),
    "ours": ("แดชบอร์ด", "dashboard"),
    "rule_bands": ("เกณฑ์ระดับคะแนน", "band rule"),
    "rule_maturity": ("เกณฑ์ระดับวุฒิภาวะ", "maturity rule"),
    "rule_classification": ("เกณฑ์จัดกลุ่ม", "sorting rule"),
    "map_highest": ("คะแนนจังหวัดสูงสุด", "Highest province score"),
    "map_median": ("ค่ามัธยฐานของคะแนนจังหวัด", "Median province score"),
    "map_lowest": ("คะแนนจังหวัดต่ำสุด", "Lowest province score"),
    "below_peers_one": ("ต่ำกว่าค่าเฉลี่ยกลุ่ม", "below its peers"),
    "units_none": ("จังหวัด{name}ไม่มีหน่วยงานที่ตอบแบบสำรวจในปีนี้", "No unit in {name} responded this year."),
    "units_one": (
        "จังหวัด{name}มีผู้ตอบแบบสำรวจ 1 หน่วยงาน คือ {who} ได้คะแนน {score:.1f}",
        "{name} has one responding unit, {who}, which scored {score:.1f}.",
    ),
    "units_one_anon": ("หน่วยงานผู้แทนจังหวัด", "the unit that represents the province"),
    "actions_none": ("ไม่มีตัวชี้วัดย่อยที่ต่ำกว่าค่าเฉลี่ยกลุ่ม", "No sub-indicator is below the peer average."),
    "map_alt": (
        "แผนที่ {n} จังหวัด สีเข้มคือคะแนนสูง คะแนนตั้งแต่ {lo:.1f} ถึง {hi:.1f}.",
        "Map of {n} provinces, darker is higher, scores from {lo:.1f} to {hi:.1f}.",
    ),
    "contacts_demo": ("รายชื่อติดต่อสาธิต ไม่ใช่ข้อมูลจริง", "Demo contacts, not real ones"),
    # presenter notes: what to say on each slide
    "n_title": (
        "แนะนำตัวและวัตถุประสงค์ของการประชุม: ผลสำรวจความพร้อมรัฐบาลดิจิทัล ปี {be}",
        "Introduce yourself and the purpose of the call: the Digital Government Readiness results for {be}.",
    ),
    "n_agenda": ("แจ้งหัวข้อและเวลาที่ใช้ เปิดให้ถามท้ายการประชุม", "Walk through the agenda; questions are taken at the end."),
    "n_about": (
        "อธิบายว่าการสำรวจช่วยหน่วยงานอย่างไร และผลถูกนำไปใช้วางแผนระดับประเทศ",
        "Explain how the survey helps each unit and how the results feed national planning.",
    ),
    "n_who": ("ชี้จำนวนหน่วยงานเป้าหมายแต่ละกลุ่ม", "Point out how many units of each group are surveyed."),
    "n_framework": (
        "อธิบายแต่ละ{g_indicator}สั้น ๆ ว่าวัดอะไร {g_sub_indicator}ดูได้ในหน้าวิธีการของแดชบอร์ด",
        "Say in a line what each pillar measures; the sub-indicators are on the dashboard's Methodology page.",
    ),
    "n_timeline": ("ย้ำช่วงเวลาตอบแบบสำรวจและวันแจ้งผล", "Stress when the questionnaire is open and when results come."),
    "n_how": ("ย้ำให้มอบหมายผู้ประสานงานและแนบหลักฐาน", "Ask each unit to name a coordinator and attach evidence."),
    "n_headline": (
        "สรุปคะแนนเฉลี่ยแต่ละกลุ่มและการเปลี่ยนแปลง: {sentence}",
        "Give each group's average and its change: {sentence}",
    ),
    "n_pillars": ("{group}: {g_indicator}ที่ต่ำที่สุดคือ {low}", "{group}: the weakest indicator is {low}."),
    "n_maturity": ("อธิบายระดับวุฒิภาวะทั้ง 5 ระดับ:", "Explain the five maturity levels:"),
    "n_map": ("สูงสุด: {top} · ต่ำสุด: {low} ไม่ระบุชื่อหน่วยงาน", "Highest: {top}; lowest: {low}. No unit is named."),
    "n_province": ("จังหวัด{name} อยู่อันดับ {rank} จาก {n} จังหวัด", "{name} ranks {rank} of {n} provinces."),
    "n_province_unranked": (
        "สรุปคะแนนเฉลี่ยของจังหวัด{name} และการเปลี่ยนแปลงจากปีก่อน",
        "Give {name}'s average score and its change from last year.",
    ),
    "n_map_unranked": (
        "ชี้ช่วงคะแนนของจังหวัดบนแผนที่ สีเข้มคือคะแนนสูง ไม่ระบุชื่อจังหวัดหรือหน่วยงาน",
        "Point out the spread of the provinces' scores; darker is higher. No province or unit is named.",
    ),
    "n_province_pillars": (
        "เทียบกับค่าเฉลี่ยทุกจังหวัด {g_indicator}ที่ห่างมากที่สุดคือ {low}",
        "Against the national average, {name}'s widest gap is {low}.",
    ),
    "n_units": (
        "หน่วยงานที่ตอบ {n} {g_unit_counter}ในจังหวัด{name} แยกตามระดับคะแนน",
        "{n} responding units in {name}, by band.",
    ),
    "n_units_top": (
        "ชื่นชมหน่วยงานที่คะแนนสูง และเสนอความช่วยเหลือแก่หน่วยงานที่คะแนนต่ำ",
        "Credit the leaders; offer help to the lowest.",
    ),
    "n_actions": (
        "เสนอการดำเนินการที่หน่วยงานส่วนใหญ่ควรทำ แล้วเปิดให้ถาม",
        "Propose the actions most units should take, then open for questions.",
    ),
    "n_closing": ("ขอบคุณผู้เข้าร่วม แจ้งช่องทางติดต่อ และเปิดให้ถาม", "Thank the halls, give the contacts, take questions."),
}


def text(key: str, lang: str, **kw: object) -> str:
    """The text for key in lang, formatted with kw; the key itself when missing. DGA's official terms
    are written {g_<term>} and taken from the glossary file (dgcore.glossary)."""
    pair = TEXTS.get(key)
    s = key if pair is None else pair[0 if lang == "th" else 1]
    if "{g_" in s:
        s = s.format(**terms(lang), **kw)
        return s
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
