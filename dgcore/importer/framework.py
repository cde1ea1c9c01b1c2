"""Checks of a framework YAML body before it is trusted to score a year.

What "valid" means (data/examples/README.md says the same for people):
- the top level is a mapping with `year`, a non-empty `pillars` list (any number of pillars, any
  codes) and `bands.levels`; `year` equals the year being imported. `maturity` and
  `classification` are optional: a framework without them has no maturity levels or groups, and
  pages, letters and slides leave those parts out;
- every pillar and sub-indicator has a `code`, `name_th` and `name_en`; every pillar has at least
  one sub-indicator; codes are unique (pillars among pillars, sub-indicators among
  sub-indicators) and so are sub-indicator Thai names (wide workbooks are matched by name);
- weights are relative: each must be a finite number > 0 (missing means 1). They need not add up
  to 1 or 100, because scores are weighted means; positive weights therefore always yield effective
  overall weights that sum to exactly 1;
- bands: at least one level, unique codes, `min` numbers within 0–100, strictly descending, the
  last one exactly 0 (so every score has a band);
- maturity (when given): levels numbered 1..n without gaps (any n >= 1), each `min_overall`
  (default 0) within 0–100, each `min_pillars` a mapping from an existing pillar code to a minimum within 0–100;
- classification (when given): at least one group, unique codes, every `min_z` a number and strictly
  descending except the last, which must be null (it catches everything else).
"""

from __future__ import annotations

import math
from typing import Any

from dgcore.framework import Framework, framework_from_dict
from dgcore.importer.report import ValidationReport, header_key, show
from dgcore.text_safety import text_findings

NAMES = ("code", "name_th", "name_en")


class _Checker:
    def __init__(self, report: ValidationReport, file: str):
        self.report, self.file, self.failed = report, file, False

    def add(self, code: str, column: str | None, **details: Any) -> None:
        self.failed = True
        self.report.add(code, self.file, None, None, column, **details)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(float(value)) else None


def _in_0_100(value: Any) -> bool:
    x = _number(value)
    return x is not None and 0 <= x <= 100


def check_framework(body: Any, file: str, year: int, report: ValidationReport) -> Framework | None:
    """The Framework of a parsed YAML body, or None after reporting every problem found."""
    c = _Checker(report, file)
    if not isinstance(body, dict):
        c.add("framework_invalid", None, detail="the file must hold a mapping (year, pillars, bands, …)")
        return None
    _check_year(c, body.get("year"), year)
    pillars = body.get("pillars")
    if not isinstance(pillars, list) or not pillars:
        c.add("framework_invalid", "pillars", detail="pillars must be a non-empty list")
        pillars = []
    pillar_codes = _check_pillars(c, [p for p in pillars if isinstance(p, dict)])
    if any(not isinstance(p, dict) for p in pillars):
        c.add("framework_invalid", "pillars", detail="every pillar must be a mapping")
    _check_bands(c, _levels(c, body, "bands", "levels"))
    if body.get("maturity") is not None:  # optional rules: absent is fine, present must be valid
        _check_maturity(c, _levels(c, body, "maturity", "levels"), pillar_codes)
    if body.get("classification") is not None:
        _check_groups(c, _levels(c, body, "classification", "groups"))
    _check_texts(c, body, "")
    if c.failed:
        return None
    try:
        return framework_from_dict(body)
    except Exception as e:  # anything the checks above did not foresee
        c.add("framework_invalid", None, detail=f"{type(e).__name__}: {e}")
        return None


NAME_KEYS = frozenset({"name_th", "name_en", "short_th", "short_en", "title_th", "title_en"})
REFUSED_TEXT = {"dangerous_url": "text_dangerous_url", "remote_image": "text_remote_image"}
WARNED_TEXT = {"markup": "text_markup", "control_chars": "text_control", "bidi_controls": "text_bidi"}


