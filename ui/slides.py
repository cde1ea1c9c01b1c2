"""Drawing one slide of the briefing deck full screen, and the keys that move between slides."""

from __future__ import annotations

import html

import streamlit as st

from dgcore.briefing import Slide

PRESENT_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
[data-testid="stToolbar"], .dg-demo-banner { display: none !important; }
.block-container { max-width: 100% !important; padding: 0.6rem 2.2rem 0.4rem 2.2rem !important; }
.st-key-slide { aspect-ratio: 16 / 9; max-height: calc(100vh - 5.2rem); width: 100%; margin: 0 auto;
  background: #ffffff; color: #000000; border: 2px solid #0b3d91; border-radius: 10px; padding: 1.2rem 2rem;
  overflow: hidden; }
.dg-slide-title { font-size: 2.9rem; font-weight: 700; color: #0b3d91; line-height: 1.15; margin: 0 0 .3rem 0; }
.dg-slide-sub { font-size: 1.8rem; color: #111111; margin-bottom: .6rem; }
.dg-slide-note { font-size: 1.25rem; color: #333333; margin-top: .4rem; }
.dg-metrics { display: flex; gap: 1.4rem; flex-wrap: wrap; margin: .4rem 0 .8rem 0; }
.dg-metric { border: 2px solid #0b3d91; border-radius: 10px; padding: .5rem 1.1rem; min-width: 14rem; }
.dg-metric .l { font-size: 1.25rem; color: #222222; }
.dg-metric .v { font-size: 2.6rem; font-weight: 700; color: #000000; }
.dg-bullets { font-size: 1.55rem; line-height: 1.5; color: #000000; margin: 0; padding-left: 1.4rem; }
.dg-counter { font-size: 1.3rem; font-weight: 600; text-align: center; padding-top: .45rem; }
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


def present_css() -> None:
    st.html(PRESENT_CSS)
    st.html(KEYS_JS, unsafe_allow_javascript=True)


def draw(slide: Slide, chart_key: str) -> None:
    """Title, subtitle, big numbers, the figure and the bullets of one slide."""
    e = html.escape
    parts = [f'<div class="dg-slide-title">{e(slide.title)}</div>']
    if slide.subtitle:
        parts.append(f'<div class="dg-slide-sub">{e(slide.subtitle)}</div>')
    if slide.metrics:
        parts.append(
            '<div class="dg-metrics">'
            + "".join(
                f'<div class="dg-metric"><div class="l">{e(lbl)}</div><div class="v">{e(val)}</div></div>'
                for lbl, val in slide.metrics
            )
            + "</div>"
        )
    if slide.note:
        parts.append(f'<div class="dg-slide-note">{e(slide.note)}</div>')
    st.html("".join(parts))
    bullets = '<ul class="dg-bullets">' + "".join(f"<li>{e(b)}</li>" for b in slide.bullets) + "</ul>"
    figure = slide.screen_figure if slide.screen_figure is not None else slide.figure
    if figure is not None and slide.bullets:
        left, right = st.columns([2, 1], vertical_alignment="center")
        left.plotly_chart(figure, width="stretch", key=chart_key, config={"displayModeBar": False})
        right.html(bullets.replace('class="dg-bullets"', 'class="dg-bullets" style="font-size:1.3rem"'))
    elif figure is not None:
        st.plotly_chart(figure, width="stretch", key=chart_key, config={"displayModeBar": False})
    elif slide.bullets:
        st.html(bullets)
