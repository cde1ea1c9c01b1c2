"""Admin (AppTest): only admins; versions listed; reset and unlock audited; the audit log filters."""

import pytest
from apphelpers import account, signed_in_app

PAGE = "app_pages/admin.py"


@pytest.mark.parametrize("role, scope", [("staff", None), ("presenter", None), ("agency", "D317"), ("province", "50")])
def test_only_admins_open_the_admin_page(demo_accounts, role, scope):
    at = signed_in_app(demo_accounts, role, scope)
    with pytest.raises(ValueError):
        at.switch_page(PAGE)


@pytest.mark.parametrize("lang, title", [("th", "ผู้ดูแลระบบ"), ("en", "Admin")])
def test_admin_sees_the_five_tabs_and_the_current_version(demo_accounts, lang, title):
    at = signed_in_app(demo_accounts, "admin", lang=lang, page=PAGE)
    assert at.title[0].value == title and len(at.tabs) == 5
    versions = at.dataframe[0].value
    assert (versions.iloc[:, 3] == "✓").sum() == 1 and versions.iloc[:, 2].str.contains("demo").any()


def test_unlock_and_reset_are_done_and_audited(demo_settings, demo_accounts):
    import time

    from dgcore.accounts import auth
    from dgcore.accounts.store import SqliteAccountStore

    target, old = account(demo_accounts, "department")
    at = signed_in_app(demo_accounts, "admin", page=PAGE)
    at.text_input(key="acct_user").set_value(target).run()
    at.button(key="acct_unlock").click().run()
    assert any("unlocked" in s.value for s in at.success)
    at.button(key="acct_reset").click().run()
    msg = next(s.value for s in at.success if "New password" in s.value)
    new = msg.split(": ")[1].split(" ")[0]
    store = SqliteAccountStore(demo_settings.accounts_path)
    assert auth.authenticate(store, target, new, None, time.time()).ok
    auth.reset_password(store, target, old, time.time() + 1, by="test", cost=4)  # restore the demo account
    at.text_input(key="audit_who").set_value(at.session_state["actor"].username).run()
    log = at.dataframe[-1].value
    assert {"Account unlocked", "Password reset"} <= set(log["Event"])  # events in words, columns named
    assert "None" not in log.to_string() and "id" not in log.columns


def test_an_unknown_username_gets_a_clear_message(demo_accounts):
    at = signed_in_app(demo_accounts, "admin", page=PAGE)
    at.text_input(key="acct_user").set_value("NOBODY-000").run()
    at.button(key="acct_reset").click().run()
    assert any("no such account" in e.value for e in at.error)
