"""The province map of a printed document drawn straight from its boundaries with Pillow, without a
browser: a plotly choropleth map (dgcore.charts.fig_province_map) becomes a PNG of the whole country,
provinces filled as plotly fills them (its colour scale, zmin/zmax, edge colour) and the horizontal
colour bar under it. Rendering the same figure through chromium took seconds (starting the browser,
then MapLibre), which the briefing deck paid on its first download; this takes a fraction of one.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from dgcore.documents.render import sarabun_dir

SUPERSAMPLE = 2  # drawn at twice the size, then reduced: smooth edges without an anti-aliasing renderer
TEXT = (27, 27, 27)
BAR_EDGE = (68, 68, 68)


def _rgb(colour: str) -> tuple[int, int, int]:
    """'rgb(8,48,107)' or '#0b3d91' -> (r, g, b)."""
    c = colour.strip()
    if c.startswith("#"):
        return tuple(int(c[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]
    r, g, b = (int(float(v)) for v in c[c.index("(") + 1 : c.index(")")].split(",")[:3])
    return r, g, b


def colour_at(scale: list, t: float) -> tuple[int, int, int]:
    """The colour of a plotly colour scale at t in [0, 1], interpolated in RGB as plotly does."""
    t = min(1.0, max(0.0, t))
    stops = [(float(p), _rgb(c)) for p, c in scale]
    for (p0, c0), (p1, c1) in zip(stops, stops[1:]):
        if t <= p1:
            f = 0.0 if p1 == p0 else (t - p0) / (p1 - p0)
            return tuple(round(a + (b - a) * f) for a, b in zip(c0, c1))  # type: ignore[return-value]
    return stops[-1][1]


def nice_ticks(lo: float, hi: float, most: int = 5) -> list[float]:
    """Round tick values inside [lo, hi], at most `most` of them (steps of 1, 2, 2.5 or 5 x 10^k)."""
    if not hi > lo:
        return [lo]
    raw = (hi - lo) / max(1, most - 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.ceil(lo / step) * step
    return [first + i * step for i in range(int((hi - first) / step + 1e-9) + 1)]


def _rings(geometry: dict) -> Iterator[list]:
    """The outer ring of every polygon of a Polygon or MultiPolygon (the boundaries have no holes)."""
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    for polygon in polygons:
        yield polygon[0]


def _mercator(lon: float, lat: float) -> tuple[float, float]:
    """Web Mercator, as the browser's map projects: x east, y south."""
    return math.radians(lon), -math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _layers(fig: Any) -> list[dict]:
    """Each choropleth trace as: features by id, their fill colours, edge colour and width, colour bar."""
    out = []
    for trace in fig.to_plotly_json()["data"]:
        if trace.get("type") not in ("choroplethmap", "choroplethmapbox", "choropleth"):
            continue
        key = str(trace.get("featureidkey", "properties.code")).split(".")[-1]
        features = {str(f["properties"][key]): f["geometry"] for f in trace["geojson"]["features"]}
        z = [float(v) for v in trace["z"]]
        lo = float(trace.get("zmin", min(z)))
        hi = float(trace.get("zmax", max(z)))
        scale = trace["colorscale"]
        fills = {
            str(c): colour_at(scale, 0.0 if hi == lo else (v - lo) / (hi - lo)) for c, v in zip(trace["locations"], z)
        }
        line = (trace.get("marker") or {}).get("line") or {}
        bar = None if trace.get("showscale") is False else (scale, lo, hi, trace.get("colorbar") or {})
        out.append(
            dict(
                features=features,
                fills=fills,
                edge=_rgb(line.get("color", "#6e6e6e")),
                width=float(line.get("width", 0.6)),
                bar=bar,
            )
        )
    return out


def _fit(rings: list[list[tuple[float, float]]], w: float, h: float, x0: float, y0: float) -> Any:
    """A function placing projected points so that all rings fit in the w x h box at (x0, y0), centred."""
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    k = min(w / (max(xs) - min(xs)), h / (max(ys) - min(ys)))
    ox = x0 + (w - k * (max(xs) - min(xs))) / 2 - k * min(xs)
    oy = y0 + (h - k * (max(ys) - min(ys))) / 2 - k * min(ys)
    return lambda p: (ox + k * p[0], oy + k * p[1])


def _tick_label(v: float, step: float) -> str:
    return f"{v:.0f}" if float(step).is_integer() else f"{v:.1f}"


def _colour_bar(img: Image.Image, bar: tuple, s: float, top: float) -> None:
    """The horizontal colour bar at y = top: a gradient box, its edge, and round tick values under it."""
    scale, lo, hi, opts = bar
    draw = ImageDraw.Draw(img)
    size = float((opts.get("tickfont") or {}).get("size", 12)) * s
    thick = float(opts.get("thickness", 30)) * s
    length = float(opts.get("len", 1.0)) * img.width
    x0 = max(s, float(opts.get("x", 0.0)) * img.width)
    x1 = min(img.width - s, x0 + length)
    for x in range(round(x0), round(x1)):
        draw.line([(x, top), (x, top + thick)], fill=colour_at(scale, (x - x0) / max(1.0, x1 - x0)))
    draw.rectangle([x0, top, x1, top + thick], outline=BAR_EDGE, width=max(1, round(s / 2)))
    font = ImageFont.truetype(str(sarabun_dir() / "Sarabun-Regular.ttf"), round(size))
    ticks = nice_ticks(lo, hi, 6)
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    for v in ticks:
        x = x0 + (x1 - x0) * (0.0 if hi == lo else (v - lo) / (hi - lo))
        label = _tick_label(v, step)
        half = draw.textlength(label, font=font) / 2
        x = min(max(x, half + s), img.width - half - s)  # a label at either end stays whole
        draw.text((x, top + thick + size * 0.25), label, font=font, fill=TEXT, anchor="ma")


def map_png(fig: Any, width: int, height: int, scale: float = 2.0) -> bytes:
    """The figure's choropleth layers as a width x height (CSS pixels) PNG at scale: the whole country
    fitted above the colour bar, on white."""
    layers = _layers(fig)
    s = scale * SUPERSAMPLE
    img = Image.new("RGB", (round(width * s), round(height * s)), "white")
    bar = next((layer["bar"] for layer in layers if layer["bar"]), None)
    bar_h = 0.0
    if bar is not None:
        opts = bar[3]
        bar_h = (float(opts.get("thickness", 30)) + float((opts.get("tickfont") or {}).get("size", 12)) * 1.6 + 12) * s
    shapes = [
        (layer, code, [[_mercator(lon, lat) for lon, lat in ring] for ring in _rings(layer["features"][code])])
        for layer in layers
        for code in layer["fills"]
        if code in layer["features"]
    ]
    if shapes:
        pad = 4 * s
        place = _fit(
            [r for _, _, rings in shapes for r in rings], img.width - 2 * pad, img.height - bar_h - 2 * pad, pad, pad
        )
        draw = ImageDraw.Draw(img)
        for layer, code, rings in shapes:
            width_px = max(1, round(layer["width"] * s))
            for ring in rings:
                draw.polygon([place(p) for p in ring], fill=layer["fills"][code], outline=layer["edge"], width=width_px)
    if bar is not None:
        _colour_bar(img, bar, s, img.height - bar_h + 6 * s)
    out = io.BytesIO()
    img.resize((round(width * scale), round(height * scale)), Image.Resampling.LANCZOS).save(out, "PNG")
    return out.getvalue()
