"""The Briefing deck laid out once and drawn three ways: HTML for the page, a 16:9 PDF and a PPTX.

slide_layout() places every part of a slide on a 338.67 x 190.5 mm canvas (PowerPoint's 16:9) as
text boxes whose lines are already broken (Sarabun's metrics, Thai only between words), rectangles
(bars, swatches, tiles) and images (the map). The page scales that canvas to the window with CSS
container units, the PDF prints it with fpdf2, the PPTX places the same boxes; nothing is re-flowed.

Type is sized for a 640 x 360 video tile: nothing smaller than 1/25 of the slide's height (22 pt on
the 540 pt high slide). Bar charts are drawn as shapes with real text, so their labels are measured
like every other line and can never be cropped; only the map is a picture (kaleido), with alt text.

Fonts: the PDF and the page use Sarabun. The PPTX names TH Sarabun New, the Thai government's
standard face (a cabinet resolution made it the official font), whose advance widths match Sarabun's
within 3 % at the same size (measured against TLWG's Laksaman, its metric-compatible derivative), so
the pre-broken lines fit; its text frames also ask PowerPoint to shrink text that would overflow when
a wider substitute (e.g. Tahoma) is used on a PC without it.
"""

from __future__ import annotations

import base64
import html
import io
import math
import re
from dataclasses import dataclass, field

import plotly.graph_objects as go

from dgcore.briefing import Bars, Deck, Item, Slide
from dgcore.documents.mapdraw import map_png
from dgcore.documents.pdf import FONT, DocPDF
from dgcore.documents.text import ZWSP, doc_text, thai_wrap_text
from dgcore.text_safety import clean, drop_bidi, plain_html
from dgcore.texts import text as deck_text

SLIDE_W, SLIDE_H = 338.67, 190.5  # mm: 13.333 x 7.5 in
PT = 0.3528  # mm per point
MIN_PT = 22.0  # 1/25 of the slide's 540 pt height, rounded up
MX, TOP, BOTTOM = 16.0, 8.0, SLIDE_H - 12.0  # the bottom 12 mm hold the exports' footer
CSS_PX_PER_MM = 1280 / SLIDE_W  # CSS pixels of a 1280 x 720 slide
# Lines are broken short of their box's width: room for a browser's rounding and for the PPTX's face,
# TH Sarabun New, whose Thai is within 1.5 % of Sarabun's width but whose Latin runs up to 8 % wider.
WRAP_THAI, WRAP_LATIN = 0.95, 0.9
PPTX_FONT = "TH Sarabun New"
INK, MUTED, ACCENT, BOX, WARN = (20, 20, 20), (64, 64, 64), (11, 61, 145), (232, 238, 249), (150, 40, 20)
GRID, REF = (205, 205, 205), (40, 40, 40)


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def lh(size: float) -> float:
    """Line height in mm for a size in points."""
    return size * PT * 1.32  # Sarabun's own ascent + descent is 1.3 em


@dataclass
class TextBox:
    x: float
    y: float
    w: float
    lines: list[str]
    size: float
    bold: bool = False
    color: tuple[int, int, int] = INK
    align: str = "L"

    @property
    def h(self) -> float:
        return len(self.lines) * lh(self.size)


@dataclass
class RectBox:
    x: float
    y: float
    w: float
    h: float
    fill: tuple[int, int, int]


@dataclass
class ImageBox:
    x: float
    y: float
    w: float
    h: float
    png: bytes
    alt: str


Box = TextBox | RectBox | ImageBox


@dataclass
class SlideLayout:
    boxes: list[Box] = field(default_factory=list)
    smallest: float = 99.0  # the smallest type size used, in points
    cut_words: list[str] = field(default_factory=list)  # words too long for their box (tests keep it empty)


