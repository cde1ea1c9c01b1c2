"""What an actor may see, computed from the registry independently of the app's SQL, and a fast scan
of any text (rendered page, download, document) for the names and ids of units outside it.

"May see" follows docs/product.md: every signed-in person sees aggregates, whose labels are public
(provinces, ministries, agency kinds and types, and the departments with provincial branches, which
name an aggregate of their branches and a provincial unit's parent). A unit's own name next to its
own figures is what must never reach someone outside its scope, so the scanner looks for the names
(Thai and English) and the ids of every unit outside the allowed set that is not a public label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from dgcore.access import Actor

ID_RE = re.compile(r"(?<![A-Za-z0-9_-])(D\d{3}|P-[A-Z]{2,8}-\d{2}|CIO-\d{2}|L-[A-Z]{3})(?![A-Za-z0-9_-])")
NUMBERS = re.compile(r"[0-9\s.,\[\]eE+\-]{16,}")  # map coordinates and number arrays: no names in there
# A picture inlined as base64 (the Briefing slide's map): binary, not text; a run of base64 can spell an
# id by chance ("/D008/"). What the picture shows is checked from the figure it was drawn from.
INLINE_IMAGES = re.compile(r"data:image/[a-z+]+;base64,[A-Za-z0-9+/=]+")
PREFIX = 5
# The rank channel: a rank, a ranking or a percentile, in English or Thai. Where the rank policy
# (dgcore.access.may_see_ranks) hides ranks from an actor, none of these may reach it.
RANK = re.compile(r"\b[Rr]ank(?:s|ed|ing)?\b|อันดับ|\bpercentile\b|เปอร์เซ็นไทล์")
# DGA is itself a surveyed unit (D173) and the sender of every letter and report: its name is public
ISSUER = ("สำนักงานพัฒนารัฐบาลดิจิทัล (องค์การมหาชน)", "Digital Government Development Agency")


def registry(db) -> pd.DataFrame:
    return db.query("SELECT agency_id, name_th, name_en, kind, province_code, parent_id FROM agencies")


def allowed(reg: pd.DataFrame, actor: Actor | None) -> set[str]:
    """The units an actor may see one by one (docs/product.md's role table), from the registry alone.
    Nobody signed in, and the public page's anonymous visitor (role "public"), may see no unit at all:
    aggregates only, their labels public."""
    if actor is None or actor.role == "public":
        return set()
    if actor.role not in ("agency", "province", "department", "staff", "presenter", "admin"):
        return set()
    if actor.role in ("staff", "presenter", "admin"):
        return set(reg["agency_id"])
    if actor.role == "agency":
        return {actor.scope_id}
    if actor.role == "province":
        return set(reg[reg["province_code"] == actor.scope_id]["agency_id"])
    return set(reg[(reg["agency_id"] == actor.scope_id) | (reg["parent_id"] == actor.scope_id)]["agency_id"])


def province_units(reg: pd.DataFrame, code: str | None) -> set[str]:
    """The units a briefing for one province's audience may name."""
    return set(reg[reg["province_code"] == code]["agency_id"]) if code else set()


def public_labels(db) -> set[str]:
    """Names that label aggregates (and parents), shown to everyone signed in."""
    labels: set[str] = set(ISSUER)
    for sql in (
        "SELECT name_th, name_en FROM provinces",
        "SELECT name_th, name_en FROM ministries",
        "SELECT name_th, name_en FROM agency_kinds",
        "SELECT name_th, name_en FROM agency_types",
        "SELECT name_th, name_en FROM agencies WHERE agency_id IN (SELECT parent_id FROM agencies)",
    ):
        for row in db.query(sql).itertuples(index=False):
            labels.update(str(v) for v in row if isinstance(v, str) and v)
    return labels


@dataclass
class Scanner:
    """Finds names and ids of units outside `may` in a text; fast enough for every rendered page."""

    names: dict[str, list[tuple[str, str]]]  # first PREFIX characters -> [(name, agency_id)]
    ids: set[str]  # forbidden ids
    ranks: bool = True  # False: a rank word (RANK) is a leak too (the rank policy hides ranks here)

    @classmethod
    def build(cls, reg: pd.DataFrame, may: set[str], public: set[str], ranks: bool = True) -> Scanner:
        ok_text = (
            " | ".join(public)
            + " | "
            + " | ".join(
                pd.concat([reg[reg["agency_id"].isin(may)]["name_th"], reg[reg["agency_id"].isin(may)]["name_en"]])
            )
        )
        names: dict[str, list[tuple[str, str]]] = {}
        ids = set()
        for r in reg[~reg["agency_id"].isin(may)].itertuples():
            if r.agency_id in public_parent_ids(reg):
                continue
            ids.add(r.agency_id)
            for name in (r.name_th, r.name_en):
                if isinstance(name, str) and len(name) >= PREFIX and name not in ok_text:
                    names.setdefault(name[:PREFIX], []).append((name, r.agency_id))
        return cls(names, ids, ranks)

    def leaks(self, text: str) -> list[str]:
        """Forbidden names and ids found in text (sorted, unique)."""
        text = NUMBERS.sub(" ", INLINE_IMAGES.sub(" ", text))
        found = {m for m in ID_RE.findall(text) if m in self.ids}
        if not self.ranks:
            found.update(f"rank: {m}" for m in RANK.findall(text))
        names = self.names
        for i in range(len(text) - PREFIX + 1):
            hits = names.get(text[i : i + PREFIX])
            if hits:
                found.update(f"{n} ({a})" for n, a in hits if text.startswith(n, i))
        return sorted(found)


_PARENTS: dict[int, set[str]] = {}


def public_parent_ids(reg: pd.DataFrame) -> set[str]:
    key = id(reg)
    if key not in _PARENTS:
        _PARENTS[key] = set(reg["parent_id"].dropna())
    return _PARENTS[key]


def scanner_for(db, actor: Actor | None, may: set[str] | None = None, ranks: bool = True) -> Scanner:
    """The scanner for what `actor` may see (or for an explicit set, e.g. a briefing audience); with
    ranks=False a rank is a leak as well."""
    reg = registry(db)
    return Scanner.build(reg, allowed(reg, actor) if may is None else may, public_labels(db), ranks)
