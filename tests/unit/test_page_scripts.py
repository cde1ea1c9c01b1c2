"""The scripts the app puts in the page with st.html: Streamlit drops a whole st.html block whose script
holds a less-than sign (the skip link and the page's language were then silently gone)."""

import json
import re

import pytest

from ui import a11y, auth, layout


def _inner(html: str) -> str:
    return re.sub(r"</?script>", "", re.sub(r"<style>.*?</style>", "", html, flags=re.S))


@pytest.mark.parametrize(
    "html",
    [
        a11y.SCRIPT % json.dumps({"lang": "th", "skip": "ข้าม"}),
        a11y.TIE_ERROR % json.dumps(["a"]),
        auth._CHART_CODE_AHEAD % json.dumps("PlotlyChart.x.js"),
        layout._CLOSE_MENU,
    ],
    ids=["a11y", "tie_error", "chart_code_ahead", "close_menu"],
)
def test_no_less_than_sign_inside_a_page_script(html):
    assert "<" not in _inner(html)


def test_the_chart_code_file_is_found_in_the_installed_streamlit():
    from ui.streamlit_private import chart_code_file

    name = chart_code_file()
    assert name is not None and re.fullmatch(r"PlotlyChart\.[\w-]+\.js", name)
