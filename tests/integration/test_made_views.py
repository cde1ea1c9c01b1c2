"""ui.loaders.made shares figures and tables between sessions (st.cache_resource). The scope is in its
key and every builder loads through scoped queries: for each builder, a unit, a province and staff
get what their own scope allows, whatever was asked before them, and no name outside it appears."""

import ast
import dataclasses
import importlib
import json
from collections.abc import Mapping
from pathlib import Path

import plotly.io as pio
import pytest
from leaks import allowed, public_labels, registry

from dgcore.access import ANONYMOUS, Actor, scope_for

YEAR = 2563
BUILDERS = {  # builder -> extra arguments after (scope, version)
    "ui.province_view:basics": (YEAR, "en"),
    "ui.province_view:map_figure": (YEAR, "en", "overall", True),
    "ui.province_view:map_sentence": (YEAR, "en", "change"),
    "ui.province_view:ranking": (YEAR, "en", True),
    "ui.province_view:heatmap_figure": (YEAR, "en", True),
    "ui.province_view:compare_figure": (YEAR, "en", ("50", "20")),
    "ui.province_view:units_view": (YEAR, "en", "50"),
    "ui.province_view:profile_markdown": (YEAR, "en", "50"),
    "ui.overview_view:header": (YEAR, "en"),
    "ui.overview_view:pillars_figure": (YEAR, "en"),
    "ui.overview_view:maturity_figure": (YEAR, "en"),
    "ui.overview_view:trend_figure": ("en",),
    "ui.department_view:spread_view": (YEAR, "en"),
    "ui.department_view:branch_map_figure": (YEAR, "en", "D227"),
    "ui.department_view:ministry_units_table": (YEAR, "en", "MOI"),
    "ui.department_view:branch_table_view": (YEAR, "en"),
    "ui.methodology_view:tables": (YEAR, "en"),
    "ui.province_view:public_map_figure": (2566, "en"),
    "ui.province_view:public_map_sentence": (2566, "th"),
    "ui.province_view:public_table": (2566, "en"),
}
# what the public page's visitor (public_overview on) is served: Overview, the province map, Methodology
PUBLIC_BUILDERS = [n for n in BUILDERS if n.split(":")[0] in ("ui.overview_view", "ui.methodology_view")] + [
    n for n in BUILDERS if ":public_" in n
]
ACTORS = [
    Actor("s", "staff"),
    Actor("a", "agency", "D317"),
    Actor("b", "agency", "P-LAND-50"),
    Actor("p", "province", "20"),
    Actor("q", "province", "50"),
    Actor("d", "department", "D227"),
]


def text_of(obj) -> str:
    if obj is None:
        return ""
    if isinstance(obj, tuple):
        return " ".join(text_of(x) for x in obj)
    if isinstance(obj, Mapping):
        return " ".join(f"{k} {text_of(x)}" for k, x in obj.items())
    if isinstance(obj, (str, int, float, bool)):
        return str(obj)
    if dataclasses.is_dataclass(obj):
        return " ".join(text_of(getattr(obj, f.name)) for f in dataclasses.fields(obj))
    if hasattr(obj, "to_plotly_json"):
        return pio.to_json(obj)
    if hasattr(obj, "to_csv"):
        return obj.to_csv()
    return json.dumps(obj, ensure_ascii=False)


def builder(name: str):
    """The view function a "module:function" name stands for."""
    module, function = name.split(":")
    return getattr(importlib.import_module(module), function)


def test_every_builder_the_pages_use_is_checked_here():
    """A builder a page hands to loaders.made must be a @view, and every @view is checked below; a page
    passing anything else gets an error, not an unchecked shared result."""
    from ui import loaders

    for name in BUILDERS:
        builder(name)  # imports the view modules, which registers their views
    root = Path(__file__).resolve().parents[2]
    for page in (root / "app_pages").glob("*.py"):
        for call in ast.walk(ast.parse(page.read_text(encoding="utf-8"))):
            if isinstance(call, ast.Call) and ast.unparse(call.func) == "loaders.made":
                module = importlib.import_module(
                    next(
                        n.module + "." + a.name if n.module else a.name
                        for n in ast.walk(ast.parse(page.read_text(encoding="utf-8")))
                        if isinstance(n, ast.ImportFrom)
                        for a in n.names
                        if (a.asname or a.name) == ast.unparse(call.args[0]).split(".")[0]
                    )
                )
                assert getattr(module, ast.unparse(call.args[0]).split(".")[1]) in loaders.VIEWS, ast.unparse(call)
    named = {f"{f.__module__}:{f.__name__}" for f in loaders.VIEWS}
    assert len(named) >= 12 and named == set(BUILDERS), sorted(named ^ set(BUILDERS))


def test_made_refuses_a_function_that_is_not_a_view(made):
    made_fn, version = made
    with pytest.raises(ValueError, match="not a @view"):
        made_fn(json.dumps, scope_for(Actor("s", "staff")), version)


