"""The deterministic demo survey (2561-2566): real names, published counts, calibrated headlines.

Everything the demo is calibrated to lives in data/demo/survey.yaml; this module only draws and
calibrates. The same seed gives the same tables, row for row.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from dgcore import reference, scoring
from dgcore.build import frameworks_table, prune_versions, publish_tables
from dgcore.config import Settings
from dgcore.framework import Framework, load_frameworks

KIND_ORDER = ("department", "provincial", "special_local", "cio_committee")


@dataclass
class DemoInputs:
    config: dict[str, Any]
    frameworks: dict[int, Framework]
    provinces: pd.DataFrame
    ministries: pd.DataFrame
    departments: pd.DataFrame
    types: pd.DataFrame
    kinds: pd.DataFrame
    local: pd.DataFrame


def load_inputs(settings: Settings) -> DemoInputs:
    """Read the demo configuration, frameworks and reference data from the data directory."""
    ref = settings.reference_dir
    with open(settings.data_dir / "demo" / "survey.yaml", encoding="utf-8") as f:
        config = yaml.safe_load(f)
    return DemoInputs(
        config=config,
        frameworks=load_frameworks(settings.framework_dir),
        provinces=reference.provinces(),
        ministries=reference.ministries(ref),
        departments=reference.departments(ref),
        types=reference.agency_types(ref),
        kinds=reference.agency_kinds(ref),
        local=reference.special_local(ref),
    )


# ---------------------------------------------------------------- the registry of units
def agencies_table(inp: DemoInputs) -> pd.DataFrame:
    """Every unit that is surveyed in any demo year."""
    d = inp.departments
    dept_ministry = dict(zip(d["dept_id"], d["ministry_code"]))
    rows = [
        dict(
            agency_id=r.dept_id,
            name_th=r.name_th,
            name_en=r.name_en,
            kind="department",
            ministry_code=r.ministry_code,
            parent_id=None,
            province_code=None,
            type_code=None,
            org_type=r.agency_type,
            is_filler=not r.real,
        )
        for r in d.itertuples()
    ]
    surveyed = inp.provinces[inp.provinces["surveyed"]]
    for t in inp.types.itertuples():
        for p in surveyed.itertuples():
            rows.append(
                dict(
                    agency_id=f"P-{t.type_code}-{p.code}",
                    name_th=f"{t.name_th}{p.name_th}",
                    name_en=f"{t.name_en}, {p.name_en}",
                    kind="provincial",
                    ministry_code=dept_ministry.get(t.parent_dept_id),
                    parent_id=t.parent_dept_id,
                    province_code=p.code,
                    type_code=t.type_code,
                    org_type="government_agency",
                    is_filler=False,
                )
            )
    for p in surveyed.itertuples():
        rows.append(
            dict(
                agency_id=f"CIO-{p.code}",
                name_th=f"คณะกรรมการ CIO จังหวัด{p.name_th}",
                name_en=f"Provincial CIO committee, {p.name_en}",
                kind="cio_committee",
                ministry_code="MOI",
                parent_id=None,
                province_code=p.code,
                type_code=None,
                org_type="committee",
                is_filler=False,
            )
        )
    for r in inp.local.itertuples():
        rows.append(
            dict(
                agency_id=r.agency_id,
                name_th=r.name_th,
                name_en=r.name_en,
                kind="special_local",
                ministry_code=None,
                parent_id=None,
                province_code=r.province_code,
                type_code=None,
                org_type="local_government",
                is_filler=False,
            )
        )
    return pd.DataFrame(rows)


def _rank(ids: list[str], rng: np.random.Generator, tiers: list[set[str]]) -> list[str]:
    """A stable random order of ids, members of earlier tiers first, ids in no tier last."""
    perm = rng.permutation(len(ids))

    def tier(i: str) -> int:
        return next((n for n, t in enumerate(tiers) if i in t), len(tiers))

    return [i for _, i in sorted(zip(perm, ids), key=lambda t: (tier(t[1]), t[0]))]


def _targets_for_kind(
    kind: str,
    year: int,
    n: int,
    inp: DemoInputs,
    agencies: pd.DataFrame,
    dept_order: list[str],
    partial_order: list[str],
) -> list[str]:
    if kind == "department":
        return dept_order[:n]
    if kind == "provincial":
        t = inp.types[(inp.types["first_year"] <= year) & (inp.types["last_year"] >= year)]
        full = t[t["coverage"] == "all"]["type_code"].tolist()
        units = agencies[(agencies["kind"] == "provincial") & agencies["type_code"].isin(full)]
        ids = units["agency_id"].tolist()
        extra = n - len(ids)
        partial = t[t["coverage"] == "partial"]["type_code"].tolist()
        if extra < 0 or (extra > 0 and len(partial) != 1):
            raise ValueError(f"{year}: provincial types cannot make {n} units ({len(ids)} from full types)")
        if extra:
            ids += [f"P-{partial[0]}-{code}" for code in partial_order[:extra]]
        return ids
    ids = agencies[agencies["kind"] == kind]["agency_id"].tolist()
    if len(ids) != n:
        raise ValueError(f"{year}: {kind} needs {n} units, the registry has {len(ids)}")
    return ids


def participation_table(
    inp: DemoInputs, agencies: pd.DataFrame, rng: np.random.Generator, forced: dict[int, set[str]]
) -> pd.DataFrame:
    """Who was targeted, who responded and who withdrew, per year, matching the published counts."""
    d = inp.departments
    must = set(d[d["has_branches"]]["dept_id"]).union(*forced.values())
    dept_order = _rank(d["dept_id"].tolist(), rng, [must, set(d[d["real"]]["dept_id"])])
    partial_order = list(
        inp.provinces[inp.provinces["surveyed"]]["code"].to_numpy()[
            rng.permutation(int(inp.provinces["surveyed"].sum()))
        ]
    )
    propensity = dict(zip(agencies["agency_id"], rng.normal(0, 1, len(agencies))))
    rows = []
    for year, ycfg in sorted(inp.config["years"].items()):
        for kind in KIND_ORDER:
            c = ycfg["counts"].get(kind)
            if not c:
                continue
            ids = _targets_for_kind(kind, year, c["targeted"], inp, agencies, dept_order, partial_order)
            noise = rng.normal(0, 0.7, len(ids))
            order = sorted(
                range(len(ids)), key=lambda i: (ids[i] not in forced.get(year, set()), -(propensity[ids[i]] + noise[i]))
            )
            n_resp, n_wd = c["responded"], c.get("withdrawn", 0)
            for pos, i in enumerate(order):
                status = "responded" if pos < n_resp else ("withdrawn" if pos >= len(ids) - n_wd else "not_responded")
                rows.append(dict(year=year, agency_id=ids[i], kind=kind, status=status))
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- scores
class _Latent:
    """Persistent agency effects, so that an agency stays itself across years."""

    def __init__(self, agencies: pd.DataFrame, n_pillars: int, model: dict, rng: np.random.Generator):
        ids = agencies["agency_id"].tolist()
        self.index = {a: i for i, a in enumerate(ids)}
        self.agency = rng.normal(0, model["agency_sd"], len(ids))
        self.profile = rng.normal(0, model["agency_pillar_sd"], (len(ids), n_pillars))
        # Units of one province share part of their fortune (the province's own push on digital work).
        codes = sorted(agencies["province_code"].dropna().unique())
        push = dict(zip(codes, rng.normal(0, model.get("province_sd", 0.0), len(codes))))
        self.agency += agencies["province_code"].map(push).fillna(0.0).to_numpy()


def _base_matrix(
    ids: list[str],
    kind: str,
    fw: Framework,
    latent: _Latent,
    model: dict,
    sub_offsets: dict[str, float],
    rng: np.random.Generator,
) -> np.ndarray:
    """Uncalibrated sub-indicator scores (agency x sub) centred near zero."""
    pillar_codes = [p.code for p in fw.pillars]
    pidx = np.array([pillar_codes.index(s.pillar) for s in fw.subs])
    rows = np.array([latent.index[a] for a in ids])
    scale = float(model["kind_scale"].get(kind, 1.0))
    offsets = np.array([float(model["pillar_offsets"].get(s.pillar, 0.0)) for s in fw.subs])
    yearly = rng.normal(0, model["agency_year_sd"], (len(ids), 1))
    noise = rng.normal(0, model["sub_sd"], (len(ids), len(fw.subs)))
    person = latent.agency[rows][:, None] + latent.profile[rows][:, pidx] + yearly + noise
    return offsets + np.array([sub_offsets[s.code] for s in fw.subs]) + scale * person


def _scored(x: np.ndarray) -> np.ndarray:
    return np.clip(x, 0, 100).round(2)


def _pillar_means(x: np.ndarray, fw: Framework) -> dict[str, float]:
    wide = pd.DataFrame(x, columns=fw.sub_codes)
    return scoring.pillar_matrix(wide, fw).mean().to_dict()


def _overall_mean(x: np.ndarray, fw: Framework) -> float:
    wide = pd.DataFrame(x, columns=fw.sub_codes)
    return float(scoring.overall_vector(scoring.pillar_matrix(wide, fw), fw).mean())


def _bisect(f, target: float, lo: float = -150.0, hi: float = 150.0) -> float:
    """Shift s with f(s) == target for a non-decreasing f."""
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if f(mid) < target else (lo, mid)
    return (lo + hi) / 2


def calibrate(base: np.ndarray, fw: Framework, target: dict, pinned: dict[int, np.ndarray] | None = None) -> np.ndarray:
    """Shift pillars so pillar targets hold, then the rest so the overall mean hits its target.

    Rows in `pinned` keep the given scores (a reproduced letter) and are not shifted."""
    pillar_of = np.array([s.pillar for s in fw.subs])
    shift = np.zeros(len(fw.subs))
    fixed = {str(k): float(v) for k, v in (target.get("pillars") or {}).items()}

    def apply(sh: np.ndarray) -> np.ndarray:
        x = _scored(base + sh)
        for row, subs in (pinned or {}).items():
            x[row] = subs
        return x

    for code, value in fixed.items():
        cols = pillar_of == code
        shift[cols] = _bisect(lambda s: _pillar_means(apply(np.where(cols, s, shift)), fw)[code], value)  # noqa: B023
    rest = ~np.isin(pillar_of, list(fixed))
    shift[rest] = _bisect(lambda s: _overall_mean(apply(np.where(rest, s, shift)), fw), float(target["overall"]))
    return apply(shift)


def _letter_scores(x: np.ndarray, row: int, fw: Framework, letter: dict) -> np.ndarray:
    """Sub-indicator scores for one agency that reproduce a published letter against its peers."""
    mean, sd = x.mean(axis=0), x.std(axis=0, ddof=1)
    w = np.array([fw.overall_weights()[c] for c in fw.sub_codes])
    k = np.zeros(len(fw.subs))
    acc = np.ones(len(fw.subs), bool)
    for code, z in [(c, 0.9) for c in letter["outstanding"]] + [(c, 0.2) for c in letter["fairly_outstanding"]]:
        i = fw.sub_codes.index(code)
        k[i], acc[i] = z, False
    spread = np.linspace(0.2, 1.0, acc.sum())  # how far below the peers each weak sub-indicator sits
    d = np.zeros(len(fw.subs))
    d[acc] = spread
    fixed = w @ (mean + np.where(acc, -0.3, k) * sd)
    alpha = (fixed - float(letter["overall"])) / (w @ (d * sd))
    subs = mean + np.where(acc, -0.3 - alpha * d, k) * sd
    subs = subs.round(2)
    j = int(np.argmax(np.where(acc, w, 0)))  # absorb rounding in the heaviest weak sub-indicator
    subs[j] = round(subs[j] + (float(letter["overall"]) - w @ subs) / w[j], 2)
    if subs.min() < 0 or subs.max() > 100 or alpha < 0:
        raise ValueError(f"letter {letter['agency_name_th']} cannot be reproduced with these peers")
    return subs


def _letter_holds(x: np.ndarray, row: int, fw: Framework, letter: dict) -> bool:
    stats = scoring.peer_stats(pd.DataFrame(x, columns=fw.sub_codes).melt(var_name="sub_code", value_name="score"))
    groups = scoring.classify(dict(zip(fw.sub_codes, x[row])), stats, fw)
    want = {c: "outstanding" for c in letter["outstanding"]} | {
        c: "fairly_outstanding" for c in letter["fairly_outstanding"]
    }
    overall = scoring.score_one(dict(zip(fw.sub_codes, x[row])), fw)["overall"]
    return round(overall, 2) == round(float(letter["overall"]), 2) and all(
        groups[c] == want.get(c, "accelerate") for c in fw.sub_codes
    )


def scores_table(inp: DemoInputs, part: pd.DataFrame, agencies: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Sub-indicator scores of every responding unit, calibrated year by year and kind by kind."""
    model = inp.config["model"]
    any_fw = next(iter(inp.frameworks.values()))
    latent = _Latent(agencies, len(any_fw.pillars), model, rng)
    # Every code of any year keeps one offset (2562 has a 17th sub-indicator); the codes of the
    # first framework come first so that its draws stay what they were.
    codes = list(dict.fromkeys(c for f in [any_fw, *inp.frameworks.values()] for c in f.sub_codes))
    sub_offsets = dict(zip(codes, rng.normal(0, model["sub_offset_sd"], len(codes))))
    name_to_id = dict(zip(agencies["name_th"], agencies["agency_id"]))
    for letter in inp.config.get("letters", []):
        # Give a letter's agency a persistent effect that matches its letter, so its other years agree.
        i = latent.index[name_to_id[letter["agency_name_th"]]]
        peers = inp.config["years"][letter["year"]]["targets"]["department"]["overall"]
        latent.agency[i], latent.profile[i] = float(letter["overall"]) - float(peers), 0.0
    out = []
    for year, ycfg in sorted(inp.config["years"].items()):
        fw = inp.frameworks[year]
        for kind in KIND_ORDER:
            if kind not in ycfg["targets"]:
                continue
            ids = part[(part["year"] == year) & (part["kind"] == kind) & (part["status"] == "responded")][
                "agency_id"
            ].tolist()
            base = _base_matrix(ids, kind, fw, latent, model, sub_offsets, rng)
            x = calibrate(base, fw, ycfg["targets"][kind])
            for letter in inp.config.get("letters", []):
                aid = name_to_id.get(letter["agency_name_th"])
                if letter["year"] == year and aid in ids:
                    x = _reproduce_letter(x, base, ids.index(aid), fw, ycfg["targets"][kind], letter)
            long = pd.DataFrame(x, columns=fw.sub_codes).assign(agency_id=ids)
            out.append(long.melt(id_vars="agency_id", var_name="sub_code", value_name="score").assign(year=year))
    return pd.concat(out, ignore_index=True)[["year", "agency_id", "sub_code", "score"]]


