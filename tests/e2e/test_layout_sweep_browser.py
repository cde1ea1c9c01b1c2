"""Every page each role can open, in Thai and English, on a phone, a laptop and a wide screen: nothing
cut, nothing wider than the window, no "None"/"nan"/"NaT", no Streamlit English on a Thai page.

One browser; one context per role, signed in once; the viewport is resized and the language switched
by URL inside it (a page is loaded once per language and looked at in all three sizes).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from browser import sign_in, wait_for_app
from layout import violations
from matrix import MAY_OPEN, PAGES

pytestmark = pytest.mark.e2e

ROLES = {  # role -> the demo sign-in's scope
    "agency": "D317",
    "province": "50",
    "department": "D227",
    "staff": "",
    "presenter": "",
    "admin": "",
}
SIZES = ((390, 844), (1366, 768), (1920, 1080))
LANGS = ("th", "en")


def _account(accounts, role: str, scope: str) -> tuple[str, str]:
    rows = accounts[(accounts["role"] == role) & ((accounts["scope"] == scope) if scope else True)]
    return rows.iloc[0]["username"], rows.iloc[0]["password"]


def _sweep_role(browser, app_url, accounts, role: str, findings: dict) -> int:
    ctx = browser.new_context(viewport={"width": SIZES[0][0], "height": SIZES[0][1]}, locale="th-TH")
    page = ctx.new_page()
    page.set_default_timeout(60000)
    checked = 0
    try:
        sign_in(page, app_url, *_account(accounts, role, ROLES[role]), path="/?lang=th")
        for key in (p for p in PAGES if p in MAY_OPEN[role]):
            for lang in LANGS:
                page.set_viewport_size({"width": SIZES[0][0], "height": SIZES[0][1]})
                page.goto(f"{app_url}/{'' if key == 'overview' else key}?lang={lang}")
                wait_for_app(page)
                page.wait_for_timeout(800)  # charts draw after the run ends
                for w, h in SIZES:
                    page.set_viewport_size({"width": w, "height": h})
                    page.wait_for_timeout(600)
                    for v in violations(page, lang):
                        findings.setdefault(v, []).append(f"{role}/{key}/{lang}/{w}x{h}")
                    checked += 1
    finally:
        ctx.close()
    return checked


def test_no_page_cuts_overflows_or_shows_developer_words(app_url, browser, demo_accounts, capsys):
    started, findings, checked = time.monotonic(), {}, 0
    for role in ROLES:
        checked += _sweep_role(browser, app_url, demo_accounts, role, findings)
    total = sum(len(where) for where in findings.values())
    with capsys.disabled():
        print(
            f"\nlayout sweep: {checked} (page, role, language, size) combinations checked in "
            f"{time.monotonic() - started:.0f} s; {total} violations ({len(findings)} distinct)"
        )
        for v, where in sorted(findings.items(), key=lambda kv: -len(kv[1])):
            print(f"  {len(where):3d} × {v}  e.g. {', '.join(where[:3])}")
        if os.environ.get("LAYOUT_SWEEP_REPORT"):  # the whole list, for comparing before and after a change
            lines = [f"{v}\t{w}" for v, where in findings.items() for w in where]
            Path(os.environ["LAYOUT_SWEEP_REPORT"]).write_text(f"checked={checked}\n" + "\n".join(lines) + "\n")
    assert checked >= len(ROLES) * len(LANGS) * len(SIZES) * 3
    assert not findings, f"{total} layout/wording violations"
