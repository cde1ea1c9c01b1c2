"""WCAG 2.0/2.1 A and AA in Debian's Chromium: axe-core on every page each role can open, signed out and
signed in, in Thai and English; the page language and a distinct title on each page view.

One browser and one context per role, signed in once; the sweep runs once for the module and the tests
below each read what it found. axe-core is the npm package (`make axe` installs it from package.json)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from browser import settle, sign_in
from matrix import MAY_OPEN, PAGES

from ui.i18n import tr

pytestmark = pytest.mark.e2e

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LANGS = ("th", "en")
ROLES = {  # role -> the demo account's scope (None: the role's only account)
    "agency": "D317",
    "province": "50",
    "department": "D227",
    "presenter": None,
    "staff": None,
    "admin": None,
}


@dataclass
class Sweep:
    views: list[dict] = field(default_factory=list)  # one per page view: who, page, lang, title, html lang
    violations: list[str] = field(default_factory=list)
    seconds: float = 0.0


def account(accounts, role: str, scope: str | None) -> tuple[str, str]:
    rows = accounts[(accounts["role"] == role) & ((accounts["scope"] == scope) if scope else True)]
    return rows.iloc[0]["username"], rows.iloc[0]["password"]


def check(page, sweep: Sweep, who: str, name: str, lang: str) -> None:
    """axe-core's WCAG A/AA rules on the page as it stands, and its language and title."""
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async tags => { const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});"
        " return r.violations.map(v => ({id: v.id, impact: v.impact,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}))}",
        WCAG_TAGS,
    )
    for v in result:
        sweep.violations.append(f"{who} {name} {lang}: {v['id']} ({v['impact']}) {v['nodes']}")
    sweep.views.append(
        dict(
            who=who,
            page=name,
            lang=lang,
            title=page.title(),
            html_lang=page.evaluate("() => document.documentElement.lang"),
        )
    )


@pytest.fixture(scope="module")
def sweep(app_url, browser, demo_accounts) -> Sweep:
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make axe` (npm ci from package.json)")
    found, start = Sweep(), time.perf_counter()
    ctx = browser.new_context(viewport={"width": 1366, "height": 768})
    page = ctx.new_page()
    page.set_default_timeout(60000)
    for lang in LANGS:
        page.goto(f"{app_url}/?lang={lang}")
        settle(page)
        check(page, found, "signed out", "sign_in", lang)
    ctx.close()
    for role, scope in ROLES.items():
        ctx = browser.new_context(viewport={"width": 1366, "height": 768})
        page = ctx.new_page()
        page.set_default_timeout(60000)
        sign_in(page, app_url, *account(demo_accounts, role, scope), path="/?lang=th")
        for lang in LANGS:
            for name in (p for p in PAGES if p in MAY_OPEN[role]):
                page.goto(f"{app_url}/{name}?lang={lang}")
                settle(page)
                check(page, found, role, name, lang)
        ctx.close()
    found.seconds = time.perf_counter() - start
    print(f"\naxe-core WCAG A/AA: {len(found.views)} page views checked, {len(found.violations)} violations found")
    print(f"(sweep took {found.seconds:.0f} s)")
    for line in found.violations:
        print("  " + line)
    return found


def test_axe_finds_no_wcag_a_or_aa_violation_on_any_page(sweep):
    assert len(sweep.views) == 2 + 2 * sum(len(MAY_OPEN[r]) for r in ROLES)
    assert sweep.violations == [], "\n".join(sweep.violations)


def test_the_document_language_is_the_page_language(sweep):
    wrong = [(v["who"], v["page"], v["lang"], v["html_lang"]) for v in sweep.views if v["html_lang"] != v["lang"]]
    assert wrong == []


def test_each_page_has_its_own_title_naming_the_page(sweep):
    for who in {v["who"] for v in sweep.views}:
        for lang in LANGS:
            views = [v for v in sweep.views if v["who"] == who and v["lang"] == lang]
            titles = [v["title"] for v in views]
            assert len(set(titles)) == len(titles), (who, lang, titles)
    for v in sweep.views:  # the page's own name first, as in the menu ("Sign in" before signing in)
        key = "login_title" if v["page"] == "sign_in" else f"page_{v['page']}"
        assert v["title"].startswith(tr(key, v["lang"]) + " · "), v