class Measure:
    """Sarabun's metrics through fpdf2 (with HarfBuzz shaping), for every output."""

    def __init__(self) -> None:
        self.pdf = DocPDF("th", format=(SLIDE_W, SLIDE_H), margin=0)
        self.pdf.add_page()
        self._em: dict[tuple[str, bool], float] = {}

    def raw(self, s: str, size: float, bold: bool = False) -> float:
        """The width of s in mm at size: its width at 1 pt (kept; a TrueType width scales with the
        size) times the size."""
        key = (s, bold)
        if key not in self._em:
            self.pdf.set_font(FONT, "B" if bold else "", 100)
            self._em[key] = self.pdf.get_string_width(s) / 100
        return self._em[key] * size

    def lines(self, s: str, width: float, size: float, bold: bool = False) -> list[str]:
        """s broken greedily into lines a little narrower than width (_wrap): Thai between the words
        pythainlp finds, other text at spaces."""
        room, out, line, used = width * _wrap(s), [], "", 0.0
        for piece in _pieces(s.strip()):
            w = self.raw(piece, size, bold)
            if line.strip() and not piece.isspace() and used + w > room + 0.01:
                out.append(line.rstrip())
                line, used = "", 0.0
            if line or not piece.isspace():
                line, used = line + piece, used + w
        return out + [line.rstrip()] if line.strip() else out

    def words_fit(self, s: str, width: float, size: float, bold: bool = False) -> bool:
        """True when every word of s fits on a line of width: then no line is broken inside a word."""
        room = width * _wrap(s)
        return all(self.raw(w, size, bold) <= room + 0.01 for w in _pieces(s) if not w.isspace())

    def nlines(self, s: str, width: float, size: float, bold: bool = False) -> int:
        """How many lines s takes in width; 99 when a word would have to be cut."""
        return len(self.lines(s, width, size, bold)) if self.words_fit(s, width, size, bold) else 99

    def width(self, s: str, size: float, bold: bool = False) -> float:
        """The width a box needs for s on one line (with the room _wrap keeps)."""
        return self.raw(s, size, bold) / _wrap(s)

    def box(self, lay: SlideLayout, s: str, x: float, y: float, w: float, size: float, **kw) -> TextBox:
        """A text box added to lay, its size noted."""
        b = TextBox(x, y, w, self.lines(s, w, size, kw.get("bold", False)), size, **kw)
        if not self.words_fit(s, w, size, kw.get("bold", False)):
            lay.cut_words.append(s)
        lay.boxes.append(b)
        lay.smallest = min(lay.smallest, size)
        return b


def _wrap(s: str) -> float:
    """The share of a box's width a line of s may fill: less where Latin letters are many."""
    latin = sum(1 for c in s if c.isascii() and c.isalpha())
    return WRAP_LATIN if latin > 0.3 * max(1, len(s)) else WRAP_THAI


def _pieces(s: str) -> list[str]:
    """s cut where a line may break: Thai words (pythainlp, via thai_wrap_text's zero-width spaces,
    which also keep marks such as ๆ with their word) and runs of spaces, each space run a piece."""
    return [p for part in thai_wrap_text(s).split(ZWSP) for p in re.split(r"( +)", part) if p]


def _largest(fits, biggest: float, smallest: float = MIN_PT) -> float:
    """The largest whole point size from smallest to biggest for which fits(size) holds (bisection:
    a smaller size never fits worse); smallest when none does."""
    lo, hi = int(smallest), int(biggest)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if fits(float(mid)) else (lo, mid - 1)
    return float(lo)


# -- parts of a slide ------------------------------------------------------------------------------


def _title(m: Measure, lay: SlideLayout, slide: Slide, lang: str) -> float:
    """Title (and subtitle, and a 'provisional' tag at the right); returns where the body starts."""
    width = SLIDE_W - 2 * MX
    if slide.provisional:
        tag = deck_text("provisional", lang)
        tw = m.width(tag, MIN_PT, True) + 6
        lay.boxes.append(RectBox(SLIDE_W - MX - tw, TOP + 1, tw, lh(MIN_PT) + 1, (255, 236, 224)))
        m.box(lay, tag, SLIDE_W - MX - tw + 3, TOP + 1.5, tw - 6, MIN_PT, bold=True, color=WARN, align="C")
        width -= tw + 4
    size = _largest(lambda s: m.nlines(slide.title, width, s, True) <= 1, 38, 30)
    y = TOP + m.box(lay, slide.title, MX, TOP, width, size, bold=True, color=ACCENT).h
    if slide.subtitle:
        y += m.box(lay, slide.subtitle, MX, y, SLIDE_W - 2 * MX, 26, color=MUTED).h
    lay.boxes.append(RectBox(MX, y + 1.5, SLIDE_W - 2 * MX, 0.8, ACCENT))
    return y + 6


