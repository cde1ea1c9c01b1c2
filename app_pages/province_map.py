"""Province map / แผนที่จังหวัด: the public page's map of province averages (no sign-in, no rank)."""

from __future__ import annotations

import streamlit as st

from dgcore.text_safety import md
from ui import a11y, loaders, prepared
from ui import province_view as pv
from ui.i18n import fmt_year
from ui.page import start

ctx = start("province_map")
t = ctx.t
st.title(f"{t('page_province_map')} · {fmt_year(ctx.year, ctx.lang)}")
if "cio_committee" in set(loaders.response_rates(ctx.scope, ctx.version, ctx.year)["kind"]):
    st.info(t("cio_note"), icon=":material/info:")
st.caption(t("public_map_caption"))
sentence = loaders.made(pv.public_map_sentence, ctx.scope, ctx.version, ctx.year, ctx.lang)
if sentence:
    st.info(md(sentence), icon=":material/info:")
a11y.chart(loaders.made(pv.public_map_figure, ctx.scope, ctx.version, ctx.year, ctx.lang), "map", ctx.lang)
st.subheader(t("public_table"))
prepared.dataframe(
    loaders.made(pv.public_table, ctx.scope, ctx.version, ctx.year, ctx.lang), hide_index=True, width="stretch"
)
