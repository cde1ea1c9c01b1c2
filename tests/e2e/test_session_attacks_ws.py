"""Session attacks against a real `streamlit run`, over Streamlit's websocket protocol.

- Fixation by cookie: a `dgr_session` cookie planted before sign-in (forged, or validly signed for a
  token the attacker chose) never becomes the signed-in session; signing in issues a new token.
- Fixation by Streamlit session id: Streamlit lets a client re-attach to an existing session by
  offering its id (the third Sec-WebSocket-Protocol entry). Someone who read the id off a shared
  computer before the owner signed in could re-attach after; the app must not hand them the signed-in
  state unless their connection also carries the owner's session cookie.
"""

from __future__ import annotations

import time

import pytest
from wshelpers import Session, run

from dgcore.accounts import auth
from dgcore.accounts.store import SqliteAccountStore
from dgcore.config import EXAMPLE_COOKIE_KEY

pytestmark = pytest.mark.e2e
QS = "lang=en&year=2563"


def creds(accounts, role):
    r = accounts[accounts["role"] == role].iloc[0]
    return r["username"], r["password"]


def store(settings):
    return SqliteAccountStore(settings.accounts_path)


def test_a_cookie_planted_before_sign_in_never_becomes_the_signed_in_session(app_url, demo_accounts, demo_settings):
    planted = "attacker-chosen-token-0123456789abcdef"
    cookie = "dgr_session=" + auth.sign_cookie(planted, EXAMPLE_COOKIE_KEY)  # the demo runs with the example key

    async def go():
        async with Session(app_url, cookie=cookie) as s:
            first = await s.rerun(page_name="", query_string=QS)
            assert s.widget("login_username") is not None and first.ok  # the planted token opened nothing
            await s.sign_in(*creds(demo_accounts, "staff"), query_string=QS)
            return s.set_cookie

    issued = run(go())
    token = auth.token_from_cookie(issued, EXAMPLE_COOKIE_KEY)
    assert token and token != planted
    now = time.time()
    assert auth.resume_session(store(demo_settings), planted, now, 1800) is None
    assert auth.resume_session(store(demo_settings), token, now, 1800).role == "staff"


def test_re_attaching_to_a_signed_in_streamlit_session_by_its_id_gives_nothing_without_its_cookie(
    app_url, demo_accounts
):
    async def go():
        async with Session(app_url) as victim:
            await victim.rerun(page_name="", query_string=QS)
            sid = victim.session_id  # what someone could read off the screen before the owner signs in
            await victim.sign_in(*creds(demo_accounts, "department"), query_string=QS)
            assert victim.signed_in
            cookie = "dgr_session=" + victim.set_cookie
        async with Session(app_url, reattach=sid) as attacker:
            res = await attacker.rerun(page_name="my_agency", query_string=QS)
            assert attacker.session_id in (None, sid)
            assert attacker.widget("login_username") is not None and not attacker.pages, res.elements
            assert "Department of Lands" not in str(res.widgets)
        async with Session(app_url, cookie=cookie, reattach=sid) as owner:  # the owner's browser reconnects
            await owner.rerun(page_name="", query_string=QS)
            assert owner.signed_in

    run(go())
