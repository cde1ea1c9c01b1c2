"""One unit's results for one year, assembled from scoped queries: what My agency and the results
letter show. Returns None for a unit outside the caller's scope, whatever the unit id asked for."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from dgcore import advice, queries, scoring
from dgcore.access import Scope
from dgcore.db import ResultsDB
from dgcore.framework import Framework


@dataclass(frozen=True)
class AgencyReport:
    unit: dict[str, Any]
    year: int
    status: str | None            # responded / not_responded / withdrawn; None: not surveyed that year
    kind: str | None
    overall: float | None = None
    band: str | None = None
    maturity: int | None = None
    prev_overall: float | None = None
    rank: int | None = None
    peers: int | None = None
    percentile: float | None = None
    peer_overall: float | None = None
    national_overall: float | None = None
    subs: pd.DataFrame | None = None           # sub_code, pillar_code, score, peer_mean, peer_sd, national_mean, group
    pillars: pd.DataFrame | None = None        # pillar_code, score, peer_mean, national_mean
    recommendations: pd.DataFrame | None = None
    history: pd.DataFrame | None = None        # year, status, overall, band, maturity, peer_mean, national_mean
    pillar_history: pd.DataFrame | None = None  # year, pillar_code, score

    @property
    def responded(self) -> bool:
        return self.status == "responded" and self.subs is not None


def _history(db: ResultsDB, scope: Scope, agency_id: str) -> pd.DataFrame:
    hist = queries.agency_history(db, scope, agency_id)
    if hist.empty:
        return hist
    bench = pd.concat([queries.overall_benchmarks(db, scope, k).assign(kind=k) for k in hist["kind"].unique()])
    return hist.merge(bench, on=["year", "kind"], how="left")


def _sub_table(db: ResultsDB, scope: Scope, agency_id: str, year: int, kind: str, fw: Framework) -> pd.DataFrame:
    own = queries.agency_sub_scores(db, scope, agency_id, year)
    bench = queries.sub_benchmarks(db, scope, year, kind)
    df = own.merge(bench, on="sub_code", how="left")
    df["pillar_code"] = [fw.sub(c).pillar for c in df["sub_code"]]
    df["group"] = [scoring.classify_score(s, m, sd, fw) for s, m, sd in zip(df["score"], df["peer_mean"], df["peer_sd"])]
    order = {c: i for i, c in enumerate(fw.sub_codes)}
    return df.sort_values("sub_code", key=lambda s: s.map(order), ignore_index=True)


def agency_report(db: ResultsDB, scope: Scope, agency_id: str, year: int, fw: Framework) -> AgencyReport | None:
    """Everything about one unit in one year that the scope allows; None if the unit is not in it."""
    match = queries.agency_unit(db, scope, agency_id)
    if match.empty:
        return None
    unit = match.iloc[0].to_dict()
    history = _history(db, scope, agency_id)
    this = history[history["year"] == year]
    if this.empty or this["status"].iloc[0] != "responded":
        status = None if this.empty else str(this["status"].iloc[0])
        return AgencyReport(unit=unit, year=year, status=status, kind=None if this.empty else this["kind"].iloc[0],
                            history=history, pillar_history=queries.agency_pillar_history(db, scope, agency_id))
    row, kind = this.iloc[0], str(this["kind"].iloc[0])
    subs = _sub_table(db, scope, agency_id, year, kind, fw)
    pillar_history = queries.agency_pillar_history(db, scope, agency_id)
    pillars = (pillar_history[pillar_history["year"] == year][["pillar_code", "score"]].reset_index(drop=True)
               .merge(queries.pillar_benchmarks(db, scope, year, kind), on="pillar_code", how="left"))
    rank = queries.agency_rank(db, scope, agency_id, year, kind)
    prev = history[(history["year"] == year - 1) & history["overall"].notna()]
    score_map = dict(zip(subs["sub_code"], subs["score"]))
    return AgencyReport(
        unit=unit, year=year, status="responded", kind=kind, overall=float(row["overall"]), band=row["band"],
        maturity=int(row["maturity"]), prev_overall=float(prev["overall"].iloc[0]) if len(prev) else None,
        rank=int(rank["rank"].iloc[0]), peers=int(rank["peers"].iloc[0]), percentile=float(rank["percentile"].iloc[0]),
        peer_overall=float(row["peer_mean"]), national_overall=float(row["national_mean"]),
        subs=subs, pillars=pillars,
        recommendations=advice.recommendations(score_map, subs, dict(zip(subs["sub_code"], subs["group"])), fw),
        history=history, pillar_history=pillar_history)
