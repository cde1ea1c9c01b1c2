"""Years with gaps: a change is always against the previous *published* year of that unit or group,
labelled with that year (published 2598 and 2601 only: 2601 compares with 2598, not with 2600)."""

import json

import pandas as pd
import pytest
from builders import hand_tables

from dgcore import briefing, queries
from dgcore.access import Actor, scope_for
from dgcore.build import publish_tables
from dgcore.db import ResultsDB
from dgcore.report import agency_report, previous_rows

STAFF = scope_for(Actor("s", "staff"))


def test_previous_rows_skip_missing_years():
    df = pd.DataFrame({"year": [2557, 2559, 2561], "v": [1.0, 2.0, 3.0]})
    assert previous_rows(df, 2561)["year"].tolist() == [2559]
    assert previous_rows(df, 2559)["v"].tolist() == [1.0]
    assert previous_rows(df, 2557).empty


@pytest.fixture(scope="module")
def gap_db(tmp_path_factory):
    """The hand-worked tables with their second year moved from 2599 to 2601: 2599 and 2600 are missing."""
    t = hand_tables()
    for name in ("years", "participation", "sub_scores", "pillar_scores", "overall_scores"):
        t[name]["year"] = t[name]["year"].replace(2599, 2601)
    bodies = [json.loads(b) for b in t["frameworks"]["body"]]
    for body in bodies:
        body["year"] = 2601 if body["year"] == 2599 else body["year"]
    t["frameworks"] = pd.DataFrame({"year": [b["year"] for b in bodies], "body": [json.dumps(b) for b in bodies]})
    d = tmp_path_factory.mktemp("gaps")
    publish_tables(d, t, "gaps")
    db = ResultsDB(d)
    yield db
    db.close()


def test_a_units_change_is_against_its_previous_published_year(gap_db):
    rep = agency_report(gap_db, STAFF, "D1", 2601, queries.framework(gap_db, STAFF, 2601))
    d1_2598 = (((40 + 3 * 60) / 4) + 2 * 60) / 3
    assert rep.prev_year == 2598 and rep.prev_overall == pytest.approx(d1_2598)


def test_the_deck_headline_labels_the_change_with_the_year_it_compares_to(gap_db):
    kinds = queries.agency_kinds(gap_db, STAFF).set_index("kind")
    slide = briefing._headline_slide(gap_db, STAFF, 2601, "en", kinds)
    dept = next(change for label, _, change in slide.metrics if label == kinds.loc["department", "name_en"])
    assert dept.endswith("vs 2598")
    th = briefing._headline_slide(gap_db, STAFF, 2601, "th", kinds)
    assert any("เทียบกับปี 2598" in change for _, _, change in th.metrics)


def test_a_provinces_change_is_against_the_previous_published_year(gap_db):
    summary = queries.province_summary(gap_db, STAFF, 2601).set_index("code")
    p1_2598 = (((20 + 3 * 40) / 4) + 2 * 50) / 3  # the only provincial unit of 50 scored in 2598
    assert (summary["prev_year"] == 2598).all()
    assert summary.loc["50", "prev_overall"] == pytest.approx(p1_2598)
