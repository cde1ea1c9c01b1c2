"""The one module that leans on Streamlit's and plotly's insides, so that an upgrade breaks here, loudly.

ui/prepared.py makes figures and tables once and hands Streamlit the finished form on every rerun. That
needs these things no public API gives:
- `arrow_table(df)`: the Arrow table st.dataframe makes of a DataFrame, from Streamlit's private
  `dataframe_util.convert_pandas_df_to_arrow_table`;
- `send_arrow_once()` and `keep_arrow_bytes(table)`: st.dataframe serialises an Arrow table to Arrow IPC
  bytes (`dataframe_util.convert_arrow_table_to_arrow_bytes`) on every run; for a kept table that
  function answers with the bytes made once with it;
- `name_arguments_once()`: st.cache_resource and st.cache_data look up the name of every positional
  argument with inspect.signature on every call (`cache_utils._get_positional_arg_name`, ~10 us an
  argument: 70 us for a 7-argument `loaders.made` hit); the names are looked up once per function;
- `emoji_lookups_once()`: st.segmented_control looks for a leading emoji in every option's label on every run,
  with a regular expression of all emoji that takes ~60 us on a Thai word (`string_util.extract_leading_emoji`,
  nine options on Provinces); the answer for a label is remembered;
- `DrawnFigure`: a go.Figure that skips go.Figure.__init__ and answers `to_dict()` with a finished plain
  dict. It works because st.plotly_chart reads a figure only through
  `plotly.tools.return_figure_from_figure_or_data`, which calls `to_dict()` on any plotly figure;
- `send_json_once()`: plotly.io.to_json, which st.plotly_chart calls on that dict on every run, answers a
  drawn figure's dict (a `SentSpec`) with the JSON text made once with it;
- `hold_run_messages()`: a script run's elements are handed to the event loop in one batch (when the run
  ends, or HOLD_S after its first element if it runs longer) instead of one wake-up of the loop per element;
  see its docstring.
- `memo_element_ids()`: an element's id (a hash of everything it was made with, a chart's whole JSON
  included) is worked out once for the same inputs; see its docstring.
- `chart_code_file()`: the name of the file that holds Streamlit's plotly chart code (with plotly.js, 4.7 MB),
  which the browser loads only when the first chart is drawn; the sign-in screen loads it ahead (ui.auth).

`problems()` checks those assumptions against the installed versions; tests/unit/test_streamlit_private.py
fails with its findings when an upgrade breaks one. requirements.txt pins streamlit to TESTED_WITH for this.
"""

from __future__ import annotations

import functools
import inspect
import os
import re
import threading
from collections import OrderedDict
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pyarrow as pa
import streamlit as st

from ui.weak_ids import WeakIdMap

TESTED_WITH = "1.67.0"  # the Streamlit release these assumptions were checked against
HOLD_S = 0.015  # the longest a run's element waits before it is handed to the event loop
IDS_KEPT = 256  # element ids kept by memo_element_ids (each entry holds its inputs: a chart's JSON, ~5-60 KB)
LONG_INPUT = 1024  # characters: only elements made from a text this long are worth keeping


class SentSpec(dict):
    """A drawn figure's plain dict that also holds its JSON text, made once. st.plotly_chart sends a figure
    as `plotly.io.to_json(figure.to_dict())`, which encoded the same dict again on every run; with
    `send_json_once()` installed, plotly.io.to_json answers a SentSpec with its text."""

    __slots__ = ("json",)


class DrawnFigure(go.Figure):
    """A figure that is only drawn. It holds nothing but the plain dict plotly would send (the traces are
    not kept a second time as plotly objects), and to_dict() hands that out. Read it with to_dict()."""

    def __init__(self, plain: dict, text: str | None = None) -> None:  # not go.Figure's: no validated copy
        self._plain = SentSpec(plain)
        self._plain.json = text if text is not None else pio.to_json(plain, validate=False)

    def to_dict(self) -> dict:
        return self._plain

    to_plotly_json = to_dict

    def __repr__(self) -> str:
        return f"DrawnFigure({len(self._plain.get('data', []))} traces)"