def _metrics(m: Measure, lay: SlideLayout, metrics: list[tuple[str, ...]], y: float, h: float) -> float:
    """Tiles: a label, a number in the largest type on the slide, an optional detail (the change);
    returns their height."""
    n, gap = len(metrics), 6.0
    w = (SLIDE_W - 2 * MX - gap * (n - 1)) / n
    inner = w - 8
    labels, values = [t[0] for t in metrics], [t[1] for t in metrics]
    details = [t[2] if len(t) > 2 else "" for t in metrics]
    lsize = _largest(lambda s: all(m.nlines(t, inner, s) <= 2 for t in labels + details), 28)
    label_h = max(len(m.lines(t, inner, lsize)) for t in labels) * lh(lsize)
    detail_h = max(len(m.lines(t, inner, lsize)) for t in details) * lh(lsize)

    def fits(s: float) -> bool:
        return all(m.width(v, s, True) <= inner for v in values) and label_h + lh(s) + detail_h + 8 <= h

    vsize = _largest(fits, 80, 30)
    th = label_h + lh(vsize) + detail_h + 8
    for i, (label, value, detail) in enumerate(zip(labels, values, details)):
        x = MX + i * (w + gap)
        lay.boxes.append(RectBox(x, y, w, th, BOX))
        m.box(lay, label, x + 4, y + 3, inner, lsize, color=MUTED)
        m.box(lay, value, x + 4, y + 3 + label_h, inner, vsize, bold=True, color=ACCENT)
        m.box(lay, detail, x + 4, y + 3 + label_h + lh(vsize), inner, lsize, bold=True)
    return th


def _sentence(m: Measure, lay: SlideLayout, s: str, y: float, h: float) -> None:
    w = SLIDE_W - 2 * MX
    size = _largest(lambda z: m.nlines(s, w, z) * lh(z) <= h, 40)
    box = m.box(lay, s, MX, y, w, size, align="C")
    box.y = y + max(0.0, (h - box.h) / 2)


def _item_height(m: Measure, items: list[Item], w: float, size: float, mark_w: float, value_w: float) -> float:
    tw = w - mark_w - value_w
    total = 0.0
    for it in items:
        total += m.nlines(it.head, tw, size, True) * lh(size)
        total += (m.nlines(it.text, tw, size) if it.text else 0) * lh(size) + lh(size) * 0.35
    return total


def _items(m: Measure, lay: SlideLayout, items: list[Item], x: float, y: float, w: float, h: float) -> None:
    """A list: marks (1, 2, •) at the left, bold heads, text under them, numbers at the right."""

    def widths(size: float) -> tuple[float, float]:
        mark = max((m.width(i.mark, size, True) for i in items if i.mark), default=0.0)
        value = max((m.width(i.value, size, True) for i in items if i.value), default=0.0)
        return (mark + 4 if mark else 0.0), (value + 4 if value else 0.0)

    size = _largest(lambda s: _item_height(m, items, w, s, *widths(s)) <= h, 34, 16)
    mark_w, value_w = widths(size)
    tw = w - mark_w - value_w
    spare = h - _item_height(m, items, w, size, mark_w, value_w)
    gap = lh(size) * 0.35 + min(spare / max(1, len(items)), lh(size) * 0.6)
    for it in items:
        if it.mark:
            m.box(lay, it.mark, x, y, mark_w - 2, size, bold=True, color=ACCENT)
        top = y
        y += m.box(lay, it.head, x + mark_w, y, tw, size, bold=True).h
        if it.value:
            m.box(lay, it.value, x + w - value_w + 2, top, value_w - 2, size, bold=True, color=ACCENT, align="R")
        if it.text:
            y += m.box(lay, it.text, x + mark_w, y, tw, size, color=MUTED).h
        y += gap


# -- bars ------------------------------------------------------------------------------------------


def _nice_max(v: float) -> float:
    """A round axis end at or above v (100 for scores, 10/20/50... for counts)."""
    if v <= 0:
        return 1.0
    mag = 10 ** math.floor(math.log10(v))
    return next(s * mag for s in (1, 2, 2.5, 5, 10) if s * mag >= v)


