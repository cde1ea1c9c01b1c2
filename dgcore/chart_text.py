"""Words for a chart: its data as a table and a one-sentence summary made from that data, for people who
cannot see the figure (screen readers) or want the numbers. Read from the figure's plain dict (what plotly
sends the browser), so every chart of the app gets one without its builder knowing."""

from __future__ import annotations

import html
import re

import pandas as pd

WORDS = {  # key -> (Thai, English)
    "item": ("รายการ", "Item"),
    "year": ("ปี", "Year"),
    "highest": ("สูงสุด {name} {v}", "highest {name} {v}"),
    "lowest": ("ต่ำสุด {name} {v}", "lowest {name} {v}"),
    "above": ("สูงกว่า", "above"),
    "below": ("ต่ำกว่า", "below"),
    "equal": ("เท่ากับ", "equal to"),
    "versus": ("{a} {va} {rel}{b} {vb}", "{a} {va}, {rel} {b} {vb}"),
    "above_in": ("{a}สูงกว่า{b}ใน {k} จาก {n} รายการ", "{a} is above {b} in {k} of {n} items"),
    "items": ("{n} รายการ", "{n} items"),
    "latest": ("ปี {x}: ", "{x}: "),
    "low": ("ค่าต่ำสุด", "Minimum"),
    "q1": ("ควอร์ไทล์ที่ 1", "1st quartile"),
    "median": ("มัธยฐาน", "Median"),
    "q3": ("ควอร์ไทล์ที่ 3", "3rd quartile"),
    "high": ("ค่าสูงสุด", "Maximum"),
    "mean": ("ค่าเฉลี่ย", "Mean"),
    "spread": (
        "มัธยฐานสูงสุด {hi} {vhi} ต่ำสุด {lo} {vlo} จาก {n} รายการ",
        "highest median {hi} {vhi}, lowest {lo} {vlo}, of {n} items",
    ),
    "largest": ("มากที่สุด", "largest"),
    "empty": ("ไม่มีข้อมูลในแผนภูมินี้", "This chart has no data"),
}
_TAG = re.compile(r"<[^>]+>")


def w(key: str, lang: str) -> str:
    return WORDS[key][0 if lang == "th" else 1]


def _num(v) -> str:
    return "–" if v is None or v != v else f"{float(v):.2f}"


def _label(value) -> str:
    """A category as plain text: hover HTML removed and the escaping of names from data undone (the page
    escapes the sentence and the table shows text as text)."""
    return html.unescape(_TAG.sub(" ", str(value)).replace("  ", " ").strip())


def _series(trace: dict) -> tuple[list, list] | None:
    """(categories, values) of a bar, line, radar or map trace; None for other kinds."""
    kind = trace.get("type", "scatter")
    if kind == "scatterpolar":
        theta, r = list(trace.get("theta") or []), list(trace.get("r") or [])
        if len(theta) > 1 and theta[0] == theta[-1]:  # the radar repeats its first point to close the shape
            theta, r = theta[:-1], r[:-1]
        return theta, r
    if kind in ("choroplethmap", "choropleth", "choroplethmapbox"):
        text = trace.get("text") or []
        names = [_label(t.split("<br>")[0]) if t else loc for t, loc in zip(text, trace["locations"])]
        return names or list(trace["locations"]), list(trace.get("z") or [])
    if kind in ("bar", "scatter"):
        x, y = list(trace.get("x") or []), list(trace.get("y") or [])
        # horizontal: a bar says so; markers beside horizontal bars only show it by their labels on y
        across = trace.get("orientation") == "h" or (_labels(y) and not _labels(x))
        return (y, x) if across else (x, y)
    return None


def _labels(values: list) -> bool:
    return any(isinstance(v, str) for v in values)


def figure_table(fig: dict, lang: str) -> pd.DataFrame:
    """The numbers a figure draws, one row per category and one column per series."""
    traces = fig.get("data") or []
    if traces and traces[0].get("type") == "heatmap":
        t = traces[0]
        return pd.DataFrame(t["z"], index=[_label(y) for y in t["y"]], columns=[_label(x) for x in t["x"]])
    if traces and traces[0].get("type") == "box":
        t, keys = traces[0], ("lowerfence", "q1", "median", "q3", "upperfence", "mean")
        heads = [w(k, lang) for k in ("low", "q1", "median", "q3", "high", "mean")]
        return pd.DataFrame({h: t.get(k) for h, k in zip(heads, keys)}, index=[_label(y) for y in t["y"]])
    columns: dict[str, pd.Series] = {}
    for i, trace in enumerate(traces):
        pair = _series(trace)
        grey = isinstance(trace.get("meta"), dict) and trace["meta"].get("no_data")  # a map's no-data layer
        if pair is None or not pair[0] or grey:
            continue
        name = _label(trace.get("name") or _axis_title(fig, trace) or f"{i + 1}")
        values = pd.to_numeric(pd.Series(pair[1], dtype="object"), errors="coerce")
        columns[name] = pd.Series(values.to_numpy(), index=[_label(c) for c in pair[0]])
    table = pd.DataFrame(columns)
    lead = (fig.get("layout", {}).get("meta") or {}).get("lead")
    cols = list(table.columns)
    if lead in cols:  # the unit's own series is drawn last (on top) but read first, then its peers
        table = table[cols[::-1] if cols[-1] == lead else [lead, *(c for c in cols if c != lead)]]
    table.index.name = w("item", lang)
    return table.round(2)


