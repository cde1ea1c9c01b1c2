"""Briefing (AppTest): set up, present, move, leave; roles that may and may not."""

import pytest
from apphelpers import signed_in_app

PAGE = "app_pages/briefing.py"


def test_a_presenter_sets_up_presents_moves_and_leaves(demo_accounts):
    at = signed_in_app(demo_accounts, "presenter", year=2563, page=PAGE, province="50")
    assert at.selectbox(key="audience").value == "" and at.selectbox(key="deck_province").value == "50"
    at.button(key="start_presenting").click().run()
    assert at.session_state["presenting"] and not at.exception
    at.button(key="slide_next").click().run()
    at.button(key="slide_next").click().run()
    assert at.session_state["slide"] == 2
    at.button(key="slide_prev").click().run()
    assert at.session_state["slide"] == 1
    at.button(key="slide_exit").click().run()
    assert not at.session_state["presenting"] and at.button(key="start_presenting")


@pytest.mark.parametrize("role, scope", [("agency", "D317"), ("province", "50"), ("department", "D227")])
def test_roles_without_briefing_cannot_open_it(demo_accounts, role, scope):
    at = signed_in_app(demo_accounts, role, scope)
    with pytest.raises(ValueError):
        at.switch_page(PAGE)


def test_setup_shows_every_slide_with_its_notes_and_presents_from_the_one_picked(demo_accounts):
    at = signed_in_app(demo_accounts, "presenter", year=2563, page=PAGE, province="50", lang="en")
    thumbs = [b for b in at.button if str(b.key).startswith("thumb_")]
    assert len(thumbs) >= 15 and thumbs[0].label == "Slide 1"
    at.button(key="thumb_4").click().run()
    assert at.session_state["slide"] == 4 and not at.exception
    assert any("Say in a line what each pillar measures" in m.value for m in at.markdown)  # slide 5's notes
    assert [d.proto.label for d in at.get("download_button")] == ["PDF", "PowerPoint"]
    at.button(key="start_presenting").click().run()
    assert at.session_state["presenting"] and at.session_state["slide"] == 4
