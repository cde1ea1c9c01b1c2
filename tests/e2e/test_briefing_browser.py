"""The Briefing deck in Chromium, as a presenter shares it in a video call.

One signed-in page does everything: the keys (arrows, Page Up/Down, Esc); every slide of a national
and of a one-province deck, in Thai and in English, at 1280x720, 1366x768, 1920x1080 and 1024x768,
measured from the DOM (every element inside the slide, no line wider than its box, smallest type
>= 1/25 of the slide's height); then the PDF and PowerPoint the page's buttons download: pillar names
and chart labels present in full, no Thai line broken inside a word, the PPTX's text inside its boxes.
"""

import io
import re
import subprocess

import pytest
from browser import sign_in, wait_for_app

pytestmark = pytest.mark.e2e

SIZES = [(1280, 720), (1366, 768), (1920, 1080), (1024, 768)]
DECKS = [("th", "", "57"), ("th", "50", "50"), ("en", "", "57"), ("en", "50", "50")]  # lang, audience, province

# Every element of the slide inside the slide; every line no wider than its box; the smallest type.
MEASURE = """
async () => {
  await document.fonts.ready;
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const c = document.querySelector('.st-key-slide .dg-canvas');
  const f = c.getBoundingClientRect(), bad = [];
  if (f.left < -0.5 || f.top < -0.5 || f.right > innerWidth + 0.5 || f.bottom > innerHeight + 0.5)
    bad.push('slide outside the window');
  let smallest = 1e9;
  for (const el of c.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.left < f.left - 1 || r.top < f.top - 1 || r.right > f.right + 1 || r.bottom > f.bottom + 1)
      bad.push('outside: ' + (el.textContent || el.className).slice(0, 40));
    if (el.classList.contains('dg-ln')) {
      if (el.scrollWidth > el.clientWidth + 1) bad.push('clipped: ' + el.textContent);
      smallest = Math.min(smallest, parseFloat(getComputedStyle(el).fontSize));
    }
  }
  return {bad, smallest, height: f.height, font: document.fonts.check("700 20px 'DG Sarabun'")};
}
"""


def counter(page) -> str:
    return page.locator(".dg-counter").inner_text()


def wait_counter(page, text: str) -> None:
    page.wait_for_function(f"() => document.querySelector('.dg-counter')?.innerText.startsWith('{text}')")


def open_deck(page, app_url, lang, audience, province) -> int:
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.goto(f"{app_url}/briefing?lang={lang}&year=2563&audience={audience}&province={province}")
    page.locator(".st-key-start_presenting button").wait_for(timeout=120000)
    wait_for_app(page)
    page.locator(".st-key-start_presenting button").click()
    page.locator(".st-key-slide .dg-canvas").wait_for()
    wait_counter(page, "1 /")
    return int(re.search(r"/ (\d+)", counter(page)).group(1))


def keys_move_and_esc_leaves(page) -> None:
    for key, expect in (("ArrowRight", "2 /"), ("PageDown", "3 /"), ("PageUp", "2 /"), ("ArrowLeft", "1 /")):
        page.keyboard.press(key)
        wait_counter(page, expect)
    assert not page.locator("[data-testid='stSidebar']").is_visible()


def sweep(page, total: int, where: str) -> list[str]:
    """Every slide at every size; the problems found."""
    problems = []
    for n in range(1, total + 1):
        wait_counter(page, f"{n} /")
        for w, h in SIZES:
            page.set_viewport_size({"width": w, "height": h})
            m = page.evaluate(MEASURE)
            assert m["font"], "Sarabun was not loaded"
            if m["smallest"] < m["height"] / 25:
                problems.append(f"{where} slide {n} at {w}x{h}: {m['smallest']:.1f}px < {m['height'] / 25:.1f}px")
            problems += [f"{where} slide {n} at {w}x{h}: {b}" for b in m["bad"]]
        page.keyboard.press("PageDown")
    return problems


def download(page, key: str) -> bytes:
    with page.expect_download() as d:
        page.locator(f".st-key-{key} button").click()
    return open(d.value.path(), "rb").read()


