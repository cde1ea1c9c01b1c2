"""What every page does first: check access, read the view, show the demo banner."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from dgcore.access import Actor, Scope, may_open
from dgcore.text_safety import md
from dgcore.texts import name_in
from ui import a11y, loaders
from ui.i18n import fmt_year, tr
from ui.state import current_actor, current_scope, current_view, disclosure_rule


@dataclass(frozen=True)
class PageContext:
    actor: Actor
    scope: Scope
    lang: str
    year: int
    version: str

    def t(self, key: str) -> str:
        return tr(key, self.lang)

    def n(self, row: object, field: str = "name") -> str:
        return name_in(row, self.lang, field)


def demo_banner(lang: str, version: str) -> None:
    if loaders.is_demo(version):
        st.warning(tr("demo_banner", lang), icon=":material/science:")


def ask_sign_in() -> None:
    """The public page's sign-in button: the next run shows the sign-in form (app.py)."""
    st.session_state["want_sign_in"] = True


def public_banner(lang: str) -> None:
    """On the public page: what it is, the small-cell rule (labelled when provisional), and sign-in."""
    rule = disclosure_rule()
    tag = f" :orange-badge[{tr('provisional', lang)}]" if rule.provisional else ""
    st.info(f"**{tr('public_title', lang)}**{tag}\n\n{md(rule.note(lang))}", icon=":material/public:")
    st.button(tr("public_sign_in", lang), on_click=ask_sign_in, icon=":material/login:", key="public_sign_in")


def start(page: str, banner: bool = True) -> PageContext:
    """Top of every page: refuse what the actor may not open (a hidden page is still reachable)."""
    actor, view = current_actor(), current_view()
    a11y.document(view.lang, a11y.page_title(tr(f"page_{page}", view.lang), fmt_year(view.year, view.lang)))
    if not may_open(actor, page):
        st.error(tr("no_access", view.lang))
        st.stop()
    ctx = PageContext(actor=actor, scope=current_scope(), lang=view.lang, year=view.year, version=loaders.version())
    if banner:
        demo_banner(ctx.lang, ctx.version)
    if ctx.scope.is_public:
        public_banner(ctx.lang)
    return ctx
