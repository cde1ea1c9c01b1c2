"""Sign-in glue: our login form over dgcore.accounts.auth, a signed opaque cookie, server-side sessions.

Why not streamlit-authenticator's own cookie: it is a JWT holding only the username, set from
JavaScript, not revoked by logout (see docs/stack-notes.md). Here the cookie carries a random token whose
hash lives in the account store, so signing out or a password reset ends it on the server.
"""

from __future__ import annotations

import json
import time

import streamlit as st

from dgcore.access import Actor
from dgcore.accounts import AccountStore, AccountStoreUnavailable, open_account_store
from dgcore.accounts.auth import (
    COOLDOWN,
    LoginPolicy,
    authenticate,
    end_session,
    resume_session,
    sign_cookie,
    start_session,
    token_from_cookie,
)
from ui import a11y
from ui.i18n import tr
from ui.state import settings
from ui.streamlit_private import chart_code_file

COOKIE = "dgr_session"


@st.cache_resource
def account_store() -> AccountStore:
    """SQLite on one host; PostgreSQL (a postgresql:// accounts_path) when replicas share accounts.
    A store that cannot be opened (its folder missing or unwritable, the server down) is reported as
    AccountStoreUnavailable; nothing is cached then, so the next run tries again."""
    try:
        return open_account_store(settings().accounts_path)
    except OSError as err:
        raise AccountStoreUnavailable(type(err).__name__) from err


@st.cache_resource
def login_policy() -> LoginPolicy:
    return LoginPolicy.from_dict(settings().login)


def client_ip() -> str | None:
    """The person's address for the per-address limit. Behind our proxy (trust_proxy) it is the last
    X-Forwarded-For entry, the one nginx appended; the header is never trusted otherwise."""
    try:
        if settings().trust_proxy:
            forwarded = st.context.headers.get("X-Forwarded-For") or ""
            last = forwarded.split(",")[-1].strip()
            return last[:64] or None
        ip = st.context.ip_address
    except Exception:  # bare mode has no client
        return None
    return ip if isinstance(ip, str) and ip else None  # AppTest hands back a mock; localhost is None


def _cookie_token() -> str | None:
    try:
        raw = st.context.cookies.get(COOKIE)
    except Exception:
        return None
    return token_from_cookie(raw, settings().cookie_key)


def _connection() -> str | None:
    """This websocket connection's identity: the random Sec-WebSocket-Key of its handshake (None in
    bare mode and AppTest, where there is no connection to tell apart)."""
    try:
        key = st.context.headers.get("Sec-WebSocket-Key")
    except Exception:
        return None
    return key if isinstance(key, str) and key else None


def _same_browser(token: str) -> bool:
    """Whether this run may keep the signed-in state held in the Streamlit session.

    Streamlit lets any client re-attach to an existing session by offering its id, so whoever read
    the id off a shared screen before the owner signed in could re-attach afterwards and inherit the
    sign-in (session fixation). The state therefore stays with the connection it was signed in on; a
    new connection (a reconnect after a network blip, or an intruder) keeps it only if its handshake
    carries the owner's session cookie."""
    conn = _connection()
    if conn == st.session_state.get("auth_connection"):
        return True
    if _cookie_token() == token:
        st.session_state["auth_connection"] = conn
        return True
    return False


def _forget() -> None:
    for key in ("auth_token", "actor", "unit", "auth_connection"):
        st.session_state.pop(key, None)


def signed_in_actor() -> Actor | None:
    """The actor of this browser session, checked against the server on every run (sign-out, reset
    and idle time take effect at once); None when nobody is signed in."""
    token = st.session_state.get("auth_token")
    if token is not None and not _same_browser(token):
        _forget()  # this connection is not the one that signed in: it starts signed out
        token = None
    if token is None and not st.session_state.get("signed_out"):
        token = _cookie_token()
    policy = login_policy()
    actor = (
        resume_session(account_store(), token, time.time(), policy.idle_timeout_s, policy.max_session_age_s)
        if token
        else None
    )
    if actor is None:
        if st.session_state.pop("auth_token", None):
            st.session_state["expired"] = True
            st.session_state["clear_cookie"] = True
        st.session_state.pop("actor", None)
        st.session_state.pop("auth_connection", None)
        return None
    st.session_state["auth_token"], st.session_state["actor"] = token, actor
    st.session_state.setdefault("auth_connection", _connection())
    return actor


