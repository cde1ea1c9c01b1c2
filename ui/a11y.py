"""The accessibility layer Streamlit does not give: the document's language and a title per page, a skip
link to the page's heading, visible focus, icon names hidden from screen readers, and charts with words
(a sentence made from the chart's data and the data as a table one key press away).

Streamlit writes `<html lang="en">` and has no setting for it, nor for a skip link, so a small script does
those in the page (ACCESSIBILITY.md lists what remains out of reach)."""

from __future__ import annotations

import html
import json

import streamlit as st

from dgcore import chart_text
from ui import prepared

TEXT = {  # key -> (Thai, English); kept here, beside the only code that uses them
    "skip": ("ข้ามไปยังเนื้อหาหลัก", "Skip to main content"),
    "chart_data": ("ตารางข้อมูลของแผนภูมิ", "Chart data as a table"),
    "chart": ("แผนภูมิ", "Chart"),
}

# Toolbar reduced to the camera (a PNG for slides); its buttons and the drawing itself are kept out of the
# tab order and away from screen readers by the script below, the chart's words and table stand in for it.
# topojsonURL: plotly's SVG map (geo) fetches a world base map before drawing, even with the base map hidden,
# from plotly's CDN by default (offline here: the map never drew); static/topojson/ holds an empty one.
PLOTLY_CONFIG = {
    "displaylogo": False,
    "modeBarButtons": [["toImage"]],
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "topojsonURL": "app/static/topojson/",
}

# Captions: Streamlit fades the whole caption with opacity 0.6, which also fades a badge inside it (2.7:1);
# a solid grey at 8.9:1 keeps them secondary and readable. Focus: a 3 px outline on everything focusable.
# Streamlit's own skip link is English only and lands on the whole main area; ours is in the page's language
# and lands on the page's heading, so Streamlit's is hidden rather than offered twice. Side-by-side cards
# become one column on a narrow screen or at 200% zoom (WCAG 1.4.10: no sideways scrolling of text).
CSS = """<style>
[data-testid="stSkipToContent"]{display:none !important}
.dg-skip{position:absolute;left:8px;top:-60px;z-index:1000100;background:#0b3d91;color:#ffffff;padding:10px 16px;
  border-radius:6px;font-weight:600;text-decoration:none}
.dg-skip:focus{top:8px;outline:3px solid #ffbf47;outline-offset:2px}
:focus-visible{outline:3px solid #0b3d91 !important;outline-offset:2px !important}
[data-testid="stSidebar"] :focus-visible{outline-color:#0b3d91 !important}
button[kind="primary"]:focus-visible,[data-testid="stBaseButton-primary"]:focus-visible{
  outline:3px solid #0b3d91 !important;outline-offset:3px !important;box-shadow:0 0 0 2px #ffffff !important}
[data-testid="stCaptionContainer"]{opacity:1 !important;color:#4a4a4a !important}
@media (max-width:760px){.dg-cards{grid-template-columns:1fr !important}}
.dg-chart-summary{font-size:1rem;line-height:1.5;margin:0 0 .25rem 0}
</style>"""

# Runs in the page (st.html with JavaScript). Installed once per document; each run updates the language
# and the skip link's words. A MutationObserver keeps new elements in line as Streamlit draws them, looking
# only inside what each change added: a whole-document sweep on every frame cost 75-250 ms of the
# browser's time per page switch (a chart adds thousands of SVG nodes while it draws).
SCRIPT = """<script>
(function () {
  var cfg = %s;
  document.documentElement.lang = cfg.lang;
  window.__dgA11y = cfg;
  var HIDE = '[data-testid="stIconMaterial"]:not([aria-hidden]), .js-plotly-plot svg.main-svg:not([aria-hidden])';
  // the modebar's buttons and the link icon beside every heading (one more Tab stop per heading, shown
  // only on hover) are kept out of the tab order
  var UNTAB = '.modebar-btn:not([tabindex="-1"]), [data-testid="stHeaderActionElements"] a:not([tabindex="-1"])';
  var UPLOAD = '[data-testid="stFileUploaderDropzone"] button:not([aria-label])';
  var RADIO = '[data-testid="stRadio"] label, [data-testid="stRadio"] p';
  function each(root, sel, fn) {
    if (root.matches && root.matches(sel)) fn(root);
    root.querySelectorAll(sel).forEach(fn);
  }
  function tidyIn(root) {
    each(root, HIDE, function (e) { e.setAttribute('aria-hidden', 'true'); });
    each(root, UNTAB, function (e) { e.setAttribute('tabindex', '-1'); });
    // the upload button's words are drawn by CSS (::after, in the page's language): give them to its name too
    each(root, UPLOAD, function (e) {
      var c = getComputedStyle(e, '::after').content;
      if (c && c !== 'none' && c !== 'normal') e.setAttribute('aria-label', c.replace(/^["']|["']$/g, ''));
    });
    each(root, RADIO, function (e) {
      var t = (e.textContent || '').trim();
      if (t === 'English' && e.getAttribute('lang') !== 'en') e.setAttribute('lang', 'en');
      if (t === 'ไทย' && e.getAttribute('lang') !== 'th') e.setAttribute('lang', 'th');
    });
  }
  function page() {
    var skip = document.getElementById('dg-skip');
    if (!skip) {
      skip = document.createElement('a');
      skip.id = 'dg-skip'; skip.className = 'dg-skip'; skip.href = '#';
      skip.addEventListener('click', function (ev) {
        ev.preventDefault();
        var h = document.querySelector('[data-testid="stMain"] h1');
        if (!h) return;
        h.setAttribute('tabindex', '-1');
        h.focus();
        h.scrollIntoView({block: 'start'});
      });
      document.body.insertBefore(skip, document.body.firstChild);
    }
    if (skip.textContent !== window.__dgA11y.skip) skip.textContent = window.__dgA11y.skip;
    if (document.documentElement.lang !== window.__dgA11y.lang) document.documentElement.lang = window.__dgA11y.lang;
  }
  tidyIn(document.body);
  page();
  if (!window.__dgA11yObserver) {
    var added = [], queued = false;
    window.__dgA11yObserver = new MutationObserver(function (records) {
      // no less-than sign anywhere in this script: Streamlit then drops the whole st.html block
      records.forEach(function (r) {
        r.addedNodes.forEach(function (n) {
          // inside a chart's SVG only its outermost svg element matters; the parts a chart draws are skipped
          if (n.nodeType === 1 && !n.ownerSVGElement) added.push(n);
        });
      });
      if (queued) return;
      queued = true;
      requestAnimationFrame(function () {
        queued = false;
        var roots = added; added = [];
        roots.forEach(function (r) { if (r.isConnected) tidyIn(r); });
        page();
      });
    });
    window.__dgA11yObserver.observe(document.body, {childList: true, subtree: true});
  }
})();
</script>"""