def send_json_once() -> None:
    """Make plotly.io.to_json hand back a SentSpec's JSON text instead of encoding it again (idempotent)."""
    original = pio.to_json
    if getattr(original, "_dg_sends_json_once", False):
        return

    @functools.wraps(original)
    def to_json(fig, *args, **kwargs):
        if type(fig) is SentSpec and not args and kwargs.keys() <= {"validate"}:
            return fig.json
        return original(fig, *args, **kwargs)

    to_json._dg_sends_json_once = True
    pio.to_json = to_json


def speed_up_runs() -> None:
    """hold_run_messages() and memo_element_ids(), unless DGR_RUN_SHORTCUTS=0 (for comparing, bench/ab.py)."""
    if os.environ.get("DGR_RUN_SHORTCUTS", "1") != "0":
        hold_run_messages()
        memo_element_ids()


def hold_run_messages() -> None:
    """Hand a script run's elements to the event loop in batches instead of one by one (idempotent).

    Streamlit passes every element a script makes from the script thread to the event loop thread with its
    own `call_soon_threadsafe`, so the loop wakes, takes the GIL from the script and sends while the script
    is still running; after each send it sleeps 5 ms (`MESSAGE_FLUSH_INTERVAL_SECS`), and the run's last
    messages wait out that sleep. Measured on My agency (bench/page_reruns.py): ~3 ms of a 15 ms rerun was
    the script waiting for the GIL and ~3 ms the end waiting for the sleep. Here the elements of a run are
    held and handed over together, in order, before the run's next event (it ended, or was stopped for a
    rerun), or HOLD_S after the first held one if the run takes longer (a slow page still shows what it has
    drawn, and a spinner still shows). Nothing else changes: the same messages, in the same order, through
    Streamlit's own handler."""
    from streamlit.runtime.app_session import AppSession

    original = AppSession._on_scriptrunner_event
    if getattr(original, "_dg_holds", False):
        return
    from streamlit.runtime.scriptrunner import ScriptRunnerEvent

    enqueue = ScriptRunnerEvent.ENQUEUE_FORWARD_MSG
    lock = threading.Lock()  # taking the held elements and queueing their hand-over is one step

    def hand_over(session) -> None:  # under the lock: what is held goes behind everything already queued
        held = session.__dict__.pop("_dg_held", None)
        if held:
            session._call_soon_on_event_loop(lambda: replay(session, held))

    def replay(session, held: list) -> None:  # on the event loop, where Streamlit would have handled each
        for sender, msg in held:
            session._handle_scriptrunner_event_on_event_loop(sender, enqueue, msg)

    def on_time(session) -> None:  # on the event loop, HOLD_S after the first held element
        with lock:
            hand_over(session)

    @functools.wraps(original)
    def on_event(self, sender, event, forward_msg=None, **rest):
        if event == enqueue and forward_msg is not None and not rest and _in_script_thread(sender):
            with lock:
                held = self.__dict__.setdefault("_dg_held", [])
                held.append((sender, forward_msg))
                first = len(held) == 1
            if first:
                self._call_soon_on_event_loop(lambda: self._event_loop.call_later(HOLD_S, on_time, self))
            return
        with lock:  # any other event, from any thread: the elements held before it go first
            hand_over(self)
        original(self, sender, event, forward_msg, **rest)

    on_event._dg_holds = True
    AppSession._on_scriptrunner_event = on_event


def memo_element_ids() -> None:
    """Work out an element's id once for the same inputs (idempotent).

    Streamlit names every chart and widget by a BLAKE2b hash of all its arguments on every run: for a chart,
    its whole JSON (My agency's sub-indicator chart is ~20,000 characters of Thai, ~60 KB in UTF-8), ~0.4 ms
    a chart. The id is a pure function of those inputs, so the last IDS_KEPT answers for inputs holding a
    long text are kept, keyed by the inputs themselves (compared in full, never by a hash of them); other
    calls, and inputs that cannot be keys, go straight to Streamlit. A kept answer is only ever the id the
    same inputs would get again, so keeping them shares nothing between sessions but that."""
    from streamlit.elements.lib import utils

    original = utils._compute_element_id
    if getattr(original, "_dg_memo", False):
        return
    kept: OrderedDict = OrderedDict()
    lock = threading.Lock()

    @functools.wraps(original)
    def compute(element_type, user_key=None, **kwargs):
        if not any(isinstance(v, str) and len(v) >= LONG_INPUT for v in kwargs.values()):
            return original(element_type, user_key, **kwargs)
        try:
            key = (element_type, user_key, tuple((k, _frozen(v)) for k, v in kwargs.items()))
            hash(key)
        except TypeError:  # e.g. a protobuf message among the inputs
            return original(element_type, user_key, **kwargs)
        with lock:
            found = kept.get(key)
            if found is not None:
                kept.move_to_end(key)
                return found
        made = original(element_type, user_key, **kwargs)
        with lock:
            kept[key] = made
            while len(kept) > IDS_KEPT:
                kept.popitem(last=False)
        return made

    compute._dg_memo = True
    utils._compute_element_id = compute


