"""The indicator framework of one survey year, read from data/framework/<year>.yaml."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class SubIndicator:
    code: str
    pillar: str
    name_th: str
    name_en: str
    weight: float
    provisional: bool
    description_th: str = ""
    description_en: str = ""
    actions: tuple[dict[str, str], ...] = ()
    actions_provisional: bool = True


@dataclass(frozen=True)
class Pillar:
    code: str
    name_th: str
    name_en: str
    weight: float
    provisional: bool
    description_th: str = ""
    description_en: str = ""


@dataclass(frozen=True)
class Level:
    """A band or maturity level or classification group: a code, names and a rule."""

    code: str
    name_th: str
    name_en: str
    rule: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Framework:
    year: int
    raw: dict[str, Any]
    pillars: tuple[Pillar, ...]
    subs: tuple[SubIndicator, ...]
    bands: tuple[Level, ...]
    maturity: tuple[Level, ...]
    groups: tuple[Level, ...]

    @property
    def has_maturity(self) -> bool:
        """Whether this year places units on maturity levels (the rule is optional)."""
        return bool(self.maturity)

    @property
    def has_classification(self) -> bool:
        """Whether this year sorts sub-indicators into groups such as outstanding (optional)."""
        return bool(self.groups)

    @property
    def weak_below_z(self) -> float:
        """The z (against peers) under which a sub-indicator should be sped up: the last group's
        threshold; without a classification rule, under the peer mean (0)."""
        zs = [g.rule.get("min_z") for g in self.groups if g.rule.get("min_z") is not None]
        return float(zs[-1]) if zs else 0.0

    def sub(self, code: str) -> SubIndicator:
        return next(s for s in self.subs if s.code == code)

    def rule_provisional(self, name: str) -> bool:
        """True while the rule (bands, maturity, classification) is the dashboard team's placeholder."""
        return bool((self.raw.get(name) or {}).get("provisional", True))

    def pillar(self, code: str) -> Pillar:
        return next(p for p in self.pillars if p.code == code)

    @property
    def sub_codes(self) -> list[str]:
        return [s.code for s in self.subs]

    def overall_weights(self) -> dict[str, float]:
        """Each sub-indicator's effective weight in the overall score (they sum to 1)."""
        total_p = sum(p.weight for p in self.pillars)
        out: dict[str, float] = {}
        for p in self.pillars:
            subs = [s for s in self.subs if s.pillar == p.code]
            total_s = sum(s.weight for s in subs)
            for s in subs:
                out[s.code] = (s.weight / total_s) * (p.weight / total_p)
        return out


def _level(d: dict[str, Any], code_key: str = "code") -> Level:
    rule = {k: v for k, v in d.items() if k not in (code_key, "name_th", "name_en")}
    return Level(code=str(d[code_key]), name_th=d["name_th"], name_en=d["name_en"], rule=rule)


def framework_from_dict(d: dict[str, Any]) -> Framework:
    """Build a Framework from its parsed YAML/JSON body."""
    pillars, subs = [], []
    for p in d["pillars"]:
        pillars.append(
            Pillar(
                code=str(p["code"]),
                name_th=p["name_th"],
                name_en=p["name_en"],
                weight=float(p.get("weight", 1)),
                provisional=bool(p.get("provisional", True)),
                description_th=p.get("description_th", ""),
                description_en=p.get("description_en", ""),
            )
        )
        for s in p["sub_indicators"]:
            subs.append(
                SubIndicator(
                    code=str(s["code"]),
                    pillar=str(p["code"]),
                    name_th=s["name_th"],
                    name_en=s["name_en"],
                    weight=float(s.get("weight", 1)),
                    provisional=bool(s.get("provisional", True)),
                    description_th=s.get("description_th", ""),
                    description_en=s.get("description_en", ""),
                    actions=tuple(s.get("actions") or ()),
                    actions_provisional=bool(s.get("actions_provisional", True)),
                )
            )
    return Framework(
        year=int(d["year"]),
        raw=d,
        pillars=tuple(pillars),
        subs=tuple(subs),
        bands=tuple(_level(b) for b in d["bands"]["levels"]),
        maturity=tuple(_level(m, "level") for m in _section(d, "maturity", "levels")),
        groups=tuple(_level(g) for g in _section(d, "classification", "groups")),
    )


def _section(d: dict[str, Any], section: str, key: str) -> list[dict[str, Any]]:
    """The items of an optional rule (maturity, classification); none when the framework has no such rule."""
    return list((d.get(section) or {}).get(key) or ())


def load_framework_file(path: Path) -> Framework:
    """Parse one framework YAML file."""
    with open(path, encoding="utf-8") as f:
        return framework_from_dict(yaml.safe_load(f))


def load_frameworks(framework_dir: Path) -> dict[int, Framework]:
    """Every year's framework found in the directory, keyed by Buddhist-era year."""
    out = {}
    for path in sorted(framework_dir.glob("[0-9][0-9][0-9][0-9].yaml")):
        fw = load_framework_file(path)
        out[fw.year] = fw
    return out
