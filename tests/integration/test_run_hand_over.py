"""ui.streamlit_private.hold_run_messages under a real `streamlit run`: a run's elements reach the browser
all of them, in the script's order, inside the run they belong to, also when the run is longer than the
hold (handed over on time), when it starts again (st.rerun) and when another thread adds an element (a
spinner shows after its delay, from a timer thread)."""

from __future__ import annotations

import asyncio
import os
import textwrap
from pathlib import Path

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.common import ROOT, StreamlitServer
from bench.ws_client import StreamlitSession
from tests.wshelpers import run
from ui.streamlit_private import HOLD_S

pytestmark = pytest.mark.slow

SCRIPT = f"""
import os
import time
from pathlib import Path
import streamlit as st
from ui.streamlit_private import hold_run_messages

hold_run_messages()
if not st.session_state.get("again"):
    st.session_state["again"] = True
    for i in range(5):
        st.markdown(f"before rerun {{i}}")
    st.rerun()
for i in range(30):
    st.markdown(f"line {{i}}")
    if i == 10:  # wait until the browser has line 10: what is held goes on time, not only at the end
        flag = Path(os.environ["HAND_OVER_FLAG"])
        for _ in range(200):
            if flag.exists():
                break
            time.sleep({HOLD_S})
        else:
            st.markdown("line 10 never arrived while the run went on")
with st.spinner("working", show_time=False):
    time.sleep(1.0)  # the spinner appears from Streamlit's timer thread meanwhile
st.markdown("end")
"""


async def _one_run(url: str, flag: Path) -> list[tuple[str, tuple[int, ...]]]:
    """(text, delta path) of every delta from the last new_session to script_finished; the flag file is
    made when line 10 arrives."""
    async with StreamlitSession(url) as s:
        await s.ws.send(s._back_msg([], "").SerializeToString())
        seen: list[tuple[str, tuple[int, ...]]] = []
        while True:
            fm = ForwardMsg()
            fm.ParseFromString(await asyncio.wait_for(s.ws.recv(), 60))
            kind = fm.WhichOneof("type")
            if kind == "new_session":
                seen = []
            elif kind == "delta":
                el = fm.delta.new_element
                text = (
                    el.markdown.body
                    if fm.delta.WhichOneof("type") == "new_element" and el.WhichOneof("type") == "markdown"
                    else fm.delta.WhichOneof("type")
                )
                seen.append((text, tuple(fm.metadata.delta_path)))
                if text == "line 10":
                    flag.touch()
            elif kind == "script_finished" and fm.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                return seen


def test_a_runs_elements_arrive_complete_in_order_and_in_their_own_run(tmp_path: Path):
    script = tmp_path / "hand_over_app.py"
    script.write_text(textwrap.dedent(SCRIPT), encoding="utf-8")
    flag = tmp_path / "line-10-arrived"
    env = {
        "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p),
        "HAND_OVER_FLAG": str(flag),
    }
    with StreamlitServer(script, env=env, flags=("--runner.postScriptGC", "false")) as srv:
        run(_one_run(srv.ws_url, flag))  # the process's first run installs the hand-over for the runs after it
        flag.unlink()
        seen = run(_one_run(srv.ws_url, flag))
    texts = [t for t, _ in seen]
    lines = [t for t in texts if t.startswith("line ")]
    assert lines == [f"line {i}" for i in range(30)], texts  # all of them, in order, and line 10 on time
    assert not [t for t in texts if t.startswith("before rerun")], texts  # nothing of the first run leaks in
    assert texts[-1] == "end", texts
    main = [p for t, p in seen if t.startswith("line ") or t == "end"]
    assert main == sorted(main), main  # each element where the script put it
    spinner = [i for i, t in enumerate(texts) if t == "new_transient"]  # shown from the timer thread, then cleared
    assert spinner and texts.index("line 29") < spinner[0] < texts.index("end"), texts
