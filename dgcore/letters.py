"""The results letter's settings (data/letters/settings.yaml) and the head of each unit (the
registry's head-title columns): what the letter needs besides the unit's scores."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from dgcore import reference

THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
# head titles from imported registries (the import's optional head-title columns), in the reference folder;
# a unit's title here comes before the one in departments.csv / special_local.csv
HEAD_TITLES_FILE = "head_titles.csv"


def thai_digits(s: str) -> str:
    """s with Arabic digits written as Thai digits (๐-๙)."""
    return s.translate(THAI_DIGITS)


@dataclass(frozen=True)
class LetterSettings:
    raw: dict[str, Any]

    @classmethod
    def load(cls, data_dir: Path) -> LetterSettings:
        """The letter settings file of a data directory; a clear error when it is missing or broken."""
        path = data_dir / "letters" / "settings.yaml"
        try:
            with open(path, encoding="utf-8") as f:
                raw = yaml.safe_load(f)
        except (OSError, yaml.YAMLError) as err:
            raise ValueError(f"letter settings {path} cannot be read / อ่านไฟล์ตั้งค่าหนังสือไม่ได้: {err}") from err
        if not isinstance(raw, dict) or "issuer" not in raw or "signatory" not in raw:
            raise ValueError(f"letter settings {path} lack issuer/signatory / ไฟล์ตั้งค่าหนังสือไม่ครบ")
        return cls(raw)

    def get(self, key: str, default: Any = None) -> Any:
        return self.raw.get(key, default)

    def lines(self, section: str, field_: str, lang: str) -> list[str]:
        value = (self.raw.get(section) or {}).get(f"{field_}_{lang}") or []
        return [value] if isinstance(value, str) else list(value)

    def text(self, section: str, field_: str, lang: str) -> str:
        return str((self.raw.get(section) or {}).get(f"{field_}_{lang}") or "")

    def year(self, be: int) -> dict[str, Any]:
        return dict((self.raw.get("years") or {}).get(be) or {})

    def issue_date(self, be: int, fallback: dt.date) -> dt.date:
        """The date of issue set for that year's letters, else fallback."""
        value = self.year(be).get("issue_date")
        return value if isinstance(value, dt.date) else fallback

    def number(self, be: int, position: int, lang: str) -> str:
        """ที่: the letter number of the unit at position (0-based) in the year's run."""
        pattern = str(self.raw.get(f"number_pattern_{lang}") or self.raw.get("number_pattern_th") or "{be}/{seq}")
        return pattern.format(be=be, seq=int(self.raw.get("first_number", 1)) + position)

    @property
    def thai_numerals(self) -> bool:
        return bool(self.raw.get("thai_numerals", False))


@dataclass(frozen=True)
class HeadTitles:
    """Head-of-unit titles from the registry: per unit id, and per provincial agency type + province."""

    by_unit: dict[str, tuple[str, str]] = field(default_factory=dict)
    by_type: dict[str, tuple[str, str]] = field(default_factory=dict)
    emails: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, reference_dir: Path) -> HeadTitles:
        def pairs(df: pd.DataFrame, key: str) -> dict[str, tuple[str, str]]:
            if "head_title_th" not in df.columns:
                return {}
            en = df["head_title_en"] if "head_title_en" in df.columns else df["head_title_th"]
            return {k: (t, e) for k, t, e in zip(df[key], df["head_title_th"], en) if t}

        depts, local = reference.departments(reference_dir), reference.special_local(reference_dir)
        units = pairs(depts, "dept_id") | pairs(local, "agency_id")
        imported = reference_dir / HEAD_TITLES_FILE
        if imported.is_file():
            units |= pairs(pd.read_csv(imported, dtype=str, keep_default_na=False), "agency_id")
        emails = {}
        for df, key in ((depts, "dept_id"), (local, "agency_id")):
            if "email" in df.columns:
                emails |= {k: e for k, e in zip(df[key], df["email"]) if e}
        return cls(units, pairs(reference.agency_types(reference_dir), "type_code"), emails)

    def email(self, unit: dict[str, Any]) -> str:
        """The unit's e-mail address for the mail merge, when the registry has one."""
        return self.emails.get(str(unit.get("agency_id")), "")

    def title(self, unit: dict[str, Any], lang: str, settings: LetterSettings) -> str:
        """เรียน line: the unit's head title; by type and province for provincial units; else the default."""
        i = 0 if lang == "th" else 1
        province = str(unit.get(f"province_{lang}") or "")
        if unit.get("agency_id") in self.by_unit:
            return self.by_unit[unit["agency_id"]][i]
        if unit.get("type_code") in self.by_type:
            title = self.by_type[unit["type_code"]][i]
            return f"{title}{province}" if lang == "th" else f"{title}, {province}"
        default = (settings.get("head_title_default") or {}).get(unit.get("kind") or "", {})
        name = str(unit.get(f"name_{lang}") or "")
        return str(default.get(lang, "{name}")).format(name=name, province=province)
