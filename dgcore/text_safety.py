"""Text from data shown as text: Markdown and HTML escaping at the boundary where data meets a renderer.

Names, framework texts, audit entries and URL values come from files and forms that contractors and
strangers write. Streamlit renders the text of st.title, st.caption, st.markdown, metric labels, tabs,
expanders, tooltips and some widget options as Markdown (links, images, emphasis, headings), and plotly
renders tags such as <a href> and <b> in chart text. So every such string is escaped here first:

- `md(value)` for Markdown: every mark that starts Markdown gets a backslash (CommonMark makes each a
  literal character that way), and the words that would still turn into links by themselves (a bare
  `https://…`, `www.…` or an e-mail address) are broken with an invisible word joiner.
- `plain_html(value)` for HTML and plotly text: `<`, `>` and `&` as entities.
- `rich(text)` for framework texts that are meant to carry formatting: only **bold** and links to DGA's
  own site survive; everything else, images included, is escaped like `md`.

All three first drop control characters and bidirectional embeddings, overrides and isolates: they would
reorder or hide the text around the name on the page. `SafeText` marks a string that has been through one
of them, so escaping twice is a no-op and view builders can return text that pages pass on as it is.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from urllib.parse import urlsplit

# Bidirectional embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI) and the line
# and paragraph separators: each changes how the text *around* the name is laid out.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029")
# The ASCII marks that start Markdown (and Streamlit's :directives:, $math$ and &entities;) anywhere in a
# line; CommonMark reads a backslash before any of them as the literal mark. Others stay unescaped, so
# names such as "Department-level (2024)" keep their plain spelling in the page's source.
MD_SPECIAL = frozenset("\\`*_[]<>!~:$&|#")
# At the start of a line: a list item ("- ", "+ ", "1. ", "2) ") or a setext underline / rule ("---", "===").
_LEADING = re.compile(r"^(\s*)(\d{1,9}[.)]|[-+])(?=\s|$)|^(\s*)([-=])(?=[-=\s]*$)")
_AUTOLINK = re.compile(r"(?i)(https?|ftp|mailto|xmpp)(\\:)|(www)(\.)|()(@)")
_MD_ESCAPES = {ord(ch): "\\" + ch for ch in MD_SPECIAL}
_BIDI = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")  # Unicode category Cc
_CONTROL_BUT_NEWLINE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_SHORTCODE = re.compile(r"\\:(?=[A-Za-z0-9_+/-]+\\:)")
WORD_JOINER = "\u2060"  # invisible; splits a bare URL so that GFM does not autolink it
# Links that framework texts may carry: DGA's own sites only, over https.
ALLOWED_LINK_HOSTS = ("dga.or.th",)

_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_LINK = re.compile(r"(?<!!)\[([^\[\]\n]{1,200})\]\((https://[A-Za-z0-9.-]+(?:/[A-Za-z0-9._~/%#?=&+-]*)?)\)")


class SafeText(str):
    """Text that may be handed to a Markdown-rendering call as it is (made by md, rich or fmt)."""

    __slots__ = ()


def is_control(ch: str) -> bool:
    """True for C0/C1 control characters (tab and newline included) and bidirectional controls."""
    return ch in BIDI_CONTROLS or unicodedata.category(ch) == "Cc"


def clean(value: object, keep_newlines: bool = False) -> str:
    """str(value) without control and bidi characters (each control becomes a space); None/NaN -> ''."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = _BIDI.sub("", str(value))
    return (_CONTROL_BUT_NEWLINE if keep_newlines else _CONTROL).sub(" ", text)


def drop_bidi(text: str) -> str:
    """text without bidi embeddings, overrides and isolates (for plain-text outputs: PDF, PowerPoint)."""
    return _BIDI.sub("", text)


def _escape_md(text: str) -> str:
    escaped = text.translate(_MD_ESCAPES)
    # a list marker, setext underline or numbered item at the start; the rest of - + = . ) is plain text
    escaped = _LEADING.sub(_escape_marker, escaped)
    # GFM turns bare URLs and addresses into links, and Streamlit :shortcodes: into icons and emoji, after
    # escapes are read; a word joiner breaks them.
    escaped = _SHORTCODE.sub("\\:" + WORD_JOINER, escaped)
    return _AUTOLINK.sub(lambda m: WORD_JOINER.join(p for p in m.groups() if p is not None), escaped)


def _escape_marker(m: re.Match) -> str:
    space, marker = (m.group(1), m.group(2)) if m.group(2) else (m.group(3), m.group(4))
    return f"{space}{marker[:-1]}\\{marker[-1]}"


def md(value: object) -> SafeText:
    """value as literal text inside Markdown (one line; SafeText is returned unchanged)."""
    if isinstance(value, SafeText):
        return value
    return SafeText(_escape_md(clean(value).strip()))