def _bars_fit(m: Measure, bars: Bars, w: float, h: float, s: float, legend: bool) -> tuple[float, float] | None:
    """(label column width, row height) when the chart fits at size s, else None."""
    widest = max([m.width(lbl, s, True) for lbl in bars.labels] + [m.width(bars.axis, s)])
    lw = min(widest + 1, w * 0.56)
    lines = max(m.nlines(lbl, lw, s, True) for lbl in bars.labels)
    if m.nlines(bars.axis, lw, s) > 1:
        return None
    row = (h - (lh(s) + 2 if legend and _legend_entries(bars) else 0.0) - lh(s) - 3) / len(bars.labels)
    need = max(lines * lh(s), len(bars.series) * lh(s) / 0.95) + 1.5  # two bars: a value label each
    return (lw, row) if lines <= 2 and row >= need else None


def _legend_entries(bars: Bars) -> list[tuple[str, str | None]]:
    entries = [(name, colour) for name, _, colour in bars.series] if len(bars.series) > 1 else []
    return entries + ([(bars.reference[0], None)] if bars.reference else [])


def _legend_width(m: Measure, bars: Bars, s: float) -> float:
    return sum(lh(s) * 0.55 + 2 + m.width(name, s) + 6 for name, _ in _legend_entries(bars)) - 6


def _legend(m: Measure, lay: SlideLayout, bars: Bars, x: float, y: float, s: float) -> None:
    for name, colour in _legend_entries(bars):
        sw = lh(s) * 0.55
        if colour:
            lay.boxes.append(RectBox(x, y + (lh(s) - sw) / 2, sw, sw, _rgb(colour)))
        else:
            lay.boxes.append(RectBox(x + sw / 2 - 0.6, y, 1.2, lh(s), REF))
        x += sw + 2
        x += m.box(lay, name, x, y, m.width(name, s), s).w + 6


def _bars(m: Measure, lay: SlideLayout, bars: Bars, x: float, y: float, w: float, h: float, legend: bool) -> None:
    """Horizontal bars as shapes, labels as text: margins come from the measured labels. The legend
    takes a row above the bars unless the caller placed it (beside the title)."""
    s = _largest(lambda z: _bars_fit(m, bars, w, h, z, legend) is not None, 30, 16)
    lw, row = _bars_fit(m, bars, w, h, s, legend) or (w * 0.56, (h - 2 * lh(s)) / len(bars.labels))
    top = y
    if legend and _legend_entries(bars):
        _legend(m, lay, bars, x + lw + 5, y, s)
        top += lh(s) + 2
    vmax = _nice_max(bars.vmax) if bars.vmax != 100 else 100.0
    values = [bars.fmt.format(v) for _, vals, _ in bars.series for v in vals]
    vw = max(m.width(v, s, True) for v in values) + 2
    bx, bw = x + lw + 5, w - lw - 5 - vw - 2
    span = row * len(bars.labels)
    for f, align in ((0, "L"), (0.5, "C"), (1, "R")):
        lay.boxes.append(RectBox(bx + bw * f - 0.2, top, 0.4, span, GRID))
        tick = f"{vmax * f:.0f}" + ("%" if "%" in bars.fmt else "")
        tw = m.width(tick, s)
        m.box(
            lay,
            tick,
            bx + bw * f - tw * {"L": 0, "C": 0.5, "R": 1}[align],
            top + span + 1,
            tw,
            s,
            color=MUTED,
            align=align,
        )
    m.box(lay, bars.axis, x, top + span + 1, lw, s, color=MUTED, align="R")
    n = len(bars.series)
    thick = min(row * (0.8 if n == 1 else 0.95) / n, lh(s) * 1.1)
    for i, label in enumerate(bars.labels):
        ry = top + i * row
        lb = m.box(lay, label, x, ry, lw, s, bold=True)
        lb.y = ry + (row - lb.h) / 2
        y0 = ry + (row - thick * n) / 2
        ref = bars.reference[1][i] if bars.reference else None
        for j, (_, vals, colour) in enumerate(bars.series):
            yb = y0 + j * thick
            end = bw * max(0.0, min(vals[i], vmax)) / vmax
            lay.boxes.append(RectBox(bx, yb + 0.6, max(end, 0.4), thick - 1.2, _rgb(colour)))
            after = max(end, bw * ref / vmax if ref is not None else 0.0) + 2
            v = m.box(lay, bars.fmt.format(vals[i]), bx + after, yb, vw, s, bold=True)
            v.y = yb + (thick - v.h) / 2
        if ref is not None:
            lay.boxes.append(RectBox(bx + bw * ref / vmax - 0.6, y0 - 1.5, 1.2, thick * n + 3, REF))


