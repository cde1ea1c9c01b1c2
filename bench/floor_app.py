"""The floor for page_reruns.py: a script that does nothing but stop (Streamlit's own cost per rerun),
on sockets set up as app.py sets them (ui/nodelay.py), with the same hand-over of a run's
elements (ui/streamlit_private.speed_up_runs; a script that makes none sends the same either way)."""

import streamlit as st

from ui.nodelay import nodelay_once
from ui.streamlit_private import speed_up_runs

nodelay_once()
speed_up_runs()
st.stop()
