"""The printed page: fpdf2 with Sarabun, Thai text shaped and broken only between words.

Thai needs two things from fpdf2. Line breaks: fpdf2 breaks a line at a space or U+200B, never
between Thai words (Thai has no spaces), so thai_wrap_text inserts U+200B between words. Marks:
without OpenType shaping, tone marks over an upper vowel or a tall consonant (ที่, ป่า) are drawn
inside it and vanish; fpdf2 shapes text with uharfbuzz when set_text_shaping(True) can import it.
Shaped U+200B glyphs confuse text extraction (pdftotext splits words at them), so every paragraph
is broken into lines by fpdf2 on the U+200B text and each line is then printed without them.

Copying text out: harfbuzz draws SARA AM (ำ) as two glyphs, a zero-width NIKHAHIT (sometimes fused
with a tone mark) and a SARA AA, in one cluster. fpdf2 gives the cluster's characters to its first
glyph and none to the second, so readers saw a zero-width "ำ" and then an unexplained gap, and
extracted "สำ นักงาน". _ThaiTTFFont hands such a cluster's characters to the glyph that
takes room instead (the ToUnicode entry of the mark is then empty), so the words come back whole.
"""

from __future__ import annotations

import io
import logging
import re
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

import fpdf.output
from fontTools import subset as ftsubset
from fontTools import ttLib
from fpdf import FPDF
from fpdf.enums import TextDirection
from fpdf.fonts import TTFFont
from fpdf.line_break import Fragment
from fpdf.unicode_script import UnicodeScript, get_unicode_script
from fpdf.util import escape_parens

from dgcore.documents.render import sarabun_dir
from dgcore.documents.text import ZWSP, thai_wrap_text
from dgcore.text_safety import drop_bidi

log = logging.getLogger(__name__)

FONT = "Sarabun"
PT = 0.3528  # mm per point
INK, MUTED, ACCENT, RULE, WARN = (27, 27, 27), (85, 85, 85), (11, 61, 145), (200, 200, 200), (176, 58, 46)
FILL = (241, 244, 250)


def shaping_available() -> bool:
    """True when uharfbuzz is installed, so that Thai marks are placed correctly."""
    try:
        import uharfbuzz  # noqa: F401
    except ImportError:
        return False
    return True


class _Info(NamedTuple):
    codepoint: int
    cluster: int


class _Tables:
    """A fontTools TTFont whose tables are looked up once: fpdf2 asks for ttfont["hmtx"] for every glyph
    it shapes, and each lookup compares table tags in Python."""

    def __init__(self, ttfont: Any) -> None:
        self._ttfont, self._tables = ttfont, {}

    def __getitem__(self, tag: str) -> Any:
        if tag not in self._tables:
            self._tables[tag] = self._ttfont[tag]
        return self._tables[tag]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ttfont, name)


