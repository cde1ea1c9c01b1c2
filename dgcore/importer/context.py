"""What the importer checks delivered files against: reference data, frameworks, the published version.

The published version matters twice: its registry makes agency ids known (scores may arrive
without a registry for units published before), and a publish merges the other years of that
version into the new one. When the current version is the demo, it is neither: a real import
never mixes with made-up units.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import yaml

from dgcore import queries, reference
from dgcore.config import Settings
from dgcore.db import ResultsDB, ResultsUnavailable, current_version
from dgcore.framework import Framework, framework_from_dict
from dgcore.importer.read import SAFE_LOADER
from dgcore.importer.report import header_key

TRUE_WORDS = frozenset({"true", "t", "yes", "y", "1", "x", "✓", "ใช่", "มี", "ตอบ", "ตอบแล้ว", "จริง"})
FALSE_WORDS = frozenset({"false", "f", "no", "n", "0", "-", "ไม่ใช่", "ไม่มี", "ไม่ตอบ", "ไม่", "เท็จ"})


def _empty(*cols: str) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="str") for c in cols})


@dataclass(frozen=True, eq=False)
class ImportContext:
    """Reference data, known frameworks and the merge base (the current non-demo version)."""

    provinces: pd.DataFrame
    ministries: pd.DataFrame
    departments: pd.DataFrame
    agency_types: pd.DataFrame
    agency_kinds: pd.DataFrame
    frameworks: Mapping[int, Framework] = field(default_factory=dict)
    # year -> where its framework comes from: "built-in" (data/framework/<year>.yaml) or "published"
    framework_sources: Mapping[int, str] = field(default_factory=dict)
    published_version: str | None = None
    published_is_demo: bool = False
    published_agencies: pd.DataFrame = field(default_factory=lambda: _empty("agency_id", "kind"))
    published_participation: pd.DataFrame = field(default_factory=lambda: _empty("year", "agency_id", "kind", "status"))
    published_error: tuple[str, str] | None = None  # (Thai, English) when CURRENT cannot be read
    published_years: tuple[int, ...] = ()  # the survey years the current version holds (demo or not)
    latest_import: str | None = None  # when the demo is current: the newest earlier import, left out of a merge

    @classmethod
    def from_settings(cls, settings: Settings) -> ImportContext:
        """Reference data and frameworks from settings.data_dir, plus the currently published version."""
        ref = settings.reference_dir
        frameworks = _frameworks(settings.framework_dir)
        sources = dict.fromkeys(frameworks, "built-in")
        base: dict[str, Any] = {}
        if current_version(settings.results_dir) is not None:
            base = _published(settings)
            published = base.pop("frameworks", {})
            sources = {**dict.fromkeys(published, "published"), **sources}
            frameworks = {**published, **frameworks}  # data files win
            if base.get("published_is_demo"):
                base["latest_import"] = max(
                    (p.name for p in settings.results_dir.glob("*-import-*.duckdb")), default=None
                )
        return cls(
            provinces=reference.provinces(),
            ministries=reference.ministries(ref),
            departments=reference.departments(ref),
            agency_types=reference.agency_types(ref),
            agency_kinds=reference.agency_kinds(ref),
            frameworks=frameworks,
            framework_sources=sources,
            **base,
        )

    @property
    def base_version(self) -> str | None:
        """The version whose other years a publish keeps: the current one unless it is the demo."""
        return None if self.published_is_demo else self.published_version

    def published_ids(self) -> set[str]:
        """Agency ids of the merge base's registry."""
        return set(self.published_agencies["agency_id"].astype(str))

    @cached_property
    def lookups(self) -> dict[str, dict[str, str]]:
        """Accepted spellings (codes and names, compared by header_key) -> canonical code."""
        return {
            "province_code": _lookup(self.provinces, "code", ("name_th", "name_en")),
            "ministry_code": _lookup(self.ministries, "ministry_code", ("name_th", "name_en", "short_en")),
            "kind": _lookup(self.agency_kinds, "kind", ("name_th", "name_en", "short_th", "short_en")),
            "type_code": _lookup(self.agency_types, "type_code", ("name_th", "name_en")),
        }


def _frameworks(framework_dir: Path) -> dict[int, Framework]:
    """dgcore.framework.load_frameworks, parsed with libyaml when present."""
    out = {}
    for path in sorted(framework_dir.glob("[0-9][0-9][0-9][0-9].yaml")):
        fw = framework_from_dict(yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER))
        out[fw.year] = fw
    return out


def _lookup(df: pd.DataFrame, code: str, names: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for row in df.to_dict("records"):
        for col in names:
            if row.get(col):
                out[header_key(row[col])] = str(row[code])
        out[header_key(row[code])] = str(row[code])
    if code == "code":  # provinces are also written "จังหวัดเชียงใหม่"
        out.update({header_key("จังหวัด" + str(r["name_th"])): str(r["code"]) for r in df.to_dict("records")})
    return out


def _published(settings: Settings) -> dict[str, Any]:
    """The current version's facts, read consistently (retried if the pointer moves meanwhile)."""
    for _ in range(3):
        db = ResultsDB(settings.results_dir)
        try:
            version = db.version
            facts = _read_facts(db)
            if db.version == version:
                return {"published_version": version, **facts}
        except (ResultsUnavailable, duckdb.Error) as e:
            en = getattr(e, "en", f"{type(e).__name__}: {e}")
            return {
                "published_version": current_version(settings.results_dir),
                "published_error": (getattr(e, "th", en), en),
            }
        finally:
            db.close()
    return {
        "published_version": current_version(settings.results_dir),
        "published_error": ("ข้อมูลถูกเผยแพร่ซ้ำระหว่างการอ่าน", "the published version kept changing while read"),
    }


def _read_facts(db: ResultsDB) -> dict[str, Any]:
    meta = db.query("SELECT key, value FROM meta")
    is_demo = queries.is_demo(dict(zip(meta["key"], meta["value"])))
    bodies = db.query("SELECT year, body FROM frameworks")
    frameworks = {int(y): framework_from_dict(json.loads(b)) for y, b in zip(bodies["year"], bodies["body"])}
    years = tuple(sorted(int(y) for y in db.query("SELECT year FROM years")["year"]))
    if is_demo:
        return {"published_is_demo": True, "frameworks": frameworks, "published_years": years}
    agencies = db.query("SELECT agency_id, kind FROM agencies")
    part = db.query("SELECT year, agency_id, kind, status FROM participation")
    return {
        "published_is_demo": False,
        "frameworks": frameworks,
        "published_years": years,
        "published_agencies": agencies,
        "published_participation": part,
    }


def parse_bool(text: str) -> bool | None:
    """True/False for the accepted yes/no spellings, None for anything else (blank is False)."""
    key = header_key(text)
    if key == "" or key in FALSE_WORDS:
        return False
    if key in TRUE_WORDS:
        return True
    return None
