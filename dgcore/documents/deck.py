"""The Briefing deck as a 16:9 PDF and PPTX: exactly the slides of dgcore.briefing.build_deck, in
large type. Both files come from one layout (boxes in mm, font sizes fitted with Sarabun's metrics),
so they look alike; the figures are the deck's own, already anonymised, rendered once to PNG and
shared by the two formats. Nothing is added to a slide but a footer with the deck's title, year,
a demo marker when the data are demo, and the slide number.

PPTX cannot embed fonts: its text asks for Sarabun (Latin and complex-script typefaces) and
PowerPoint or LibreOffice substitutes another Thai font where Sarabun is not installed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import plotly.graph_objects as go

from dgcore.briefing import Deck, Slide
from dgcore.documents.pdf import FONT, DocPDF
from dgcore.documents.render import figure_png
from dgcore.documents.text import ZWSP, doc_text
from dgcore.text_safety import drop_bidi

SLIDE_W, SLIDE_H = 338.67, 190.5  # mm: 13.333 x 7.5 in
MARGIN = 14.0
CSS_PX_PER_MM = 1280 / SLIDE_W  # a figure's CSS pixels on a 1280 x 720 slide
INK, MUTED, ACCENT, BOX, WARN = (20, 20, 20), (70, 70, 70), (11, 61, 145), (236, 241, 250), (176, 58, 46)


@dataclass
class Para:
    text: str
    level: int = 0  # 0: bullet, 1: sub-bullet ("   → ..." in the deck)


@dataclass
class TextBox:
    x: float
    y: float
    w: float
    h: float
    paras: list[Para]
    size: float
    bold: bool = False
    color: tuple[int, int, int] = INK
    align: str = "L"
    bullets: bool = False
    fill: tuple[int, int, int] | None = None


@dataclass
class ImageBox:
    x: float
    y: float
    w: float
    h: float
    png: bytes


@dataclass
class SlideLayout:
    boxes: list[TextBox | ImageBox] = field(default_factory=list)


class _Measure:
    """fpdf2 used only to measure Sarabun text, for both outputs."""

    def __init__(self) -> None:
        self.pdf = DocPDF("th", format=(SLIDE_W, SLIDE_H), margin=0)
        self.pdf.add_page()

    def height(self, paras: list[Para], width: float, size: float, bold: bool, bullets: bool) -> float:
        total = 0.0
        for p in paras:
            indent = _indent(p, bullets)
            total += len(self.pdf.lines(p.text.strip(), width - indent, size, bold)) * _lh(size) + _gap(size)
        return total

    def fit(
        self,
        paras: list[Para],
        width: float,
        height: float,
        biggest: float,
        smallest: float,
        bold: bool = False,
        bullets: bool = False,
    ) -> float:
        """The largest whole point size from smallest to biggest at which paras fit (bisection)."""
        lo, hi = int(smallest), int(biggest)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.height(paras, width, mid, bold, bullets) <= height:
                lo = mid
            else:
                hi = mid - 1
        return float(lo)


def _lh(size: float) -> float:
    return size * 0.3528 * 1.4


def _gap(size: float) -> float:
    return size * 0.3528 * 0.45


def _indent(p: Para, bullets: bool) -> float:
    return (7.0 if bullets else 0.0) + (11.0 if p.level else 0.0)


def _hang(p: Para) -> float:
    """How far left of the text its bullet mark sits (the arrow is wider than the dot)."""
    return 9.5 if p.level else 6.5


def _paras(lines: list[str]) -> list[Para]:
    return [Para(s.strip().lstrip("→").strip(), 1 if s.startswith(" ") else 0) for s in lines]


def _figure_box(fig: go.Figure, x: float, y: float, w: float, h: float) -> ImageBox:
    """The figure rendered at the box's size on a 1280 x 720 px slide, so that its type keeps the size
    build_deck gave it. A map keeps at least its own height: its zoom is fixed, so a lower one crops it."""
    css_h = h * CSS_PX_PER_MM
    if _is_map(fig):
        css_h = max(css_h, float(fig.layout.height or 700))
    css_w = css_h * w / h
    return ImageBox(x, y, w, h, figure_png(fig, int(css_w), int(css_h), scale=2))


def _metrics(m: _Measure, metrics: list[tuple[str, str]], y: float) -> tuple[list[TextBox], float]:
    n, gap = len(metrics), 6.0
    w = (SLIDE_W - 2 * MARGIN - gap * (n - 1)) / n
    labels = [Para(lbl) for lbl, _ in metrics]
    label_size = min(m.fit([p], w - 8, 12, 18, 11) for p in labels)
    value_size = 40.0
    while value_size > 20 and any(
        m.height([Para(v)], w - 8, value_size, True, False) > _lh(value_size) + _gap(value_size) for _, v in metrics
    ):
        value_size -= 2
    label_h = max(m.height([p], w - 8, label_size, False, False) for p in labels)
    h = 4 + label_h + _lh(value_size) + 4
    boxes = []
    for i, (label, value) in enumerate(metrics):
        x = MARGIN + i * (w + gap)
        boxes.append(TextBox(x, y, w, h, [], 0, fill=BOX))
        boxes.append(TextBox(x + 4, y + 3, w - 8, label_h, [Para(label)], label_size, color=MUTED))
        boxes.append(
            TextBox(
                x + 4, y + 3 + label_h, w - 8, _lh(value_size) + 2, [Para(value)], value_size, bold=True, color=ACCENT
            )
        )
    return boxes, h


def _title_layout(m: _Measure, slide: Slide) -> SlideLayout:
    w = SLIDE_W - 2 * MARGIN - 20
    size = m.fit([Para(slide.title)], w, 50, 40, 26, bold=True)
    th = m.height([Para(slide.title)], w, size, True, False)
    boxes = [TextBox(MARGIN + 10, 52, w, th, [Para(slide.title)], size, bold=True, color=ACCENT)]
    y = 52 + th + 4
    if slide.subtitle:
        boxes.append(TextBox(MARGIN + 10, y, w, 30, [Para(slide.subtitle)], 24, color=INK))
        y += m.height([Para(slide.subtitle)], w, 24, False, False) + 10
    if slide.note:
        boxes.append(TextBox(MARGIN + 10, y, w, 20, [Para(slide.note)], 16, color=MUTED))
    return SlideLayout(boxes)


def _is_map(fig: go.Figure) -> bool:
    return any(t.type in ("choroplethmap", "scattermap") for t in fig.data)


def _figure_and_bullets(
    m: _Measure, fig: go.Figure, paras: list[Para], y: float, width: float, body_h: float
) -> list[TextBox | ImageBox]:
    """Bullets beside the figure or under it, whichever lets them be set larger (a map, being tall,
    always has them beside it)."""
    fig_w = min(width * 0.5, body_h * 0.95) if _is_map(fig) else width * 0.58
    side = m.fit(paras, width - fig_w - 8, body_h, 24, 12, bullets=True)
    under = 0.0 if _is_map(fig) else m.fit(paras, width, body_h * 0.6, 24, 12, bullets=True)
    if under >= side:
        bh = m.height(paras, width, under, False, True)
        return [
            _figure_box(fig, MARGIN, y, width, body_h - bh - 3),
            TextBox(MARGIN, y + body_h - bh, width, bh, paras, under, bullets=True),
        ]
    return [
        _figure_box(fig, MARGIN, y, fig_w, body_h),
        TextBox(MARGIN + fig_w + 8, y, width - fig_w - 8, body_h, paras, side, bullets=True),
    ]


def slide_layout(m: _Measure, slide: Slide) -> SlideLayout:
    """Where each part of a slide goes, in mm, with its type size."""
    if slide.key == "title":
        return _title_layout(m, slide)
    width = SLIDE_W - 2 * MARGIN
    tsize = m.fit([Para(slide.title)], width, _lh(32) + 1, 32, 22, bold=True)
    boxes: list[TextBox | ImageBox] = [
        TextBox(MARGIN, 9, width, _lh(32) + 1, [Para(slide.title)], tsize, bold=True, color=ACCENT)
    ]
    y = 9 + m.height([Para(slide.title)], width, tsize, True, False)
    if slide.subtitle:
        boxes.append(TextBox(MARGIN, y, width, 10, [Para(slide.subtitle)], 18, color=MUTED))
        y += _lh(18) + 2
    y += 3
    if slide.metrics:
        mboxes, h = _metrics(m, slide.metrics, y)
        boxes += mboxes
        y += h + 6
    bottom = SLIDE_H - 14
    if slide.note:
        nsize = 14
        boxes.append(TextBox(MARGIN, bottom - _lh(nsize), width, _lh(nsize), [Para(slide.note)], nsize, color=MUTED))
        bottom -= _lh(nsize) + 2
    paras = _paras(slide.bullets)
    body_h = bottom - y
    if slide.figure is not None and paras:
        boxes += _figure_and_bullets(m, slide.figure, paras, y, width, body_h)
    elif slide.figure is not None:
        boxes.append(_figure_box(slide.figure, MARGIN, y, width, body_h))
    elif paras:
        bsize = m.fit(paras, width, body_h, 26, 13, bullets=True)
        boxes.append(TextBox(MARGIN, y, width, body_h, paras, bsize, bullets=True))
    return SlideLayout(boxes)


def _footer(deck: Deck) -> str:
    parts = [doc_text("deck_footer", deck.lang, be=deck.year)]
    if deck.is_demo:
        parts.append(doc_text("demo", deck.lang))
    return " · ".join(parts)


# -- PDF ------------------------------------------------------------------------------------------


def _pdf_text(pdf: DocPDF, box: TextBox) -> None:
    if box.fill:
        pdf.set_fill_color(*box.fill)
        pdf.rect(box.x, box.y, box.w, box.h, style="F")
    y = box.y
    for p in box.paras:
        indent = _indent(p, box.bullets)
        lines = pdf.lines(p.text.strip(), box.w - indent, box.size, box.bold)
        if box.bullets:
            pdf.set_text_color(*(MUTED if p.level else ACCENT))
            pdf.set_font(FONT, "B", box.size)
            pdf.set_xy(box.x + indent - _hang(p), y)
            pdf.cell(_hang(p), _lh(box.size), "→" if p.level else "•")
        pdf.set_text_color(*box.color)
        for ln in lines:
            pdf.set_xy(box.x + indent, y)
            pdf.set_font(FONT, "B" if box.bold else "", box.size)
            pdf.cell(box.w - indent, _lh(box.size), ln, align=box.align)
            y += _lh(box.size)
        y += _gap(box.size)


def deck_pdf(deck: Deck) -> bytes:
    """The deck as a 16:9 PDF (338.67 x 190.5 mm), one page per slide, numbered."""
    m = _Measure()
    pdf = _SlidePDF(
        deck.lang, footer_left=_footer(deck), page_label="{n} / {total}", format=(SLIDE_W, SLIDE_H), margin=MARGIN
    )
    pdf.set_auto_page_break(False)
    pdf.set_title(doc_text("deck_title", deck.lang))
    for slide in deck.slides:
        pdf.add_page()
        for box in slide_layout(m, slide).boxes:
            if isinstance(box, ImageBox):
                pdf.image(io.BytesIO(box.png), x=box.x, y=box.y, w=box.w, h=box.h)
            else:
                _pdf_text(pdf, box)
    return pdf.output_bytes()


class _SlidePDF(DocPDF):
    def footer(self) -> None:
        self.set_font(FONT, "", 11)
        self.set_text_color(*MUTED)
        self.set_draw_color(210, 210, 210)
        self.line(MARGIN, SLIDE_H - 11, SLIDE_W - MARGIN, SLIDE_H - 11)
        self.set_xy(MARGIN, SLIDE_H - 10)
        self.cell(SLIDE_W * 0.7, 6, self.footer_left.replace(ZWSP, ""))
        self.set_xy(SLIDE_W - MARGIN - 40, SLIDE_H - 10)
        self.cell(40, 6, self.page_label.format(n=self.page_no(), total="{nb}"), align="R")


# -- PPTX -----------------------------------------------------------------------------------------


def _pptx_run_font(run: object, size: float, bold: bool, color: tuple[int, int, int]) -> None:
    from pptx.dml.color import RGBColor
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    f = run.font
    f.size, f.bold, f.name = Pt(size), bold, FONT
    f.color.rgb = RGBColor(*color)
    # Thai is a complex script: PowerPoint takes its typeface from <a:cs>, which follows <a:latin>, <a:ea>.
    latin = run._r.get_or_add_rPr().find(qn("a:latin"))
    ea = latin.makeelement(qn("a:ea"), {"typeface": FONT})
    latin.addnext(ea)
    ea.addnext(latin.makeelement(qn("a:cs"), {"typeface": FONT}))


def _pptx_text(slide: object, box: TextBox) -> None:
    from pptx.dml.color import RGBColor
    from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN
    from pptx.oxml.ns import qn
    from pptx.util import Mm, Pt

    shape = slide.shapes.add_textbox(Mm(box.x), Mm(box.y), Mm(box.w), Mm(box.h))
    if box.fill:
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor(*box.fill)
    tf = shape.text_frame
    tf.word_wrap, tf.auto_size = True, MSO_AUTO_SIZE.NONE
    tf.margin_left = tf.margin_right = tf.margin_top = tf.margin_bottom = 0
    for i, p in enumerate(box.paras):
        para = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        para.alignment = {"L": PP_ALIGN.LEFT, "R": PP_ALIGN.RIGHT, "C": PP_ALIGN.CENTER}[box.align]
        para.line_spacing = Pt(_lh(box.size) / 0.3528)  # exactly the PDF's line height
        para.space_after = Pt(box.size * 0.45)
        if box.bullets:
            ppr = para._p.get_or_add_pPr()
            ppr.set("marL", str(int(Mm(_indent(p, True)))))
            ppr.set("indent", str(-int(Mm(_hang(p)))))
            ppr.append(ppr.makeelement(qn("a:buFont"), {"typeface": FONT}))
            ppr.append(ppr.makeelement(qn("a:buChar"), {"char": "→" if p.level else "•"}))
        run = para.add_run()
        run.text = drop_bidi(p.text.strip())  # a bidi override in a name would reorder the slide
        _pptx_run_font(run, box.size, box.bold, box.color)


def deck_pptx(deck: Deck) -> bytes:
    """The deck as a 16:9 PowerPoint file (13.333 x 7.5 in), the same slides as deck_pdf."""
    from pptx import Presentation
    from pptx.util import Emu, Mm

    m = _Measure()
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)  # 13.333 x 7.5 in, PowerPoint's 16:9
    blank = prs.slide_layouts[6]
    total = len(deck.slides)
    for n, slide in enumerate(deck.slides, start=1):
        s = prs.slides.add_slide(blank)
        for box in slide_layout(m, slide).boxes:
            if isinstance(box, ImageBox):
                s.shapes.add_picture(io.BytesIO(box.png), Mm(box.x), Mm(box.y), Mm(box.w), Mm(box.h))
            else:
                _pptx_text(s, box)
        _pptx_text(s, TextBox(MARGIN, SLIDE_H - 10, SLIDE_W * 0.7, 6, [Para(_footer(deck))], 11, color=MUTED))
        _pptx_text(
            s, TextBox(SLIDE_W - MARGIN - 40, SLIDE_H - 10, 40, 6, [Para(f"{n} / {total}")], 11, color=MUTED, align="R")
        )
    prs.core_properties.title = doc_text("deck_title", deck.lang)
    prs.core_properties.comments = (
        "Set in Sarabun (SIL Open Font License), which PPTX cannot embed: install it "
        "for the intended look; otherwise another Thai font is substituted."
    )
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()
