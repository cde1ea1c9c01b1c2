"""What a reader would call broken on a screen, read from the DOM: cut text, content wider than the
window, developer words ("None", "nan", "NaT") and Streamlit's English widget texts on a Thai page.

Used by tests/e2e/test_layout_sweep_browser.py; `violations(page, lang)` returns one line per finding.
"""

from __future__ import annotations

# Streamlit's own English texts that reach the screen when a page does not set them.
ENGLISH_WIDGET_TEXTS = (
    "Drag and drop",
    "per file",
    "Browse files",
    "Choose an option",
    "Choose options",
    "No results",
    "You can only select up to",
    "Press Enter to apply",
    "Upload",
    "Show password",
    "Clear all",
)

_JS = r"""
([lang, english]) => {
  const out = [];
  const W = window.innerWidth;
  const visible = el => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.right <= 0 || r.left >= W) return false;  // off-screen: unseen
    const cs = getComputedStyle(el);
    return cs.visibility !== 'hidden' && cs.display !== 'none';
  };
  const short = el => (el.innerText || el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 60);
  // 1. cut text: labels, metric values and deltas, button texts, tiles, tabs
  const textSel = [
    '[data-testid="stWidgetLabel"]', '[data-testid="stMetricLabel"]', '[data-testid="stMetricValue"]',
    '[data-testid="stMetricDelta"]', 'button', '[data-testid="stTab"]', '.dg-tile', '.dg-card h4',
    '[data-testid="stExpander"] summary', '[data-baseweb="select"] [title]', '[data-baseweb="tag"]',
  ].join(',');
  const seen = new Set();
  for (const root of document.querySelectorAll(textSel)) {
    if (!visible(root) || root.closest('[data-testid="stSidebar"][aria-expanded="false"]')) continue;
    for (const el of [root, ...root.querySelectorAll('*')]) {
      if (seen.has(el) || !visible(el) || el.closest('svg, [data-testid="stIconMaterial"]')) continue;
      seen.add(el);
      if (!el.innerText || !el.innerText.trim()) continue;
      if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) {
        const cs = getComputedStyle(el);
        if (cs.overflowX === 'auto' || cs.overflowX === 'scroll') continue;  // scrolls, not cut
        out.push(`cut: "${short(el)}" (${el.scrollWidth}>${el.clientWidth})`);
      }
    }
  }
  // 2. wider than the window: the page itself, and any Streamlit element sticking out on the right
  const doc = document.documentElement;
  if (doc.scrollWidth > W + 1) out.push(`page wider than window: ${doc.scrollWidth}>${W}`);
  const main = document.querySelector('[data-testid="stMain"]');
  if (main) {
    for (const el of main.querySelectorAll('[data-testid="stElementContainer"], [data-testid="stHorizontalBlock"]')) {
      if (!visible(el)) continue;
      const r = el.getBoundingClientRect();
      const id = el.getAttribute('data-testid');
      if (r.right > W + 1) out.push(`sticks out: ${id} "${short(el)}" right=${Math.round(r.right)}>${W}`);
    }
  }
  // 3. words nobody should read
  const areas = [main, document.querySelector('[data-testid="stSidebar"]')].filter(Boolean);
  let text = areas.map(a => a.innerText).join('\n');
  const grids = '[data-testid="stDataFrame"] table, [data-testid="stDataFrameResizable"] table';
  for (const g of document.querySelectorAll(grids)) {
    text += '\n' + g.textContent;
  }
  for (const word of ['None', 'nan', 'NaT', 'undefined']) {
    const m = text.match(new RegExp(`(^|[^A-Za-z])${word}([^A-Za-z]|$)`));
    if (m) out.push(`word "${word}" near "${text.substr(Math.max(0, m.index - 30), 70).replace(/\s+/g, ' ')}"`);
  }
  if (lang === 'th') {
    for (const e of english) if (text.includes(e)) out.push(`English widget text on a Thai page: "${e}"`);
  }
  return out;
}
"""


def violations(page, lang: str) -> list[str]:
    """Every finding on the page as it is now drawn (one line each, deduplicated)."""
    found = page.evaluate(_JS, [lang, list(ENGLISH_WIDGET_TEXTS)])
    return list(dict.fromkeys(found))
