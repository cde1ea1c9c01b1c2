"""Admin (AppTest): only admins; versions listed; reset and unlock audited; the audit log filters."""

from pathlib import Path

import matrix
import pytest
from apphelpers import account, new_app, sign_in, signed_in_app

PAGE = "app_pages/admin.py"


@pytest.mark.parametrize("role, scope", [("staff", None), ("presenter", None), ("agency", "D317"), ("province", "50")])
def test_only_admins_open_the_admin_page(demo_accounts, role, scope):
    at = signed_in_app(demo_accounts, role, scope)
    with pytest.raises(ValueError):
        at.switch_page(PAGE)
    assert not [b for b in at.button if b.key == "letters_make"]  # nor its letters button, anywhere
    name = next(n for n, spec in matrix.ACTORS.items() if spec == (role, scope))
    matrix.record(name, "admin", "document", "refused")


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


EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "examples"
EXAMPLE_FILES = ("registry-2567.csv", "scores-long-2567.csv", "framework-2567.yaml")


def check_example_year(at, files=EXAMPLE_FILES):
    """Upload the example year's files on the Import tab and press Check."""
    at.number_input(key="import_year").set_value(2567).run()
    at.file_uploader(key="import_files").set_value(
        [(name, (EXAMPLES / name).read_bytes(), "application/octet-stream") for name in files]
    ).run()
    at.button(key="import_check").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_admin_creates_a_staff_account_whose_one_time_password_signs_in(demo_settings, demo_accounts):
    import time

    from dgcore.accounts import auth
    from dgcore.accounts.store import SqliteAccountStore

    at = signed_in_app(demo_accounts, "admin", page=PAGE)
    at.text_input(key="new_user").set_value("analyst.one")
    at.selectbox(key="new_role").set_value("staff")
    at.text_input(key="new_name").set_value("Analyst One")
    at.button(key="FormSubmitter:acct_create-Create the account").click().run()
    msg = next(s.value for s in at.success if "created" in s.value)
    password = msg.rsplit(": ", 1)[1]
    store = SqliteAccountStore(demo_settings.accounts_path)
    result = auth.authenticate(store, "analyst.one", password, None, time.time())
    assert result.ok and result.actor.role == "staff"
    assert "account_created" in {r["event"] for r in store.audit_rows(target="ANALYST.ONE")}
    at.text_input(key="new_user").set_value("analyst.one")
    at.button(key="FormSubmitter:acct_create-Create the account").click().run()
    assert any("already exists" in e.value for e in at.error)


def test_publishing_real_results_with_the_example_key_is_refused_and_the_admin_stays_signed_in(
    demo_settings, demo_accounts
):
    from dgcore.db import current_version

    before = current_version(demo_settings.results_dir)
    at = check_example_year(signed_in_app(demo_accounts, "admin", page=PAGE))
    assert any("Every file is valid" in s.value for s in at.success)
    assert any("supplied file framework-2567.yaml" in i.value for i in at.info)  # the framework used is named
    refusal = next(e.value for e in at.error if "Publishing refused" in e.value).replace("\\", "")  # Markdown escapes
    assert "example cookie key" in refusal and "Fix: set cookie_key" in refusal
    assert at.button(key="import_publish").disabled and at.checkbox(key="import_confirm").disabled
    assert current_version(demo_settings.results_dir) == before  # the live version is unchanged
    at.switch_page("app_pages/overview.py").run()  # still signed in, pages still served
    assert not at.exception and at.session_state["actor"].role == "admin"
    assert not any("Refusing to start" in e.value for e in at.error)


def test_a_confirmed_publish_says_what_changes_and_then_what_was_published_at_the_top(
    demo_settings, demo_accounts, tmp_path
):
    import shutil

    import streamlit as st

    from dgcore.db import current_version

    data = tmp_path / "data"
    shutil.copytree(demo_settings.data_dir, data)
    private = {"data_dir": str(data), "results_dir": str(data / "results"), "cookie_key": "k" * 48}
    st.cache_resource.clear()  # settings, the results reader and the account store follow the private folder
    try:
        at = new_app("en", 2563)
        at.secrets["dgr"] = private
        sign_in(at, *account(demo_accounts, "admin"))
        at.switch_page(PAGE).run()
        check_example_year(at)
        changes = next(m.value for m in at.markdown if "2567 is added" in m.value)
        assert "The demo survey (2561, 2562, 2563, 2564, 2565, 2566) is no longer shown" in changes
        assert at.button(key="import_publish").disabled  # not before the confirmation is ticked
        at.checkbox(key="import_confirm").check().run()
        at.button(key="import_publish").click().run()
        assert not at.exception, [e.value for e in at.exception]
        top = at.success[0].value
        assert top.startswith("2567 published: ") and top.endswith(" units")
        assert "import-2567" in current_version(data / "results")
        assert at.session_state["actor"].role == "admin"
    finally:
        st.cache_resource.clear()
