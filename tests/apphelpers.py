"""AppTest helpers: run app.py, sign in through the real form with a demo account."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import NamedTuple

import pandas as pd
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent

APP = str(ROOT / "app.py")


def account(accounts: pd.DataFrame, role: str, scope: str | None = None) -> tuple[str, str]:
    rows = accounts[(accounts["role"] == role) & ((accounts["scope"] == scope) if scope else True)]
    r = rows.iloc[0]
    return r["username"], r["password"]


def new_app(lang: str = "en", year: int | None = None, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    if year:
        at.query_params["year"] = str(year)
    for k, v in params.items():
        at.query_params[k] = v
    return at


def sign_in(at: AppTest, username: str, password: str) -> AppTest:
    at.run()
    at.text_input(key="login_username").set_value(username)
    at.text_input(key="login_password").set_value(password)
    at.button[0].click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def signed_in_app(
    accounts,
    role: str,
    scope: str | None = None,
    lang: str = "en",
    year: int | None = 2563,
    page: str | None = None,
    **params: str,
) -> AppTest:
    at = sign_in(new_app(lang, year, **params), *account(accounts, role, scope))
    if page:
        at.switch_page(page)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
    return at


class Tile(NamedTuple):
    label: str
    value: str
    note: str


_TILE = re.compile(
    r'<div class="dg-tile"><div class="dg-label">(.*?)</div><div class="dg-value">(.*?)</div>'
    r'(?:<div class="dg-sub">.*?</div>)?(?:<div class="dg-note[^"]*">(.*?)</div>)?'
)


def tiles(at: AppTest) -> list[Tile]:
    """The score tiles (ui.layout.tiles) on the page, as a person reads them."""
    return [
        Tile(*(html.unescape(x or "") for x in m.groups()))
        for h in at.get("html")
        for m in _TILE.finditer(h.proto.body)
    ]


def content_tables(at: AppTest) -> list:
    """The page's own tables: st.dataframe elements outside the charts' data expanders (ui.a11y.chart)."""
    from ui.a11y import TEXT

    chart_data = set(TEXT["chart_data"])
    inside = {id(d) for e in at.expander if e.label in chart_data for d in e.dataframe}
    return [d for d in at.dataframe if id(d) not in inside]
