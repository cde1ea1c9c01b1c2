"""Streamlit and plotly still behave as ui/streamlit_private.py assumes (fails with what broke, on an upgrade)."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_the_private_apis_ui_prepared_leans_on_still_hold():
    from ui.streamlit_private import problems

    found = problems()
    if found:
        pytest.fail(
            "ui/streamlit_private.py leans on Streamlit/plotly internals that changed:\n- "
            + "\n- ".join(found)
            + "\nFix that module (or drop ui/prepared.py's shortcuts), then update TESTED_WITH and the pin.",
            pytrace=False,
        )


def test_requirements_pin_the_streamlit_the_adapter_was_checked_on():
    from ui.streamlit_private import TESTED_WITH

    pins = re.findall(r"^streamlit==(\S+)", (ROOT / "requirements.txt").read_text(encoding="utf-8"), re.M)
    assert pins == [TESTED_WITH], f"requirements.txt pins streamlit {pins}, ui/streamlit_private.py says {TESTED_WITH}"


def test_only_the_adapter_imports_streamlits_private_modules():
    private = re.compile(r"\b(dataframe_util|streamlit\.elements|streamlit\.runtime)\b")
    users = [
        p.relative_to(ROOT).as_posix()
        for folder in ("ui", "app_pages", "dgcore")
        for p in (ROOT / folder).rglob("*.py")
        if private.search(p.read_text(encoding="utf-8"))
    ]
    assert users == ["ui/streamlit_private.py"]


def test_a_drawn_figure_is_sent_as_the_json_plotly_made_of_it():
    import json

    import plotly.graph_objects as go
    import plotly.io as pio

    from ui.prepared import drawn

    fig = go.Figure(go.Bar(x=["ก", "b"], y=[1.5, float("nan")]), layout={"title": {"text": "<b>t</b>"}})
    sent = pio.to_json(drawn(fig).to_dict(), validate=False)  # what st.plotly_chart calls
    assert sent == pio.to_json(fig, validate=False)
    assert json.loads(sent)["data"][0]["y"] == [1.5, None]
    assert pio.to_json({"data": [], "layout": {}}, validate=False) == '{"data":[],"layout":{}}'  # others: plotly's


def test_a_kept_element_id_is_the_one_streamlit_makes_and_any_other_input_gets_its_own():
    from streamlit.elements.lib import utils

    from ui.streamlit_private import memo_element_ids

    memo_element_ids()
    compute = utils._compute_element_id
    original = compute.__wrapped__
    spec = '{"data":[{"y":["' + "ตัวชี้วัดย่อย " * 200 + '"]}]}'
    args = {"plotly_spec": spec, "selection_mode": ["points"], "theme": "streamlit", "width": "stretch"}
    first = compute("plotly_chart", "sub_bars", **args)
    again = compute("plotly_chart", "sub_bars", **{**args, "plotly_spec": "".join(list(spec))})  # a new, equal string
    assert first == again == original("plotly_chart", "sub_bars", **args)
    others = [
        {**args, "plotly_spec": spec.replace("ย่อย", "ยอ่ย", 1)},  # one character of the chart
        {**args, "selection_mode": ("points",)},  # Streamlit hashes str(v): a tuple is not the list
        {**args, "width": 640},
    ]
    for other in others:
        assert compute("plotly_chart", "sub_bars", **other) == original("plotly_chart", "sub_bars", **other) != first
    assert compute("plotly_chart", "radar", **args) == original("plotly_chart", "radar", **args) != first


def test_a_kept_tables_arrow_bytes_are_made_once_and_are_what_streamlit_would_send():
    import gc

    import pyarrow as pa
    from streamlit import dataframe_util

    from ui import streamlit_private as sp

    sp.send_arrow_once()
    sp.send_arrow_once()  # idempotent: one wrapper, not two
    convert = dataframe_util.convert_arrow_table_to_arrow_bytes
    original = convert.__wrapped__
    assert not hasattr(original, "__wrapped__")
    kept = sp.keep_arrow_bytes(pa.table({"จังหวัด": ["ก", "b"], "score": [1.5, None]}))
    first = convert(kept)
    assert first == original(kept) and convert(kept) is first  # the same bytes, not made again
    other = pa.table({"a": [1]})
    assert convert(other) == original(other)  # a table nobody kept: serialised as before
    key = id(kept)
    del kept
    gc.collect()
    assert key not in sp._ARROW_BYTES  # forgotten with its table


def test_cached_functions_name_their_arguments_as_streamlit_would_once_per_function():
    from streamlit.runtime.caching import cache_utils

    import ui.loaders  # installs it
    from ui import streamlit_private as sp

    sp.name_arguments_once()  # idempotent
    name = cache_utils._get_positional_arg_name
    original = name.__wrapped__
    assert not hasattr(original, "__wrapped__")

    def f(a, _b, /, c, *rest, d=1, **kw): ...

    class C:
        def m(self, x): ...

    for func in (f, C().m, C.m, ui.loaders._made.__wrapped__):
        for i in range(-1, 7):
            assert name(func, i) == original(func, i), (func, i)
    assert [name(f, i) for i in range(5)] == ["a", "_b", "c", None, None]  # "_b" is still left out of the key


def test_leading_emoji_are_found_as_streamlit_finds_them_once_per_label():
    from streamlit import string_util

    import ui.loaders  # noqa: F401  (installs it)
    from ui import streamlit_private as sp

    sp.emoji_lookups_once()  # idempotent
    find = string_util.extract_leading_emoji
    original = find.__wrapped__
    assert not hasattr(original, "__wrapped__")
    for text in ("", "ภาพรวม", "😀 ก", "😀", "🇹🇭 ไทย", "1️⃣ one", "Overall", "ตัวชี้วัด 1. ผู้นำ"):
        assert find(text) == original(text) == find(text), text
    assert string_util.extract_leading_icon("🚨 ข้อผิดพลาด") == ("🚨", "ข้อผิดพลาด")
