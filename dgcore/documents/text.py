"""Words of the printed documents (letter, province and department reports, deck footers), Thai
word breaking for fpdf2. The deck's own texts, names and dates live in dgcore.texts."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from dgcore.texts import text as deck_text

ZWSP = "\u200b"
_THAI = re.compile(r"[\u0e00-\u0e7f]")
_NO_BREAK_BEFORE = set("ๆฯ)]}.,:;!?%”’")
_NO_BREAK_AFTER = set("([{“‘")

DOC_TEXTS: dict[str, tuple[str, str]] = {
    "org": (
        "สำนักงานพัฒนารัฐบาลดิจิทัล (องค์การมหาชน) (สพร.)",
        "Digital Government Development Agency (Public Organization) (DGA)",
    ),
    "survey": ("การสำรวจความพร้อมรัฐบาลดิจิทัลของหน่วยงานภาครัฐ", "Digital Government Readiness Survey"),
    "year_line": ("ประจำปี พ.ศ. {be}", "Survey year BE {be} ({ce})"),
    "issued": ("วันที่ {date}", "Issued {date}"),
    "letter_title": ("หนังสือแจ้งผลการสำรวจความพร้อมรัฐบาลดิจิทัล", "Results letter"),
    "letter_to": ("เรียน หัวหน้าหน่วยงาน", "To the head of"),
    "letter_intro": (
        "สพร. ขอแจ้งผลการสำรวจความพร้อมรัฐบาลดิจิทัลของหน่วยงานประจำปี พ.ศ. {be} ตามรายละเอียดด้านล่าง "
        "คะแนนเต็ม 100 คะแนน และเปรียบเทียบกับหน่วยงานในกลุ่มเดียวกัน ({group}) ที่ตอบแบบสำรวจ {n:,} แห่ง",
        "DGA sends you the unit's results in the Digital Government Readiness Survey of BE {be} ({ce}). "
        "Scores are out of 100 and compared with the {n:,} responding units of the same group ({group}).",
    ),
    "overall": ("คะแนนภาพรวม", "Overall score"),
    "band": ("ระดับคะแนน", "Band"),
    "maturity": ("ระดับวุฒิภาวะ", "Maturity level"),
    "peer_average": ("ค่าเฉลี่ยกลุ่ม", "Peer average"),
    "national_average": ("ค่าเฉลี่ยทั้งประเทศ", "National average"),
    "this_unit": ("หน่วยงานนี้", "This unit"),
    "maturity_short": ("วุฒิภาวะ", "Maturity"),
    "unit_vs_peer": ("หน่วยงานนี้ {delta:+.2f}", "this unit {delta:+.2f}"),
    "rank_in_peers": ("อันดับในกลุ่ม", "Rank among peers"),
    "rank_of": ("{rank:,} จาก {n:,}", "{rank:,} of {n:,}"),
    "vs_last_year": ("{delta:+.2f} จากปีก่อน", "{delta:+.2f} on last year"),
    "maturity_line": ("ระดับวุฒิภาวะ {level} “{name}”: {description}", "Maturity level {level}, “{name}”: {description}"),
    "pillars_vs": (
        "คะแนนรายเสาหลักเทียบกับค่าเฉลี่ยกลุ่มและค่าเฉลี่ยทั้งประเทศ",
        "Pillar scores against the peer and national averages",
    ),
    "three_groups": ("จุดเด่นและสิ่งที่ควรเร่งพัฒนา (ตัวชี้วัดย่อย)", "Strengths and what to speed up (sub-indicators)"),
    "groups_help": (
        "จัดกลุ่มจากคะแนนของหน่วยงานเทียบกับค่าเฉลี่ยและการกระจายของคะแนนในกลุ่มเดียวกัน",
        "Sorted by how far each score lies from the peer average, in peer standard deviations.",
    ),
    "code": ("รหัส", "Code"),
    "sub_indicator": ("ตัวชี้วัดย่อย", "Sub-indicator"),
    "score": ("คะแนน", "Score"),
    "none_in_group": ("ไม่มี", "None"),
    "recommendations": ("ข้อเสนอแนะสำหรับตัวชี้วัดย่อยที่ควรเร่งพัฒนา", "Suggested actions for the sub-indicators to accelerate"),
    "recommendations_help": (
        "เรียงจากเรื่องที่เพิ่มคะแนนภาพรวมได้มากที่สุดเมื่อยกระดับถึงค่าเฉลี่ยกลุ่ม",
        "Ordered by the overall-score gain of raising each to the peer average, largest first.",
    ),
    "gain_line": (
        "คะแนน {score:.2f} · ค่าเฉลี่ยกลุ่ม {peer:.2f} · ถ้าเพิ่มถึงค่าเฉลี่ยกลุ่ม คะแนนภาพรวมจะเพิ่ม +{gain:.2f}",
        "Score {score:.2f} · peer average {peer:.2f} · raising it to the peer average adds +{gain:.2f} overall",
    ),
    "next_band_line": (
        "ต้องการอีก {gap:.2f} คะแนนภาพรวมเพื่อขึ้นสู่ระดับ “{band}”",
        "{gap:.2f} more overall points reach the “{band}” band",
    ),
    "top_band": ("อยู่ในระดับคะแนนสูงสุดแล้ว", "Already in the highest band"),
    "no_recommendations": ("ไม่มีตัวชี้วัดย่อยที่ต่ำกว่าค่าเฉลี่ยกลุ่ม", "No sub-indicator is below the peer average."),
    "did_not_respond": (
        "{unit} ไม่ได้ตอบแบบสำรวจในปี พ.ศ. {be} จึงไม่มีคะแนนของปีนี้",
        "{unit} did not respond to the survey in BE {be} ({ce}), so it has no scores for that year.",
    ),
    "withdrew": (
        "{unit} ถอนตัวจากการสำรวจในปี พ.ศ. {be} จึงไม่มีคะแนนของปีนี้",
        "{unit} withdrew from the survey in BE {be} ({ce}), so it has no scores for that year.",
    ),
    "not_surveyed": (
        "{unit} ไม่อยู่ในกลุ่มเป้าหมายของการสำรวจปี พ.ศ. {be}",
        "{unit} was not among the surveyed units in BE {be} ({ce}).",
    ),
    "no_score_next": (
        "หากต้องการข้อมูลเพิ่มเติมหรือเข้าร่วมการสำรวจครั้งต่อไป โปรดติดต่อ สพร.",
        "To take part in the next survey or for more information, please contact DGA.",
    ),
    "page": ("หน้า {n}/{total}", "Page {n} of {total}"),
    # province report
    "province_title": ("ผลสำรวจความพร้อมรัฐบาลดิจิทัล จังหวัด{name}", "Digital Government Readiness: {name}"),
    "province_for": ("สำหรับผู้ว่าราชการจังหวัด{name}", "For the Governor of {name}"),
    "province_score": ("คะแนนเฉลี่ยของจังหวัด", "Province average"),
    "province_rank": ("อันดับจาก {n} จังหวัด", "Rank of {n}"),
    "response_rate": ("อัตราการตอบ", "Response rate"),
    "responded_of": ("ตอบ {responded:,} จาก {targeted:,} หน่วยงาน", "{responded:,} of {targeted:,} units responded"),
    "change": ("เปลี่ยนแปลงจากปีก่อน", "Change from last year"),
    "no_change": ("ไม่มีข้อมูลปีก่อน", "no earlier year"),
    "province_no_data": ("ไม่มีผลสำรวจของจังหวัด{name}ในปี พ.ศ. {be}", "There are no results for {name} in BE {be} ({ce})."),
    "pillars_vs_national": (
        "คะแนนรายเสาหลักของจังหวัดเทียบกับค่าเฉลี่ยประเทศ",
        "The province's pillars against the national average",
    ),
    "units_by_type": ("หน่วยงานในจังหวัด แยกตามประเภท", "The province's units by agency type"),
    "units_hidden": (
        "รายละเอียดรายหน่วยงานไม่เปิดให้ผู้ขอรายงานนี้ (แสดงเฉพาะแก่ สพร. และจังหวัด/กรมที่เป็นเจ้าของข้อมูล) รายงานนี้จึงแสดงเฉพาะค่าเฉลี่ย",
        "Unit-level detail is not available to the requester of this report (only DGA staff and the owning "
        "province or department see it); this report shows averages only.",
    ),
    "type": ("ประเภทหน่วยงาน", "Agency type"),
    "unit": ("หน่วยงาน", "Unit"),
    "status": ("สถานะ", "Status"),
    "status_responded": ("ตอบแล้ว", "Responded"),
    "status_not_responded": ("ไม่ได้ตอบ", "Did not respond"),
    "status_withdrawn": ("ถอนตัว", "Withdrew"),
    "strongest": ("ตัวชี้วัดย่อยที่เด่นที่สุด", "Strongest sub-indicators"),
    "weakest": ("ตัวชี้วัดย่อยที่อ่อนที่สุด", "Weakest sub-indicators"),
    "vs_national": ("{diff:+.1f} เทียบค่าเฉลี่ยประเทศ", "{diff:+.1f} vs national"),
    "common_actions": ("สิ่งที่หน่วยงานส่วนใหญ่ในจังหวัดควรทำ", "What most of its units should do"),
    "units_to_accelerate": ("{n} จาก {total} หน่วยงานควรเร่งพัฒนา", "{n} of {total} units should accelerate"),
    # department report
    "dept_title": (
        "ผลสำรวจความพร้อมรัฐบาลดิจิทัล: {name} และสำนักงานในส่วนภูมิภาค",
        "Digital Government Readiness: {name} and its provincial branches",
    ),
    "own_score": ("คะแนนของกรมเอง", "The department's own score"),
    "branch_mean": ("ค่าเฉลี่ยสำนักงานในจังหวัด", "Branches' average"),
    "branch_sd": ("การกระจาย (SD)", "Spread (SD)"),
    "n_branches": ("จำนวนสำนักงานที่นับ", "Branches counted"),
    "branch_range": ("ต่ำสุด–สูงสุด", "Lowest–highest"),
    "branch_map": ("คะแนนของสำนักงานในแต่ละจังหวัด", "Its branches on the map"),
    "branch_table": ("สำนักงานในจังหวัด", "The branches"),
    "province": ("จังหวัด", "Province"),
    "branch_weakest": ("ตัวชี้วัดย่อยที่อ่อนที่สุดของสำนักงานในจังหวัด", "Its branches' weakest sub-indicators"),
    "branch_strongest": ("ตัวชี้วัดย่อยที่เด่นที่สุดของสำนักงานในจังหวัด", "Its branches' strongest sub-indicators"),
    "no_branch_data": ("ไม่มีสำนักงานในจังหวัดที่ตอบแบบสำรวจในปีนี้", "No branch responded in this year."),
    "not_visible": ("ไม่เปิดให้ผู้ขอ", "not available to you"),
    "deck_footer": ("ผลสำรวจความพร้อมรัฐบาลดิจิทัล · พ.ศ. {be}", "Digital Government Readiness · BE {be}"),
}


def doc_text(key: str, lang: str, **kw: object) -> str:
    """A document text in lang, formatted with kw; falls back to the deck's texts, then to the key."""
    pair = DOC_TEXTS.get(key)
    if pair is None:
        return deck_text(key, lang, **kw)
    s = pair[0 if lang == "th" else 1]
    return s.format(**kw) if kw else s


