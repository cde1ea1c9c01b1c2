"""For element_costs.py: one kind of Streamlit call, N times per rerun (DGR_BENCH_ELEMENT, DGR_BENCH_N).

The inputs are the size of the app's own: a 77-row province table, one of My agency's bar charts. The server
is set up as app.py sets it up (ui/streamlit_private.speed_up_runs)."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
import pandas as pd
import streamlit as st

from ui.streamlit_private import speed_up_runs

speed_up_runs()
KIND, N = os.environ["DGR_BENCH_ELEMENT"], int(os.environ.get("DGR_BENCH_N", "20"))


@st.cache_resource
def frame() -> pd.DataFrame:
    rng = np.random.default_rng(1)
    return pd.DataFrame(
        {
            "province": [f"จังหวัด {i}" for i in range(77)],
            "score": rng.random(77) * 100,
            "rank": np.arange(77),
            "rate": rng.random(77),
            "units": rng.integers(0, 50, 77),
            "change": rng.random(77),
        }
    )


@st.cache_resource
def figure():
    from dgcore import charts

    labels = [f"{i}. เสาหลัก {i}" for i in range(1, 7)]
    own = [float(40 + 7 * i) for i in range(6)]
    return charts.fig_compare_bars(
        labels, own, [x + 3 for x in own], [x - 2 for x in own], ("unit", "peer", "national")
    )


@st.cache_data
def as_data(i: int) -> pd.DataFrame:
    return frame().head(5)


@st.cache_resource
def as_resource(i: int) -> pd.DataFrame:
    return frame().head(5)


def run() -> None:
    from ui import prepared

    if KIND == "floor":
        return
    for i in range(N):
        if KIND == "markdown":
            st.markdown(f"text **{i}**")
        elif KIND == "metric":
            st.metric("label", f"{i}", "+1.0", border=True)
        elif KIND == "columns4":
            st.columns(4)
        elif KIND == "plotly":
            st.plotly_chart(figure(), key=f"p{i}")
        elif KIND == "plotly_drawn":
            st.plotly_chart(_drawn(), key=f"p{i}")
        elif KIND == "dataframe":
            st.dataframe(frame(), hide_index=True)
        elif KIND == "dataframe_arrow":
            prepared.dataframe(frame(), hide_index=True)
        elif KIND == "cache_data_hit":
            as_data(i)
        elif KIND == "cache_resource_hit":
            as_resource(i).copy(deep=False)


@st.cache_resource
def _drawn():
    from ui import prepared

    return prepared.drawn(figure())


run()
st.stop()
