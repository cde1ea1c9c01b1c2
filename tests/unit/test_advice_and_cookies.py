"""Advice ranking and what-if on hand-worked numbers; the signed cookie; the cookie-key rule."""

import pandas as pd
import pytest
from builders import framework_dict

from dgcore import advice
from dgcore.accounts import auth
from dgcore.config import EXAMPLE_COOKIE_KEY, Settings, cookie_key_problem
from dgcore.framework import framework_from_dict

FW = framework_from_dict(framework_dict())
SUBS = {"a1": 40.0, "a2": 80.0, "b1": 55.0}  # overall 60 (see test_scoring)
BENCH = pd.DataFrame({"sub_code": ["a1", "a2", "b1"], "peer_mean": [50.0, 70.0, 58.0]})


def test_recommendations_rank_by_overall_gain_to_the_peer_mean():
    groups = {"a1": "accelerate", "a2": "outstanding", "b1": "accelerate"}
    rec = advice.recommendations(SUBS, BENCH, groups, FW)
    # a1: weight 1/12, gap 10 -> 0.833; b1: weight 2/3, gap 3 -> 2.0
    assert rec["sub_code"].tolist() == ["b1", "a1"]
    assert rec["gain"].tolist() == pytest.approx([2.0, 10 / 12])
    # next band (80) is 20 points away: b1 alone would need 55 + 20 / (2/3) = 85
    assert rec.set_index("sub_code").loc["b1", "score_for_next_band"] == pytest.approx(85.0)
    assert pd.isna(rec.set_index("sub_code").loc["a1", "score_for_next_band"])  # would need > 100


def test_next_band_gap_and_top_band():
    assert advice.next_band_gap(60.0, FW) == ("very_high", 20.0)
    assert advice.next_band_gap(85.0, FW) == (None, 0.0)


def test_what_if_rescores_and_clips_to_the_scale():
    out = advice.what_if(SUBS, {"b1": 70}, FW)
    assert out["overall"] == pytest.approx((70 + 2 * 70) / 3) and out["band"] == "high"
    assert advice.what_if(SUBS, {"b1": 500, "zz": 1}, FW)["overall"] == pytest.approx((70 + 200) / 3)


def test_a_signed_cookie_round_trips_and_forgeries_are_refused():
    value = auth.sign_cookie("tok123", "k" * 40)
    assert auth.token_from_cookie(value, "k" * 40) == "tok123"
    for bad in (
        None,
        "",
        "tok123",
        "tok123.",
        value + "0",
        value.replace("tok123", "tok124"),
        auth.sign_cookie("tok123", "other-key" * 5),
        "a.b.c",
        "x" * 500,
    ):
        assert auth.token_from_cookie(bad, "k" * 40) is None, bad


def settings(key: str) -> Settings:
    from pathlib import Path

    return Settings(data_dir=Path("."), results_dir=Path("."), accounts_path=Path("x"), cookie_key=key)


def test_the_example_cookie_key_is_refused_unless_serving_the_demo():
    assert cookie_key_problem(settings(EXAMPLE_COOKIE_KEY), serving_demo=True) is None
    th, en = cookie_key_problem(settings(EXAMPLE_COOKIE_KEY), serving_demo=False)
    assert "cookie_key" in en and "cookie_key" in th
    assert cookie_key_problem(settings("short"), serving_demo=False) is not None
    assert cookie_key_problem(settings("r" * 48), serving_demo=False) is None


def test_the_committed_example_secrets_hold_the_example_key_and_no_real_one():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    text = (root / ".streamlit" / "secrets.example.toml").read_text()
    assert f'cookie_key = "{EXAMPLE_COOKIE_KEY}"' in text
    assert ".streamlit/secrets.toml" in (root / ".gitignore").read_text()


def test_what_if_ignores_blanks_words_and_other_units_codes_from_the_browser():
    base = advice.what_if(SUBS, {}, FW)["overall"]
    assert advice.what_if(SUBS, {"b1": float("nan"), "a1": None, "b2": "abc", "D001": 100}, FW)["overall"] == base
    assert advice.what_if(SUBS, {"b1": float("inf")}, FW)["overall"] == advice.what_if(SUBS, {"b1": 100}, FW)["overall"]