# -- the map ---------------------------------------------------------------------------------------


def _map_png(fig: go.Figure, w: float, h: float) -> bytes:
    """The map at its box's size on a 1280 x 720 slide, the whole country, drawn without a browser."""
    return map_png(fig, int(w * CSS_PX_PER_MM), int(h * CSS_PX_PER_MM), scale=2)


# -- whole slides ----------------------------------------------------------------------------------


def _title_slide(m: Measure, lay: SlideLayout, slide: Slide) -> None:
    """Organisation, the survey's name, the year, the audience and the date, centred on the height."""
    w, x = SLIDE_W - 2 * MX - 14, MX + 14
    org = slide.items[-1].head if slide.items else ""
    y = m.box(lay, org, x, 0, w, 28, color=MUTED).h + 4
    size = _largest(lambda s: m.nlines(slide.title, w, s, True) <= 2, 50, 32)
    y += m.box(lay, slide.title, x, y, w, size, bold=True, color=ACCENT).h + 4
    y += m.box(lay, slide.subtitle, x, y, w, 40, bold=True).h + 4
    for it in slide.items[:-1]:
        y += m.box(lay, it.head, x, y, w, 30).h
    if slide.note:
        y += 4 + m.box(lay, slide.note, x, y + 4, w, MIN_PT, bold=True, color=WARN).h
    shift = (BOTTOM - y) / 2
    for b in lay.boxes:
        b.y += shift
    lay.boxes.insert(0, RectBox(MX, shift, 5, y, ACCENT))


def _legend_by_title(m: Measure, lay: SlideLayout, slide: Slide) -> bool:
    """Put the chart's legend at the right of a short title (a row saved for the bars); False if it
    does not fit there."""
    if not _legend_entries(slide.bars) or slide.provisional:
        return False
    title = next(b for b in lay.boxes if isinstance(b, TextBox))
    lw = _legend_width(m, slide.bars, MIN_PT)
    if MX + m.width(title.lines[0], title.size, True) + 10 + lw > SLIDE_W - MX:
        return False
    _legend(m, lay, slide.bars, SLIDE_W - MX - lw, TOP + (lh(title.size) - lh(MIN_PT)) / 2, MIN_PT)
    return True


def slide_layout(m: Measure, slide: Slide, lang: str) -> SlideLayout:
    """Where each part of a slide goes, in mm, with its type size and its lines."""
    lay = SlideLayout()
    if slide.key == "title":
        _title_slide(m, lay, slide)
        return lay
    y, bottom, width = _title(m, lay, slide, lang), BOTTOM, SLIDE_W - 2 * MX
    if slide.note:
        note = m.box(lay, slide.note, MX, 0, width, MIN_PT, color=MUTED)
        note.y = bottom - note.h
        bottom = note.y - 3
    if slide.metrics:
        rest = slide.sentence or slide.items or slide.bars
        y += _metrics(m, lay, slide.metrics, y, (bottom - y) * (0.55 if rest else 1.0)) + 8
    if slide.figure is not None:
        fw = min((bottom - y) * 0.8, width * 0.5)
        lay.boxes.append(ImageBox(MX, y, fw, bottom - y, _map_png(slide.figure, fw, bottom - y), slide.alt))
        _items(m, lay, slide.items, MX + fw + 10, y, width - fw - 10, bottom - y)
    elif slide.bars is not None:
        _bars(m, lay, slide.bars, MX, y, width, bottom - y, not _legend_by_title(m, lay, slide))
    elif slide.items:
        _items(m, lay, slide.items, MX, y, width, bottom - y)
    if slide.sentence:
        _sentence(m, lay, slide.sentence, y, bottom - y)
    return lay


def deck_layouts(deck: Deck) -> list[SlideLayout]:
    """Every slide of the deck laid out (the map rendered once, shared by page, PDF and PPTX)."""
    m = Measure()
    return [slide_layout(m, s, deck.lang) for s in deck.slides]


