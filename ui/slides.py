"""Drawing the briefing deck: one slide full window while presenting, thumbnails while setting up,
and the keys that move between slides.

A slide is HTML from dgcore.documents.deck.slide_html: a 16:9 canvas whose parts are placed in % and
sized in container-query units, so the same markup fills a 1920 px window or a 240 px thumbnail and
everything scales together. Here it is only given a width: the window's, limited by its height.
"""

from __future__ import annotations

import streamlit as st

# Sarabun is served from static/fonts (OFL): the slide's lines were broken with Sarabun's metrics.
SLIDE_CSS = """
<style>
@font-face { font-family: 'DG Sarabun'; font-weight: 400; font-display: block;
  src: url('app/static/fonts/Sarabun-Regular.ttf') format('truetype'); }
@font-face { font-family: 'DG Sarabun'; font-weight: 700; font-display: block;
  src: url('app/static/fonts/Sarabun-Bold.ttf') format('truetype'); }
.dg-canvas { position: relative; width: 100%; aspect-ratio: 16 / 9; container-type: inline-size;
  background: #ffffff; color: #141414; overflow: hidden; font-family: 'DG Sarabun', Sarabun, sans-serif;
  box-shadow: 0 0 0 1px #9aa7bd; }
.dg-canvas > * { position: absolute; margin: 0; box-sizing: border-box; }
.dg-ln { white-space: nowrap; }
.dg-i { object-fit: contain; }
</style>
"""

# While presenting: no chrome; the slide as wide as the window allows with the controls below it.
PRESENT_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
[data-testid="stToolbar"], .dg-demo-banner { display: none !important; }
.block-container { max-width: 100% !important; padding: 0.5rem 1rem 0.25rem 1rem !important; }
.st-key-slide { width: min(100%, calc((100vh - 4.6rem) * 16 / 9)); margin: 0 auto; }
.st-key-slide .dg-canvas { box-shadow: 0 0 0 2px #0b3d91; }
.dg-counter { font-size: 1.15rem; font-weight: 600; text-align: center; padding-top: .35rem; }
</style>
"""

KEYS_JS = """
<script>
(function () {
  if (window.__dgSlideKeys) return;
  window.__dgSlideKeys = true;
  document.addEventListener('keydown', function (e) {
    var map = {PageDown: 'slide_next', PageUp: 'slide_prev', ArrowRight: 'slide_next', ArrowLeft: 'slide_prev',
               ' ': 'slide_next', Escape: 'slide_exit'};
    var key = map[e.key];
    if (!key || ['INPUT', 'TEXTAREA'].includes((e.target.tagName || ''))) return;
    var b = document.querySelector('.st-key-' + key + ' button');
    if (b) { e.preventDefault(); b.click(); }
  });
})();
</script>
"""


def slide_css() -> None:
    """The slide canvas's style (thumbnails and the full slide)."""
    st.html(SLIDE_CSS)


def present_css() -> None:
    st.html(SLIDE_CSS + PRESENT_CSS)
    st.html(KEYS_JS, unsafe_allow_javascript=True)


def draw(slide_html: str) -> None:
    """One slide, as wide as its container."""
    st.html(slide_html)
