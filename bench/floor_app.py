"""The floor for page_reruns.py: a script that does nothing but stop (Streamlit's own cost per rerun)."""

import streamlit as st

st.stop()
