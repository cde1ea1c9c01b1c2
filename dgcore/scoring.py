"""Pillar and overall scores, bands, maturity levels and the three-way classification.

Every rule comes from the year's Framework (data/framework/<year>.yaml); this module holds the
arithmetic only, so the app, the importer, the demo and the what-if all score the same way.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from dgcore.framework import Framework


def wide_scores(sub_long: pd.DataFrame, fw: Framework) -> pd.DataFrame:
    """Long (agency_id, sub_code, score) rows -> agency x sub-indicator matrix in framework order."""
    wide = sub_long.pivot(index="agency_id", columns="sub_code", values="score")
    return wide.reindex(columns=fw.sub_codes)


def pillar_matrix(wide: pd.DataFrame, fw: Framework) -> pd.DataFrame:
    """Weighted mean of sub-indicators within each pillar (agency x pillar)."""
    out = {}
    for p in fw.pillars:
        subs = [s for s in fw.subs if s.pillar == p.code]
        w = np.array([s.weight for s in subs])
        out[p.code] = wide[[s.code for s in subs]].to_numpy() @ w / w.sum()
    return pd.DataFrame(out, index=wide.index)


def overall_vector(pillars: pd.DataFrame, fw: Framework) -> pd.Series:
    """Weighted mean of pillar scores."""
    w = np.array([p.weight for p in fw.pillars])
    return pd.Series(pillars[[p.code for p in fw.pillars]].to_numpy() @ w / w.sum(), index=pillars.index)


def band_of(overall: float, fw: Framework) -> str:
    """The first band (highest first) whose minimum the overall score reaches."""
    for b in fw.bands:
        if overall >= float(b.rule["min"]):
            return b.code
    return fw.bands[-1].code


def maturity_of(overall: float, pillars: Mapping[str, float], fw: Framework) -> int | None:
    """The highest maturity level reached with every lower level's minimums also met (levels are stages);
    None when the framework has no maturity rule."""
    if not fw.maturity:
        return None
    levels = sorted(fw.maturity, key=lambda lvl: int(lvl.code))
    best = int(levels[0].code)
    for lvl in levels:
        ok = overall >= float(lvl.rule.get("min_overall", 0))
        for code, minimum in (lvl.rule.get("min_pillars") or {}).items():
            ok = ok and pillars.get(str(code), 0.0) >= float(minimum)
        if not ok:
            break
        best = int(lvl.code)
    return best


def score_agencies(sub_long: pd.DataFrame, fw: Framework) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Score every agency in sub_long: (pillar rows, overall rows with band and maturity)."""
    wide = wide_scores(sub_long, fw)
    if wide.isna().any().any():
        missing = wide[wide.isna().any(axis=1)].index.tolist()[:5]
        raise ValueError(f"agencies without a score for every sub-indicator: {missing}")
    pil = pillar_matrix(wide, fw)
    overall = overall_vector(pil, fw)
    pillar_rows = pil.reset_index().melt(id_vars="agency_id", var_name="pillar_code", value_name="score")
    records = pil.to_dict("index")
    ov = pd.DataFrame({"agency_id": overall.index, "overall": overall.to_numpy()})
    ov["band"] = [band_of(v, fw) for v in ov["overall"]]
    ov["maturity"] = pd.array(
        [maturity_of(v, records[a], fw) for a, v in zip(ov["agency_id"], ov["overall"])], dtype="Int64"
    )
    return pillar_rows, ov


def peer_stats(peer_long: pd.DataFrame) -> pd.DataFrame:
    """Mean and sample standard deviation of each sub-indicator over a peer group."""
    g = peer_long.groupby("sub_code")["score"]
    return pd.DataFrame({"mean": g.mean(), "sd": g.std(ddof=1).fillna(0.0), "n": g.size()})


def classify_score(score: float, mean: float, sd: float, fw: Framework) -> str | None:
    """Outstanding / fairly outstanding / accelerate for one sub-indicator score, by z against peers;
    None when the framework has no classification rule."""
    if not fw.groups:
        return None
    z = 0.0 if sd <= 0 or math.isnan(sd) else (score - mean) / sd
    for g in fw.groups:
        min_z = g.rule.get("min_z")
        if min_z is None or z >= float(min_z):
            return g.code
    return fw.groups[-1].code


def classify(agency_subs: Mapping[str, float], stats: pd.DataFrame, fw: Framework) -> dict[str, str]:
    """The classification group of each of an agency's sub-indicators."""
    return {
        code: classify_score(v, float(stats.at[code, "mean"]), float(stats.at[code, "sd"]), fw)
        for code, v in agency_subs.items()
    }


def score_one(subs: Mapping[str, float], fw: Framework) -> dict:
    """Pillars, overall, band and maturity of a single agency from its sub-indicator scores."""
    wide = pd.DataFrame([subs]).reindex(columns=fw.sub_codes)
    pil = pillar_matrix(wide, fw).iloc[0].to_dict()
    overall = float(overall_vector(pillar_matrix(wide, fw), fw).iloc[0])
    return {"pillars": pil, "overall": overall, "band": band_of(overall, fw), "maturity": maturity_of(overall, pil, fw)}


def competition_rank(values: pd.Series, decimals: int = 2) -> pd.Series:
    """Ranks 1, 2, 2, 4 on the score as displayed (formatted to decimals, as pages print it): two units
    shown with the same score share a rank, and the next rank skips. Missing values stay missing.
    Formatting, not Series.round: 51.625 prints as 51.62 but rounds (half away) to 51.63 elsewhere."""
    shown = values.astype(float).map(lambda v: v if v != v else float(f"{v:.{decimals}f}"))
    return shown.rank(ascending=False, method="min")