def plain_html(value: object) -> str:
    """value as literal text inside HTML or plotly text (which reads <b>, <a href> and entities)."""
    return html.escape(clean(value), quote=False)


def chart_text(value: object) -> object:
    """A plotly label from data: strings escaped like plain_html except the line break <br> that labels
    wrapped to fit an axis carry; numbers, None and other values as they are."""
    if not isinstance(value, str):
        return value
    return plain_html(value).replace("&lt;br&gt;", "<br>")


def allowed_link(url: str) -> bool:
    """True for an https link to one of DGA's own sites."""
    host = (urlsplit(url).hostname or "").lower()
    return url.startswith("https://") and any(host == h or host.endswith("." + h) for h in ALLOWED_LINK_HOSTS)


def rich(value: object) -> SafeText:
    """A framework text with its allowed formatting kept (**bold**, https links to DGA's sites, line
    breaks) and everything else shown as text: other links, images, headings, HTML."""
    if isinstance(value, SafeText):
        return value
    text = clean(value, keep_newlines=True)
    out, pos = [], 0
    for m in re.finditer(f"{_BOLD.pattern}|{_LINK.pattern}", text):
        out.append(_escape_lines(text[pos : m.start()]))
        bold, label, url = m.group(1), m.group(2), m.group(3)
        if bold is not None:
            out.append(f"**{_escape_md(bold)}**")
        elif allowed_link(url):
            out.append(f"[{_escape_md(label)}]({url})")
        else:
            out.append(_escape_md(m.group(0)))
        pos = m.end()
    out.append(_escape_lines(text[pos:]))
    return SafeText("".join(out).strip())


def _escape_lines(text: str) -> str:
    # each line escaped on its own; a blank line stays a paragraph break, a single newline a line break
    return "\n".join(_escape_md(line) for line in text.split("\n"))


def fmt(template: str, *args: object, **kwargs: object) -> SafeText:
    """template.format(...) with every argument escaped by md: the template is the app's own text
    (a translation), the arguments come from data."""
    return SafeText(template.format(*(_arg(a) for a in args), **{k: _arg(v) for k, v in kwargs.items()}))


def _arg(value: object) -> object:
    # numbers keep their format specs ({gap:.2f}); they carry no markup
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else md(value)


def join(sep: str, parts) -> SafeText:
    """The parts escaped by md and joined by the app's own separator."""
    return SafeText(sep.join(md(p) for p in parts))


# ---------------------------------------------------------------- what an importer should say about a text
# Markdown or HTML that would format, link or embed if a page forgot to escape it.
_MARKUP = re.compile(
    r"\[[^\]\n]*\]\s*\(|!\[|\*\*|__|~~|`|</?[A-Za-z!][^>]*>|&#?\w+;|:[a-z-]+\[|\$[^$\s][^$]*\$"
    r"|\b(?:https?|ftp)://|\bwww\.|^\s*(?:#{1,6}(?:\s|$)|>|[-+*]\s|\d{1,9}[.)]\s)",
    re.M,
)
# javascript:, vbscript: and data: URLs, also spelled with spaces, controls or entities in between.
_SCHEME = re.compile(r"(?i)(?:java|vb)\s*script\s*:|(?<![a-z0-9])data\s*:\s*[a-z]+/[a-z0-9.+-]+")
# An image from another site: Markdown ![..](http..) / ![..](//..) or an HTML <img ...src=http..>.
_REMOTE_IMAGE = re.compile(
    r"(?is)!\[[^\]]*\]\s*\(\s*<?\s*(?:[a-z][a-z0-9+.-]*:|//)|<\s*img\b[^>]*\bsrc\s*=\s*['\"]?\s*(?:[a-z][a-z0-9+.-]*:|//)"
)


_PLAIN_NAME = re.compile(r"(?!\s*(?:[-+]|\d{1,9}[.)])(?:\s|$))(?!.*\bwww\.)[\w\u0e00-\u0e7f ,.()'/-]*")


def text_findings(value: object, multiline: bool = False) -> list[str]:
    """What a text from a file carries, as codes: 'dangerous_url' and 'remote_image' (refuse the file),
    'markup', 'control_chars' and 'bidi_controls' (warn). multiline: newlines are expected (descriptions)."""
    if not isinstance(value, str) or _PLAIN_NAME.fullmatch(value):
        return []  # most names: letters, digits, Thai, spaces and a few marks that start nothing
    found = []
    plain = "".join(ch for ch in html.unescape(value) if not is_control(ch))
    if _SCHEME.search(plain):
        found.append("dangerous_url")
    if _REMOTE_IMAGE.search(plain):
        found.append("remote_image")
    if _MARKUP.search(value):
        found.append("markup")
    if any(is_control(ch) and ch not in BIDI_CONTROLS and not (multiline and ch in "\n\r\t") for ch in value):
        found.append("control_chars")
    if any(ch in BIDI_CONTROLS for ch in value):
        found.append("bidi_controls")
    return found
