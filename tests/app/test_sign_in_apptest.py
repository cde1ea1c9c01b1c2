"""Sign-in through the real form (AppTest): nothing before sign-in, clear errors, cool-down,
sign-out, idle expiry and password reset end the session on the server."""

import time

import pytest
from apphelpers import account, new_app, sign_in, signed_in_app

from dgcore.accounts import auth
from dgcore.accounts.store import SqliteAccountStore


def store(settings) -> SqliteAccountStore:
    return SqliteAccountStore(settings.accounts_path)


def test_nothing_but_the_sign_in_form_before_sign_in(demo_settings):
    at = new_app("en", 2563)
    at.run()
    assert not at.exception
    assert at.text_input(key="login_username") and at.text_input(key="login_password")
    assert len(at.get("plotly_chart")) == 0 and len(at.metric) == 0
    assert "1,926" not in " ".join(m.value for m in at.markdown)


@pytest.mark.parametrize("lang, phrase", [("en", "incorrect"), ("th", "ไม่ถูกต้อง")])
def test_a_wrong_password_and_an_unknown_user_get_the_same_clear_message(demo_accounts, lang, phrase):
    user, _ = account(demo_accounts, "staff")
    answers = []
    for username in (user, "99Z99Z9-999"):
        at = sign_in(new_app(lang), username, "not-the-password")
        answers.append([e.value for e in at.error])
        assert at.text_input(key="login_username")  # still on the form
    assert answers[0] == answers[1] and phrase in answers[0][0]


def test_five_wrong_passwords_bring_a_cool_down_even_for_the_right_password(demo_settings, demo_accounts):
    user, password = account(demo_accounts, "presenter")
    try:
        for _ in range(5):
            at = sign_in(new_app("en"), user, "wrong-password")
        assert "Too many" in at.error[0].value
        at = sign_in(new_app("en"), user, password)
        assert "Too many" in at.error[0].value and not at.get("plotly_chart")
    finally:
        auth.unlock(store(demo_settings), user, time.time(), by="test")
    at = sign_in(new_app("en"), user, password)
    assert not at.error and at.title


def test_a_correct_sign_in_opens_the_units_own_results_and_names_the_person(demo_accounts):
    at = signed_in_app(demo_accounts, "agency", "D317", lang="th", year=2562)
    assert at.title[0].value == "สำนักงานตำรวจแห่งชาติ"  # an agency lands on My agency
    assert any("สำนักงานตำรวจแห่งชาติ" in c.value for c in at.sidebar.caption)


def test_signing_out_ends_the_session_on_the_server(demo_settings, demo_accounts):
    at = signed_in_app(demo_accounts, "staff")
    token = at.session_state["auth_token"]
    assert auth.resume_session(store(demo_settings), token, time.time(), 1800) is not None
    at.sidebar.button(key="sign_out").click().run()
    assert at.text_input(key="login_username")
    assert auth.resume_session(store(demo_settings), token, time.time(), 1800) is None


def test_an_idle_session_ends_and_says_so(demo_settings, demo_accounts):
    at = signed_in_app(demo_accounts, "staff")
    token = at.session_state["auth_token"]
    store(demo_settings).touch_session(auth._token_hash(token), time.time() - 4 * 3600)
    at.run()
    assert at.text_input(key="login_username")
    assert any("session has ended" in i.value for i in at.info)


def test_a_password_reset_ends_every_session_of_that_user(demo_settings, demo_accounts):
    user, password = account(demo_accounts, "admin")
    at = signed_in_app(demo_accounts, "admin")
    auth.reset_password(store(demo_settings), user, password, time.time() + 1, by="test", cost=4)
    at.run()
    assert at.text_input(key="login_username")


def test_a_presenter_cannot_switch_to_my_agency(demo_accounts):
    at = signed_in_app(demo_accounts, "presenter")
    with pytest.raises(ValueError):
        at.switch_page("app_pages/my_agency.py")