def _footer(deck: Deck) -> str:
    parts = [doc_text("deck_footer", deck.lang, be=deck.year)]
    if deck.is_demo:
        parts.append(doc_text("demo", deck.lang))
    return " · ".join(parts)


# -- HTML (the page) -------------------------------------------------------------------------------


def _pct(v: float, whole: float) -> str:
    return f"{100 * v / whole:.3f}%"


def _cqw(mm: float) -> str:
    return f"{100 * mm / SLIDE_W:.3f}cqw"


ALIGN = {"L": "left", "R": "right", "C": "center"}


def _html_box(b: Box) -> str:
    pos = f"left:{_pct(b.x, SLIDE_W)};top:{_pct(b.y, SLIDE_H)};width:{_pct(b.w, SLIDE_W)};"
    if isinstance(b, RectBox):
        return f'<div class="dg-r" style="{pos}height:{_pct(b.h, SLIDE_H)};background:rgb{b.fill}"></div>'
    if isinstance(b, ImageBox):
        src = "data:image/png;base64," + base64.b64encode(b.png).decode()
        alt = html.escape(clean(b.alt), quote=True)
        return f'<img class="dg-i" style="{pos}height:{_pct(b.h, SLIDE_H)}" src="{src}" alt="{alt}">'
    lines = "".join(f'<div class="dg-ln">{plain_html(ln)}</div>' for ln in b.lines)
    style = (
        f"{pos}height:{_pct(b.h, SLIDE_H)};font-size:{_cqw(b.size * PT)};line-height:{_cqw(lh(b.size))};"
        f"font-weight:{700 if b.bold else 400};color:rgb{b.color};text-align:{ALIGN[b.align]}"
    )
    return f'<div class="dg-tx" style="{style}">{lines}</div>'


def slide_html(lay: SlideLayout, lang: str, label: str = "") -> str:
    """One slide as HTML: a 16:9 canvas whose parts are placed in % and sized in container units,
    so that it scales to whatever width it is given (a full window or a thumbnail)."""
    body = "".join(_html_box(b) for b in lay.boxes if not (isinstance(b, TextBox) and not b.lines))
    aria = html.escape(clean(label), quote=True)
    return f'<div class="dg-canvas" lang="{lang}" role="group" aria-label="{aria}">{body}</div>'


# -- PDF ------------------------------------------------------------------------------------------


def _pdf_box(pdf: DocPDF, b: Box) -> None:
    if isinstance(b, RectBox):
        pdf.set_fill_color(*b.fill)
        pdf.rect(b.x, b.y, b.w, b.h, style="F")
    elif isinstance(b, ImageBox):
        pdf.image(io.BytesIO(b.png), x=b.x, y=b.y, w=b.w, h=b.h, alt_text=b.alt)
    else:
        pdf.set_text_color(*b.color)
        pdf.set_font(FONT, "B" if b.bold else "", b.size)
        for i, ln in enumerate(b.lines):
            pdf.set_xy(b.x, b.y + i * lh(b.size))
            pdf.cell(b.w, lh(b.size), ln, align=b.align)


class _SlidePDF(DocPDF):
    def footer(self) -> None:
        self.set_font(FONT, "", 11)
        self.set_text_color(*MUTED)
        self.set_xy(MX, SLIDE_H - 10)
        self.cell(SLIDE_W * 0.7, 6, self.footer_left.replace(ZWSP, ""))
        self.set_xy(SLIDE_W - MX - 40, SLIDE_H - 10)
        self.cell(40, 6, self.page_label.format(n=self.page_no(), total="{nb}"), align="R")


def deck_pdf(deck: Deck, layouts: list[SlideLayout] | None = None) -> bytes:
    """The deck as a 16:9 PDF (338.67 x 190.5 mm), one page per slide, numbered."""
    layouts = layouts or deck_layouts(deck)
    pdf = _SlidePDF(
        deck.lang, footer_left=_footer(deck), page_label="{n} / {total}", format=(SLIDE_W, SLIDE_H), margin=MX
    )
    pdf.set_auto_page_break(False)
    pdf.c_margin = 0
    pdf.set_title(doc_text("deck_title", deck.lang))
    pdf.set_lang(deck.lang)
    for lay in layouts:
        pdf.add_page()
        for b in lay.boxes:
            _pdf_box(pdf, b)
    return pdf.output_bytes()


