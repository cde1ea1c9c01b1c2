"""Layout helpers every page uses: the app's CSS (labels that wrap, columns that stack on a phone, a
clean A4 print), score tiles whose labels wrap instead of being cut, a copy-link button, and chart
labels broken between Thai words."""

from __future__ import annotations

import html
from dataclasses import dataclass

import streamlit as st

from dgcore.documents.text import wrap_label
from ui.i18n import tr

PHONE = 640  # px: below this width columns stack and bar labels sit above their bars

_CSS = f"""<style>
/* Streamlit cuts metric labels, deltas and button texts with an ellipsis: let them wrap instead */
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] *, [data-testid="stMetricValue"],
[data-testid="stMetricValue"] *, [data-testid="stMetricDelta"], [data-testid="stMetricDelta"] *,
button [data-testid="stMarkdownContainer"], button [data-testid="stMarkdownContainer"] p,
[data-testid="stWidgetLabel"], [data-testid="stWidgetLabel"] * {{
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}}
button {{ height: auto !important; min-height: 2.5rem; }}
.dg-tiles {{ display: grid; gap: 12px; margin: 4px 0 12px 0;
  grid-template-columns: repeat(auto-fit, minmax(min(100%, 9.5rem), 1fr)); }}
.dg-tile {{ border: 1px solid #d0d7de; border-radius: 10px; padding: 12px 14px; background: #f6f8fa; min-width: 0; }}
.dg-tile .dg-label {{ font-size: .95rem; color: #31333f; line-height: 1.35; }}
.dg-tile .dg-value {{ font-size: 1.9rem; font-weight: 700; color: #0b3d91; line-height: 1.2; margin-top: 2px; }}
.dg-tile .dg-sub {{ font-size: 1rem; font-weight: 600; color: #24292f; line-height: 1.35; }}
.dg-tile .dg-note {{ font-size: .9rem; color: #3d444d; line-height: 1.35; margin-top: 4px; }}
.dg-tile .dg-up {{ color: #1a7f37; }} .dg-tile .dg-down {{ color: #b42318; }}
.dg-cards {{ grid-template-columns: repeat(auto-fit, minmax(min(100%, 16rem), 1fr)) !important; align-items: start; }}
.dg-copy {{ font: inherit; font-size: .9rem; padding: 4px 10px; border: 1px solid #c4c9d0; border-radius: 8px;
  background: #fff; color: #1b1b1b; cursor: pointer; }}
@media (max-width: {PHONE}px) {{
  [data-testid="stHorizontalBlock"] {{ flex-wrap: wrap !important; }}
  [data-testid="stHorizontalBlock"] > [data-testid="stColumn"] {{
    min-width: 100% !important; flex: 1 1 100% !important; }}
  [data-testid="stMainBlockContainer"] {{ padding-left: .75rem; padding-right: .75rem; }}
}}
@media print {{
  @page {{ size: A4; margin: 12mm; }}
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
  [data-testid="stDownloadButton"], [data-testid="stElementToolbar"], .dg-noprint {{ display: none !important; }}
  [data-testid="stMain"], [data-testid="stMainBlockContainer"] {{ margin: 0 !important; padding: 0 !important;
    max-width: 100% !important; }}
  [data-testid="stVerticalBlock"] > * {{ break-inside: avoid; }}
}}
</style>"""


# On a phone the menu covers the page: close it once a page is chosen (Streamlit leaves it open).
_CLOSE_MENU = f"""<script>
if (!window.dgCloseMenu) {{
  window.dgCloseMenu = true;
  document.addEventListener('click', (e) => {{
    if (!e.target.closest('[data-testid="stSidebarNav"] a') || window.innerWidth > {PHONE}) return;
    setTimeout(() => {{
      const b = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
      if (b) b.click();
    }}, 60);
  }}, true);
}}
</script>"""


def page_css() -> None:
    """The app's own CSS and the phone menu's closing, once per run, in one element (it takes no room on the
    page; each element costs the server ~0.1 ms a rerun, bench/element_costs.py)."""
    st.html(_CSS + _CLOSE_MENU, unsafe_allow_javascript=True)


@dataclass(frozen=True)
class Tile:
    """One score tile: a label that wraps, a big value, an optional sub-line and a plain-words note."""

    label: str
    value: str
    sub: str = ""
    note: str = ""
    tone: str = ""  # "up", "down" or "" (colours the note)


def tiles(items: list[Tile], testid: str = "tiles") -> None:
    """Tiles in a grid that takes as many columns as fit and stacks on a phone."""
    cells = "".join(
        '<div class="dg-tile">'
        f'<div class="dg-label">{html.escape(t.label)}</div>'
        f'<div class="dg-value">{html.escape(t.value)}</div>'
        + (f'<div class="dg-sub">{html.escape(t.sub)}</div>' if t.sub else "")
        + (f'<div class="dg-note dg-{t.tone}">{html.escape(t.note)}</div>' if t.note else "")
        + "</div>"
        for t in items
    )
    st.html(f'<div class="dg-tiles" data-testid="{html.escape(testid)}">{cells}</div>')


def gap_note(gap: float, lang: str, above: str, below: str, same: str, **fields: str) -> tuple[str, str]:
    """'2.31 above …' / '12.28 below …' in words (and a tone), never a signed number with an arrow;
    fields fill the sentence's other slots (e.g. the year compared with)."""
    if round(gap, 2) == 0:
        return tr(same, lang).format(**fields), ""
    key, tone = (above, "up") if gap > 0 else (below, "down")
    return tr(key, lang).format(gap=f"{abs(gap):.2f}", **fields), tone


def copy_link_button(lang: str) -> None:
    """A button that copies the address of this view (year, language and picks live in the URL)."""
    label, done = html.escape(tr("copy_link", lang)), tr("link_copied", lang).replace("'", "\\'")
    st.html(
        f"""<button class="dg-copy dg-noprint" type="button" onclick="
(function(b){{var u=window.location.href;
 function ok(){{b.textContent='{done}';}}
 if(navigator.clipboard&&window.isSecureContext){{navigator.clipboard.writeText(u).then(ok);return;}}
 var t=document.createElement('textarea');t.value=u;document.body.appendChild(t);t.select();
 try{{document.execCommand('copy');ok();}}finally{{document.body.removeChild(t);}}
}})(this)">{label}</button>""",
        unsafe_allow_javascript=True,
    )


def chart_label(text: str, width: int = 34, max_lines: int = 8) -> str:
    """A chart axis label broken into lines between words (Thai words found by pythainlp), never cut."""
    return wrap_label(text, width, max_lines)