def _axis_title(fig: dict, trace: dict) -> str:
    """An unnamed series by what it measures: the map's colour bar or the value axis title."""
    bar = (trace.get("colorbar") or {}).get("title") or {}
    if bar.get("text"):
        return bar["text"]
    axis = "xaxis" if trace.get("orientation") == "h" else "yaxis"
    return ((fig.get("layout", {}).get(axis) or {}).get("title") or {}).get("text") or ""


def summary(fig: dict, lang: str, table: pd.DataFrame | None = None) -> str:
    """One sentence from the figure's data: how the first series stands against the others, or its highest
    and lowest items; for a chart across years, the latest year's values."""
    table = figure_table(fig, lang) if table is None else table
    data = table.dropna(how="all")
    if data.empty:
        return w("empty", lang)
    traces = fig.get("data") or []
    if traces and traces[0].get("type") == "box":
        med = data[w("median", lang)].astype(float)
        return w("spread", lang).format(
            hi=med.idxmax(), vhi=_num(med.max()), lo=med.idxmin(), vlo=_num(med.min()), n=len(med)
        )
    if _across_years(fig) and len(data.columns) >= 1:
        return _latest(data, lang)
    if traces and traces[0].get("type") == "heatmap":
        return _extremes(data.mean(axis=1), lang)
    if fig.get("layout", {}).get("barmode") == "stack":
        return _largest_parts(data, lang)
    if len(data.columns) >= 2:
        return _against(data, lang)
    return _extremes(data.iloc[:, 0], lang)


def _across_years(fig: dict) -> bool:
    traces = fig.get("data") or []
    return bool(traces) and all(t.get("type") == "scatter" and "lines" in str(t.get("mode", "")) for t in traces)


def _extremes(values: pd.Series, lang: str) -> str:
    values = values.dropna().astype(float)
    hi = w("highest", lang).format(name=values.idxmax(), v=_num(values.max()))
    lo = w("lowest", lang).format(name=values.idxmin(), v=_num(values.min()))
    return f"{hi}, {lo} ({w('items', lang).format(n=len(values))})"


def _largest_parts(data: pd.DataFrame, lang: str, most: int = 5) -> str:
    """For stacked shares: the largest part of each bar (the first few bars)."""
    parts = [f"{cat}: {w('largest', lang)} {row.idxmax()} {_num(row.max())}%" for cat, row in data.iterrows()]
    more = " …" if len(parts) > most else ""
    return "; ".join(parts[:most]) + more


def _relation(a: float, b: float, lang: str) -> str:
    return w("above" if a > b else "below" if a < b else "equal", lang)


def _against(data: pd.DataFrame, lang: str) -> str:
    """The first series (the unit's own, or the first group or province) against the next two."""
    own, others = data.columns[0], list(data.columns[1:])
    parts = []
    for other in others[:2]:
        both = data[[own, other]].dropna().astype(float)
        k = int((both[own] > both[other]).sum())
        parts.append(w("above_in", lang).format(a=own, b=other, k=k, n=len(both)))
    first = _extremes(data[own], lang)
    return f"{own}: {first}; " + "; ".join(parts)


def _latest(data: pd.DataFrame, lang: str) -> str:
    """The last year with a value for each series, the first series against the second."""
    cols = list(data.columns)
    own = cols[0]
    rows = data[own].dropna()
    year = rows.index[-1] if len(rows) else data.index[-1]
    row = data.loc[year]
    head = w("latest", lang).format(x=year)
    if len(cols) >= 2 and row[own] == row[own] and row[cols[1]] == row[cols[1]]:
        text = w("versus", lang).format(
            a=own, va=_num(row[own]), rel=_relation(row[own], row[cols[1]], lang), b=cols[1], vb=_num(row[cols[1]])
        )
        rest = [f"{c} {_num(row[c])}" for c in cols[2:] if row[c] == row[c]]
        return head + ", ".join([text, *rest])
    return head + ", ".join(f"{c} {_num(row[c])}" for c in cols if row[c] == row[c])
