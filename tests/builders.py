"""Small builders for tests: frameworks and result tables written to real DuckDB files."""

from __future__ import annotations

from typing import Any


def framework_dict(year: int = 2599, **overrides: Any) -> dict[str, Any]:
    """A two-pillar framework with unequal weights, for hand-worked examples.

    Pillar A (weight 1): a1 (weight 1), a2 (weight 3). Pillar B (weight 2): b1.
    """
    d = {
        "year": year,
        "pillars": [
            {
                "code": "A",
                "name_th": "ก",
                "name_en": "A",
                "weight": 1,
                "provisional": False,
                "sub_indicators": [
                    {
                        "code": "a1",
                        "name_th": "ก1",
                        "name_en": "a1",
                        "weight": 1,
                        "provisional": False,
                        "actions": [{"th": "ทำ ก1", "en": "do a1"}],
                    },
                    {
                        "code": "a2",
                        "name_th": "ก2",
                        "name_en": "a2",
                        "weight": 3,
                        "provisional": True,
                        "actions": [{"th": "ทำ ก2", "en": "do a2"}],
                    },
                ],
            },
            {
                "code": "B",
                "name_th": "ข",
                "name_en": "B",
                "weight": 2,
                "provisional": False,
                "sub_indicators": [
                    {
                        "code": "b1",
                        "name_th": "ข1",
                        "name_en": "b1",
                        "weight": 1,
                        "provisional": False,
                        "actions": [{"th": "ทำ ข1", "en": "do b1"}],
                    }
                ],
            },
        ],
        "bands": {
            "provisional": True,
            "levels": [
                {"code": "very_high", "min": 80, "name_th": "สูงมาก", "name_en": "Very high"},
                {"code": "high", "min": 60, "name_th": "สูง", "name_en": "High"},
                {"code": "medium", "min": 40, "name_th": "ปานกลาง", "name_en": "Medium"},
                {"code": "low", "min": 0, "name_th": "ต่ำ", "name_en": "Low"},
            ],
        },
        "maturity": {
            "provisional": True,
            "levels": [
                {"level": 1, "name_th": "1", "name_en": "One", "min_overall": 0, "min_pillars": {}},
                {"level": 2, "name_th": "2", "name_en": "Two", "min_overall": 50, "min_pillars": {"A": 60}},
                {"level": 3, "name_th": "3", "name_en": "Three", "min_overall": 55, "min_pillars": {"B": 60}},
                {"level": 4, "name_th": "4", "name_en": "Four", "min_overall": 58, "min_pillars": {}},
            ],
        },
        "classification": {
            "provisional": True,
            "basis": "peer_group",
            "groups": [
                {"code": "outstanding", "name_th": "โดดเด่น", "name_en": "Outstanding", "min_z": 0.5},
                {
                    "code": "fairly_outstanding",
                    "name_th": "ค่อนข้างโดดเด่น",
                    "name_en": "Fairly outstanding",
                    "min_z": 0.0,
                },
                {"code": "accelerate", "name_th": "ควรเร่งพัฒนา", "name_en": "Should be accelerated", "min_z": None},
            ],
        },
    }
    d.update(overrides)
    return d


