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