def _frozen(v):
    """v as a dict key that tells apart what Streamlit's str(v) tells apart (a list from a tuple)."""
    if isinstance(v, (list, tuple, set, frozenset)):
        items = sorted(map(_frozen, v), key=repr) if isinstance(v, (set, frozenset)) else map(_frozen, v)
        return (type(v).__name__, tuple(items))
    return (type(v).__name__, v)


def _in_script_thread(sender) -> bool:
    try:
        return bool(sender._is_in_script_thread())
    except AttributeError:
        return False


def arrow_table(df: pd.DataFrame) -> pa.Table:
    """The Arrow table st.dataframe makes of df (Streamlit's private conversion)."""
    from streamlit import dataframe_util

    return dataframe_util.convert_pandas_df_to_arrow_table(df)


_ARROW_BYTES = WeakIdMap()  # a kept table -> its IPC bytes


def keep_arrow_bytes(table: pa.Table) -> pa.Table:
    """Make table's Arrow IPC bytes now, once; st.dataframe is handed them for as long as table lives. Only
    for a table nobody changes (pyarrow tables are immutable)."""
    from streamlit import dataframe_util

    _ARROW_BYTES.put(table, dataframe_util.convert_arrow_table_to_arrow_bytes(table))
    return table


def send_arrow_once() -> None:
    """Make dataframe_util.convert_arrow_table_to_arrow_bytes hand back a kept table's bytes (idempotent)."""
    from streamlit import dataframe_util

    original = dataframe_util.convert_arrow_table_to_arrow_bytes
    if getattr(original, "_dg_sends_arrow_once", False):
        return

    @functools.wraps(original)
    def convert(table):
        kept = _ARROW_BYTES.get(table)
        return kept if kept is not None else original(table)

    convert._dg_sends_arrow_once = True
    dataframe_util.convert_arrow_table_to_arrow_bytes = convert


def name_arguments_once() -> None:
    """Make Streamlit's caches look up a cached function's argument names once, not on every call (idempotent).
    A function's parameters never change; Streamlit's own telemetry keeps them the same way (an LRU cache)."""
    from streamlit.runtime.caching import cache_utils

    original = cache_utils._get_positional_arg_name
    if getattr(original, "_dg_names_once", False):
        return
    remembered = functools.lru_cache(maxsize=1024)(original)

    @functools.wraps(original)
    def name(func, arg_index):
        try:
            return remembered(func, arg_index)
        except TypeError:  # a callable that cannot be a dict key: looked up as before
            return original(func, arg_index)

    name._dg_names_once = True
    cache_utils._get_positional_arg_name = name


def emoji_lookups_once() -> None:
    """Make string_util.extract_leading_emoji remember its answer for a text (idempotent): a pure function of
    the text, asked again for the same labels on every run."""
    from streamlit import string_util

    original = string_util.extract_leading_emoji
    if getattr(original, "_dg_once", False):
        return
    remembered = functools.lru_cache(maxsize=4096)(original)
    remembered._dg_once = True
    string_util.extract_leading_emoji = remembered


@functools.cache
def chart_code_file() -> str | None:
    """'PlotlyChart.<hash>.js', the lazily loaded part of Streamlit's frontend that draws plotly charts
    (None if this Streamlit has no such file: then nothing is loaded ahead)."""
    js = Path(st.__file__).parent / "static" / "static" / "js"
    found = sorted(js.glob("PlotlyChart.*.js"))
    return found[0].name if len(found) == 1 else None