def hand_tables() -> dict[str, Any]:
    """A complete, tiny results database (every dgcore.build.TABLES table) with round numbers to check by hand.

    Years 2598 and 2599 (framework_dict). Departments D1, D2 (ministry M1) and D3 (M2); provincial land
    offices P1 (province 50), P2 (57), P3 (50), branches of D1; a CIO committee C50 in 2599 only.
    """
    import datetime as dt
    import json

    import pandas as pd

    ag = [
        ("D1", "department", "M1", None, None, None),
        ("D2", "department", "M1", None, None, None),
        ("D3", "department", "M2", None, None, None),
        ("P1", "provincial", None, "D1", "50", "LAND"),
        ("P2", "provincial", None, "D1", "57", "LAND"),
        ("P3", "provincial", None, "D1", "50", "LAND"),
        ("C50", "cio_committee", None, None, "50", None),
    ]
    part = [
        (2598, "D1", "responded"),
        (2598, "D2", "responded"),
        (2598, "D3", "not_responded"),
        (2598, "P1", "responded"),
        (2598, "P2", "responded"),
        (2598, "P3", "withdrawn"),
        (2599, "D1", "responded"),
        (2599, "D2", "responded"),
        (2599, "D3", "responded"),
        (2599, "P1", "responded"),
        (2599, "P2", "not_responded"),
        (2599, "C50", "responded"),
    ]
    kind = {a[0]: a[1] for a in ag}
    # (year, agency) -> a1, a2, b1 sub scores; pillar A = (a1 + 3 a2) / 4, B = b1; overall = (A + 2 B) / 3
    subs = {
        (2598, "D1"): (40, 60, 60),
        (2598, "D2"): (80, 80, 70),
        (2598, "P1"): (20, 40, 50),
        (2598, "P2"): (60, 40, 30),
        (2599, "D1"): (50, 70, 70),
        (2599, "D2"): (90, 90, 80),
        (2599, "D3"): (30, 30, 40),
        (2599, "P1"): (40, 40, 60),
        (2599, "C50"): (70, 50, 90),
    }
    sub_rows, pil_rows, ov_rows = [], [], []
    for (y, a), (a1, a2, b1) in subs.items():
        sub_rows += [(y, a, "a1", float(a1)), (y, a, "a2", float(a2)), (y, a, "b1", float(b1))]
        pa, pb = (a1 + 3 * a2) / 4, float(b1)
        pil_rows += [(y, a, "A", pa), (y, a, "B", pb)]
        ov = (pa + 2 * pb) / 3
        ov_rows.append((y, a, kind[a], ov, "high" if ov >= 60 else "medium" if ov >= 40 else "low", 1 + int(ov >= 50)))
    return {
        "meta": pd.DataFrame({"key": ["source", "is_demo"], "value": ["hand", "false"]}),
        "years": pd.DataFrame(
            {
                "year": [2598, 2599],
                "data_as_of": [dt.date(2055, 9, 1), dt.date(2056, 9, 1)],
                "is_demo": [False, False],
                "note_th": ["", ""],
                "note_en": ["", ""],
            }
        ),
        "frameworks": pd.DataFrame(
            {"year": [2598, 2599], "body": [json.dumps(framework_dict(y)) for y in (2598, 2599)]}
        ),
        "provinces": pd.DataFrame(
            {
                "code": ["10", "50", "57"],
                "name_th": ["กรุงเทพ", "เชียงใหม่", "เชียงราย"],
                "name_en": ["Bangkok", "Chiang Mai", "Chiang Rai"],
                "surveyed": [False, True, True],
            }
        ),
        "ministries": pd.DataFrame(
            {
                "ministry_code": ["M1", "M2"],
                "name_th": ["ก1", "ก2"],
                "name_en": ["M one", "M two"],
                "short_en": ["M1", "M2"],
            }
        ),
        "agency_kinds": pd.DataFrame(
            {
                "kind": ["department", "provincial", "cio_committee"],
                "name_th": ["กรม", "จังหวัด", "คณะ"],
                "name_en": ["Dept", "Prov", "CIO"],
                "short_th": ["กรม", "จว", "คณะ"],
                "short_en": ["D", "P", "C"],
                "first_year": ["", "", ""],
                "last_year": ["", "", ""],
                "sort": [1, 2, 3],
            }
        ),
        "agency_types": pd.DataFrame(
            {
                "type_code": ["LAND"],
                "name_th": ["ที่ดิน"],
                "name_en": ["Land"],
                "parent_dept_id": ["D1"],
                "first_year": [2598],
                "last_year": [2599],
                "coverage": ["all"],
            }
        ),
        "agencies": pd.DataFrame(
            [
                {
                    "agency_id": a,
                    "name_th": f"หน่วย {a}",
                    "name_en": f"Unit {a}",
                    "kind": k,
                    "ministry_code": m,
                    "parent_id": p,
                    "province_code": pr,
                    "type_code": t,
                    "org_type": "gov",
                    "is_filler": False,
                }
                for a, k, m, p, pr, t in ag
            ]
        ),
        "participation": pd.DataFrame([{"year": y, "agency_id": a, "kind": kind[a], "status": s} for y, a, s in part]),
        "sub_scores": pd.DataFrame(sub_rows, columns=["year", "agency_id", "sub_code", "score"]),
        "pillar_scores": pd.DataFrame(pil_rows, columns=["year", "agency_id", "pillar_code", "score"]),
        "overall_scores": pd.DataFrame(ov_rows, columns=["year", "agency_id", "kind", "overall", "band", "maturity"]),
    }
