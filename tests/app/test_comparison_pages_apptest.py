"""Provinces and Departments & ministries (AppTest), per role and language."""

import pytest
from apphelpers import content_tables, signed_in_app

PROV, DEPT = "app_pages/provinces.py", "app_pages/departments.py"


@pytest.mark.parametrize("lang, title", [("th", "จังหวัด"), ("en", "Provinces")])
def test_staff_see_the_map_ranking_heatmap_and_a_province_in_detail(demo_accounts, lang, title):
    at = signed_in_app(demo_accounts, "staff", lang=lang, year=2563, page=PROV, province="57")
    assert at.title[0].value.startswith(title)
    assert len(at.get("plotly_chart")) == 4  # map, heatmap, comparison, units by type
    assert at.selectbox(key="province").value == "57"
    assert len(content_tables(at)) == 2  # ranking, the province's units


def test_a_province_sees_its_own_units_but_only_averages_for_another(demo_accounts):
    at = signed_in_app(demo_accounts, "province", "50", year=2563, page=PROV)
    assert at.selectbox(key="province").value == "50" and len(content_tables(at)) == 2
    at.selectbox(key="province").set_value("57").run()
    assert len(content_tables(at)) == 1  # ranking only
    assert any("averages only" in c.value for c in at.caption)


def test_2566_says_provinces_are_represented_by_their_cio_committee(demo_accounts):
    at = signed_in_app(demo_accounts, "staff", year=2566, page=PROV)
    assert any("CIO committee" in i.value for i in at.info)
    assert not at.exception


@pytest.mark.parametrize("lang, title", [("th", "กรมและกระทรวง"), ("en", "Departments & ministries")])
def test_departments_page_for_staff(demo_accounts, lang, title):
    at = signed_in_app(demo_accounts, "staff", lang=lang, year=2563, page=DEPT)
    assert at.title[0].value.startswith(title)
    assert len(at.get("plotly_chart")) == 3  # ministry boxes, maturity, branch map
    assert len(content_tables(at)) == 3  # ministries, a ministry's units, branch departments


def test_a_department_sees_its_branches_but_not_another_ministrys_units(demo_accounts):
    at = signed_in_app(demo_accounts, "department", "D227", year=2563, page=DEPT, ministry="MOF")
    assert at.selectbox(key="dept").value == "D227"
    assert any("only the averages above" in i.value for i in at.info)  # MOF's units are not its own
    own = next(m for m in at.metric if m.label.startswith("The department's own score"))
    assert own.value != "–"
    assert len(at.get("plotly_chart")) == 3


@pytest.mark.parametrize("page", [PROV, DEPT])
def test_an_agency_cannot_open_the_comparison_pages(demo_accounts, page):
    at = signed_in_app(demo_accounts, "agency", "D317")
    with pytest.raises(ValueError):
        at.switch_page(page)


@pytest.mark.parametrize("year", [2566, 2561])
def test_departments_page_works_in_every_year_including_those_without_branches(demo_accounts, year):
    at = signed_in_app(demo_accounts, "staff", year=year, page=DEPT)
    assert not at.exception, [e.value for e in at.exception]
    if year == 2566:
        assert any("No provincial branches" in i.value for i in at.info)


@pytest.mark.parametrize(
    "page",
    [
        PROV,
        DEPT,
        "app_pages/my_agency.py",
        "app_pages/overview.py",
        "app_pages/methodology.py",
        "app_pages/briefing.py",
        "app_pages/admin.py",
    ],
)
@pytest.mark.parametrize("year", [2561, 2562, 2563, 2564, 2565, 2566])
def test_every_page_runs_without_an_exception_in_every_year(demo_accounts, page, year):
    at = signed_in_app(demo_accounts, "admin", year=year, page=page)
    assert not at.exception, (page, year, [e.value for e in at.exception])
