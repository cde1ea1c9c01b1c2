"""The public national page (setting public_overview) in AppTest: with it on, a visitor who has not signed
in opens Overview, the province map and Methodology, in Thai and English, sees the small-cell rule and a
way to sign in, and nothing per unit (no unit name or id, no rank, no average over fewer units than the
rule's minimum); signing in from there works. With it off (the default), the same visitor gets the
sign-in form only. tests/e2e/test_adversarial_ws.py proves the same over a real websocket."""

from __future__ import annotations

import re

import matrix
import pytest
from apphelpers import account, new_app
from leaks import Scanner, public_labels, registry

from dgcore.disclosure import load_rule
from dgcore.text_safety import md
from ui import state

PUBLIC_FILES = {
    "overview": "app_pages/overview.py",
    "province_map": "app_pages/province_map.py",
    "methodology": "app_pages/methodology.py",
}
RANK = re.compile(r"\bRank\b|\brank\b|อันดับ|percentile|เปอร์เซ็นไทล์")


@pytest.fixture
def public_on(monkeypatch):
    """The app's settings with public_overview on (settings are cached per process: cleared around)."""
    monkeypatch.setenv("DGR_PUBLIC_OVERVIEW", "true")
    state.settings.clear()
    yield
    monkeypatch.delenv("DGR_PUBLIC_OVERVIEW")
    state.settings.clear()


def everything(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [t.value for t in at.title]
    parts += [f"{m.label} {m.value}" for m in at.metric] + [x.value for x in at.info]
    parts += [df.value.to_csv() for df in at.dataframe] + [h.proto.body for h in at.get("html")]
    parts += [c.proto.spec for c in at.get("plotly_chart")]
    return "\n".join(parts)


def visit(name: str, lang: str, year: int, **params: str):
    at = new_app(lang, year, **params)
    at.run()
    at.switch_page(PUBLIC_FILES[name])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("year, lang", [(2563, "th"), (2566, "en")])  # the websocket test also reads 2563 in English
def test_the_public_pages_show_aggregates_only(demo_db, demo_settings, public_on, year, lang):
    scanner = Scanner.build(registry(demo_db), set(), public_labels(demo_db))
    rule = load_rule(demo_settings.data_dir)
    for page in PUBLIC_FILES:
        at = visit(page, lang, year, unit="D317", province="50", page="admin")
        assert not [w for w in at.text_input if w.key == "login_username"], (page, lang)
        assert at.button(key="public_sign_in") is not None
        text = everything(at)
        note = str(md(rule.note(lang)))  # as shown: Markdown-escaped
        assert note in text, (page, lang)  # the rule, with its number, on every public page
        assert not scanner.leaks(text), (page, lang, scanner.leaks(text)[:5])
        assert not RANK.findall(text.replace(note, "")), (page, lang)  # the note itself says "no rank"
        assert f'"lang": "{lang}"' in text  # the document's language (ui/a11y.py)
        matrix.record("public", page, "rank", "open")


def test_a_province_of_one_unit_shows_no_average_in_public(demo_db, public_on):
    """From 2566 a province is its one CIO committee: the public map withholds every province's average
    (the committee's own score), and says why; a signed-in staff member still sees them."""
    at = visit("province_map", "en", 2566)
    table = at.dataframe[-1].value
    assert (table["Overall readiness"] == "–").all() and (table["Units counted"] == "–").all()  # shown as "–"
    assert any("no province has 5 or more responding units" in x.value for x in at.info)
    at = visit("province_map", "en", 2563)
    table = at.dataframe[-1].value
    assert (table["Overall readiness"] != "–").sum() > 60  # provincial units: most provinces have enough


def test_signing_in_from_the_public_page(demo_accounts, public_on):
    at = visit("overview", "en", 2563)
    at.button(key="public_sign_in").click()
    at.run()
    at.text_input(key="login_username").set_value(account(demo_accounts, "agency", "D317")[0])
    at.text_input(key="login_password").set_value(account(demo_accounts, "agency", "D317")[1])
    at.button[0].click()
    at.run()
    assert not at.exception and any("Royal Thai Police" in c.value for c in at.caption)


def test_with_the_setting_off_a_visitor_gets_the_sign_in_form_only(demo_settings):
    state.settings.clear()
    for page in PUBLIC_FILES:
        at = new_app("en", 2563, unit="D317")
        at.run()
        at.switch_page(PUBLIC_FILES[page])  # asked for by its address: still only the form
        at.run()
        assert not at.exception and at.text_input(key="login_username") is not None
        assert not at.get("plotly_chart") and not at.dataframe and not at.metric, page
        assert not [b for b in at.button if b.key == "public_sign_in"] and "./?lang=" not in everything(at)
