"""The text-safety helper: data-derived strings stay text in Markdown, HTML and plotly."""

from __future__ import annotations

import html
import re

import markdown_it
import pytest

from dgcore.text_safety import SafeText, chart_text, clean, fmt, join, md, plain_html, rich

HOSTILE = [
    "Office of the PM [Reset your password here](https://evil.example/login) ![x](https://evil.example/pixel.png)",
    "**bold** _em_ # head <b>b</b> <img src=x onerror=alert(1)> https://evil.example www.evil.example a@evil.example",
    ":red[red] :material/lock: $x^2$ `code` ~~s~~ 1. list &amp; &#60; \\ back <https://evil.example/auto>",
    "# Heading\n## two\n- item\n> quote\n\n| a | b |\n|---|---|\n[ref]: https://evil.example",
    "javascript:alert(1) [j](javascript:alert(1)) [d](data:text/html;base64,PHNjcmlwdD4=)",
]


def render(text: str) -> str:
    """CommonMark + GFM-style tables/strikethrough + bare-URL linkify, as close to Streamlit as Python gets."""
    return markdown_it.MarkdownIt("gfm-like").enable("linkify").render(text)


@pytest.mark.parametrize("name", HOSTILE)
def test_md_renders_as_the_literal_text_only(name):
    out = render(md(name))
    assert "<a " not in out and "<img" not in out and "<h" not in out[3:] and "<strong" not in out
    assert "<em" not in out and "<code" not in out and "<li" not in out and "<table" not in out
    literal = " ".join(clean(name).split())
    shown = re.sub(r"<[^>]+>", "", out).replace("\u2060", "")
    assert " ".join(html.unescape(shown).split()) == literal


def test_md_is_idempotent_and_typed():
    once = md("[x](https://evil.example)")
    assert isinstance(once, SafeText) and md(once) is once


def test_streamlit_shortcodes_are_broken_so_no_icon_or_emoji_appears():
    # Streamlit turns :material/lock: and :smile: into an icon or emoji even with escaped colons
    assert md("Police :material/lock: :smile:") == ("Police \\:\u2060material/lock\\: \\:\u2060smile\\:")


def test_control_and_bidi_characters_are_dropped():
    assert clean("a\u202eb\u2066c\u2069d\x00e\x1bf\ng") == "abcd e f g"
    assert md("  \u202e**x**  ") == "\\*\\*x\\*\\*"
    assert clean(float("nan")) == "" and clean(None) == ""


def test_rich_keeps_bold_and_dga_links_only():
    text = "Read **this** at [DGA](https://www.dga.or.th/th/page) not [evil](https://evil.example) ![i](https://www.dga.or.th/x.png)"
    out = render(rich(text))
    assert "<strong>this</strong>" in out
    assert re.findall(r'href="([^"]+)"', out) == ["https://www.dga.or.th/th/page"]
    assert "<img" not in out and "evil.example" in out  # shown as text


@pytest.mark.parametrize(
    "url", ["https://dga.or.th.evil.example/", "http://www.dga.or.th/", "https://evildga.or.th/", "javascript:x"]
)
def test_rich_refuses_look_alike_links(url):
    assert "<a " not in render(rich(f"[DGA]({url})"))


def test_rich_keeps_paragraphs_but_escapes_block_markup():
    out = render(rich("first line\n\n# not a heading\n- not a list"))
    assert out.count("<p>") == 2 and "<h1" not in out and "<li" not in out


def test_fmt_and_join_escape_arguments_not_templates():
    out = fmt("**{unit}** scored {gap:.2f}", unit="[x](https://evil.example)", gap=1.234)
    assert isinstance(out, SafeText) and "1.23" in out and "<a " not in render(out) and "<strong>" in render(out)
    assert "<a " not in render(join(" · ", ["[a](https://e.example)", "b"]))


def test_html_and_chart_text_escape_tags_but_keep_line_breaks():
    assert (
        plain_html('<a href="https://evil.example">x</a> & y')
        == '&lt;a href="https://evil.example"&gt;x&lt;/a&gt; &amp; y'
    )
    assert chart_text("a<br>b <img src=x>") == "a<br>b &lt;img src=x&gt;"
    assert chart_text(3.5) == 3.5


@pytest.mark.parametrize(
    "text, found",
    [
        ("สำนักงานปลัดสำนักนายกรัฐมนตรี", []),
        ("Office of the Permanent Secretary, Office of the Prime Minister (OPM)", []),
        ("R&D Office", []),
        ("- list", ["markup"]),
        ("1. list", ["markup"]),
        ("**bold**", ["markup"]),
        ("see www.example.org", ["markup"]),
        ("a\x1bb", ["control_chars"]),
        ("ก\u202eข", ["bidi_controls"]),
        ("x ![p](https://evil.example/p.png)", ["remote_image", "markup"]),
        ("x <IMG SRC='//evil.example/p.png'>", ["remote_image", "markup"]),
        ("[x](java\tscript:alert(1))", ["dangerous_url", "markup", "control_chars"]),
        ("[x](data:text/html;base64,AA)", ["dangerous_url", "markup"]),
        ("![logo](logo.png)", ["markup"]),
    ],
)
def test_text_findings_name_what_a_cell_carries(text, found):
    from dgcore.text_safety import text_findings

    assert text_findings(text) == found


@pytest.mark.parametrize("name", HOSTILE + ["</div>\n\n<div onclick=alert(1)>", "<style>*{display:none}</style>"])
def test_province_action_cards_keep_data_as_text_inside_their_html(name):
    """The Provinces page draws its action cards as one Markdown element with HTML divs around Markdown
    (ui.province_view.action_cards): texts from data stay text there too, and each card stays one box."""
    from ui.province_view import action_cards

    title = SafeText(f"**{md(name)}** · {md('3 of 5')}")
    body = SafeText(f"- {rich(name)}\n- {rich('**bold** rule')}\n\n*{md(name)}*")
    out = markdown_it.MarkdownIt("gfm-like").render(action_cards([(title, body), (title, body)]))
    assert out.count('<div class="dg-action">') == 2 and out.count("<div") == 3 and out.count("</div>") == 3
    assert out.count("<style>") == 1 and "<div onclick" not in out
    assert "<img" not in out and "<a " not in out and "<b>" not in out and "<script" not in out
    assert out.count("<li>") == 4 and "<strong>bold</strong> rule" in out
