"""The advice rules, one home for page, letter, reports and deck: which sub-indicators a unit should
accelerate (ranked by the overall-score gain each would bring), a group's strongest and weakest
sub-indicators against the national mean, the "common actions" of a province or department, and the
threshold below which a unit counts as one to accelerate."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dgcore import scoring
from dgcore.framework import Framework


def accelerate_below(fw: Framework) -> float:
    """The z-score under which a unit's sub-indicator is one to accelerate: the floor of the group
    just above the catch-all last one ('fairly outstanding' in the shipped frameworks), whatever the
    groups are called; under the peer mean (0) in a framework without classification. Province
    profiles count their units with it."""
    return fw.weak_below_z


def versus_national(profile: pd.DataFrame, best: bool, n: int = 3) -> pd.DataFrame:
    """The n sub-indicators of a profile (sub_code, mean, national_mean, ...) furthest above the
    national mean (best) or below it, strongest or weakest first, with their `diff` added. Only those
    on that side of the mean: a sub-indicator below the mean is no strength (and may leave none)."""
    diff = profile.assign(diff=profile["mean"] - profile["national_mean"])
    side = diff[diff["diff"] > 0] if best else diff[diff["diff"] < 0]
    return side.sort_values("diff", ascending=not best).head(n)


def common_actions(profile: pd.DataFrame, n: int = 3) -> pd.DataFrame:
    """The n sub-indicators that most of a profile's units should accelerate (n_accelerate), the
    lowest mean first among equals: whose suggested actions serve the most units."""
    return profile.sort_values(["n_accelerate", "mean"], ascending=[False, True]).head(n)


def actions(fw: Framework, code: str, lang: str) -> list[str]:
    """The framework's suggested actions for a sub-indicator, in lang."""
    return [a[lang] for a in fw.sub(code).actions]


def next_band_gap(overall: float, fw: Framework) -> tuple[str | None, float]:
    """The next band up and the overall points still missing to reach it (None at the top)."""
    higher = [b for b in fw.bands if float(b.rule["min"]) > overall]
    if not higher:
        return None, 0.0
    nxt = min(higher, key=lambda b: float(b.rule["min"]))
    return nxt.code, float(nxt.rule["min"]) - overall


def recommendations(
    subs: Mapping[str, float], bench: pd.DataFrame, groups: Mapping[str, str], fw: Framework
) -> pd.DataFrame:
    """One row per sub-indicator to accelerate: its gap to the peer mean, the overall gain closing
    that gap would bring, the score it alone would need to lift the unit into the next band, and the
    framework's suggested actions. Sorted by gain, largest first."""
    weights = fw.overall_weights()
    overall = scoring.score_one(subs, fw)["overall"]
    _, band_gap = next_band_gap(overall, fw)
    peer = bench.set_index("sub_code")["peer_mean"]
    rows = []
    weak = fw.groups[-1].code if fw.groups else None  # the catch-all last group: "should be accelerated"
    for code, group in groups.items():
        below_peers = float(subs[code]) < float(peer[code])
        if (group != weak) if weak else not below_peers:  # no classification: weak = under the peer mean
            continue
        gap = max(0.0, float(peer[code]) - float(subs[code]))
        needed = float(subs[code]) + band_gap / weights[code] if band_gap > 0 else None
        rows.append(
            {
                "sub_code": code,
                "score": float(subs[code]),
                "peer_mean": float(peer[code]),
                "gap": gap,
                "gain": weights[code] * gap,
                "score_for_next_band": needed if needed is not None and needed <= 100 else None,
                "actions": fw.sub(code).actions,
            }
        )
    df = pd.DataFrame(rows, columns=["sub_code", "score", "peer_mean", "gap", "gain", "score_for_next_band", "actions"])
    return df.sort_values(["gain", "sub_code"], ascending=[False, True], ignore_index=True)


def _number(value: object) -> float | None:
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if x != x else x


def what_if(subs: Mapping[str, float], raised: Mapping[str, float], fw: Framework) -> dict:
    """Overall, band and maturity if the chosen sub-indicators had the given scores (clipped 0-100).

    Only the unit's own sub-indicators count, and a blank (NaN or None) keeps the current score: the
    table's cells come from the browser, so anything else in `raised` is ignored rather than trusted."""
    numbers = {k: _number(v) for k, v in raised.items() if k in subs}
    new = {**subs, **{k: min(100.0, max(0.0, v)) for k, v in numbers.items() if v is not None}}
    return scoring.score_one(new, fw)