def _set_cookie_js(value: str, max_age: int) -> None:
    st.html(
        f"""<script>
      (function() {{
        var secure = window.location.protocol === 'https:' ? '; Secure' : '';
        document.cookie = '{COOKIE}=' + {json.dumps(value)} + '; Path=/; Max-Age={max_age}; SameSite=Strict' + secure;
      }})();
    </script>""",
        unsafe_allow_javascript=True,
    )


def cookie_effects() -> None:
    """Write or clear the cookie in the browser when a sign-in or sign-out asked for it."""
    pending = st.session_state.pop("set_cookie", None)
    if pending:
        _set_cookie_js(pending, int(login_policy().max_session_age_s))
    if st.session_state.pop("clear_cookie", None):
        _set_cookie_js("", 0)


# Streamlit's chart code (plotly.js inside, 4.7 MB) is fetched, compiled and run only when the first chart
# is drawn, which was after the click on "Sign in", on the way to the landing page. Loaded here, once the
# sign-in screen has drawn, it is ready while the person types (the same URL, so the same module).
_CHART_CODE_AHEAD = """<script>
(function (name) {
  if (window.__dgChartCode) return;
  var own = document.querySelector('script[type="module"][src*="/static/js/index."]');
  if (!own) return;
  window.__dgChartCode = true;
  var go = function () { import(new URL(name, own.src).href).catch(function () {}); };
  (window.requestIdleCallback || window.setTimeout)(go, {timeout: 500});
})(%s);
</script>"""


def load_chart_code_ahead() -> None:
    """Have the browser load Streamlit's chart code during sign-in rather than after it."""
    name = chart_code_file()
    if name:
        st.html(_CHART_CODE_AHEAD % json.dumps(name), unsafe_allow_javascript=True)


def _message(result, lang: str) -> str:
    minutes = max(1, round(result.retry_after / 60))
    if result.error == COOLDOWN or result.retry_after > 0:
        return tr("login_cooldown", lang).format(minutes=minutes)
    return tr("login_failed", lang)


def login_form(lang: str, is_demo: bool) -> None:
    """The sign-in form; on success the session starts and the app reruns on the same page."""
    if st.session_state.pop("expired", False):
        st.info(tr("session_ended", lang))
    with st.form("login", border=True):
        st.markdown(f"### {tr('login_title', lang)}")
        st.caption(tr("login_help", lang))
        username = st.text_input(tr("username", lang), max_chars=64, key="login_username")
        password = st.text_input(tr("password", lang), type="password", max_chars=128, key="login_password")
        submitted = st.form_submit_button(tr("sign_in", lang), type="primary", width="stretch")
    if is_demo:
        st.caption(tr("demo_logins", lang))
    if not submitted:
        return
    result = authenticate(account_store(), username or "", password or "", client_ip(), time.time(), login_policy())
    if not result.ok:
        st.error(_message(result, lang))
        a11y.tie_error(("login_username", "login_password"))
        return
    token = start_session(account_store(), result.actor.username, time.time())
    st.session_state.update(
        auth_token=token,
        actor=result.actor,
        set_cookie=sign_cookie(token, settings().cookie_key),
        signed_out=False,
        auth_connection=_connection(),
    )
    st.rerun()


def sign_out() -> None:
    """End the session on the server (a copied cookie stops working) and forget it here."""
    end_session(account_store(), st.session_state.get("auth_token"), time.time(), client_ip())
    _forget()
    st.session_state.update(signed_out=True, clear_cookie=True)
