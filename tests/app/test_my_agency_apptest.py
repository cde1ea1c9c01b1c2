"""My agency (AppTest) for each role: own results, no one else's, plain words when there is nothing."""

import pytest
from apphelpers import signed_in_app, tiles

PAGE = "app_pages/my_agency.py"


def metric(at, label_start):
    return next(m for m in tiles(at) if m.label.startswith(label_start))


@pytest.mark.parametrize(
    "lang, title, label", [("th", "สำนักงานตำรวจแห่งชาติ", "คะแนนภาพรวม"), ("en", "Royal Thai Police", "Overall score")]
)
def test_the_royal_thai_police_reads_its_2562_letter(demo_accounts, lang, title, label):
    at = signed_in_app(demo_accounts, "agency", "D317", lang=lang, year=2562, page=PAGE)
    assert at.title[0].value == title
    assert metric(at, label).value == "55.54"
    text = " ".join([m.value for m in at.markdown] + [h.proto.body for h in at.get("html")])
    assert "· 13" in text and "· 2" in text and "· 1" in text  # accelerate / outstanding / fairly outstanding
    assert len(at.get("plotly_chart")) == 4  # radar, pillar bars, sub-indicator bars, trend


def test_an_agency_sees_no_picker_and_ignores_another_unit_in_the_url(demo_accounts):
    at = signed_in_app(demo_accounts, "agency", "P-LAND-50", year=2563, page=PAGE, unit="D317")
    assert at.title[0].value == "Provincial Land Office, Chiang Mai"
    assert len(at.selectbox) == 1  # the year only
    assert "Royal Thai Police" not in " ".join(m.value for m in at.markdown)
    assert any("may not open" in w.value and "D317" not in w.value for w in at.warning)  # said, never echoed


def test_staff_may_open_any_unit_through_the_picker(demo_accounts):
    at = signed_in_app(demo_accounts, "staff", year=2563, page=PAGE, unit="D317")
    assert at.title[0].value == "Royal Thai Police"
    assert at.selectbox(key="unit_place").value == ""  # department level: no province
    assert len(at.selectbox(key="unit").options) <= 201  # a bounded list, never every unit
    at.selectbox(key="unit_place").set_value("50").run()
    assert all("Chiang Mai" in o for o in at.selectbox(key="unit").options)
    at.text_input(key="unit_q").input("land office").run()
    assert at.title[0].value == "Provincial Land Office, Chiang Mai"  # the first match is opened
    at.text_input(key="unit_q").input("").run()
    at.selectbox(key="unit").set_value("P-PVO-50").run()
    assert "Chiang Mai" in at.title[0].value and at.title[0].value != "Provincial Land Office, Chiang Mai"


def test_staff_search_narrows_the_list_by_name(demo_accounts):
    at = signed_in_app(demo_accounts, "staff", year=2563, page=PAGE, unit="D317")
    at.text_input(key="unit_q").input("police").run()
    assert at.selectbox(key="unit").options == ["Royal Thai Police"]


def test_a_province_picks_only_among_its_own_units(demo_accounts):
    at = signed_in_app(demo_accounts, "province", "50", year=2563, page=PAGE, unit="D317")
    options = at.selectbox(key="unit").options
    assert len(options) > 15 and all("Chiang Mai" in o for o in options)
    assert "Chiang Mai" in at.title[0].value


def test_a_department_picks_among_itself_and_its_branches(demo_accounts):
    at = signed_in_app(demo_accounts, "department", "D227", year=2563, page=PAGE)
    options = at.selectbox(key="unit").options
    assert at.title[0].value == "Department of Lands"
    assert len(options) == 1 + 76 and sum(o.startswith("Provincial Land Office") for o in options) == 76


def test_a_unit_that_did_not_respond_is_told_so_plainly(demo_db, demo_accounts):
    quiet = demo_db.query(
        "SELECT agency_id FROM participation WHERE year = 2563 AND status = 'not_responded' "
        "AND kind = 'department' ORDER BY agency_id LIMIT 1"
    )["agency_id"][0]
    at = signed_in_app(demo_accounts, "staff", year=2563, page=PAGE, unit=quiet)
    assert any("did not respond" in i.value and "2563" in i.value for i in at.info)
    assert not any(m.label.startswith("Overall score") for m in tiles(at))


def test_what_if_starts_from_the_current_scores(demo_accounts):
    at = signed_in_app(demo_accounts, "agency", "D317", year=2562, page=PAGE)
    assert not any(m.label.startswith("New overall score") for m in tiles(at))  # built only once opened
    at.toggle(key="what_if_open").set_value(True).run()
    assert metric(at, "New overall score").value == "55.54"


def test_a_cached_report_for_staff_is_not_served_to_an_agency(demo_accounts):
    staff = signed_in_app(demo_accounts, "staff", year=2562, page=PAGE, unit="D317")
    assert staff.title[0].value == "Royal Thai Police"
    agency = signed_in_app(demo_accounts, "agency", "L-BMA", year=2562, page=PAGE, unit="D317")
    assert agency.title[0].value == "Bangkok Metropolitan Administration"
    assert all(m.value != "55.54" for m in tiles(agency))


def test_a_charts_data_table_is_made_when_its_expander_is_opened(demo_accounts):
    at = signed_in_app(demo_accounts, "agency", "D317", year=2562, page=PAGE)
    data = [e for e in at.expander if e.label == "Chart data as a table"]
    assert len(data) == 4 and not any(len(e.dataframe) for e in data)  # one per chart, empty while closed
    at.session_state["radar_data"] = True  # what opening it in the browser sends
    at.run()
    opened = [e for e in at.expander if e.label == "Chart data as a table" and len(e.dataframe)]
    assert len(opened) == 1 and len(opened[0].dataframe[0].value) >= 4  # the radar's pillars