class _LRU(OrderedDict):
    """A small least-recently-used map: the caches below must stay bounded over a year's letters."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def get_or(self, key: Any, make: Any) -> Any:
        if key in self:
            self.move_to_end(key)
            return self[key]
        value = self[key] = make()
        if len(self) > self.size:
            self.popitem(last=False)
        return value


class _Shared(threading.local):
    """Fonts and measurements kept per thread across documents. Reading the fonts, shaping Thai lines and
    breaking paragraphs cost most of a letter, and most lines (the letter's wording, the sub-indicators'
    names, DGA's advice) are the same in every letter. Per thread, because a font's subset (which glyph
    has which code in the PDF) changes while a document is drawn: two threads must never share one."""

    def __init__(self) -> None:
        self.fonts: dict[str, TTFFont] = {}
        self.shaped = _LRU(4000)  # (font, text, size, shaping) -> fpdf2's glyph list
        self.widths = _LRU(8000)  # the same key -> (glyphs, width)
        self.lines = _LRU(8000)  # (text, width, size, bold) -> lines
        self.glyphs: dict[tuple, dict[str, Any]] = {}  # one dict per distinct placed glyph
        self.subsets = _LRU(4)  # (font file, glyph names) -> the embedded font: glyph ids and bytes


_SHARED = _Shared()


class _Embedded:
    """The font fpdf2's output embeds, cut down to the glyphs used. The shared fonts' subsets only grow,
    and soon hold every glyph a year's letters use, so the cut font is made once per distinct glyph
    set and thread instead of once per document (it was a fifth of a letter's time). Until it is cut
    it answers as the whole font: output draws the last page's footer first."""

    def __init__(self, path: Any, whole: Any) -> None:
        self.path, self.whole, self.ids, self.data = path, whole, None, b""

    def __getattr__(self, name: str) -> Any:
        return getattr(self.whole, name)

    def __getitem__(self, tag: str) -> Any:
        return self.whole[tag]

    def __contains__(self, tag: str) -> bool:
        return tag in self.whole

    def cut(self, options: Any, glyphs: Any) -> None:
        def make() -> tuple[dict[str, int], bytes]:
            font = ttLib.TTFont(self.path, recalcTimestamp=False, lazy=True)
            subsetter = ftsubset.Subsetter(options)
            subsetter.populate(glyphs=glyphs)
            subsetter.subset(font)
            out = io.BytesIO()
            font.save(out)
            return {name: i for i, name in enumerate(font.getGlyphOrder())}, out.getvalue()

        self.ids, self.data = _SHARED.subsets.get_or((str(self.path), frozenset(glyphs)), make)

    def getGlyphID(self, name: str) -> int:
        return self.ids[name]

    def save(self, out: io.BytesIO) -> None:
        if self.ids is None:
            raise RuntimeError("the embedded font is saved before it is cut")
        out.write(self.data)


class _Subsetter:
    """fontTools' Subsetter as fpdf2's output calls it; an _Embedded font is cut through its cache."""

    def __init__(self, options: Any) -> None:
        self.options, self.glyphs = options, ()

    def populate(self, glyphs: Any = ()) -> None:
        self.glyphs = tuple(glyphs)

    def subset(self, font: Any) -> None:
        if isinstance(font, _Embedded):
            font.cut(self.options, self.glyphs)
            return
        real = ftsubset.Subsetter(self.options)
        real.populate(glyphs=self.glyphs)
        real.subset(font)


class _SubsetModule:
    Options = ftsubset.Options
    Subsetter = _Subsetter


fpdf.output.ftsubset = _SubsetModule  # fpdf2 reaches fontTools' subsetter through this name only


def _shaping_key(font: TTFFont, text: str, size: float, params: dict[str, Any] | None) -> tuple:
    p = params or {}
    features = tuple(sorted((p.get("features") or {}).items()))
    return font.fontkey, text, size, p.get("fragment_direction"), p.get("script"), p.get("language"), features


class _ThaiTTFFont(TTFFont):
    """fpdf2's font whose harfbuzz result gives a cluster's text to its glyph that takes room."""

    __slots__ = ()

    def perform_harfbuzz_shaping(self, *args: Any, **kw: Any) -> tuple[list[_Info], Any]:
        """A zero-width glyph followed by a glyph of its own cluster that takes room is moved into the
        preceding glyph's cluster: fpdf2 maps a cluster's characters to its first glyph, which is now
        the one that takes room, and keeps the mark without text."""
        infos, positions = super().perform_harfbuzz_shaping(*args, **kw)
        out = [_Info(int(g.codepoint), int(g.cluster)) for g in infos]
        for i in range(1, len(out) - 1):
            same = out[i].cluster == out[i + 1].cluster
            if same and positions[i].x_advance == 0 and positions[i + 1].x_advance > 0:
                out[i] = out[i]._replace(cluster=out[i - 1].cluster)
        return out, positions

    def shape_text(self, text: str, font_size_pt: float, text_shaping_params: Any) -> Any:
        """fpdf2's shaped glyphs, kept for the thread: this font's subset lives as long as the thread's
        fonts, so a glyph keeps its code, and drawing the same line again needs no shaping."""
        glyphs = _SHARED.glyphs

        def shape() -> list[dict[str, Any]]:
            out = super(_ThaiTTFFont, self).shape_text(text, font_size_pt, text_shaping_params)
            return [glyphs.setdefault(tuple(g.items()), g) for g in out]  # identical glyphs share one dict

        key = _shaping_key(self, text, font_size_pt, text_shaping_params)
        return _SHARED.shaped.get_or(key, shape)

    def shaped_text_width(self, text: str, font_size_pt: float, text_shaping_params: Any) -> tuple[int, float]:
        def measure() -> tuple[int, float]:
            return super(_ThaiTTFFont, self).shaped_text_width(text, font_size_pt, text_shaping_params)

        return _SHARED.widths.get_or(_shaping_key(self, text, font_size_pt, text_shaping_params), measure)


_FRAGMENT_RENDER = Fragment.render_with_text_shaping
_ESCAPED: dict[int, str] = {}


def _escaped(code: int) -> str:
    """A glyph's code as fpdf2 writes it in a string (two bytes, parentheses escaped)."""
    if code not in _ESCAPED:
        _ESCAPED[code] = escape_parens(chr(code).encode("utf-16-be").decode("latin-1"))
    return _ESCAPED[code]


def _render_shaped(self: Fragment, pos_x: float, pos_y: float, h: float, word_spacing: float) -> str:
    """fpdf2's Fragment.render_with_text_shaping for Sarabun, giving the same operators with the loop's
    invariants taken out of it: per glyph, fpdf2 recomputed the scale through several properties and
    re-escaped the glyph's code, which made this the costliest step of a letter after shaping."""
    font = self.font
    if type(self) is not Fragment or not isinstance(font, _ThaiTTFFont):
        return _FRAGMENT_RENDER(self, pos_x, pos_y, h, word_spacing)
    k, size, stretch = self.k, self.font_size_pt, self.font_stretching / 100
    scale = font.scale
    char_spacing = self.char_spacing * stretch / k
    space = font.subset.pick(ord(" "))
    out: list[str] = []
    text: list[str] = []
    for ti in font.shape_text(self.string, size, self.text_shaping_parameters):
        code = ti["mapped_char"]
        if code is None:  # a missing glyph
            continue
        if ti["x_offset"] != 0 or ti["y_offset"] != 0:
            if text:
                out.append(f"({''.join(text)}) Tj ")
                text = []
            offsetx = pos_x + ti["x_offset"] * scale * size * stretch / 1000 / k
            offsety = pos_y - ti["y_offset"] * scale * size * stretch / 1000 / k
            out.append(f"1 0 0 1 {offsetx * k:.2f} {(h - offsety) * k:.2f} Tm ")
        text.append(_escaped(code))
        pos_x += ti["x_advance"] * scale * size * stretch / 1000 / k + char_spacing
        pos_y += ti["y_advance"] * scale * size * stretch / 1000 / k
        spaced = word_spacing and code == space
        if spaced:
            pos_x += word_spacing
        if ti["force_positioning"] or spaced:
            if text:
                out.append(f"({''.join(text)}) Tj ")
                text = []
            out.append(f"1 0 0 1 {pos_x * k:.2f} {(h - pos_y) * k:.2f} Tm ")
    if text:
        out.append(f"({''.join(text)}) Tj")
    return "".join(out)


Fragment.render_with_text_shaping = _render_shaped


@lru_cache(maxsize=8192)
def _script_runs(text: str) -> tuple[str, ...]:
    """text cut where its script changes (Thai, Latin; spaces and digits join the run they are in), as
    fpdf2's _parse_chars cuts it, so that each run is shaped on its own."""
    runs, start, current = [], 0, None
    for i, c in enumerate(text):
        script = get_unicode_script(c)
        if script not in (UnicodeScript.COMMON, UnicodeScript.UNKNOWN, current):
            if i > start and current:
                runs.append(text[start:i])
                start = i
            current = script
    runs.append(text[start:])
    return tuple(runs)


_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u200f\u202b\u202e\u2067]")
_MARKS = re.compile(r"[\u0e31\u0e33-\u0e3a\u0e47-\u0e4e]")
_FOLLOWING = set("ะาำๅๆฯ")
_PARTS = re.compile(r"[^\s\u200b]+|\s+|\u200b")


def fmt_tick(tick: int, fmt: Any) -> str:
    """An axis tick in the chart's number style (fmt turns digits Thai when the letter asks)."""
    return fmt(float(tick)).split(".")[0]


@dataclass(frozen=True)
class Column:
    header: str
    width: float  # mm
    align: str = "L"  # L, R or C


class DocPDF(FPDF):
    """A Sarabun document with a running footer (left text, page n of N) and Thai-aware paragraphs."""

    def __init__(
        self,
        lang: str,
        footer_left: str = "",
        page_label: str = "{n}/{total}",
        orientation: str = "P",
        format: str | tuple[float, float] = "A4",
        margin: float = 15.0,
    ) -> None:
        super().__init__(orientation=orientation, unit="mm", format=format)
        self.lang, self.footer_left, self.page_label = lang, footer_left, page_label
        self.printed: list[str] = []  # every line of text drawn, in order (tests compare it with pdftotext)
        self._add_sarabun()
        if shaping_available():
            self.set_text_shaping(True)
        else:
            log.warning("uharfbuzz is not installed: Thai tone marks may be misplaced in PDF documents")
        self.set_margins(margin, margin, margin)
        self.set_auto_page_break(True, margin + 6)
        self.set_creator("DG Readiness Dashboard")
        self.set_text_color(*INK)

    def _add_sarabun(self) -> None:
        """Sarabun regular and bold: read once per thread, then the same font objects for every document
        (see _Shared; output_bytes keeps them whole)."""
        if not _SHARED.fonts:
            files = sarabun_dir()
            self.add_font(FONT, "", files / "Sarabun-Regular.ttf")
            self.add_font(FONT, "B", files / "Sarabun-Bold.ttf")
            for font in self.fonts.values():
                if type(font) is TTFFont and shaping_available():
                    font.__class__ = _ThaiTTFFont  # same slots; only the shaping calls differ
                    font.ttfont = _Tables(font.ttfont)
            _SHARED.fonts = dict(self.fonts)
        self.fonts.update(_SHARED.fonts)

    def _preload_bidirectional_text(self, text: str, markdown: bool) -> Any:
        """fpdf2 runs the Unicode bidi algorithm (pure Python) on every string it draws; Thai and Latin
        run left to right only, so text without a right-to-left character skips it."""
        if not self.text_shaping or _RTL.search(text):
            return super()._preload_bidirectional_text(text, markdown)
        self.text_shaping["paragraph_direction"] = self.text_shaping["fragment_direction"] = TextDirection.LTR
        return self._preload_font_styles(text, markdown)

    def _parse_chars(self, text: str, markdown: bool, *, _initial_emphasis: Any = None) -> Any:
        """fpdf2's fragments of a text. For plain text (no markdown, no fallback font, no page-count
        alias) they are its script runs, cut once per distinct text: fpdf2 walks the text a character
        at a time, copying the rest of it at every step."""
        plain = not markdown and _initial_emphasis is None and not self._fallback_font_ids
        alias = self.str_alias_nb_pages
        if not (plain and self.text_shaping and text and not (alias and alias in text)):
            yield from super()._parse_chars(text, markdown, _initial_emphasis=_initial_emphasis)
            return
        bold, italic = "B" in self.font_style, "I" in self.font_style
        strike, underline = bool(self.strikethrough), bool(self.underline)
        for run in _script_runs(text):
            gstate = self._get_current_graphics_state()
            gstate.font_style = ("B" if bold else "") + ("I" if italic else "")
            gstate.strikethrough, gstate.underline = strike, underline
            yield Fragment(list(run), gstate, self.k)
        self._markdown_emphasis = (bold, italic, strike, underline)

    def cell(self, w: float | None = None, h: float | None = None, text: str = "", *args: Any, **kw: Any) -> Any:
        """fpdf2's cell, remembering the text it draws."""
        if text:
            self.printed.append(text)
        if not self.text_shaping or _MARKS.search(text):
            return super().cell(w, h, text, *args, **kw)
        # Without a Thai mark there is nothing to shape (numbers, Latin, most Thai digits): drawing it
        # plain gives the same glyphs and skips the costliest step of a letter.
        shaping, self.text_shaping = self.text_shaping, None
        try:
            return super().cell(w, h, text, *args, **kw)
        finally:
            self.text_shaping = shaping

    def normalize_text(self, text: str) -> str:
        # every text fpdf2 prints passes here: a bidi override in a name would reorder it on paper
        return super().normalize_text(drop_bidi(text))

    def footer(self) -> None:
        self.set_y(-(self.b_margin - 4))
        self.set_font(FONT, "", 9)
        self.set_text_color(*MUTED)
        w = self.w - self.l_margin - self.r_margin
        if self.footer_left:
            self.cell(w * 0.75, 5, self.footer_left.replace(ZWSP, ""))
        self.set_x(self.l_margin + w * 0.75)
        self.cell(w * 0.25, 5, self.page_label.format(n=self.page_no(), total="{nb}"), align="R")
        self.set_text_color(*INK)

    # -- text ------------------------------------------------------------------------------------
    def lines(self, text: str, width: float, size: float, bold: bool = False) -> list[str]:
        """text broken into lines that fit width at this size, Thai only between words."""
        key = (text, round(width, 2), size, bold)
        if key not in _SHARED.lines:
            self.set_font(FONT, "B" if bold else "", size)
        return _SHARED.lines.get_or(key, lambda: self._break(text, width))

    def _width(self, s: str) -> float:
        """The width of s in the current font, from the font's advance widths. Thai marks have no
        advance of their own, so this equals the shaped width; fpdf2's own line breaking reshapes the
        growing line at every character, which made a letter take seconds."""
        cw = self.current_font.cw
        return sum(cw[ord(c)] for c in s) * self.font_size_pt * 0.001 * PT

    def _break(self, text: str, width: float) -> list[str]:
        """Greedy line breaking at spaces and at the word boundaries thai_wrap_text marks."""
        lines, cur, cur_w, gap = [], "", 0.0, ""
        for part in _PARTS.findall(thai_wrap_text(text)):
            if part == ZWSP or part.isspace():
                gap = "" if part == ZWSP else " "
                if "\n" in part:
                    lines.append(cur)
                    cur, cur_w, gap = "", 0.0, ""
                continue
            w = self._width(gap + part)
            if cur and cur_w + w > width:
                lines.append(cur)
                cur, cur_w = part, self._width(part)
            else:
                cur, cur_w = cur + gap + part, cur_w + w
            gap = ""
            while cur_w > width and len(cur) > 1:  # one word wider than the line (a long address)
                cut = max(1, int(len(cur) * width / cur_w))
                while cut > 1 and (unicodedata.category(cur[cut]) == "Mn" or cur[cut] in _FOLLOWING):
                    cut -= 1  # never leave a vowel or tone mark at the start of a line
                lines.append(cur[:cut])
                cur = cur[cut:]
                cur_w = self._width(cur)
        lines.append(cur)
        return lines

    def line_height(self, size: float) -> float:
        return size * PT * 1.55

    def para(
        self,
        text: str,
        size: float = 11,
        bold: bool = False,
        color: tuple[int, int, int] = INK,
        indent: float = 0.0,
        width: float | None = None,
        align: str = "L",
        after: float = 1.5,
    ) -> None:
        """A wrapped paragraph from the current y; breaks pages between lines."""
        x = self.l_margin + indent
        width = width or (self.w - self.r_margin - x)
        h = self.line_height(size)
        self.set_text_color(*color)
        for ln in self.lines(text, width, size, bold):
            if self.will_page_break(h):
                self.add_page()
            self.set_x(x)
            self.set_font(FONT, "B" if bold else "", size)
            self.cell(width, h, ln, align=align, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*INK)
        self.ln(after)

    def para_indented(self, text: str, size: float, first_indent: float, after: float = 1.5) -> None:
        """A paragraph whose first line starts first_indent mm in, as Thai official letters set them."""
        width = self.w - self.r_margin - self.l_margin
        first = self.lines(text, width - first_indent, size)[0]
        rest = text[len(first) :].lstrip() if text.startswith(first) else ""
        h = self.line_height(size)
        if self.will_page_break(h):
            self.add_page()
        self.set_x(self.l_margin + first_indent)
        self.set_font(FONT, "", size)
        self.cell(width - first_indent, h, first, new_x="LMARGIN", new_y="NEXT")
        if rest:
            self.para(rest, size, after=after)
        else:
            self.ln(after)

    def labelled(self, label: str, text: str, size: float, label_w: float, after: float = 0.8) -> None:
        """'เรื่อง  text': a label with the text hanging beside it (wrapped lines align with the text)."""
        y = self.get_y()
        self.set_font(FONT, "B", size)
        label_w = max(label_w, self.get_string_width(label) + 3)
        self.cell(label_w, self.line_height(size), label)
        self.set_xy(self.l_margin, y)
        self.para(text, size, indent=label_w, after=after)

    def hbars(
        self,
        labels: list[str],
        series: list[tuple[str, tuple[int, int, int], list[float]]],
        fmt: Any = "{:.1f}".format,
        label_w: float = 62.0,
        size: float = 9.5,
    ) -> None:
        """Horizontal grouped bars drawn as vectors on a fixed 0-100 axis, with a legend and values."""
        lh, bar = self.line_height(size), 3.6
        width = self.w - self.l_margin - self.r_margin
        x0, plot_w = self.l_margin + label_w, width - label_w - 12
        label_lines = [self.lines(lbl, label_w - 3, size) for lbl in labels]
        rows = [max(len(ll) * lh, bar * len(series)) + 3 for ll in label_lines]
        need = lh * 2 + sum(rows) + lh + 4
        if self.will_page_break(need):
            self.add_page()
        self._legend(series, size)
        top = self.get_y() + 1
        self.set_draw_color(*RULE)
        for tick in range(0, 101, 20):
            x = x0 + plot_w * tick / 100
            self.line(x, top, x, top + sum(rows))
            self.set_xy(x - 6, top + sum(rows) + 0.5)
            self.set_font(FONT, "", size - 1)
            self.set_text_color(*MUTED)
            self.cell(12, lh, fmt_tick(tick, fmt), align="C")
        y = top
        for lines, h, i in zip(label_lines, rows, range(len(labels))):
            self._bar_row(lines, [(c, v[i]) for _, c, v in series], x0, plot_w, y, h, bar, size, fmt)
            y += h
        self.set_text_color(*INK)
        self.set_xy(self.l_margin, y + lh + 3)

    def _legend(self, series: list[tuple[str, tuple[int, int, int], list[float]]], size: float) -> None:
        x, y = self.l_margin, self.get_y()
        self.set_font(FONT, "", size)
        self.set_text_color(*INK)
        for name, color, _ in series:
            self.set_fill_color(*color)
            self.rect(x, y + 1.2, 3.5, 3.5, style="F")
            w = self.get_string_width(name) + 2
            self.set_xy(x + 4.5, y)
            self.cell(w, self.line_height(size), name)
            x += w + 10
        self.set_xy(self.l_margin, y + self.line_height(size))

    def _bar_row(self, lines, values, x0, plot_w, y, h, bar, size, fmt) -> None:
        lh = self.line_height(size)
        self.set_text_color(*INK)
        ty = y + (h - lh * len(lines)) / 2
        for j, ln in enumerate(lines):
            self.set_xy(self.l_margin, ty + j * lh)
            self.set_font(FONT, "", size)
            self.cell(x0 - self.l_margin - 3, lh, ln, align="R")
        by = y + (h - bar * len(values)) / 2
        for k, (color, v) in enumerate(values):
            self.set_fill_color(*color)
            self.rect(x0, by + k * bar + 0.3, max(0.3, plot_w * max(0.0, min(100.0, v)) / 100), bar - 0.6, style="F")
            self.set_xy(x0 + plot_w * max(0.0, min(100.0, v)) / 100 + 0.8, by + k * bar - (lh - bar) / 2)
            self.set_font(FONT, "", size - 1.5)
            self.cell(11, lh, fmt(v))

    def heading(self, text: str, size: float = 14, space_before: float = 3.0, keep: float = 25.0) -> None:
        """A bold heading that never sits alone at the foot of a page (keep = mm it needs below)."""
        if self.will_page_break(space_before + self.line_height(size) + keep):
            self.add_page()
        else:
            self.ln(space_before)
        self.para(text, size, bold=True, color=ACCENT, after=1.0)

    def bullets(self, items: list[str], size: float = 11, indent: float = 0.0, mark: str = "•") -> None:
        for item in items:
            h = self.line_height(size)
            if self.will_page_break(h):
                self.add_page()
            y = self.get_y()
            self.set_xy(self.l_margin + indent, y)
            self.set_font(FONT, "", size)
            self.cell(5, h, mark)
            self.set_xy(self.l_margin, y)
            self.para(item, size, indent=indent + 5, after=0.6)

    def rule(self, color: tuple[int, int, int] = RULE) -> None:
        self.set_draw_color(*color)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(2)

    # -- blocks ----------------------------------------------------------------------------------
    def metric_boxes(self, items: list[tuple[str, str, str]], value_size: float = 20, label_size: float = 9.5) -> None:
        """A row of boxes: label above, value in large type, an optional note below."""
        n = max(1, len(items))
        gap = 3.0
        w = (self.w - self.l_margin - self.r_margin - gap * (n - 1)) / n
        value_size = self._fitting_size([v for _, v, _ in items], w - 4, value_size)
        label_lines = [self.lines(lbl, w - 4, label_size) for lbl, _, _ in items]
        note_lines = [self.lines(note, w - 4, label_size) if note else [] for _, _, note in items]
        lh = self.line_height(label_size)
        h = (
            4
            + lh * max(len(x) for x in label_lines)
            + self.line_height(value_size)
            + lh * max(len(x) for x in note_lines)
            + 2
        )
        if self.will_page_break(h + 2):
            self.add_page()
        y0 = self.get_y()
        for i, (_, value, _) in enumerate(items):
            x = self.l_margin + i * (w + gap)
            self.set_fill_color(*FILL)
            self.set_draw_color(*RULE)
            self.rect(x, y0, w, h, style="DF")
            y = y0 + 2
            self.set_text_color(*MUTED)
            for ln in label_lines[i]:
                self.set_xy(x + 2, y)
                self.set_font(FONT, "", label_size)
                self.cell(w - 4, lh, ln)
                y += lh
            self.set_text_color(*ACCENT)
            self.set_xy(x + 2, y)
            self.set_font(FONT, "B", value_size)
            self.cell(w - 4, self.line_height(value_size), value)
            y += self.line_height(value_size)
            self.set_text_color(*MUTED)
            for ln in note_lines[i]:
                self.set_xy(x + 2, y)
                self.set_font(FONT, "", label_size)
                self.cell(w - 4, lh, ln)
                y += lh
        self.set_text_color(*INK)
        self.set_xy(self.l_margin, y0 + h + 3)

    def _fitting_size(self, values: list[str], width: float, size: float, smallest: float = 10.0) -> float:
        """The largest bold size up to size at which every value fits on one line of width."""
        while size > smallest:
            self.set_font(FONT, "B", size)
            if all(self.get_string_width(v) <= width for v in values):
                break
            size -= 1
        return size

    def png(self, png: bytes, width: float, height: float) -> None:
        """An image at the current y, centred, on a new page if it does not fit."""
        if self.will_page_break(height + 2):
            self.add_page()
        x = self.l_margin + (self.w - self.l_margin - self.r_margin - width) / 2
        self.image(io.BytesIO(png), x=x, y=self.get_y(), w=width, h=height)
        self.set_y(self.get_y() + height + 2)

    def table(self, columns: list[Column], rows: list[list[str]], size: float = 9.5, zebra: bool = True) -> None:
        """A table whose cells wrap (Thai between words); the header row is repeated on every page."""
        lh = self.line_height(size)

        def draw(cells: list[list[str]], bold: bool, fill: tuple[int, int, int] | None) -> None:
            h = lh * max(1, max(len(c) for c in cells)) + 1.6
            if self.will_page_break(h):
                self.add_page()
                if not bold:
                    draw(header, True, (226, 232, 243))
            y0, x = self.get_y(), self.l_margin
            for col, lines in zip(columns, cells):
                if fill:
                    self.set_fill_color(*fill)
                    self.rect(x, y0, col.width, h, style="F")
                for j, ln in enumerate(lines):
                    self.set_xy(x + 1.2, y0 + 0.8 + j * lh)
                    self.set_font(FONT, "B" if bold else "", size)
                    self.cell(col.width - 2.4, lh, ln, align=col.align)
                x += col.width
            self.set_draw_color(*RULE)
            self.line(self.l_margin, y0 + h, x, y0 + h)
            self.set_xy(self.l_margin, y0 + h)

        header = [self.lines(c.header, c.width - 2.4, size, bold=True) for c in columns]
        draw(header, True, (226, 232, 243))
        for i, row in enumerate(rows):
            cells = [self.lines(str(v), c.width - 2.4, size) for c, v in zip(columns, row)]
            draw(cells, False, FILL if zebra and i % 2 else None)
        self.ln(2)

    def output_bytes(self) -> bytes:
        """The PDF. fpdf2 cuts the font it embeds down to the glyphs used, in place, so the shared fonts
        lend it an _Embedded stand-in instead of their own."""
        fonts = [f for f in self.fonts.values() if isinstance(f, TTFFont)]
        kept = [f.ttfont for f in fonts]
        try:
            for font in fonts:
                font.ttfont = _Embedded(font.ttffile, font.ttfont)
            return bytes(self.output())
        finally:
            for font, ttfont in zip(fonts, kept):
                font.ttfont = ttfont
