"""The printed documents, opened and read back: PDFs with poppler's pdftotext/pdfinfo/pdffonts, PPTX
with python-pptx. Every file is rendered once per module; charts need Debian's chromium, and the
tests that render them fail (not skip) when it is missing.

PDF text is read with `pdftotext -raw` (content order). `-layout` sorts glyphs by position, and
shaped Thai has tone marks raised above an upper vowel (ค่าเฉลี่ย), which it then prints on a line
of their own; -raw keeps each printed line whole. Shaped SARA AM (ำ) comes out followed by a space
in both modes, so comparisons ignore whitespace."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import subprocess
from pathlib import Path

import pytest

from dgcore import documents, queries
from dgcore.access import Actor, scope_for
from dgcore.briefing import build_deck
from dgcore.documents.letter import LetterContext, results_letter
from dgcore.documents.text import ZWSP
from dgcore.letters import HeadTitles, LetterSettings, thai_digits
from dgcore.report import agency_report

ROOT = Path(__file__).resolve().parents[2]
YEAR = 2562
ISSUED = dt.date(2020, 3, 5)
STAFF = scope_for(Actor("staff", "staff"))
PRESENTER = scope_for(Actor("presenter", "presenter"))
RTP = scope_for(Actor("rtp", "agency", "D317"))
CHIANG_MAI = scope_for(Actor("cm", "province", "50"))
BROKEN_WORD_START = set("ะาำิีึืุู่้๊๋็์ัๅ")  # a line starting with one of these is a word cut in two

pytestmark = pytest.mark.slow


# -- helpers ----------------------------------------------------------------------------------------


def _tool(args: list[str], data: bytes, tmp: Path, name: str) -> str:
    path = tmp / name
    path.write_bytes(data)
    return subprocess.run(
        [*args, str(path), *(["-"] if args[0] == "pdftotext" else [])], check=True, capture_output=True, text=True
    ).stdout


class Pdf:
    """One rendered PDF: its bytes, its -layout text, its page count and fonts."""

    def __init__(self, data: bytes, tmp: Path, name: str):
        self.data = data
        self.text = _tool(["pdftotext", "-raw"], data, tmp, name)
        self.pages = int(re.search(r"Pages:\s+(\d+)", _tool(["pdfinfo"], data, tmp, name)).group(1))
        self.fonts = _tool(["pdffonts"], data, tmp, name)
        self.flat = re.sub(r"\s+", "", self.text).replace(ZWSP, "")

    def has(self, s: str) -> bool:
        """s occurs, ignoring spacing and line ends that text extraction adds."""
        return re.sub(r"\s+", "", s) in self.flat


def _pptx_text(data: bytes) -> tuple[object, str]:
    from pptx import Presentation

    prs = Presentation(io.BytesIO(data))
    texts = [sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame]
    return prs, "\n".join(texts)


@pytest.fixture(scope="module")
def needs_chromium():
    path = Path("/usr/bin/chromium")
    if not path.is_file():
        pytest.fail(
            "Charts in documents need Debian's chromium at /usr/bin/chromium: run `make browser` "
            "(kaleido must never download a browser)."
        )
    return path


@pytest.fixture(scope="module")
def tmp(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("documents")


@pytest.fixture(scope="module")
def fw(demo_db):
    return queries.framework(demo_db, STAFF, YEAR)


@pytest.fixture(scope="module")
def geojson(demo_settings) -> dict:
    with open(demo_settings.data_dir / "geo" / "provinces.geojson", encoding="utf-8") as f:
        return json.load(f)


@pytest.fixture(scope="module")
def rtp(demo_db, fw):
    return agency_report(demo_db, RTP, "D317", YEAR, fw)


@pytest.fixture(scope="module")
def letter_th(needs_chromium, rtp, fw, tmp) -> Pdf:
    return Pdf(documents.letter_pdf(rtp, fw, "th", ISSUED, is_demo=True), tmp, "letter_th.pdf")


@pytest.fixture(scope="module")
def letter_en(needs_chromium, rtp, fw, tmp) -> Pdf:
    return Pdf(documents.letter_pdf(rtp, fw, "en", ISSUED, is_demo=True), tmp, "letter_en.pdf")


@pytest.fixture(scope="module")
def chiang_mai_units(demo_db) -> list[str]:
    units = queries.province_units(demo_db, STAFF, YEAR, "50")
    return list(units["name_th"]) + list(units["name_en"])


# -- Thai word breaking -----------------------------------------------------------------------------


def test_thai_wrap_text_puts_zero_width_spaces_between_thai_words_only():
    s = "จัดทำแผนพัฒนาบุคลากรด้านดิจิทัล (CIO) 55.54 Royal Thai Police"
    out = documents.thai_wrap_text(s)
    assert out.replace(ZWSP, "") == s
    assert "แผน" + ZWSP in out or ZWSP + "แผน" in out
    assert "Royal Thai Police" in out and "55.54" in out and "(CIO)" in out
    assert documents.thai_wrap_text("English only") == "English only"


def test_thai_text_is_shaped_so_tone_marks_are_placed(letter_th):
    # Without uharfbuzz fpdf2 draws ที่/ป่า's tone marks inside the vowel or stem: requirements.txt must have it.
    assert documents.shaping_available(), "pip install uharfbuzz (fpdf2 text shaping for Thai)"


def test_charts_fail_clearly_when_chromium_is_missing(monkeypatch):
    import plotly.graph_objects as go

    from dgcore.documents import render as documents_render

    monkeypatch.setattr(documents_render, "CHROMIUM", "/nonexistent/chromium")
    with pytest.raises(documents.ChartRenderError, match="chromium"):
        documents_render._Renderer().png(go.Figure(go.Bar(y=[1])), 100, 100, 1)


def test_kaleido_drives_debians_chromium_by_path(needs_chromium):
    import plotly.graph_objects as go

    from dgcore.documents import render as documents_render

    documents.figure_png(go.Figure(go.Bar(y=[1])), 100, 100)  # the reports' charts (letters draw vectors)
    browser = documents_render._RENDERER._kaleido
    assert browser is not None and str(browser._browser_impl.path) == documents_render.CHROMIUM == "/usr/bin/chromium"


# -- the results letter -----------------------------------------------------------------------------


def test_rtp_2562_letter_has_every_element_of_dgas_letter_in_order(letter_th):
    settings = LetterSettings.load(ROOT / "data")
    signatory = settings.text("signatory", "name", "th")
    elements = [
        "ที่ สพร ๒๕๖๒/ว",  # the letter number
        "สำนักงานพัฒนารัฐบาลดิจิทัล (องค์การมหาชน)",  # ส่วนราชการ with its address
        settings.lines("issuer", "address", "th")[0],
        "๑ พฤศจิกายน ๒๕๖๒",  # date of issue from the settings, not the download date
        "เรื่อง ขอแจ้งผลการสำรวจระดับความพร้อมการพัฒนารัฐบาลดิจิทัลของหน่วยงานภาครัฐ ประจำปี ๒๕๖๒",
        "เรียน ผู้บัญชาการตำรวจแห่งชาติ",
        "สิ่งที่ส่งมาด้วย",
        "ตามที่ สำนักงานพัฒนารัฐบาลดิจิทัล (องค์การมหาชน) หรือ สพร.",  # the survey's context by group
        "หน่วยงานภาครัฐระดับกรมหรือเทียบเท่า จำนวน ๓๒๓ หน่วยงาน ซึ่งมีหน่วยงานตอบแบบสำรวจฯ กลับ จำนวน ๓๐๑ หน่วยงาน",
        "ขอขอบคุณหน่วยงานของท่าน",  # thanks
        "ได้คะแนนรวมร้อยละ ๕๕.๕๔",  # the result
        "ร้อยละ ๖๔.๖๐",
        "ที่โดดเด่น ๒ ตัว ค่อนข้างโดดเด่น ๒ ตัว และควรเร่งพัฒนา ๑๓ ตัว",
        settings.get("dashboard_url"),  # the dashboard address
        "หากท่านมีความประสงค์สอบถามข้อมูลเพิ่มเติม",  # contacts
        "จึงเรียนมาเพื่อโปรดพิจารณา",
        "ขอแสดงความนับถือ",  # closing formula
        f"({signatory})",  # signature block
        settings.lines("signatory", "title", "th")[0],
        settings.lines("owner", "lines", "th")[0],  # ส่วนราชการเจ้าของเรื่อง with telephone
        "โทร. ๐ ",
        "สิ่งที่ส่งมาด้วย ๑",
        "สิ่งที่ส่งมาด้วย ๒",
    ]
    positions, at = [], 0
    for e in elements:
        at = letter_th.flat.find(re.sub(r"\s+", "", e), at)
        positions.append(at)
        assert at >= 0, f"missing or out of order: {e}"
    assert "สำนักงานตำรวจแห่งชาติ" in letter_th.text and "ผู้บัญชาการตำรวจแห่งชาติ" in letter_th.text  # intact
    assert letter_th.has("ข้อมูลสาธิต") and not letter_th.has("หัวหน้าหน่วยงาน")
    assert not letter_th.has("อันดับ") and "254" not in letter_th.text  # show_ranks is off for agencies


def test_every_printed_thai_line_extracts_as_printed(rtp, fw, tmp):
    """pdftotext gives back each drawn line as it was drawn: no space after SARA AM, no split word."""
    printed: list[str] = []
    ctx = LetterContext(LetterSettings.load(ROOT / "data"), HeadTitles.load(ROOT / "data" / "reference"))
    pdf = Pdf(results_letter(rtp, fw, "th", ISSUED, ctx, printed), tmp, "printed.pdf")
    extracted = " ".join(" ".join(pdf.text.split()).split("\n"))
    thai = [ln for ln in printed if re.search(r"[\u0e00-\u0e7f]", ln)]
    assert len(thai) > 100
    missing = [ln for ln in thai if " ".join(ln.replace("{nb}", str(pdf.pages)).split()) not in extracted]
    assert missing == []


def test_letter_with_credentials_prints_the_units_username_and_password(rtp, fw, tmp):
    ctx = LetterContext(
        LetterSettings.load(ROOT / "data"), HeadTitles.load(ROOT / "data" / "reference"), credentials=("D317-x", "pw9")
    )
    pdf = Pdf(results_letter(rtp, fw, "th", ISSUED, ctx), tmp, "cred.pdf")
    assert "Username: D317-x" in pdf.text and "Password: pw9" in pdf.text


def test_advice_on_every_listed_sub_indicator_with_its_source(letter_th, rtp, fw):
    for code in rtp.subs["sub_code"]:
        assert letter_th.has(f"ตัวชี้วัดย่อย {thai_digits(code)} {fw.sub(code).name_th}"), code
    assert letter_th.has("ข้อเสนอแนะจาก สพร.") and letter_th.has("ข้อเสนอแนะจากแดชบอร์ดนี้ (ชั่วคราว)")
    assert letter_th.has("ชั่วคราว*") and letter_th.has("* ชั่วคราว:")


def test_letter_is_set_in_sarabun_regular_and_bold_embedded(letter_th):
    names = [line.split()[0].split("+")[-1] for line in letter_th.fonts.splitlines()[2:] if line.strip()]
    assert sorted(names) == ["Sarabun", "SarabunBold"]
    assert all(" yes yes yes " in line for line in letter_th.fonts.splitlines()[2:] if line.strip())


def test_letter_lists_recommendations_in_the_reports_order(letter_th, rtp, fw):
    start = letter_th.flat.find("๓.ตัวชี้วัดที่ควรเร่งพัฒนา")
    positions = [
        letter_th.flat.find(re.sub(r"\s+", "", f"{thai_digits(c)} {fw.sub(c).name_th}"), start)
        for c in rtp.recommendations["sub_code"]
    ]
    assert start > 0 and -1 not in positions and positions == sorted(positions)


def test_thai_words_of_an_action_are_never_cut_across_lines(letter_th, rtp):
    from pythainlp.tokenize import word_tokenize

    action = rtp.recommendations["actions"].iloc[0][0]["th"]
    word = max(word_tokenize(action, engine="newmm"), key=len)
    assert len(word) >= 5 and any(word in line.replace(" ", "") for line in letter_th.text.splitlines())
    cut = [ln for ln in letter_th.text.splitlines() if ln.strip() and ln.strip()[0] in BROKEN_WORD_START]
    assert cut == []


def test_english_letter_reads_in_english(letter_en, fw):
    assert "Royal Thai Police" in letter_en.text and "55.54" in letter_en.text
    for element in ("No. DGA 2562/C", "1 November 2019", "Subject:", "To: Commissioner-General, Royal Thai Police"):
        assert element in letter_en.text
    for element in ("Enclosures:", "64.60", "Yours sincerely,", "Enclosure 1", "Enclosure 2", "DGA's advice"):
        assert element in letter_en.text
    assert all(g.name_en in letter_en.text for g in fw.groups)
    assert "Demo data" in letter_en.text and f"Page 1 of {letter_en.pages}" in letter_en.text


def test_a_unit_that_did_not_respond_gets_a_short_letter_saying_so(demo_db, fw, tmp):
    su = queries.survey_units(demo_db, STAFF, YEAR)
    unit = su[su["status"] == "not_responded"].iloc[0]
    scope = scope_for(Actor("u", "agency", unit["agency_id"]))
    rep = agency_report(demo_db, scope, unit["agency_id"], YEAR, fw)
    pdf = Pdf(documents.letter_pdf(rep, fw, "th", ISSUED, is_demo=True), tmp, "not_responded.pdf")
    assert pdf.pages == 1 and pdf.has(unit["name_th"]) and pdf.has("ไม่ได้ตอบแบบสำรวจในปี พ.ศ. ๒๕๖๒")
    assert not pdf.has("คะแนนภาพรวม")


# -- province and department reports -----------------------------------------------------------------


def test_province_report_for_staff_lists_its_units_with_scores(needs_chromium, demo_db, fw, tmp):
    pdf = Pdf(documents.province_pdf(demo_db, STAFF, YEAR, "50", fw, "th", True, ranks=True), tmp, "p50.pdf")
    row = queries.province_summary(demo_db, STAFF, YEAR).set_index("code").loc["50"]
    assert pdf.has("เชียงใหม่") and f"{row['overall']:.2f}" in pdf.text and pdf.has("อันดับจาก 76 จังหวัด")
    assert pdf.has("สำนักงานที่ดินจังหวัดเชียงใหม่") and pdf.has("สิ่งที่หน่วยงานส่วนใหญ่ในจังหวัดควรทำ")
    # the provisional rules say so under the units' table, and every action says whose advice it is
    assert fw.rule_provisional("bands") and pdf.has("(ชั่วคราว*)") and pdf.has("* ชั่วคราว:")
    sources = [p for p in ("ข้อเสนอแนะจาก สพร.", "ข้อเสนอแนะจากแดชบอร์ดนี้ (ชั่วคราว)") if pdf.has(p)]
    assert sources, "no action names its source"


def test_province_report_for_another_province_names_no_unit(needs_chromium, demo_db, fw, tmp):
    pdf = Pdf(documents.province_pdf(demo_db, CHIANG_MAI, YEAR, "57", fw, "th", True), tmp, "p57.pdf")
    units = queries.province_units(demo_db, STAFF, YEAR, "57")
    assert len(units) > 5 and queries.province_units(demo_db, CHIANG_MAI, YEAR, "57").empty
    assert pdf.has("เชียงราย") and pdf.has("รายละเอียดรายหน่วยงานไม่เปิดให้ผู้ขอรายงานนี้")
    assert not pdf.has("อันดับ")  # the rank policy: a province's own people see no rank with show_ranks off
    assert [n for n in units["name_th"] if pdf.has(n)] == []


def test_department_report_shows_only_the_branches_in_the_requesters_scope(demo_db, fw, tmp):
    pdf = Pdf(documents.department_pdf(demo_db, CHIANG_MAI, YEAR, "D230", fw, "en", True), tmp, "dept.pdf")
    everyone = queries.branch_units(demo_db, STAFF, YEAR, "D230")
    assert len(everyone) > 60
    assert "Department of Local Administration" in pdf.text and pdf.has(
        "Provincial Office of Local Administration, Chiang Mai"
    )
    others = everyone[(everyone["province_code"] != "50") & everyone["province_code"].notna()]
    assert [n for n in others["name_en"] if pdf.has(n)] == []
    assert pdf.has("not available to you")
    assert pdf.has("(provisional*)") and pdf.has("* Provisional:")


# -- the briefing deck --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def decks(needs_chromium, demo_db, fw, geojson, tmp):
    """Anonymised decks (national audience; Chiang Rai's audience) about Chiang Mai, rendered once."""
    out = {}
    for key, audience in (("national", None), ("chiang_rai", "57")):
        deck = build_deck(demo_db, PRESENTER, YEAR, "th", fw, geojson, audience=audience, province="50")
        out[key] = (deck, Pdf(documents.deck_pdf(deck), tmp, f"deck_{key}.pdf"), documents.deck_pptx(deck))
    return out


@pytest.mark.parametrize("key", ["national", "chiang_rai"])
def test_anonymised_deck_names_no_chiang_mai_unit(decks, key, chiang_mai_units):
    deck, pdf, pptx = decks[key]
    _, ptext = _pptx_text(pptx)
    flat_pptx = re.sub(r"\s+", "", ptext)
    assert deck.named_units == set() and any(s.key == "units" for s in deck.slides)
    assert [n for n in chiang_mai_units if pdf.has(n) or re.sub(r"\s+", "", n) in flat_pptx] == []
    figures = "".join(repr(s.figure.to_plotly_json()) for s in deck.slides if s.figure is not None)
    assert [n for n in chiang_mai_units if n in figures] == []  # what the slide images show


def test_deck_pdf_has_one_16_9_page_per_slide_with_numbers(decks, tmp):
    deck, pdf, _ = decks["national"]
    assert pdf.pages == len(deck.slides)
    size = _tool(["pdfinfo"], pdf.data, tmp, "size.pdf")
    w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", size).groups())
    assert w / 72 * 25.4 == pytest.approx(338.67, abs=0.2) and h / 72 * 25.4 == pytest.approx(190.5, abs=0.2)
    assert all(pdf.has(f"{n}/{len(deck.slides)}") for n in range(1, len(deck.slides) + 1))
    assert pdf.has(deck.slides[1].title) and pdf.has("ข้อมูลสาธิต")


def test_deck_pptx_has_the_same_slides_16_9_in_sarabun(decks):
    deck, _, pptx = decks["national"]
    prs, text = _pptx_text(pptx)
    assert len(prs.slides) == len(deck.slides)
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)
    assert all(re.sub(r"\s+", "", s.title) in re.sub(r"\s+", "", text) for s in deck.slides)
    fonts = {
        r.font.name
        for s in prs.slides
        for sh in s.shapes
        if sh.has_text_frame
        for p in sh.text_frame.paragraphs
        for r in p.runs
    }
    assert fonts == {"TH Sarabun New"}  # the Thai government's standard face, same widths as Sarabun
    pictures = sum(1 for s in prs.slides for sh in s.shapes if sh.shape_type == 13)
    assert pictures == sum(1 for s in deck.slides if s.figure is not None)


