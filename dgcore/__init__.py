"""DG Readiness Dashboard core: data, scoring, access. Never imports streamlit."""