def _check_texts(c: _Checker, node: Any, path: str) -> None:
    """Every text of the file: javascript:/data: links and remote images refuse it; names carrying markup
    and any text with control or bidi characters are warned about (descriptions may carry **bold** and
    links to DGA's site, shown through text_safety.rich)."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        where = f"{path}.{key}" if isinstance(key, str) else f"{path}[{key}]"
        if not isinstance(value, str):
            _check_texts(c, value, where)
            continue
        for finding in text_findings(value, multiline=key not in NAME_KEYS):
            if finding in REFUSED_TEXT:
                c.add(REFUSED_TEXT[finding], where.lstrip("."), value=show(value))
            elif finding != "markup" or key in NAME_KEYS:
                c.report.add(WARNED_TEXT[finding], c.file, None, None, where.lstrip("."), value=show(value))


def _check_year(c: _Checker, value: Any, year: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        c.add("framework_invalid", "year", detail="year must be a whole number (BE)")
    elif value != year:
        c.add("year_mismatch", "year", value=value, year=year)


def _levels(c: _Checker, body: dict, section: str, key: str) -> list[dict]:
    part = body.get(section)
    items = part.get(key) if isinstance(part, dict) else None
    if not isinstance(items, list) or not items or not all(isinstance(x, dict) for x in items):
        c.add("framework_invalid", f"{section}.{key}", detail=f"{section}.{key} must be a non-empty list of mappings")
        return []
    return items


def _check_names(c: _Checker, item: dict, path: str, keys: tuple[str, ...] = NAMES) -> bool:
    missing = [k for k in keys if not isinstance(item.get(k), (str, int, float)) or str(item.get(k)).strip() == ""]
    if missing:
        c.add("framework_invalid", path, detail=f"{path}: {', '.join(missing)} missing")
    return not missing


def _check_weight(c: _Checker, item: dict, path: str, label: str) -> None:
    w = item.get("weight", 1)
    x = _number(w)
    if x is None or x <= 0:
        c.add("framework_bad_weight", f"{path}.weight", value=label, detail=repr(w))


def _check_pillars(c: _Checker, pillars: list[dict]) -> set[str]:
    codes: set[str] = set()
    sub_codes: set[str] = set()
    sub_names: set[str] = set()
    for i, p in enumerate(pillars):
        path = f"pillars[{i}]"
        if not _check_names(c, p, path):
            continue
        code = str(p["code"])
        _unique(c, code, codes, f"{path}.code")
        _check_weight(c, p, path, f"pillar {code}")
        subs = p.get("sub_indicators")
        if not isinstance(subs, list) or not subs:
            c.add("framework_empty_pillar", f"{path}.sub_indicators", value=code)
            continue
        for j, s in enumerate(subs):
            _check_sub(c, s, f"{path}.sub_indicators[{j}]", sub_codes, sub_names)
    return codes


def _check_sub(c: _Checker, s: Any, path: str, codes: set[str], names: set[str]) -> None:
    if not isinstance(s, dict):
        c.add("framework_invalid", path, detail=f"{path} must be a mapping")
        return
    if not _check_names(c, s, path):
        return
    _unique(c, str(s["code"]), codes, f"{path}.code")
    _unique(c, header_key(s["name_th"]), names, f"{path}.name_th", shown=str(s["name_th"]))
    _check_weight(c, s, path, f"sub-indicator {s['code']}")


def _unique(c: _Checker, key: str, seen: set[str], column: str, shown: str | None = None) -> None:
    if key in seen:
        c.add("framework_duplicate_code", column, value=shown or key)
    seen.add(key)


def _check_bands(c: _Checker, levels: list[dict]) -> None:
    mins, codes = [], set()
    for i, b in enumerate(levels):
        _check_names(c, b, f"bands.levels[{i}]")
        if str(b.get("code")) in codes:
            c.add("framework_bad_bands", f"bands.levels[{i}].code", detail=f"code {b.get('code')} repeats")
        codes.add(str(b.get("code")))
        if not _in_0_100(b.get("min")):
            c.add("framework_bad_bands", f"bands.levels[{i}].min", detail=f"min {b.get('min')!r} is not a number 0–100")
            return
        mins.append(float(b["min"]))
    if any(a <= b for a, b in zip(mins, mins[1:])):
        c.add("framework_bad_bands", "bands.levels", detail=f"minimums {mins} must be strictly descending")
    if mins and mins[-1] != 0:
        c.add("framework_bad_bands", "bands.levels", detail=f"the last minimum is {mins[-1]:g}, it must be 0")


def _check_maturity(c: _Checker, levels: list[dict], pillar_codes: set[str]) -> None:
    numbers = [lvl.get("level") for lvl in levels]
    whole = sorted(n for n in numbers if isinstance(n, int) and not isinstance(n, bool))
    if whole != list(range(1, len(numbers) + 1)):
        c.add("framework_bad_maturity", "maturity.levels", detail=f"levels must be 1..{len(numbers)}, found {numbers}")
    for i, lvl in enumerate(levels):
        path = f"maturity.levels[{i}]"
        _check_names(c, lvl, path, ("name_th", "name_en"))
        if not _in_0_100(lvl.get("min_overall", 0)):
            c.add(
                "framework_bad_maturity",
                f"{path}.min_overall",
                detail=f"min_overall {lvl.get('min_overall')!r} is not 0–100",
            )
        mp = lvl.get("min_pillars") or {}
        if not isinstance(mp, dict):
            c.add("framework_bad_maturity", f"{path}.min_pillars", detail="min_pillars must be a mapping")
            continue
        for code, minimum in mp.items():
            if str(code) not in pillar_codes or not _in_0_100(minimum):
                c.add(
                    "framework_bad_maturity",
                    f"{path}.min_pillars",
                    detail=f"pillar {code}: {minimum!r} (unknown pillar or not 0–100)",
                )


def _check_groups(c: _Checker, groups: list[dict]) -> None:
    codes: set[str] = set()
    zs: list[float] = []
    for i, g in enumerate(groups):
        path = f"classification.groups[{i}]"
        _check_names(c, g, path)
        if str(g.get("code")) in codes:
            c.add("framework_bad_classification", f"{path}.code", detail=f"code {g.get('code')} repeats")
        codes.add(str(g.get("code")))
        last, z = i == len(groups) - 1, g.get("min_z")
        if last and z is not None:
            c.add("framework_bad_classification", f"{path}.min_z", detail="the last group's min_z must be null")
        elif not last and _number(z) is None:
            c.add("framework_bad_classification", f"{path}.min_z", detail=f"min_z {z!r} must be a number")
        elif not last:
            zs.append(float(z))
    if any(a <= b for a, b in zip(zs, zs[1:])):
        c.add("framework_bad_classification", "classification.groups", detail=f"min_z {zs} must be strictly descending")
