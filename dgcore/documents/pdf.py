"""The printed page: fpdf2 with Sarabun, Thai text shaped and broken only between words.

Thai needs two things from fpdf2. Line breaks: fpdf2 breaks a line at a space or U+200B, never
between Thai words (Thai has no spaces), so thai_wrap_text inserts U+200B between words. Marks:
without OpenType shaping, tone marks over an upper vowel or a tall consonant (ที่, ป่า) are drawn
inside it and vanish; fpdf2 shapes text with uharfbuzz when set_text_shaping(True) can import it.
Shaped U+200B glyphs confuse text extraction (pdftotext splits words at them), so every paragraph
is broken into lines by fpdf2 on the U+200B text and each line is then printed without them.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from fpdf import FPDF
from fpdf.enums import MethodReturnValue

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
        self._lines: dict[tuple[str, float, float, bool], list[str]] = {}  # measuring is the slow part
        files = sarabun_dir()
        self.add_font(FONT, "", files / "Sarabun-Regular.ttf")
        self.add_font(FONT, "B", files / "Sarabun-Bold.ttf")
        if shaping_available():
            self.set_text_shaping(True)
        else:
            log.warning("uharfbuzz is not installed: Thai tone marks may be misplaced in PDF documents")
        self.set_margins(margin, margin, margin)
        self.set_auto_page_break(True, margin + 6)
        self.set_creator("DG Readiness Dashboard")
        self.set_text_color(*INK)

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
        if key not in self._lines:
            self.set_font(FONT, "B" if bold else "", size)
            out = self.multi_cell(width, 5, thai_wrap_text(text), dry_run=True, output=MethodReturnValue.LINES)
            self._lines[key] = [ln.replace(ZWSP, "") for ln in out]
        return self._lines[key]

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
        return bytes(self.output())