def problems() -> list[str]:
    """What no longer holds of the assumptions above in the installed Streamlit and plotly ([] when all do)."""
    found = []
    if st.__version__ != TESTED_WITH:
        found.append(f"Streamlit is {st.__version__}, these assumptions were checked on {TESTED_WITH}")
    try:
        from streamlit import dataframe_util

        if not isinstance(dataframe_util.convert_pandas_df_to_arrow_table(pd.DataFrame({"a": [1]})), pa.Table):
            found.append("dataframe_util.convert_pandas_df_to_arrow_table no longer returns a pyarrow.Table")
    except (ImportError, AttributeError) as e:
        found.append(f"streamlit.dataframe_util.convert_pandas_df_to_arrow_table is gone ({e})")
    from streamlit import string_util
    from streamlit.elements import arrow, plotly_chart
    from streamlit.runtime.caching import cache_utils

    if "return extract_leading_emoji(text)" not in inspect.getsource(string_util.extract_leading_icon):
        found.append("string_util.extract_leading_icon no longer looks for emoji through extract_leading_emoji")
    if string_util.extract_leading_emoji("😀 ก") != ("😀", "ก") or string_util.extract_leading_emoji("ก") != ("", "ก"):
        found.append("string_util.extract_leading_emoji no longer answers (emoji, rest of the text)")
    if "_get_positional_arg_name(func, arg_idx)" not in inspect.getsource(cache_utils._make_value_key):
        found.append("st.cache_* no longer name their arguments through cache_utils._get_positional_arg_name")

    if not re.search(
        r"arrow_data\.data = dataframe_util\.convert_arrow_table_to_arrow_bytes\(\s*data\s*\)", inspect.getsource(arrow)
    ):
        found.append(
            "st.dataframe no longer sends an Arrow table as dataframe_util.convert_arrow_table_to_arrow_bytes(data)"
        )

    if "return_figure_from_figure_or_data" not in inspect.getsource(plotly_chart):
        found.append("st.plotly_chart no longer reads figures through plotly.tools.return_figure_from_figure_or_data")
    from streamlit.runtime.app_session import AppSession
    from streamlit.runtime.scriptrunner import ScriptRunner, ScriptRunnerEvent

    for name in ("_on_scriptrunner_event", "_handle_scriptrunner_event_on_event_loop", "_call_soon_on_event_loop"):
        if not callable(getattr(AppSession, name, None)):
            found.append(f"AppSession.{name} is gone (hold_run_messages)")
    if not hasattr(ScriptRunnerEvent, "ENQUEUE_FORWARD_MSG") or not callable(
        getattr(ScriptRunner, "_is_in_script_thread", None)
    ):
        found.append("ScriptRunnerEvent.ENQUEUE_FORWARD_MSG or ScriptRunner._is_in_script_thread is gone")
    params = list(inspect.signature(AppSession._on_scriptrunner_event).parameters)[:4]
    if params != ["self", "sender", "event", "forward_msg"]:
        found.append(f"AppSession._on_scriptrunner_event takes {params}, not (self, sender, event, forward_msg)")
    from streamlit.elements.lib import utils

    if "_compute_element_id(element_type, user_key, **kwargs_to_use)" not in inspect.getsource(
        utils.compute_and_register_element_id
    ):
        found.append("compute_and_register_element_id no longer calls utils._compute_element_id (memo_element_ids)")
    handler = inspect.getsource(AppSession._handle_scriptrunner_event_on_event_loop)
    if "self._enqueue_forward_msg(forward_msg)" not in handler:
        found.append("AppSession no longer enqueues a script's ForwardMsg in _handle_scriptrunner_event_on_event_loop")
    if chart_code_file() is None:
        found.append("Streamlit's frontend no longer has one static/js/PlotlyChart.*.js to load ahead")
    if "plotly.io.to_json(figure, validate=False)" not in inspect.getsource(plotly_chart):
        found.append("st.plotly_chart no longer sends plotly.io.to_json(figure, validate=False)")
    import plotly.tools

    plain = {"data": [{"type": "bar", "x": [1], "y": [2]}], "layout": {}}
    try:
        sent = plotly.tools.return_figure_from_figure_or_data(DrawnFigure(plain), validate_figure=True)
        if sent.get("data", [{}])[0].get("y") != [2]:
            found.append("plotly.tools.return_figure_from_figure_or_data no longer takes a figure's to_dict()")
    except Exception as e:  # any failure here is the finding
        found.append(f"a DrawnFigure can no longer be sent ({type(e).__name__}: {e})")
    return found
