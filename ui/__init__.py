"""Streamlit-only glue shared by pages: current actor and view, cached loaders, widgets, i18n."""
