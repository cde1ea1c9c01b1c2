"""The rank channel of the access matrix: with show_ranks off (the default), no page an agency, a
province or a department opens shows a rank (tables, tiles, captions, chart hovers), and an agency's
results letter prints none; DGA's staff still see the rank on My agency and the Provinces page."""

from __future__ import annotations

import matrix
import pytest
from apphelpers import signed_in_app
from leaks import RANK

from dgcore.access import Actor, may_see_ranks

PAGE_FILES = {
    "overview": "app_pages/overview.py",
    "my_agency": "app_pages/my_agency.py",
    "methodology": "app_pages/methodology.py",
    "help": "app_pages/help.py",
    "provinces": "app_pages/provinces.py",
    "departments": "app_pages/departments.py",
}
AGENCIES = [n for n, spec in matrix.ACTORS.items() if spec and spec[0] in ("agency", "province", "department")]


def shown_text(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [t.value for t in at.title]
    parts += [s.value for s in at.subheader] + [i.value for i in at.info]
    parts += [f"{m.label} {m.value} {m.proto.help}" for m in at.metric]
    parts += [" ".join(map(str, df.value.columns)) for df in at.dataframe]
    parts += [h.proto.body for h in at.get("html")]
    parts += [c.proto.spec for c in at.get("plotly_chart")]  # hover texts (the map's) and axis titles
    parts += [f"{h.label} {h.proto.label}" for h in at.get("expandable")]
    return " ".join(parts)


def test_ranks_are_dgas_own_unless_the_setting_shows_them():
    assert may_see_ranks(Actor("s", "staff"), False) and may_see_ranks(Actor("p", "presenter"), False)
    assert not may_see_ranks(Actor("a", "agency", "D317"), False) and may_see_ranks(Actor("a", "agency", "D317"), True)
    assert not may_see_ranks(Actor("d", "department", "D227"), False) and not may_see_ranks(None, True)


@pytest.mark.parametrize("name", AGENCIES)
def test_no_page_an_agency_opens_shows_a_rank(demo_accounts, name):
    role, scope = matrix.ACTORS[name]
    for page in sorted(matrix.MAY_OPEN[role]):
        at = signed_in_app(demo_accounts, role, scope, lang="th" if page == "my_agency" else "en", year=2562)
        at.switch_page(PAGE_FILES[page])
        at.run()
        assert not at.exception
        found = RANK.findall(shown_text(at))
        assert found == [], (name, page, found)
        matrix.record(name, page, "rank", "open")


def test_staff_see_the_rank_on_my_agency(demo_accounts):
    at = signed_in_app(demo_accounts, "staff", None, year=2562, page="app_pages/my_agency.py", unit="D317")
    assert RANK.search(shown_text(at))  # the rank tile
    matrix.record("staff", "my_agency", "rank", "open")


def test_staff_see_the_province_ranking_and_the_rank_on_the_map(demo_accounts):
    at = signed_in_app(demo_accounts, "staff", None, year=2563, page="app_pages/provinces.py")
    text = shown_text(at)
    assert "Province ranking" in text and "Rank among 76 provinces" in text
    assert any("Rank 1 \\u002f 76" in c.proto.spec for c in at.get("plotly_chart"))  # the map hover ("/" escaped)
    ranking = next(df.value for df in at.dataframe if df.value.columns[0] == "Rank")
    assert ranking.iloc[0, 0] == 1 and ranking.columns[1] == "Province"
    matrix.record("staff", "provinces", "rank", "open")
