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
            {"code": "A", "name_th": "ก", "name_en": "A", "weight": 1, "provisional": False,
             "sub_indicators": [
                 {"code": "a1", "name_th": "ก1", "name_en": "a1", "weight": 1, "provisional": False,
                  "actions": [{"th": "ทำ ก1", "en": "do a1"}]},
                 {"code": "a2", "name_th": "ก2", "name_en": "a2", "weight": 3, "provisional": True,
                  "actions": [{"th": "ทำ ก2", "en": "do a2"}]}]},
            {"code": "B", "name_th": "ข", "name_en": "B", "weight": 2, "provisional": False,
             "sub_indicators": [
                 {"code": "b1", "name_th": "ข1", "name_en": "b1", "weight": 1, "provisional": False,
                  "actions": [{"th": "ทำ ข1", "en": "do b1"}]}]},
        ],
        "bands": {"provisional": True, "levels": [
            {"code": "very_high", "min": 80, "name_th": "สูงมาก", "name_en": "Very high"},
            {"code": "high", "min": 60, "name_th": "สูง", "name_en": "High"},
            {"code": "medium", "min": 40, "name_th": "ปานกลาง", "name_en": "Medium"},
            {"code": "low", "min": 0, "name_th": "ต่ำ", "name_en": "Low"}]},
        "maturity": {"provisional": True, "levels": [
            {"level": 1, "name_th": "1", "name_en": "One", "min_overall": 0, "min_pillars": {}},
            {"level": 2, "name_th": "2", "name_en": "Two", "min_overall": 50, "min_pillars": {"A": 60}},
            {"level": 3, "name_th": "3", "name_en": "Three", "min_overall": 55, "min_pillars": {"B": 60}},
            {"level": 4, "name_th": "4", "name_en": "Four", "min_overall": 58, "min_pillars": {}}]},
        "classification": {"provisional": True, "basis": "peer_group", "groups": [
            {"code": "outstanding", "name_th": "โดดเด่น", "name_en": "Outstanding", "min_z": 0.5},
            {"code": "fairly_outstanding", "name_th": "ค่อนข้างโดดเด่น", "name_en": "Fairly outstanding", "min_z": 0.0},
            {"code": "accelerate", "name_th": "ควรเร่งพัฒนา", "name_en": "Should be accelerated", "min_z": None}]},
    }
    d.update(overrides)
    return d
