"""Words of the printed documents (letter, province and department reports, deck footers), Thai
word breaking for fpdf2. The deck's own texts, names and dates live in dgcore.texts."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from dgcore.glossary import terms
from dgcore.texts import text as deck_text

ZWSP = "\u200b"
_THAI = re.compile(r"[\u0e00-\u0e7f]")
_NO_BREAK_BEFORE = set("ๆฯ)]}.,:;!?%”’")
_NO_BREAK_AFTER = set("([{“‘")

DOC_TEXTS: dict[str, tuple[str, str]] = {
    "org": ("{g_dga} ({g_dga_short})", "{g_dga} ({g_dga_short})"),
    "survey": ("{g_survey}", "{g_survey}"),
    "year_line": ("ประจำปี พ.ศ. {be}", "Survey year BE {be} ({ce})"),
    "issued": ("วันที่ {date}", "Issued {date}"),
    "letter_title": ("หนังสือแจ้งผลการสำรวจ", "Results letter"),
    # the results letter (an external letter, หนังสือภายนอก)
    "l_number": ("ที่ {number}", "No. {number}"),
    "l_subject_label": ("เรื่อง", "Subject:"),
    "l_subject": ("ขอแจ้งผล{g_survey} ประจำปี {be}", "Results of the {g_survey}, BE {be} ({ce})"),
    "l_to_label": ("เรียน", "To:"),
    "l_ref_label": ("อ้างถึง", "Reference:"),
    "l_encl_label": ("สิ่งที่ส่งมาด้วย", "Enclosures:"),
    "l_encl_1": ("{i}. ผล{g_survey}ของ{unit} ประจำปี {be}", "{i}. The results of {unit} in the survey, BE {be}"),
    "l_encl_2": (
        "{i}. ข้อเสนอแนะเพื่อยกระดับการพัฒนารัฐบาลดิจิทัลของ{unit}",
        "{i}. DGA's advice for raising the digital government development of {unit}",
    ),
    "l_context": (
        "ตามที่ {g_dga} หรือ {g_dga_short} ได้ดำเนิน{g_survey} ประจำปี {be} โดยได้ดำเนินการสำรวจหน่วยงานภาครัฐทั่วประเทศ "
        "ทั้งหมด {targeted} {g_unit_counter} มีหน่วยงานที่ตอบแบบสำรวจทั้งสิ้น {responded} {g_unit_counter} (คิดเป็นร้อยละ {rate}) "
        "ประกอบด้วย {groups} นั้น",
        "The {g_dga} ({g_dga_short}) has carried out the {g_survey} for BE {be} ({ce}), covering {targeted} government "
        "units across the country, of which {responded} responded ({rate}%): {groups}.",
    ),
    "l_group": (
        "{i}. {group} จำนวน {targeted} {g_unit_counter} ซึ่งมีหน่วยงานตอบแบบสำรวจฯ กลับ จำนวน {responded} {g_unit_counter} "
        "(คิดเป็นร้อยละ {rate})",
        "{i}. {group}: {targeted} targeted, {responded} responded ({rate}%)",
    ),
    "l_and": (" และ ", "; and "),
    "l_sep": (" ", "; "),
    "l_thanks": (
        "ในการนี้ {g_dga_short} ขอขอบคุณหน่วยงานของท่านที่ได้ให้ความร่วมมือในการตอบแบบสำรวจดังกล่าวเป็นอย่างดี "
        "{g_dga_short} ตระหนักว่าผลการสำรวจจะเป็นประโยชน์ในการนำไปใช้ประกอบการวางแผนและการขับเคลื่อนรัฐบาลดิจิทัลของหน่วยงาน "
        "จึงขอส่งผลการสำรวจฯ ของหน่วยงานท่าน ประจำปี พ.ศ. {be} พร้อมข้อเสนอแนะเพื่อยกระดับการพัฒนารัฐบาลดิจิทัล "
        "ดังรายละเอียดตามสิ่งที่ส่งมาด้วย ๑ และ ๒ (คะแนนเต็ม {full}) โดยเปรียบเทียบกับ{group}ที่ตอบแบบสำรวจ "
        "จำนวน {n} {g_unit_counter}",
        "{g_dga_short} thanks your agency for its cooperation in answering the survey. The results are meant to help "
        "agencies plan and drive digital government, so {g_dga_short} is pleased to send your agency's results for "
        "BE {be} ({ce}) with its advice for raising your agency's digital government development (Enclosures 1 and 2; "
        "scores out of {full}), compared with the {n} responding {group}.",
    ),
    "l_result": (
        "{unit} ได้คะแนนรวมร้อยละ {overall} (คะแนนเฉลี่ยของ{group}ทั้งหมด ร้อยละ {peer}{ministry}) "
        "โดยมี{g_sub_indicator}ที่{g_outstanding} {a} ตัว {g_fairly_outstanding} {b} ตัว และ{g_accelerate} {c} ตัว "
        "ซึ่ง {g_dga_short} มีข้อเสนอแนะสำหรับ{g_sub_indicator}ทุกตัวตามสิ่งที่ส่งมาด้วย ๒",
        "{unit} scored {overall} overall (the average of all {group}: {peer}{ministry}), with {a} sub-indicators "
        "{g_outstanding}, {b} {g_fairly_outstanding} and {c} that {g_accelerate}; {g_dga_short}'s advice on every "
        "one of them is in Enclosure 2.",
    ),
    "l_result_plain": (
        "{unit} ได้คะแนนรวมร้อยละ {overall} (คะแนนเฉลี่ยของ{group}ทั้งหมด ร้อยละ {peer}{ministry}) "
        "ซึ่ง {g_dga_short} มีข้อเสนอแนะสำหรับ{g_sub_indicator}ที่ต่ำกว่าค่าเฉลี่ยกลุ่มตามสิ่งที่ส่งมาด้วย ๒",
        "{unit} scored {overall} overall (the average of all {group}: {peer}{ministry}); {g_dga_short}'s advice "
        "on the sub-indicators below the group average is in Enclosure 2.",
    ),
    "l_ministry": (
        "; ของหน่วยงานระดับกรมใน{ministry} ร้อยละ {mean}",
        "; of the department-level units of {ministry}: {mean}",
    ),
    "l_dashboard": (
        "ทั้งนี้ ท่านสามารถดูผลสำรวจของหน่วยงานท่านเพิ่มเติมในรูปแบบ Dashboard ได้ที่ {url} ",
        "Your agency's results can also be seen on the dashboard at {url} ",
    ),
    "l_credentials": (
        "โดยใช้ Username: {username} และ Password: {password} สำหรับ Login เข้าสู่ระบบเพื่อดูผลคะแนนเฉพาะหน่วยงาน",
        "by signing in with Username: {username} and Password: {password}, which show your agency's own scores only.",
    ),
    "l_no_credentials": (
        "โดยใช้ Username และ Password ที่ {g_dga_short} แจ้งแก่หน่วยงานของท่าน สำหรับ Login เข้าสู่ระบบเพื่อดูผลคะแนนเฉพาะหน่วยงาน",
        "by signing in with the username and password {g_dga_short} has sent your agency, which show your agency's own "
        "scores only.",
    ),
    "l_contact": (
        "หากท่านมีความประสงค์สอบถามข้อมูลเพิ่มเติมสามารถประสานงานได้ที่ {contacts} หรือไปรษณีย์อิเล็กทรอนิกส์ {email}",
        "For further information please contact {contacts}, or write to {email}.",
    ),
    "l_contact_one": ("{name} หมายเลขโทรศัพท์ {telephone}", "{name}, telephone {telephone}"),
    "l_closing_line": (
        "จึงเรียนมาเพื่อโปรดพิจารณาและขอขอบคุณมา ณ โอกาสนี้",
        "Please accept {g_dga_short}'s thanks for your agency's cooperation.",
    ),
    "l_regards": ("ขอแสดงความนับถือ", "Yours sincerely,"),
    "l_tel": ("โทร. {v}", "Tel. {v}"),
    "l_fax": ("โทรสาร {v}", "Fax {v}"),
    "l_email": ("ไปรษณีย์อิเล็กทรอนิกส์ {v}", "E-mail {v}"),
    "l_encl_head": ("สิ่งที่ส่งมาด้วย {i}", "Enclosure {i}"),
    "l_results_title": ("ผล{g_survey} ประจำปี {be}", "Results in the {g_survey}, BE {be} ({ce})"),
    "l_advice_title": (
        "ข้อเสนอแนะเพื่อยกระดับการพัฒนารัฐบาลดิจิทัลของ{unit}",
        "DGA's advice for raising the digital government development of {unit}",
    ),
    "l_group_head": ("{i}. {g_indicator}ที่{name}", "{i}. Sub-indicators: {name}"),
    "l_sub_line": (
        "- {g_sub_indicator} {code} {name} ภายใต้{g_indicator}{pillar}",
        "- Sub-indicator {code} {name}, under the indicator {pillar}",
    ),
    "l_scores_line": (
        "คะแนน {score} ค่าเฉลี่ยกลุ่ม {peer}",
        "Score {score}; group average {peer}",
    ),
    "provisional_tag": ("ชั่วคราว", "provisional"),
    "provisional_note": (
        "* ชั่วคราว: {rules} เป็นเกณฑ์ชั่วคราวที่ทีมพัฒนาแดชบอร์ดกำหนดขึ้น จนกว่า {g_dga_short} จะประกาศเกณฑ์ทางการ "
        "ข้อเสนอแนะที่ระบุว่า “{g_app_advice}” เป็นข้อความของทีมพัฒนา ไม่ใช่ของ {g_dga_short}",
        "* Provisional: {rules} follow placeholder rules set by the dashboard team until {g_dga_short} "
        "publishes its own. Advice marked “{g_app_advice}” is the dashboard team's wording, not {g_dga_short}'s.",
    ),
    "pn_bands": ("เกณฑ์ระดับคะแนน", "the score bands"),
    "pn_maturity": ("ระดับวุฒิภาวะ", "maturity levels"),
    "pn_groups": (
        "การจัดกลุ่ม{g_sub_indicator} (โดดเด่น ค่อนข้างโดดเด่น ควรเร่งพัฒนา)",
        "the sorting of sub-indicators (outstanding, fairly outstanding, should be accelerated)",
    ),
    "pn_and": (" และ", " and "),
    "group_average": ("ค่าเฉลี่ยกลุ่ม", "Group average"),
    "ministry_average": ("ค่าเฉลี่ยระดับกรมในกระทรวง", "Ministry's department-level average"),
    "rank_shown": ("อันดับในกลุ่ม", "Rank in the group"),
    "overall": ("คะแนนภาพรวม", "Overall score"),
    "band": ("ระดับคะแนน", "Band"),
    "maturity": ("ระดับวุฒิภาวะ", "Maturity level"),
    "peer_average": ("ค่าเฉลี่ยกลุ่ม", "Peer average"),
    "national_average": ("ค่าเฉลี่ยทั้งประเทศ", "National average"),
    "this_unit": ("หน่วยงานนี้", "This unit"),
    "maturity_short": ("วุฒิภาวะ", "Maturity"),
    "unit_vs_peer": ("{side}ค่าเฉลี่ยกลุ่ม {delta} คะแนน", "{delta} points {side} the group average"),
    "rank_in_peers": ("อันดับในกลุ่ม", "Rank among peers"),
    "rank_of": ("{rank:,} จาก {n:,}", "{rank:,} of {n:,}"),
    "vs_last_year": ("{delta:+.2f} เทียบกับปี {year}", "{delta:+.2f} on {year}"),
    "maturity_line": ("ระดับวุฒิภาวะ {level} “{name}”: {description}", "Maturity level {level}, “{name}”: {description}"),
    "pillars_vs": ("คะแนนราย{g_indicator}เทียบกับค่าเฉลี่ยกลุ่ม", "Indicator scores against the group average"),
    "three_groups": ("คะแนนราย{g_sub_indicator}และการจัดกลุ่ม", "Sub-indicator scores and groups"),
    "sub_scores": ("คะแนนราย{g_sub_indicator}", "Sub-indicator scores"),
    "three_groups_short": ("กลุ่ม", "Group"),
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
        "คะแนน {score} ค่าเฉลี่ยกลุ่ม {peer} หากยกระดับให้ถึงค่าเฉลี่ยกลุ่ม คะแนนภาพรวมจะเพิ่มขึ้น {gain} คะแนน",
        "Score {score}; group average {peer}; raising it to the group average would add {gain} points overall",
    ),
    "next_band_line": (
        "คะแนนภาพรวมต้องเพิ่มอีก {gap} คะแนน จึงจะอยู่ในระดับ “{band}”",
        "{gap} more points overall would reach the “{band}” band",
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
    if kw:
        return s.format(**terms(lang), **kw)
    return s.format(**terms(lang)) if "{g_" in s else s


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


def provisional_note(fw, lang: str) -> str:
    """The footnote naming only the provisional rules this year's framework has (a framework may have no
    maturity rule or no classification): the letter's and the province and department reports'."""
    parts = [doc_text("pn_bands", lang)]
    parts += [doc_text("pn_maturity", lang)] * fw.has_maturity + [doc_text("pn_groups", lang)] * fw.has_classification
    sep = " " if lang == "th" else ", "
    rules = parts[0] if len(parts) == 1 else sep.join(parts[:-1]) + doc_text("pn_and", lang) + parts[-1]
    return doc_text("provisional_note", lang, rules=rules)


def provisional_header(fw, rule: str, key: str, lang: str) -> str:
    """A table column's header, marked "(provisional*)" while its rule is the dashboard team's placeholder."""
    head = doc_text(key, lang)
    return f"{head} ({doc_text('provisional_tag', lang)}*)" if fw.rule_provisional(rule) else head
