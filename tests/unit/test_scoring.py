"""Scoring on hand-worked examples (tests/builders.framework_dict)."""

import pandas as pd
import pytest
from builders import framework_dict

from dgcore import scoring
from dgcore.framework import framework_from_dict

FW = framework_from_dict(framework_dict())


def test_pillar_and_overall_follow_the_weights():
    # A = (40*1 + 80*3) / 4 = 70; B = 55; overall = (70*1 + 55*2) / 3 = 60
    out = scoring.score_one({"a1": 40, "a2": 80, "b1": 55}, FW)
    assert out["pillars"] == pytest.approx({"A": 70.0, "B": 55.0})
    assert out["overall"] == pytest.approx(60.0)


def test_overall_weights_of_sub_indicators_sum_to_one():
    w = FW.overall_weights()
    assert w == pytest.approx({"a1": 1 / 12, "a2": 3 / 12, "b1": 2 / 3})
    assert sum(w.values()) == pytest.approx(1.0)


@pytest.mark.parametrize(
    "overall, band",
    [
        (100, "very_high"),
        (80, "very_high"),
        (79.99, "high"),
        (60, "high"),
        (59.99, "medium"),
        (40, "medium"),
        (0, "low"),
    ],
)
def test_band_is_the_first_whose_minimum_is_reached(overall, band):
    assert scoring.band_of(overall, FW) == band


def test_maturity_levels_are_stages_a_higher_level_needs_every_lower_one():
    # overall 60 with B = 55: level 2 holds (A 70 >= 60), level 3 fails (B < 60), so level 4 is
    # not reached even though its own condition (overall >= 58) holds.
    assert scoring.maturity_of(60, {"A": 70, "B": 55}, FW) == 2
    assert scoring.maturity_of(60, {"A": 70, "B": 60}, FW) == 4
    assert scoring.maturity_of(49, {"A": 90, "B": 90}, FW) == 1


@pytest.mark.parametrize(
    "score, group",
    [
        (56, "outstanding"),
        (55, "outstanding"),
        (54.99, "fairly_outstanding"),
        (50, "fairly_outstanding"),
        (49.99, "accelerate"),
        (0, "accelerate"),
    ],
)
def test_classification_against_peer_mean_and_spread(score, group):
    assert scoring.classify_score(score, mean=50, sd=10, fw=FW) == group


def test_classification_with_identical_peers_is_fairly_outstanding_not_a_crash():
    assert scoring.classify_score(50, mean=50, sd=0.0, fw=FW) == "fairly_outstanding"


def test_score_agencies_matches_score_one_and_rejects_missing_scores():
    long = pd.DataFrame(
        {"agency_id": ["x"] * 3 + ["y"] * 3, "sub_code": ["a1", "a2", "b1"] * 2, "score": [40, 80, 55, 100, 100, 100]}
    )
    pillars, overall = scoring.score_agencies(long, FW)
    assert overall.set_index("agency_id")["overall"].to_dict() == pytest.approx({"x": 60.0, "y": 100.0})
    assert overall.set_index("agency_id")["band"].to_dict() == {"x": "high", "y": "very_high"}
    assert len(pillars) == 4
    with pytest.raises(ValueError, match="every sub-indicator"):
        scoring.score_agencies(long.iloc[:-1], FW)


def test_peer_stats_use_the_sample_standard_deviation():
    long = pd.DataFrame({"sub_code": ["a1"] * 3, "score": [40.0, 50.0, 60.0]})
    st = scoring.peer_stats(long)
    assert st.loc["a1", "mean"] == 50 and st.loc["a1", "sd"] == pytest.approx(10.0)


def test_competition_rank_on_the_displayed_score_shares_ties_and_skips():
    from dgcore.scoring import competition_rank

    ranks = competition_rank(pd.Series([50.0, 33.764, 33.756, 10.0, None]))
    assert ranks.iloc[:4].tolist() == [1, 2, 2, 4] and pd.isna(ranks.iloc[4])