def test_made_takes_only_arguments_its_key_can_name_exactly(made):
    """made()'s cache key is the repr of its arguments: anything but plain values (whose repr may not say
    all of what they hold) is refused, and values that differ only in type are different keys."""
    import pandas as pd

    from ui import province_view

    made_fn, version = made
    staff = scope_for(Actor("s", "staff"))
    for bad in (pd.DataFrame({"a": [1]}), ["50"], {"code": "50"}, ("50", ["30"])):
        with pytest.raises(TypeError, match="plain arguments"):
            made_fn(province_view.compare_figure, staff, version, YEAR, "en", bad)
    with pytest.raises(TypeError):
        made_fn(province_view.ranking, staff, 1, YEAR, "en", True)  # a version that is not a string
    assert made_fn(province_view.ranking, staff, version, YEAR, "en", True) is made_fn(
        province_view.ranking, staff, version, YEAR, "en", True
    )
    ranked, unranked = (made_fn(province_view.ranking, staff, version, YEAR, "en", r) for r in (True, False))
    assert ranked is not unranked and len(ranked.columns) == len(unranked.columns) + 1


@pytest.fixture(scope="module")
def made(demo_settings):
    from ui import loaders

    loaders.made.clear()
    return loaders.made, loaders.version()


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_each_scope_gets_only_its_own_units_whatever_was_made_before(made, demo_db, name):
    made_fn, version = made
    units = registry(demo_db)
    public = public_labels(demo_db)  # aggregate labels: provinces, ministries, departments with branches
    for order in (ACTORS, ACTORS[::-1]):  # staff first, then staff last
        for actor in order:
            scope = scope_for(actor)
            text = text_of(made_fn(builder(name), scope, version, *BUILDERS[name]))
            if actor.role == "staff":
                continue
            own = set(units[units["agency_id"].isin(allowed(units, actor))]["name_en"])
            # names of units outside the scope (not merely part of an own unit's name, e.g. "Social Security
            # Office" inside "Provincial Social Security Office, Chon Buri")
            others = [
                n
                for n in units["name_en"]
                if n not in own and n not in public and len(n) > 12 and not any(n in o for o in own)
            ]
            leaked = [n for n in others if n in text]
            assert not leaked, (name, actor, leaked[:5])


def test_branch_map_follows_the_scope(made):
    made_fn, version = made
    args = (YEAR, "en", "D227")
    assert (
        made_fn(builder("ui.department_view:branch_map_figure"), scope_for(Actor("s", "staff")), version, *args)
        is not None
    )
    assert (
        made_fn(
            builder("ui.department_view:branch_map_figure"), scope_for(Actor("a", "agency", "D317")), version, *args
        )
        is None
    )
    one = made_fn(
        builder("ui.department_view:branch_map_figure"), scope_for(Actor("b", "agency", "P-LAND-50")), version, *args
    )
    assert one is not None and len(one.to_dict()["data"][-1]["locations"]) == 1  # the last layer has the values


def test_units_of_a_province_follow_the_scope(made):
    made_fn, version = made
    staff = made_fn(builder("ui.province_view:units_view"), scope_for(Actor("s", "staff")), version, YEAR, "en", "50")
    assert staff is not None and len(staff[1]) > 15
    own = made_fn(
        builder("ui.province_view:units_view"), scope_for(Actor("b", "agency", "P-LAND-50")), version, YEAR, "en", "50"
    )
    assert own is not None and len(own[1]) == 1
    other = made_fn(
        builder("ui.province_view:units_view"), scope_for(Actor("a", "agency", "D317")), version, YEAR, "en", "50"
    )
    assert other is None


@pytest.mark.parametrize("name", PUBLIC_BUILDERS)
def test_the_public_gets_its_own_small_cell_view_after_staff(made, demo_db, name):
    """Staff make the view first; the anonymous visitor's scope (the shipped small-cell minimum) is
    another key: it gets no unit's name, and in 2566 (one CIO committee a province) no province mean."""
    from dgcore.config import DEFAULT_DATA_DIR
    from dgcore.disclosure import load_rule

    made_fn, version = made
    public = scope_for(ANONYMOUS, load_rule(DEFAULT_DATA_DIR).min_units)
    staff = made_fn(builder(name), scope_for(Actor("s", "staff")), version, *BUILDERS[name])
    got = made_fn(builder(name), public, version, *BUILDERS[name])
    units = registry(demo_db)
    labels = public_labels(demo_db)
    names, text = [n for n in units["name_en"] if n not in labels and len(n) > 12], text_of(got)
    assert not [n for n in names if n in text], name
    if name.endswith("public_table"):
        assert staff.iloc[:, 1].ne("–").sum() > 60 and got.iloc[:, 1].eq("–").all()
    if name.endswith("public_map_sentence"):
        assert "2566" in got and "5" in got and got != staff  # "no province has 5 or more responding units"