def be_year(be: int, lang: str) -> str:
    """'2562' in Thai, '2562 (2019)' in English."""
    return str(be) if lang == "th" else f"{be} ({be - 543})"


@lru_cache(maxsize=4096)
def _tokens(s: str) -> tuple[str, ...]:
    from pythainlp.tokenize import word_tokenize

    return tuple(word_tokenize(s, engine="newmm", keep_whitespace=True))


def thai_wrap_text(s: str) -> str:
    """s with a zero-width space between Thai words (pythainlp newmm), the only places where fpdf2 may
    then break a Thai line. Latin text, numbers and existing spaces are left as they are."""
    if not s or not _THAI.search(s):
        return s
    out: list[str] = []
    for tok in _tokens(s):
        prev, first = (out[-1][-1:] if out else ""), tok[:1]
        if (
            prev
            and _THAI.search(prev + first)
            and not (prev.isspace() or first.isspace())
            and first not in _NO_BREAK_BEFORE
            and prev not in _NO_BREAK_AFTER
        ):
            out.append(ZWSP)
        out.append(tok)
    return "".join(out)


def _visible_len(s: str) -> int:
    """Characters that take room on a line (Thai vowel and tone marks sit above or below another)."""
    return sum(1 for c in s if unicodedata.category(c) != "Mn")


def wrap_label(s: str, width: int, max_lines: int = 3) -> str:
    """A chart label broken into lines of about width characters with <br>, between words only."""
    lines: list[str] = [""]
    for tok in _tokens(s) if _THAI.search(s) else re.split(r"(\s+)", s):
        if _visible_len(lines[-1]) > 3 and _visible_len(lines[-1]) + _visible_len(tok) > width and not tok.isspace():
            lines.append("")
        lines[-1] += "" if (tok.isspace() and not lines[-1]) else tok
    lines = [ln.strip() for ln in lines if ln.strip()]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] += "…"
    return "<br>".join(lines)
