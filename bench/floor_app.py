"""The floor for page_reruns.py: a script that does nothing but stop (Streamlit's own cost per rerun),
on sockets set up as app.py sets them (ui/nodelay.py)."""

import streamlit as st

from ui.nodelay import nodelay_once

nodelay_once()
st.stop()