def test_every_slide_fits_its_frame_and_the_downloads_carry_the_same_slides(app_url, page, demo_accounts, tmp_path):
    p = demo_accounts[demo_accounts["role"] == "presenter"].iloc[0]
    sign_in(page, app_url, p["username"], p["password"], path="/briefing?lang=en&year=2563")
    problems, files = [], {}
    for lang, audience, province in DECKS:
        total = open_deck(page, app_url, lang, audience, province)
        if not problems and lang == "th" and audience == "":
            keys_move_and_esc_leaves(page)
        problems += sweep(page, total, f"{lang}/{audience or 'national'}")
        page.set_viewport_size({"width": 1440, "height": 1000})
        page.keyboard.press("Escape")
        page.locator(".st-key-start_presenting button").wait_for()
        wait_for_app(page)
        assert page.locator("[data-testid='stSidebar']").is_visible()
        if (lang, audience) in (("th", "50"), ("en", "")):
            files[lang] = (download(page, "deck_pdf"), download(page, "deck_pptx"), total)
    assert problems == []
    for lang, (pdf, pptx, total) in files.items():
        check_pdf(pdf, total, lang, tmp_path)
        check_pptx(pptx, total, lang)


# -- the downloaded files ----------------------------------------------------------------------------


def _framework(lang: str) -> tuple[list[str], list[str]]:
    """The year's pillar names and the chart axis titles, as the deck must print them in full."""
    from dgcore.config import load_settings
    from dgcore.framework import load_framework_file
    from dgcore.texts import text

    fw = load_framework_file(load_settings({}).data_dir / "framework" / "2563.yaml")
    pillars = [f"{p.code}. {p.name_th if lang == 'th' else p.name_en}" for p in fw.pillars]
    return pillars, [text(k, lang) for k in ("axis_score", "axis_share")]


def _breaks_between_words(lines: list[str]) -> bool:
    """Consecutive lines of one Thai label meet at a pythainlp word boundary."""
    from dgcore.documents.text import _tokens

    whole = "".join(lines)
    bounds, at = {0}, 0
    for tok in _tokens(whole):
        at += len(tok)
        bounds.add(at)
    cut, at = [], 0
    for ln in lines[:-1]:
        at += len(ln)
        cut.append(at)
    return all(c in bounds for c in cut)


def check_pdf(data: bytes, total: int, lang: str, tmp) -> None:
    path = tmp / f"deck-{lang}.pdf"
    path.write_bytes(data)
    raw = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", raw)
    pillars, axes = _framework(lang)
    missing = [s for s in pillars + axes if re.sub(r"\s+", "", s) not in flat]
    assert missing == [], missing
    lines = [ln.strip() for ln in raw.splitlines() if ln.strip()]
    for name in pillars:  # a pillar name on two lines is broken between words
        for i in range(len(lines) - 1):
            if name.startswith(lines[i]) and lines[i] != name and name == lines[i] + lines[i + 1]:
                assert _breaks_between_words([lines[i], lines[i + 1]]), (lines[i], lines[i + 1])
    subprocess.run(["pdftoppm", "-r", "12", "-png", str(path), str(tmp / f"page-{lang}")], check=True)
    pages = sorted(tmp.glob(f"page-{lang}-*.png"))
    from PIL import Image

    assert len(pages) == total
    assert all(abs(Image.open(p).size[0] / Image.open(p).size[1] - 16 / 9) < 0.05 for p in pages)


def check_pptx(data: bytes, total: int, lang: str) -> None:
    """Read back with python-pptx: same slides, every line of every text frame fits its box measured
    with TLWG Laksaman (metric-compatible with TH Sarabun New, the face the file names), notes present."""
    from fpdf import FPDF
    from pptx import Presentation
    from pptx.util import Emu

    prs = Presentation(io.BytesIO(data))
    assert len(prs.slides) == total
    pdf = FPDF()
    pdf.add_font("L", "", "/usr/share/fonts/truetype/tlwg/Laksaman.ttf")
    pdf.add_font("L", "B", "/usr/share/fonts/truetype/tlwg/Laksaman-Bold.ttf")
    texts, overflow = [], []
    for n, slide in enumerate(prs.slides, 1):
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip()
        for sh in slide.shapes:
            if not sh.has_text_frame or not sh.text_frame.text.strip():
                continue
            para = sh.text_frame.paragraphs[0]
            run = para.runs[0]
            lines = sh.text_frame.text.split("\v")
            texts += lines
            pdf.set_font("L", "B" if run.font.bold else "", run.font.size.pt)
            width = Emu(sh.width).mm
            for ln in lines:
                if pdf.get_string_width(ln) > width + 0.5:
                    overflow.append((n, ln))
            if len(lines) * para.line_spacing.pt * 0.3528 > Emu(sh.height).mm + 0.5:
                overflow.append((n, "height", lines[0]))
    assert overflow == []
    flat = re.sub(r"\s+", "", "".join(texts))
    pillars, axes = _framework(lang)
    assert [s for s in pillars + axes if re.sub(r"\s+", "", s) not in flat] == []
