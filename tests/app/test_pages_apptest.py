"""Each page rendered by Streamlit's AppTest, in Thai and in English, against the demo database."""

import pytest
from apphelpers import account, new_app, sign_in, signed_in_app
from streamlit.testing.v1 import AppTest

APP_PAGES = ("app_pages/overview.py", "app_pages/methodology.py")


@pytest.fixture
def run_app(demo_accounts):
    """Overview and Methodology as an agency would see them (aggregates are for everyone signed in)."""

    def run(_settings, lang: str, year: int = 2563, page: str | None = None) -> AppTest:
        page = page or "app_pages/overview.py"  # an agency lands on My agency; these tests read the Overview
        return signed_in_app(demo_accounts, "agency", "P-LAND-50", lang=lang, year=year, page=page)

    return run


def all_markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


@pytest.mark.parametrize("lang, rate_label, title", [("th", "เป้าหมาย", "ภาพรวม"), ("en", "Targeted", "Overview")])
def test_overview_shows_the_2563_response_tiles(demo_settings, run_app, lang, rate_label, title):
    at = run_app(demo_settings, lang)
    md = all_markdown(at)
    for figure in ("1,926", "1,850", "96.05%", "315", "292", "92.70%", "1,609", "1,556", "96.71%", "100.00%"):
        assert figure in md, figure
    assert rate_label in md
    assert at.title[0].value.startswith(title)
    assert len(at.get("plotly_chart")) == 3


@pytest.mark.parametrize("lang, word", [("th", "ข้อมูลสาธิต"), ("en", "Demo data")])
def test_every_page_says_the_data_are_demo_data(demo_settings, run_app, lang, word):
    for page in (None, "app_pages/methodology.py", "app_pages/my_agency.py"):
        at = run_app(demo_settings, lang, page=page)
        assert any(word in w.value for w in at.warning), page


def test_headline_shows_the_change_from_the_previous_year(demo_settings, run_app):
    at = run_app(demo_settings, "en", 2562)
    dept = next(m for m in at.metric if m.label == "Department-level agencies")
    assert dept.value == "64.60"
    assert dept.delta.startswith("+") and dept.delta.endswith("vs 2561")  # labelled with the year it compares to


def test_first_year_has_no_change_to_show(demo_settings, run_app):
    at = run_app(demo_settings, "en", 2561)
    assert all("first year" in m.delta for m in at.metric)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_methodology_lists_the_framework_with_provisional_labels(demo_settings, run_app, lang):
    at = run_app(demo_settings, lang, 2562, page="app_pages/methodology.py")
    text = all_markdown(at) + " ".join(e.label for e in at.expander)
    assert ("ชั่วคราว" if lang == "th" else "provisional") in text
    assert len(at.expander) == 6
    subs = " ".join(" ".join(tb.value.index.astype(str)) for tb in at.table)  # a table: long texts wrap
    assert "2.2" in subs and "6.3" in subs
    assert "Digital Leadership" in subs  # DGA's own name, in both languages in 2562


@pytest.mark.parametrize("bad", ["abc", "2400", "", "2563; DROP TABLE agencies"])
def test_a_bad_year_in_the_url_falls_back_to_the_latest_year(demo_accounts, bad):
    at = new_app("xx")
    at.query_params["year"] = bad
    sign_in(at, *account(demo_accounts, "staff"))
    assert not at.exception
    assert "2566" in at.title[0].value and "ภาพรวม" in at.title[0].value


def test_the_view_is_written_back_to_the_url(demo_settings, run_app):
    at = run_app(demo_settings, "en", 2562)
    assert at.query_params["year"] == ["2562"] or at.query_params["year"] == "2562"
    at.sidebar.radio[0].set_value("th").run()
    assert "th" in str(at.query_params["lang"])


@pytest.mark.parametrize(
    "role, scope, en, th",
    [("agency", "D317", "Royal Thai Police", "สำนักงานตำรวจแห่งชาติ"), ("province", "50", "Chiang Mai", "เชียงใหม่")],
)
def test_the_sidebar_names_the_account_in_the_page_language(demo_accounts, role, scope, en, th):
    for lang, name, other in (("en", en, th), ("th", th, en)):
        at = signed_in_app(demo_accounts, role, scope, lang=lang)
        said = " ".join(c.value for c in at.sidebar.caption)
        assert name in said and other not in said, (lang, said)


def test_an_agency_lands_on_its_own_results_and_staff_on_the_overview(demo_accounts):
    agency = signed_in_app(demo_accounts, "agency", "P-LAND-50", year=2563)
    assert agency.title[0].value == "Provincial Land Office, Chiang Mai"
    staff = signed_in_app(demo_accounts, "staff", year=2563)
    assert staff.title[0].value.startswith("Overview")


@pytest.mark.parametrize(
    "role, scope, lang, heading",
    [("agency", "D317", "th", "ลืมรหัสผ่านหรือบัญชีถูกล็อก"), ("presenter", None, "en", "Lost password or locked account")],
)
def test_every_role_opens_the_help_page_with_contacts_from_the_data_file(demo_accounts, role, scope, lang, heading):
    at = signed_in_app(demo_accounts, role, scope, lang=lang, page="app_pages/help.py")
    assert any(h.value == heading for h in at.subheader)
    contacts = " ".join(m.value for m in at.markdown)
    assert "support@example.go.th" in contacts.replace("\\", "").replace("\u2060", "")  # as md() escaped it
    assert any("example" in i.value or "ตัวอย่าง" in i.value for i in at.info)  # made-up contacts say so