def test_the_maplibre_map_is_drawn_not_blank(decks):
    from PIL import Image

    deck, _, pptx = decks["national"]
    prs, _ = _pptx_text(pptx)
    n = next(i for i, s in enumerate(deck.slides) if s.key == "map")
    pic = next(sh for sh in prs.slides[n].shapes if sh.shape_type == 13)
    img = Image.open(io.BytesIO(pic.image.blob)).convert("RGB").resize((200, 200))
    px = img.tobytes()
    coloured = sum(1 for i in range(0, len(px), 3) if px[i + 2] > px[i] + 25)  # the Blues scale, not white
    assert coloured > 0.1 * 200 * 200


def test_chiang_mais_own_deck_may_name_its_units(needs_chromium, demo_db, fw, geojson, tmp, chiang_mai_units):
    deck = build_deck(demo_db, PRESENTER, YEAR, "th", fw, geojson, audience="50", show_ranks=True)
    pdf = Pdf(documents.deck_pdf(deck), tmp, "deck_cm.pdf")
    assert deck.named_units and pdf.pages == len(deck.slides)
    top = next(s for s in deck.slides if s.key == "units_top")  # named by agency type on its own slide
    types = set(queries.province_units(demo_db, PRESENTER, YEAR, "50")["type_th"])
    assert all(pdf.has(i.head.split(" ", 1)[1]) and i.head.split(" ", 1)[1] in types for i in top.items)
