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


def previous_rows(df: pd.DataFrame, year: int) -> pd.DataFrame:
    """The rows of the latest year before `year` in df (column "year"): the previous *published* year,
    which is not year - 1 when years are missing (2557, 2559, 2561: 2561 compares with 2559)."""
    earlier = df[df["year"].astype(int) < int(year)]
    return earlier[earlier["year"] == earlier["year"].max()] if len(earlier) else earlier


@dataclass(frozen=True)
class AgencyReport:
    unit: dict[str, Any]
    year: int
    status: str | None  # responded / not_responded / withdrawn; None: not surveyed that year
    kind: str | None
    overall: float | None = None
    band: str | None = None
    maturity: int | None = None
    prev_overall: float | None = None
    prev_year: int | None = None  # the unit's previous published year with a score (not always year - 1)
    rank: int | None = None
    peers: int | None = None
    percentile: float | None = None
    peer_overall: float | None = None
    national_overall: float | None = None
    subs: pd.DataFrame | None = None  # sub_code, pillar_code, score, peer_mean, peer_sd, national_mean, group
    pillars: pd.DataFrame | None = None  # pillar_code, score, peer_mean, national_mean
    recommendations: pd.DataFrame | None = None
    history: pd.DataFrame | None = None  # year, status, overall, band, maturity, peer_mean, national_mean
    pillar_history: pd.DataFrame | None = None  # year, pillar_code, score
    participation: pd.DataFrame | None = None  # kind, targeted, responded, withdrawn: the year's groups
    ministry_overall: float | None = None  # departments: the mean of their ministry's department-level units
    ministry_n: int | None = None

    @property
    def responded(self) -> bool:
        return self.status == "responded" and self.subs is not None


def _sub_table(db: ResultsDB, scope: Scope, agency_id: str, year: int, kind: str, fw: Framework) -> pd.DataFrame:
    df = queries.report_subs(db, scope, agency_id, year, kind)
    df["pillar_code"] = [fw.sub(c).pillar for c in df["sub_code"]]
    df["group"] = [
        scoring.classify_score(s, m, sd, fw) for s, m, sd in zip(df["score"], df["peer_mean"], df["peer_sd"])
    ]
    order = {c: i for i, c in enumerate(fw.sub_codes)}
    return df.sort_values("sub_code", key=lambda s: s.map(order), ignore_index=True)


@dataclass(frozen=True)
class YearGroups:
    """A year's aggregates every report of that year shares: response counts by group, ministry means."""

    participation: pd.DataFrame
    ministries: pd.DataFrame

    @classmethod
    def read(cls, db: ResultsDB, scope: Scope, year: int) -> YearGroups:
        return cls(queries.response_rates(db, scope, year), queries.ministry_summary(db, scope, year))


def agency_report(
    db: ResultsDB, scope: Scope, agency_id: str, year: int, fw: Framework, groups: YearGroups | None = None
) -> AgencyReport | None:
    """Everything about one unit in one year that the scope allows; None if the unit is not in it.
    groups: the year's shared aggregates, when the caller makes many reports of one year.

    Four scoped statements (unit, history with benchmarks and rank, sub-indicators, pillars), each reading
    the version's published aggregates: the cost does not grow with the number of units."""
    match = queries.agency_unit(db, scope, agency_id)
    if match.empty:
        return None
    unit = match.iloc[0].to_dict()
    full = queries.report_history(db, scope, agency_id)
    history = full.drop(columns=["rank", "peers", "percentile"])
    this = full[full["year"] == year]
    kind = None if this.empty else str(this["kind"].iloc[0])
    pil = queries.report_pillars(db, scope, agency_id, year, kind or "")
    pillar_history = pil[["year", "pillar_code", "score"]]
    if this.empty or this["status"].iloc[0] != "responded":
        status = None if this.empty else str(this["status"].iloc[0])
        return AgencyReport(
            unit=unit, year=year, status=status, kind=kind, history=history, pillar_history=pillar_history
        )
    row = this.iloc[0]
    subs = _sub_table(db, scope, agency_id, year, kind, fw)
    groups = groups or YearGroups.read(db, scope, year)
    ministry = _ministry_mean(groups.ministries, unit) if kind == "department" else None
    pillars = pil[pil["year"] == year][["pillar_code", "score", "peer_mean", "national_mean"]].reset_index(drop=True)
    prev = previous_rows(history[history["overall"].notna()], year)
    score_map = dict(zip(subs["sub_code"], subs["score"]))
    return AgencyReport(
        unit=unit,
        year=year,
        status="responded",
        kind=kind,
        overall=float(row["overall"]),
        band=row["band"],
        maturity=None if pd.isna(row["maturity"]) else int(row["maturity"]),
        prev_overall=float(prev["overall"].iloc[0]) if len(prev) else None,
        prev_year=int(prev["year"].iloc[0]) if len(prev) else None,
        rank=int(row["rank"]),
        peers=int(row["peers"]),
        percentile=float(row["percentile"]),
        peer_overall=float(row["peer_mean"]),
        national_overall=float(row["national_mean"]),
        subs=subs,
        pillars=pillars,
        recommendations=advice.recommendations(score_map, subs, dict(zip(subs["sub_code"], subs["group"])), fw),
        history=history,
        pillar_history=pillar_history,
        participation=groups.participation,
        ministry_overall=None if ministry is None else ministry[0],
        ministry_n=None if ministry is None else ministry[1],
    )


def _ministry_mean(summary: pd.DataFrame, unit: dict[str, Any]) -> tuple[float, int] | None:
    """A department's own ministry: mean overall of its department-level units and their number."""
    code = unit.get("ministry_code")
    ministries = summary.set_index("ministry_code")
    if not code or code not in ministries.index:
        return None
    return float(ministries.loc[code, "mean"]), int(ministries.loc[code, "n"])
