"""Checks data/geo/provinces.geojson (province boundaries for the choropleth map).

The file is derived by scripts/derive_province_geojson.py; see data/geo/PROVENANCE.md.
"""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from pathlib import Path

import geothai
import pytest

GEOJSON = Path(__file__).resolve().parents[2] / "data" / "geo" / "provinces.geojson"
MAX_BYTES = 400 * 1024
# Thailand's bounding box, generously rounded (lon 97.3-105.7, lat 5.6-20.5).
LON_MIN, LON_MAX, LAT_MIN, LAT_MAX = 97.0, 106.0, 5.0, 21.0


def _geothai_provinces() -> dict[str, tuple[str, str]]:
    """{DOPA code: (name_th, name_en)} from geothai.provinces() (77 Province objects)."""
    return {p.code: (p.name_th, p.name_en) for p in geothai.provinces()}


@pytest.fixture(scope="module")
def collection() -> dict:
    return json.loads(GEOJSON.read_text(encoding="utf-8"))


def _polygons(geometry: dict) -> list:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return geometry["coordinates"]


def _signed_area(ring: list) -> float:
    return sum(ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1] for i in range(len(ring) - 1)) / 2


def test_file_is_small() -> None:
    assert GEOJSON.stat().st_size < MAX_BYTES


def test_loads_as_feature_collection(collection: dict) -> None:
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == 77


def test_geothai_has_77_provinces() -> None:
    codes = _geothai_provinces()
    assert len(codes) == 77
    assert codes["10"][1] == "Bangkok"
    assert codes["38"][1] == "Bueng Kan"


def test_codes_unique_and_match_geothai(collection: dict) -> None:
    codes = [f["properties"]["code"] for f in collection["features"]]
    assert len(codes) == len(set(codes))
    assert set(codes) == set(_geothai_provinces())


def test_properties_and_id(collection: dict) -> None:
    provinces = _geothai_provinces()
    for f in collection["features"]:
        props = f["properties"]
        code = props["code"]
        assert isinstance(code, str) and len(code) == 2 and code.isdigit()
        assert f["id"] == code
        assert (props["name_th"], props["name_en"]) == provinces[code]


def test_geometries_valid_and_inside_thailand(collection: dict) -> None:
    for f in collection["features"]:
        geometry = f["geometry"]
        assert geometry["type"] in ("Polygon", "MultiPolygon"), f["id"]
        polygons = _polygons(geometry)
        assert polygons, f["id"]
        for polygon in polygons:
            assert polygon, f["id"]
            for i, ring in enumerate(polygon):
                assert len(ring) >= 4, f["id"]
                assert ring[0] == ring[-1], f"{f['id']}: ring not closed"
                for lon, lat in ring:
                    assert LON_MIN <= lon <= LON_MAX and LAT_MIN <= lat <= LAT_MAX, (f["id"], lon, lat)
                area = _signed_area(ring)
                assert area != 0, f["id"]
                # Exterior clockwise, holes counter-clockwise (Natural Earth / d3-geo winding,
                # which go.Choropleth needs; MapLibre in go.Choroplethmap fills either).
                assert (area < 0) == (i == 0), f"{f['id']}: ring {i} wound the wrong way"


def test_no_crossing_edges(collection: dict) -> None:
    """No ring crosses itself or another province's ring (shared borders coincide exactly)."""
    segments = []
    for f in collection["features"]:
        for polygon in _polygons(f["geometry"]):
            for ring in polygon:
                for a, b in zip(ring, ring[1:]):
                    segments.append((tuple(a), tuple(b), f["id"]))

    cell = 0.05
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    for k, (a, b, _) in enumerate(segments):
        for gx in range(int(min(a[0], b[0]) // cell), int(max(a[0], b[0]) // cell) + 1):
            for gy in range(int(min(a[1], b[1]) // cell), int(max(a[1], b[1]) // cell) + 1):
                grid[(gx, gy)].append(k)

    def orient(p, q, r) -> int:
        v = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
        return (v > 0) - (v < 0)

    def within(p, q, r) -> bool:
        return min(p[0], r[0]) <= q[0] <= max(p[0], r[0]) and min(p[1], r[1]) <= q[1] <= max(p[1], r[1])

    bad = set()
    for members in grid.values():
        for i, j in itertools.combinations(members, 2):
            a, b, fa = segments[i]
            c, d, fb = segments[j]
            if {a, b} == {c, d}:
                continue  # the same border edge seen from both provinces
            o1, o2, o3, o4 = orient(a, b, c), orient(a, b, d), orient(c, d, a), orient(c, d, b)
            shared = {a, b} & {c, d}
            if shared:
                s = shared.pop()
                p = a if b == s else b
                q = c if d == s else d
                overlap = o1 == 0 and o2 == 0 and (p[0] - s[0]) * (q[0] - s[0]) + (p[1] - s[1]) * (q[1] - s[1]) > 0
                if overlap:
                    bad.add((fa, fb, a, b, c, d))
                continue
            if (o1 != o2 and o3 != o4) or any(
                o == 0 and within(*t) for o, t in ((o1, (a, c, b)), (o2, (a, d, b)), (o3, (c, a, d)), (o4, (c, b, d)))
            ):
                bad.add((fa, fb, a, b, c, d))
    assert not bad, sorted(bad)[:5]


def test_the_browser_gets_the_same_boundaries_as_the_documents():
    """static/provinces.geojson is what Streamlit serves to the browser (ui.loaders.GEOJSON_URL); the
    documents and the deck read data/geo. They must be the same bytes."""
    served = Path(__file__).resolve().parents[2] / "static" / "provinces.geojson"
    assert served.read_bytes() == GEOJSON.read_bytes(), "copy data/geo/provinces.geojson to static/"
