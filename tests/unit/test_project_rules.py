"""Meta-tests that enforce the house rules (README.md, docs/stack-notes.md)."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCOPE_PREDICATE = ("$scope_all", "$scope_agencies", "$scope_provinces", "$scope_depts")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_dgcore_never_imports_streamlit():
    offenders = [p.name for p in (ROOT / "dgcore").rglob("*.py") if "streamlit" in _imports(p)]
    assert offenders == []


def test_imports_point_inward_pages_ui_core():
    for p in (ROOT / "dgcore").rglob("*.py"):
        assert not _imports(p) & {"ui", "app_pages", "app"}, p
    for p in (ROOT / "ui").rglob("*.py"):
        assert "app_pages" not in _imports(p), p


def test_pages_hold_no_sql_and_no_role_checks():
    for p in (ROOT / "app_pages").glob("*.py"):
        text = p.read_text(encoding="utf-8")
        assert not re.search(r"\b(SELECT|FROM|WHERE)\b\s", text), p
        assert ".role" not in text and "duckdb" not in text, p


def test_every_page_checks_access_at_its_top():
    for p in (ROOT / "app_pages").glob("*.py"):
        assert re.search(r'^ctx = start\("[a-z_]+"[,)]', p.read_text(encoding="utf-8"), re.M), p


FACTS = ("participation", "sub_scores", "pillar_scores", "overall_scores")
PER_UNIT_AGGREGATES = ("agg_rank", "agg_units", "agg_unit_years")  # one row per unit: as private as the facts


def _reads(sql: str) -> set[str]:
    """The relations a statement reads (FROM or JOIN), comments left out."""
    return set(re.findall(r"\b(?:FROM|JOIN)\s+([a-z_]+)", re.sub(r"--[^\n]*", "", sql)))


def test_the_unit_rule_is_written_once_and_every_per_unit_statement_runs_through_it():
    # Row-level security written once: dgcore/sql/visible_units.sql holds the rule; a statement that reads
    # per-unit rows must read the relation visible_units, which queries.statement binds in front of it, or
    # (over a unit directory) ask for its condition with visible_unit(a), which queries.statement puts in its
    # place; a statement reading none is an aggregate and must bind $scope_aggregates (meta excepted). No
    # statement repeats the rule's parameters.
    from dgcore import queries

    rule = (ROOT / "dgcore" / "sql" / "visible_units.sql").read_text(encoding="utf-8")
    assert all(s in rule for s in SCOPE_PREDICATE) and _reads(rule) == {"agencies"}
    per_unit = 0
    for p in (ROOT / "dgcore" / "sql").glob("*.sql"):
        if p.stem == "visible_units":
            continue
        text = re.sub(r"--[^\n]*", "", p.read_text(encoding="utf-8"))
        assert not any(s in text for s in SCOPE_PREDICATE), f"{p.name} repeats the unit rule"
        if _reads(text) & {*FACTS, *PER_UNIT_AGGREGATES}:
            per_unit += 1
            bound = queries.statement(p.stem)
            assert "visible_unit(" not in re.sub(r"--[^\n]*", "", bound), p.name
            if "visible_unit(a)" in text:  # the condition, on a unit directory's own rows
                assert _reads(text) & {"agencies", "agg_units", "agg_unit_years"}, p.name
                assert bound.count(queries.visible_unit_rule()) == text.count("visible_unit(a)"), p.name
            else:
                assert "visible_units" in _reads(text), f"{p.name} reads per-unit rows without visible_units"
                assert bound.startswith("WITH visible_units AS ("), p.name
        elif p.stem != "meta":
            assert "$scope_aggregates" in text, p.name
    assert per_unit >= 10


def test_no_sql_is_built_by_string_formatting_in_queries():
    text = (ROOT / "dgcore" / "queries.py").read_text(encoding="utf-8")
    assert not re.search(r'f"[^"]*(SELECT|WHERE)', text) and ".format(" not in text


def test_streamlit_legacy_pages_folder_is_absent():
    # A folder named pages/ beside app.py switches Streamlit into its legacy multipage mode, where a
    # URL like /overview runs the page script without app.py (and its gate) until st.navigation runs.
    assert not (ROOT / "pages").exists()


def test_publish_time_aggregates_are_built_from_facts_only_and_read_only_through_scoped_statements():
    # dgcore/sql/aggregates/<table>.sql runs once at publish, over everything, with no parameters; pages
    # reach its table only through a dgcore/sql statement, which the rule above makes bind the scope.
    # A per-unit aggregate (agg_rank, agg_units, agg_unit_years) is read through visible_units (above).
    from dgcore.build import AGGREGATES

    built = {p.stem: p.read_text(encoding="utf-8") for p in (ROOT / "dgcore" / "sql" / "aggregates").glob("*.sql")}
    assert set(built) == set(AGGREGATES)
    for name, text in built.items():
        assert text.startswith("-- Publish-time aggregate"), name
        assert "$" not in re.sub(r"--[^\n]*", "", text), name  # no parameters: computed over everything
    for p in (ROOT / "dgcore" / "sql").glob("*.sql"):
        text = p.read_text(encoding="utf-8")
        used = set(re.findall(r"\bagg_[a-z_]+\b", text))
        assert used <= set(AGGREGATES), p.name
        if used:
            oracle = ROOT / "tests" / "oracles" / p.name
            assert oracle.exists(), f"{p.name} needs an oracle over the facts, {oracle.name}, in tests/oracles"
            assert not re.search(r"\bagg_[a-z_]+\b", oracle.read_text(encoding="utf-8")), oracle.name
    for name, text in built.items():
        if name in PER_UNIT_AGGREGATES:
            assert "Per-unit rows" in text or "one row per unit" in text, name


def test_every_cached_loader_has_the_scope_in_its_key():
    """st.cache_data and st.cache_resource are shared by every session: a cached function without the
    scope among its arguments would serve one person's rows to the next (only the published version's
    meta, the province outlines and the briefing's words from data/briefing carry no unit data)."""
    tree = ast.parse((ROOT / "ui" / "loaders.py").read_text(encoding="utf-8"))
    cached = [
        f
        for f in tree.body
        if isinstance(f, ast.FunctionDef)
        and any("cache_" in ast.unparse(d) or ast.unparse(d).startswith("_shared(") for d in f.decorator_list)
    ]
    assert len(cached) >= 15
    for f in cached:
        params = [a.arg for a in f.args.args]
        assert "scope" in params or f.name in ("meta", "province_geojson", "briefing_texts"), f.name  # data files


def test_a_table_with_gaps_reads_a_dash_never_none_or_nan():
    import pandas as pd

    from ui.i18n import readable

    df = readable(pd.DataFrame({"a": [1.234, None], "b": pd.array([1, None], dtype="Int64"), "c": ["x", None]}))
    assert df.to_dict("list") == {"a": ["1.23", "–"], "b": ["1", "–"], "c": ["x", "–"]}
