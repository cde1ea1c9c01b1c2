"""Texts of the briefing deck and the documents (the core's own; the UI's labels live in ui/strings)."""

from __future__ import annotations

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
    "vs_year": ("{delta:+.2f} เทียบกับปี {year}", "{delta:+.2f} vs {year}"),
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
