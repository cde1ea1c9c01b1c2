"""The assembled report of one unit against values computed by hand from the raw tables."""

import pandas as pd
import pytest

from dgcore import queries
from dgcore.access import Actor, scope_for
from dgcore.documents import tables as exports
from dgcore.report import agency_report

RTP = scope_for(Actor("u", "agency", "D317"))


@pytest.fixture(scope="module")
def rep(demo_db):
    return agency_report(demo_db, RTP, "D317", 2562, queries.framework(demo_db, RTP, 2562))


def test_peer_and_national_averages_match_the_raw_tables(demo_db, rep):
    raw = demo_db.query("""SELECT s.sub_code, s.score, o.kind
        FROM sub_scores s JOIN overall_scores o USING (year, agency_id)
                           WHERE s.year = 2562""")
    peer = raw[raw["kind"] == "department"].groupby("sub_code")["score"].mean()
    national = raw.groupby("sub_code")["score"].mean()
    subs = rep.subs.set_index("sub_code")
    assert subs["peer_mean"].to_numpy() == pytest.approx(peer[subs.index].to_numpy())
    assert subs["national_mean"].to_numpy() == pytest.approx(national[subs.index].to_numpy())
    assert rep.peer_overall == pytest.approx(64.60, abs=0.05)


def test_the_report_reproduces_the_letter_groups_and_orders_advice_by_gain(rep):
    groups = rep.subs.groupby("group")["sub_code"].apply(list).to_dict()
    assert sorted(groups["outstanding"]) == ["2.4", "6.1"] and groups["fairly_outstanding"] == ["3.1", "3.4"]
    rec = rep.recommendations
    assert len(rec) == 13 and rec["gain"].is_monotonic_decreasing
    assert (rec["gain"] > 0).all() and all(len(a) >= 1 for a in rec["actions"])


def test_previous_year_and_trend_come_from_the_units_own_history(demo_db, rep):
    prev = demo_db.query("SELECT overall FROM overall_scores WHERE agency_id = 'D317' AND year = 2561")["overall"][0]
    assert rep.prev_overall == pytest.approx(prev)
    assert list(rep.history["year"]) == [2561, 2562, 2563, 2564, 2565, 2566]


def test_downloads_hold_only_this_units_scores_with_thai_headers(rep, demo_db):
    from ui.agency_view import download_frame

    fw = queries.framework(demo_db, RTP, 2562)
    table = download_frame(rep, fw, "th")
    assert len(table) == 17 and "คะแนน" in table.columns and "ตัวชี้วัดย่อย" in table.columns
    csv = exports.csv_bytes(table)
    assert csv.startswith(b"\xef\xbb\xbf") and b"Digital Leadership" in csv and "ตัวชี้วัดย่อย".encode() in csv
    assert set(pd.read_excel(__import__("io").BytesIO(exports.xlsx_bytes(table)))["ปี"]) == {2562}


def test_units_shown_with_the_same_score_share_their_rank(demo_db):
    """Real data: every pair of units of one group and year whose overall shows the same to 2 decimals
    has one rank (competition ranking on the displayed score), from the published aggregate."""
    df = demo_db.query(
        """SELECT o.year, o.kind, o.agency_id, o.overall, r.rank FROM overall_scores o
           JOIN agg_rank r USING (year, agency_id)"""
    )
    df["shown"] = [f"{v:.2f}" for v in df["overall"]]  # as pages and documents print it
    ties = df[df.duplicated(["year", "kind", "shown"], keep=False)]
    assert len(ties) >= 2, "the demo has units that show the same score"
    assert (ties.groupby(["year", "kind", "shown"])["rank"].nunique() == 1).all()
    expected = (
        df.assign(shown=df["shown"].astype(float))
        .groupby(["year", "kind"])["shown"]
        .rank(ascending=False, method="min")
    )
    assert (df["rank"].astype(int) == expected.astype(int)).all()