# -- PPTX -----------------------------------------------------------------------------------------


def _pptx_font(run: object, size: float, bold: bool, color: tuple[int, int, int]) -> None:
    from pptx.dml.color import RGBColor
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    f = run.font
    f.size, f.bold, f.name = Pt(size), bold, PPTX_FONT
    f.color.rgb = RGBColor(*color)
    # Thai is a complex script: PowerPoint takes its face from <a:cs>; charset 222 (Thai) and a swiss
    # pitch family steer its substitution to a Thai sans face on a PC without TH Sarabun New.
    rpr = run._r.get_or_add_rPr()
    latin = rpr.find(qn("a:latin"))
    latin.set("charset", "-34")
    latin.set("pitchFamily", "34")
    cs = latin.makeelement(qn("a:cs"), {"typeface": PPTX_FONT, "charset": "-34", "pitchFamily": "34"})
    latin.addnext(cs)


def _pptx_text(slide: object, b: TextBox) -> None:
    from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN
    from pptx.oxml.ns import qn
    from pptx.util import Mm, Pt

    shape = slide.shapes.add_textbox(Mm(b.x), Mm(b.y), Mm(b.w), Mm(b.h))
    tf = shape.text_frame
    tf.word_wrap, tf.auto_size = True, MSO_AUTO_SIZE.NONE
    tf.margin_left = tf.margin_right = tf.margin_top = tf.margin_bottom = 0
    body = tf._txBody.find(qn("a:bodyPr"))
    body.append(body.makeelement(qn("a:normAutofit"), {}))  # shrink, not spill, in a wider substitute font
    para = tf.paragraphs[0]
    para.alignment = {"L": PP_ALIGN.LEFT, "R": PP_ALIGN.RIGHT, "C": PP_ALIGN.CENTER}[b.align]
    para.line_spacing = Pt(lh(b.size) / PT)
    for i, ln in enumerate(b.lines):
        if i:
            para.add_line_break()
        run = para.add_run()
        run.text = drop_bidi(ln)  # a bidi override in a name would reorder the slide
        _pptx_font(run, b.size, b.bold, b.color)


def _pptx_box(s: object, b: Box) -> None:
    from pptx.dml.color import RGBColor
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Mm

    if isinstance(b, ImageBox):
        pic = s.shapes.add_picture(io.BytesIO(b.png), Mm(b.x), Mm(b.y), Mm(b.w), Mm(b.h))
        pic._element.nvPicPr.cNvPr.set("descr", b.alt)
    elif isinstance(b, RectBox):
        r = s.shapes.add_shape(MSO_SHAPE.RECTANGLE, Mm(b.x), Mm(b.y), Mm(b.w), Mm(b.h))
        r.fill.solid()
        r.fill.fore_color.rgb = RGBColor(*b.fill)
        r.line.fill.background()
        r.shadow.inherit = False
    elif b.lines:
        _pptx_text(s, b)


def deck_pptx(deck: Deck, layouts: list[SlideLayout] | None = None) -> bytes:
    """The deck as a 16:9 PowerPoint file (13.333 x 7.5 in): the same boxes as deck_pdf, presenter
    notes in each slide's notes."""
    from pptx import Presentation
    from pptx.util import Emu

    layouts = layouts or deck_layouts(deck)
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)
    blank = prs.slide_layouts[6]
    m = Measure()
    for n, (slide, lay) in enumerate(zip(deck.slides, layouts), start=1):
        s = prs.slides.add_slide(blank)
        for b in lay.boxes:
            _pptx_box(s, b)
        for foot in (
            TextBox(MX, SLIDE_H - 10, SLIDE_W * 0.7, m.lines(_footer(deck), SLIDE_W * 0.7, 11), 11, color=MUTED),
            TextBox(SLIDE_W - MX - 40, SLIDE_H - 10, 40, [f"{n} / {len(layouts)}"], 11, color=MUTED, align="R"),
        ):
            _pptx_text(s, foot)
        s.notes_slide.notes_text_frame.text = slide.notes
    prs.core_properties.title = doc_text("deck_title", deck.lang)
    prs.core_properties.language = "th-TH" if deck.lang == "th" else "en-GB"
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()