def t(key: str, lang: str) -> str:
    return TEXT[key][0 if lang == "th" else 1]


def page_title(*parts: object) -> str:
    """'หน่วยงานของฉัน · สำนักงานตำรวจแห่งชาติ · 2562': the page first, then what it shows."""
    return " · ".join(str(p) for p in parts if p not in (None, ""))


def tab_title(text: str) -> None:
    """A more precise title once the page knows what it shows (e.g. the unit on My agency)."""
    st.set_page_config(page_title=text)


def document(lang: str, title: str) -> None:
    """The tab's title and the document's language for this run, with the skip link and focus styles."""
    st.set_page_config(page_title=title)
    cfg = json.dumps({"lang": "th" if lang == "th" else "en", "skip": t("skip", lang)}, ensure_ascii=False)
    st.html(CSS + SCRIPT % cfg, unsafe_allow_javascript=True)


TIE_ERROR = """<script>
(function (keys, tries) {
  function tie() {
    var alert = document.querySelector('[data-testid="stMain"] [data-testid="stAlertContainer"][role="alert"]');
    var inputs = keys.map(function (k) { return document.querySelector('.st-key-' + k + ' input'); });
    if (!alert || inputs.some(function (i) { return !i; })) { if (tries-- > 0) setTimeout(tie, 100); return; }
    alert.id = alert.id || 'dg-form-error';
    inputs.forEach(function (i) {
      i.setAttribute('aria-invalid', 'true');
      i.setAttribute('aria-describedby', alert.id);
    });
  }
  tie();
})(%s, 30);
</script>"""


def tie_error(keys: tuple[str, ...]) -> None:
    """Point the inputs with these widget keys at the error shown above them (st.error is already a
    role="alert" live region, so it is announced): a screen reader reads it again on the field."""
    st.html(TIE_ERROR % json.dumps(list(keys)), unsafe_allow_javascript=True)


def chart(fig, key: str, lang: str, **kwargs):
    """st.plotly_chart with its words: a sentence from the chart's data under it, read by screen readers
    in place of the drawing, and the data as a table in an expander right after (one Enter away). The table
    is made only while its expander is open (Streamlit's lazy expander: opening it reruns the page); sent
    on every run, closed, it was a third of a chart's cost."""
    plain = fig.to_dict()
    words = _words(fig, plain, lang)
    event = st.plotly_chart(fig, width="stretch", key=key, config=PLOTLY_CONFIG, **kwargs)
    st.html(f'<p class="dg-chart-summary"><b>{t("chart", lang)}:</b> {html.escape(words[0])}</p>')
    data = st.expander(t("chart_data", lang), key=f"{key}_data", on_change="rerun")
    if data.open:
        with data:
            prepared.dataframe(words[1], width="stretch")
    return event


def _words(fig, plain: dict, lang: str):
    """(sentence, table) of a figure, kept on a cached figure so it is made once."""
    cached = getattr(fig, "_dg_words", None)
    if cached is not None and cached[0] == lang:
        return cached[1]
    table = chart_text.figure_table(plain, lang)
    words = (chart_text.summary(plain, lang, table), table)
    try:
        fig._dg_words = (lang, words)
    except (AttributeError, ValueError):  # a figure that takes no attributes: made again next run
        pass
    return words
