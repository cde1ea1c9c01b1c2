"""Small shared widgets."""

from __future__ import annotations

import streamlit as st

from dgcore.text_safety import plain_html
from ui.i18n import tr

# The tiles sit side by side in one grid as they did in st.columns: equal widths with the columns' gap (1rem),
# each as tall as its own text (top-aligned), stacked one under the other below Streamlit's column breakpoint
# (640 px), where stacked columns have no gap between them. One element for all tiles: st.columns cost a
# block per column and an element per tile on every rerun.
_TILE_CSS = """
<style>
.dg-rates{display:grid;gap:1rem;align-items:start;grid-template-columns:repeat(var(--dg-n),minmax(0,1fr))}
@media (max-width:640px){.dg-rates{grid-template-columns:minmax(0,1fr);row-gap:0}}
.dg-tile{border:1px solid #d0d7de;border-radius:10px;padding:12px 14px;background:#f6f8fa}
.dg-tile h4{margin:0 0 6px 0;font-size:1.0rem;font-weight:600;color:#24292f;min-height:2.6em}
.dg-tile .dg-rate{font-size:2.1rem;font-weight:700;color:#0b3d91;line-height:1.1}
.dg-tile .dg-counts{display:flex;gap:18px;margin-top:6px;font-size:1.0rem;color:#24292f}
.dg-tile .dg-counts b{font-size:1.25rem}
</style>
"""


def _tile(label: str, targeted: str, responded: str, rate: str, kind: str, lang: str) -> str:
    return f"""
<div class="dg-tile" data-testid="response-tile-{plain_html(kind)}">
  <h4>{plain_html(label)}</h4>
  <div class="dg-rate">{plain_html(rate)}</div>
  <div class="dg-counts">
    <span>{plain_html(tr("targeted", lang))}<br><b>{plain_html(targeted)}</b></span>
    <span>{plain_html(tr("responded", lang))}<br><b>{plain_html(responded)}</b></span>
  </div>
</div>"""


def response_tiles_html(tiles, lang: str) -> str:
    """Targets, responses and the response rate of each group (label, targeted, responded, rate, kind), as
    readable cards side by side, for one st.markdown."""
    cells = "".join(_tile(*tile, lang) for tile in tiles)
    return f'{_TILE_CSS}<div class="dg-rates" style="--dg-n:{max(1, len(tiles))}">{cells}\n</div>'


def response_tiles(tiles, lang: str) -> None:
    st.markdown(response_tiles_html(tiles, lang), unsafe_allow_html=True)


def table_downloads(df, stem: str, lang: str, key: str) -> None:
    """CSV (UTF-8 with BOM, opens in Excel) and XLSX buttons for a table shown on the page. The files are
    made only when clicked: building an XLSX on every rerun cost 25-70 ms a page (BENCHMARKS.md)."""
    from dgcore.documents import tables as exports

    row = st.container(horizontal=True)  # wraps onto a second line when narrow: no "C…" buttons
    row.download_button(
        f"CSV · {tr('download_table', lang)}",
        lambda: exports.csv_bytes(df),
        f"{stem}.csv",
        "text/csv",
        key=f"{key}_csv",
        icon=":material/download:",
        on_click="ignore",
    )
    row.download_button(
        f"XLSX · {tr('download_table', lang)}",
        lambda: exports.xlsx_bytes(df),
        f"{stem}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx",
        icon=":material/download:",
        on_click="ignore",
    )


PLOTLY_CONFIG = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}


def url_choice(key: str, options: list, default, param: str | None = None):
    """Seed a widget's session value from ?param= once (ignored unless it is one of the options)."""
    param = param or key
    if st.session_state.get(key) not in options:
        wanted = st.query_params.get(param)
        st.session_state[key] = wanted if wanted in options else default
    return st.session_state[key]


def forgiving_data_editor(frame, key: str, **kwargs):
    """st.data_editor that survives edits no browser sends. Streamlit applies a client's edits by column
    name and row position before returning, so a hand-made client naming a column or row that does not
    exist raised inside st.data_editor and ended the page; such edits are dropped and the table starts
    again from the unit's own figures."""
    try:
        return st.data_editor(frame, key=key, **kwargs)
    except (KeyError, IndexError, ValueError, TypeError):
        st.session_state.pop(key, None)
        st.rerun()


def uploader_words(lang: str) -> None:
    """st.file_uploader has no parameters for its drop-zone texts ("Drag and drop files here", "Limit … per
    file", "Upload"): they are hidden and the page's own words drawn in their place (the size limit is
    said by the caption under the uploader)."""
    drop = tr("upload_drop", lang).replace('"', "")
    button = tr("upload_button", lang).replace('"', "")
    st.html(
        f"""<style>
[data-testid="stFileUploaderDropzoneInstructions"] > div > span,
[data-testid="stFileUploaderDropzoneInstructions"] > div > small {{ display: none; }}
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {{ content: "{drop}"; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"],
[data-testid="stFileUploaderDropzone"] button > span:not(:has(svg)) {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button::after {{ content: "{button}"; margin-left: .35rem; }}
</style>"""
    )
