"""Each page rendered by Streamlit's AppTest, in Thai and in English, against the demo database."""
import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT

APP = str(ROOT / "app.py")


def run_app(demo_settings, lang: str, year: int = 2563, page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.query_params["year"] = str(year)
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def all_markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


@pytest.mark.parametrize("lang, rate_label, title", [("th", "เป้าหมาย", "ภาพรวม"), ("en", "Targeted", "Overview")])
def test_overview_shows_the_2563_response_tiles(demo_settings, lang, rate_label, title):
    at = run_app(demo_settings, lang)
    md = all_markdown(at)
    for figure in ("1,926", "1,850", "96.05%", "315", "292", "92.70%", "1,609", "1,556", "96.71%", "100.00%"):
        assert figure in md, figure
    assert rate_label in md
    assert at.title[0].value.startswith(title)
    assert len(at.get("plotly_chart")) == 3


@pytest.mark.parametrize("lang, word", [("th", "ข้อมูลสาธิต"), ("en", "Demo data")])
def test_every_page_says_the_data_are_demo_data(demo_settings, lang, word):
    for page in (None, "app_pages/methodology.py"):
        at = run_app(demo_settings, lang, page=page)
        assert any(word in w.value for w in at.warning), page


def test_headline_shows_the_change_from_the_previous_year(demo_settings):
    at = run_app(demo_settings, "en", 2562)
    dept = next(m for m in at.metric if m.label == "Department-level agencies")
    assert dept.value == "64.60"
    assert dept.delta.startswith("+") and "vs previous year" in dept.delta


def test_first_year_has_no_change_to_show(demo_settings):
    at = run_app(demo_settings, "en", 2561)
    assert all("first year" in m.delta for m in at.metric)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_methodology_lists_the_framework_with_provisional_labels(demo_settings, lang):
    at = run_app(demo_settings, lang, 2562, page="app_pages/methodology.py")
    text = all_markdown(at) + " ".join(e.label for e in at.expander)
    assert ("ชั่วคราว" if lang == "th" else "provisional") in text
    assert len(at.expander) == 6
    subs = " ".join(" ".join(df.value.iloc[:, 0].astype(str)) for df in at.dataframe)
    assert "2.2" in subs and "6.3" in subs
    assert ("ภาวะผู้นำ" if lang == "th" else "Digital Leadership") in subs


@pytest.mark.parametrize("bad", ["abc", "2400", "", "2563; DROP TABLE agencies"])
def test_a_bad_year_in_the_url_falls_back_to_the_latest_year(demo_settings, bad):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["year"] = bad
    at.query_params["lang"] = "xx"
    at.run()
    assert not at.exception
    assert "2566" in at.title[0].value and "ภาพรวม" in at.title[0].value


def test_the_view_is_written_back_to_the_url(demo_settings):
    at = run_app(demo_settings, "en", 2562)
    assert at.query_params["year"] == ["2562"] or at.query_params["year"] == "2562"
    at.sidebar.radio[0].set_value("th").run()
    assert "th" in str(at.query_params["lang"])
