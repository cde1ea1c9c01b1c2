"""Prepared figures and tables (ui/prepared.py) and shared query results (ui/loaders._shared): what
Streamlit sends is the same as without them, and what one caller changes never reaches another."""

import gc

import plotly.io as pio
import plotly.tools
import pytest
from streamlit import dataframe_util

from dgcore.access import Actor, scope_for

YEAR = 2563
STAFF = scope_for(Actor("s", "staff"))
UNIT = scope_for(Actor("a", "agency", "D317"))


def sent(fig) -> str:
    """The spec st.plotly_chart puts on the wire for fig (streamlit/elements/plotly_chart.py)."""
    return pio.to_json(plotly.tools.return_figure_from_figure_or_data(fig, validate_figure=True), validate=False)


@pytest.fixture(scope="module")
def loaders(demo_settings):
    from ui import loaders

    return loaders


def all_figures(loaders):
    from dgcore.report import agency_report
    from ui import agency_view, department_view, overview_view, province_view
    from ui.state import results_db

    v = loaders.version()
    yield overview_view.pillars_figure(STAFF, v, YEAR, "th")
    yield overview_view.trend_figure(STAFF, v, "en")
    yield province_view.map_figure(STAFF, v, YEAR, "th", "overall", True)
    yield province_view.heatmap_figure(STAFF, v, YEAR, "en", True)
    yield department_view.spread_view(STAFF, v, YEAR, "th")[0]
    fw = loaders.framework(UNIT, v, YEAR)
    page = agency_view.build_page(agency_report(results_db(), UNIT, "D317", YEAR, fw), fw, "th")
    yield from (page.radar, page.pillar_bars, page.sub_bars, page.trend)


def test_a_drawn_figure_sends_exactly_what_the_figure_would(loaders):
    from ui.prepared import DrawnFigure, drawn

    n = 0
    for fig in all_figures(loaders):
        if fig is None:
            continue
        d = drawn(fig)
        assert isinstance(d, DrawnFigure) and drawn(d) is d
        before = sent(fig)
        assert sent(d) == before
        assert sent(d) == before  # drawing it again changed nothing in the shared dict
        n += 1
    assert n >= 8


def test_prepare_reaches_figures_in_tuples_and_dataclasses(loaders):
    from ui import department_view
    from ui.agency_view import AgencyPage
    from ui.prepared import DrawnFigure, prepare

    box, table, maturity = prepare(department_view.spread_view(STAFF, loaders.version(), YEAR, "en"))
    assert isinstance(box, DrawnFigure) and isinstance(maturity, DrawnFigure) and not isinstance(table, DrawnFigure)
    page = loaders.agency_page(UNIT, loaders.version(), "D317", YEAR, "en")
    assert isinstance(page, AgencyPage) and isinstance(page.radar, DrawnFigure) and isinstance(page.trend, DrawnFigure)


def test_a_prepared_table_is_the_arrow_streamlit_makes_once_per_frame(loaders):
    from ui import prepared, province_view

    df = loaders.made(province_view.ranking, STAFF, loaders.version(), YEAR, "th", True)
    arrow = prepared.table(df)
    assert prepared.table(df) is arrow
    sent = dataframe_util.convert_arrow_table_to_arrow_bytes(arrow)  # what st.dataframe sends for it
    assert sent == dataframe_util.convert_pandas_df_to_arrow_bytes(df)
    assert dataframe_util.convert_arrow_table_to_arrow_bytes(arrow) is sent  # made once, with the table
    copy = df.copy()
    other = prepared.table(copy)
    assert other is not arrow and other.equals(arrow)
    key = id(copy)
    del copy
    gc.collect()
    assert key not in prepared._TABLES  # forgotten with its frame


def test_a_caller_changing_its_shared_frame_changes_nobody_elses(loaders):
    v = loaders.version()
    first = loaders.response_rates(STAFF, v, YEAR)
    expected = first.copy(deep=True)
    first["kind"] = "changed"
    first.loc[first.index[0], "targeted"] = -1
    first["extra"] = 1
    second = loaders.response_rates(STAFF, v, YEAR)
    assert second.equals(expected)
    assert loaders.response_rates.cached(STAFF, v, YEAR).equals(expected)


def test_shared_metadata_is_read_only(loaders):
    meta = loaders.meta(loaders.version())
    assert meta.get("is_demo") == "true"
    with pytest.raises(TypeError):
        meta["is_demo"] = "false"
