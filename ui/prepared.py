"""Figures and tables made once (in a cached resource) and drawn on every rerun, in the form Streamlit sends.

st.plotly_chart deep-copies a figure (`Figure.to_dict()`) and st.dataframe converts a DataFrame to Arrow
on every call, although a cached figure or table never changes (`bench/element_costs.py`: 1.05 against
0.52 ms a chart, 1.3 against 0.43 ms a table, per rerun). Here that work is done once:
- `drawn(fig)` is the figure as the finished plain dict plotly would send (its JSON, parsed once), behind
  the one method Streamlit calls (`to_dict()`); nothing in it is a numpy array, so plotly's serializer
  never writes into it, and the layout template (the same in every figure) is kept once; its JSON text
  is kept too, and sent as it is.
- `table(df)` is the Arrow table st.dataframe would make of df, remembered for as long as df lives, with
  the Arrow IPC bytes st.dataframe sends of it, made once too (0.3 ms a table per rerun).
Both are only for objects nobody changes after they are made: cached builder results (`loaders.made`).
Both rest on Streamlit's and plotly's insides, which ui/streamlit_private.py alone touches.
"""

from __future__ import annotations

import dataclasses
import json

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pyarrow as pa
import streamlit as st

from ui.streamlit_private import DrawnFigure, arrow_table, keep_arrow_bytes, send_arrow_once, send_json_once
from ui.weak_ids import WeakIdMap

send_json_once()  # a drawn figure's JSON text is made with it, not again on every run
send_arrow_once()  # so are a prepared table's Arrow IPC bytes

_TEMPLATES: dict[str, dict] = {}  # one copy of each layout template (every figure carries plotly's default)


def drawn(fig: go.Figure | None) -> go.Figure | None:
    if fig is None or isinstance(fig, DrawnFigure):
        return fig
    text = pio.to_json(fig, validate=False)
    plain = json.loads(text)
    template = plain.get("layout", {}).get("template")
    if template is not None:
        plain["layout"]["template"] = _TEMPLATES.setdefault(json.dumps(template, sort_keys=True), template)
    return DrawnFigure(plain, text)


def prepare(obj):
    """obj with every figure in it made drawable once: a figure, a tuple of things, or a dataclass."""
    if isinstance(obj, go.Figure):
        return drawn(obj)
    if type(obj) is tuple:
        return tuple(prepare(o) for o in obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        figures = {
            f.name: drawn(getattr(obj, f.name))
            for f in dataclasses.fields(obj)
            if isinstance(getattr(obj, f.name), go.Figure)
        }
        return dataclasses.replace(obj, **figures) if figures else obj
    return obj


_TABLES = WeakIdMap()  # a prepared DataFrame -> its Arrow table


def table(df: pd.DataFrame) -> pa.Table:
    """The Arrow table of df as st.dataframe makes it, made once per DataFrame object."""
    kept = _TABLES.get(df)
    return kept if kept is not None else _TABLES.put(df, keep_arrow_bytes(arrow_table(df)))


def dataframe(df: pd.DataFrame, **kwargs):
    """st.dataframe of a DataFrame that is made once and never changed (a cached builder's result)."""
    return st.dataframe(table(df), **kwargs)