def _reproduce_letter(
    x: np.ndarray, base: np.ndarray, row: int, fw: Framework, target: dict, letter: dict
) -> np.ndarray:
    for _ in range(6):
        x = calibrate(base, fw, target, pinned={row: _letter_scores(x, row, fw, letter)})
        if _letter_holds(x, row, fw, letter):
            return x
    raise ValueError(f"could not reproduce the letter of {letter['agency_name_th']} {letter['year']}")


# ---------------------------------------------------------------- assembling the database
def _years_table(inp: DemoInputs) -> pd.DataFrame:
    rows = []
    for year, y in sorted(inp.config["years"].items()):
        as_of = y["data_as_of"]
        rows.append(
            dict(
                year=int(year),
                data_as_of=as_of if isinstance(as_of, dt.date) else dt.date.fromisoformat(str(as_of)),
                is_demo=True,
                note_th=y.get("note_th", ""),
                note_en=y.get("note_en", ""),
            )
        )
    return pd.DataFrame(rows)


def _derived_tables(
    scores: pd.DataFrame, part: pd.DataFrame, frameworks: dict[int, Framework]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    pillars, overall = [], []
    kinds = part.set_index(["year", "agency_id"])["kind"]
    for year, rows in scores.groupby("year"):
        p, o = scoring.score_agencies(rows, frameworks[int(year)])
        pillars.append(p.assign(year=int(year)))
        o = o.assign(year=int(year))
        o["kind"] = [kinds[(int(year), a)] for a in o["agency_id"]]
        overall.append(o)
    pcols = ["year", "agency_id", "pillar_code", "score"]
    ocols = ["year", "agency_id", "kind", "overall", "band", "maturity"]
    return pd.concat(pillars)[pcols], pd.concat(overall)[ocols]


def demo_tables(inp: DemoInputs) -> dict[str, pd.DataFrame]:
    """All tables of the demo results database."""
    rng = np.random.default_rng(int(inp.config["seed"]))
    agencies = agencies_table(inp)
    name_to_id = dict(zip(agencies["name_th"], agencies["agency_id"]))
    forced: dict[int, set[str]] = {}
    for letter in inp.config.get("letters", []):
        forced.setdefault(int(letter["year"]), set()).add(name_to_id[letter["agency_name_th"]])
    part = participation_table(inp, agencies, rng, forced)
    scores = scores_table(inp, part, agencies, rng)
    pillars, overall = _derived_tables(scores, part, inp.frameworks)
    meta = pd.DataFrame(
        [
            ("source", "demo"),
            ("is_demo", "true"),
            ("label_th", inp.config["label_th"]),
            ("label_en", inp.config["label_en"]),
            ("seed", str(inp.config["seed"])),
        ],
        columns=["key", "value"],
    )
    return {
        "meta": meta,
        "years": _years_table(inp),
        "frameworks": frameworks_table(inp.frameworks),
        "provinces": inp.provinces,
        "ministries": inp.ministries,
        "agency_kinds": inp.kinds,
        "agency_types": inp.types,
        "agencies": agencies[agencies["agency_id"].isin(part["agency_id"])],
        "participation": part,
        "sub_scores": scores,
        "pillar_scores": pillars,
        "overall_scores": overall,
    }


def build_demo(settings: Settings, keep_versions: int = 3) -> Path:
    """Build the demo survey as a new results version and make it current."""
    inputs = load_inputs(settings)
    tables = demo_tables(inputs)
    path = publish_tables(settings.results_dir, tables, "demo")
    prune_versions(settings.results_dir, keep_versions, "*-demo.duckdb")
    write_demo_accounts(settings, tables["agencies"], int(inputs.config["seed"]))
    return path


# ---------------------------------------------------------------- demo accounts
DEMO_ACCOUNTS = (  # role, how to find the scope, a note for the README
    ("agency", "name_th:สำนักงานตำรวจแห่งชาติ"),
    ("agency", "agency_id:P-LAND-50"),
    ("agency", "agency_id:L-BMA"),
    ("agency", "agency_id:CIO-50"),
    ("province", "province:50"),
    ("department", "name_th:กรมที่ดิน"),
    ("presenter", ""),
    ("staff", ""),
    ("admin", ""),
)


def demo_accounts(agencies: pd.DataFrame, seed: int) -> pd.DataFrame:
    """One account per demo role (username, password, role, scope), deterministic for the seed."""
    import random

    from dgcore.accounts.auth import new_password
    from dgcore.accounts.credentials import new_username

    rng = random.Random(seed)
    rows = []
    for role, spec in DEMO_ACCOUNTS:
        scope = ""
        if spec:
            field, value = spec.split(":", 1)
            if field == "province":
                scope = value
            else:
                match = agencies[agencies[field] == value]
                if match.empty:
                    raise ValueError(f"demo account {role}: no unit with {field} = {value}")
                scope = str(match["agency_id"].iloc[0])
        rows.append(dict(username=new_username(rng), password=new_password(rng, 8), role=role, scope=scope))
    return pd.DataFrame(rows)


def write_demo_accounts(settings: Settings, agencies: pd.DataFrame, seed: int) -> Path:
    """data/demo_accounts.csv (git-ignored) and the same accounts, hashed, in the account store."""
    import time

    from dgcore.accounts.auth import LoginPolicy, check_password, hash_password
    from dgcore.accounts.postgres import open_account_store
    from dgcore.accounts.store import Account

    accounts = demo_accounts(agencies, seed)
    path = settings.data_dir / "demo_accounts.csv"
    accounts.to_csv(path, index=False, encoding="utf-8")
    os.chmod(path, 0o600)
    store, cost, now = (
        open_account_store(settings.accounts_path),
        LoginPolicy.from_dict(settings.login).bcrypt_cost,
        time.time(),
    )
    names = dict(zip(agencies["agency_id"], agencies["name_th"]))
    for r in accounts.itertuples():
        have = store.get_account(r.username)
        if (
            have
            and have.role == r.role
            and (have.scope_id or "") == r.scope
            and check_password(r.password, have.password_hash)
        ):
            continue  # rebuilding the demo keeps its accounts and their sessions
        store.upsert_account(
            Account(
                username=r.username,
                password_hash=hash_password(r.password, cost),
                role=r.role,
                scope_id=r.scope or None,
                display_name=names.get(r.scope, r.scope or r.role),
                created_at=now,
                password_changed_at=now,
            )
        )
    return path
