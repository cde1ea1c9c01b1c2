"""Reference data: provinces (from geothai), ministries, departments, agency kinds and types."""

from __future__ import annotations

from pathlib import Path

import geothai
import pandas as pd

BANGKOK_CODE = "10"  # Bangkok is a place, not one of the 76 surveyed provinces


def provinces() -> pd.DataFrame:
    """The 77 provinces with DOPA codes and Thai/English names; `surveyed` is False for Bangkok."""
    rows = [
        {"code": p.code, "name_th": p.name_th, "name_en": p.name_en, "surveyed": p.code != BANGKOK_CODE}
        for p in geothai.provinces()
    ]
    return pd.DataFrame(rows).sort_values("code", ignore_index=True)


def _csv(reference_dir: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(reference_dir / name, dtype=str, keep_default_na=False)


def dga_contacts(reference_dir: Path) -> pd.DataFrame:
    """Who to contact at DGA, by topic (topic_*, team_*, phone, email, hours_*; demo is "true" for the
    made-up contacts shipped with the demo)."""
    return _csv(reference_dir, "dga_contacts.csv")


def ministries(reference_dir: Path) -> pd.DataFrame:
    return _csv(reference_dir, "ministries.csv")


def departments(reference_dir: Path) -> pd.DataFrame:
    df = _csv(reference_dir, "departments.csv")
    for col in ("real", "has_branches"):
        df[col] = df[col].str.lower().eq("true")
    return df


def agency_types(reference_dir: Path) -> pd.DataFrame:
    df = _csv(reference_dir, "provincial_agency_types.csv")
    df["first_year"] = df["first_year"].astype(int)
    df["last_year"] = df["last_year"].astype(int)
    return df


def agency_kinds(reference_dir: Path) -> pd.DataFrame:
    df = _csv(reference_dir, "agency_kinds.csv")
    df["sort"] = df["sort"].astype(int)
    return df


def special_local(reference_dir: Path) -> pd.DataFrame:
    return _csv(reference_dir, "special_local.csv")
