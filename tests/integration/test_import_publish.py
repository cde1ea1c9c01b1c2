"""Publishing a year into a real versioned store: merge, all or nothing, pointer switch, rollback."""

import datetime as dt
import fcntl
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dgcore import queries, scoring
from dgcore.access import Actor, scope_for
from dgcore.build import TABLES, publish_tables
from dgcore.config import Settings, load_settings
from dgcore.db import ResultsDB, current_version, set_current
from dgcore.framework import load_framework_file
from dgcore.importer import ImportContext, RollbackError, check_files, publish_year, rollback, versions

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "data" / "examples"
FW = EXAMPLES / "framework-2567.yaml"
REG = EXAMPLES / "registry-2567.csv"
LONG = EXAMPLES / "scores-long-2567.csv"
WIDE = EXAMPLES / "scores-wide-2567.xlsx"
VALID = [REG, LONG, FW]


def _new_data_dir(root: Path) -> Settings:
    for sub in ("framework", "reference"):
        shutil.copytree(ROOT / "data" / sub, root / sub)
    # results_dir explicitly: tests/conftest.py exports DGR_RESULTS_DIR, which would otherwise win
    return load_settings({"data_dir": root, "results_dir": root / "results", "cookie_key": "k" * 48})


def _read_all(path: Path) -> dict[str, pd.DataFrame]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: con.execute(f'SELECT * FROM "{t}"').df() for t in TABLES}
    finally:
        con.close()


@pytest.fixture(scope="module")
def demo_file(demo_settings) -> Path:
    """The session's demo version (built once by tests/conftest.py); only ever copied, never written."""
    return demo_settings.results_dir / current_version(demo_settings.results_dir)


@pytest.fixture(scope="module")
def real_base_file(demo_file, tmp_path_factory) -> Path:
    """The demo's six years relabelled as real results: a non-demo version to merge into."""
    tables = _read_all(demo_file)
    tables["meta"] = pd.DataFrame({"key": ["source", "is_demo"], "value": ["import", "false"]})
    tables["years"]["is_demo"] = False
    tables["years"]["data_as_of"] = tables["years"]["data_as_of"].dt.date
    return publish_tables(tmp_path_factory.mktemp("realbase"), tables, "import-2566")


def _settings_with(tmp_path: Path, version_file: Path) -> Settings:
    settings = _new_data_dir(tmp_path / "data")
    settings.results_dir.mkdir(parents=True)
    shutil.copy(version_file, settings.results_dir / version_file.name)
    set_current(settings.results_dir, version_file.name)
    return settings


@pytest.fixture
def on_demo(tmp_path, demo_file) -> Settings:
    return _settings_with(tmp_path, demo_file)


@pytest.fixture
def on_real(tmp_path, real_base_file) -> Settings:
    return _settings_with(tmp_path, real_base_file)


def _listing(results_dir: Path) -> list[tuple[str, int, int]]:
    return sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in results_dir.iterdir())


def test_publishing_over_the_demo_holds_only_the_real_imported_year(on_demo):
    demo_version = current_version(on_demo.results_dir)
    result = publish_year(VALID, 2567, ImportContext.from_settings(on_demo), on_demo, data_as_of=dt.date(2024, 12, 20))
    assert result.ok and result.previous == demo_version and result.years == (2567,)
    assert result.counts == {"agencies": 32, "targeted": 32, "responded": 28, "sub_scores": 448}
    assert current_version(on_demo.results_dir) == result.version
    tables = _read_all(on_demo.results_dir / result.version)
    assert set(tables["participation"]["year"]) == {2567} and set(tables["sub_scores"]["year"]) == {2567}
    assert dict(zip(tables["meta"]["key"], tables["meta"]["value"]))["is_demo"] == "false"
    assert tables["years"]["data_as_of"].iloc[0].date() == dt.date(2024, 12, 20)
    assert not tables["years"]["is_demo"].any() and not tables["agencies"]["is_filler"].any()
    listed = {v["name"]: v for v in versions(on_demo)}
    assert listed[demo_version]["label"] == "demo" and not listed[demo_version]["is_current"]
    assert listed[result.version]["label"] == "import-2567" and listed[result.version]["is_current"]


@pytest.fixture(scope="module")
def merged(real_base_file, tmp_path_factory):
    """One publish of 2567 over the six-year real base, with a reader opened before it."""
    settings = _settings_with(tmp_path_factory.mktemp("merged"), real_base_file)
    base = current_version(settings.results_dir)
    db = ResultsDB(settings.results_dir)
    years_before = set(db.query("SELECT year FROM years")["year"])
    result = publish_year(VALID, 2567, ImportContext.from_settings(settings), settings)
    yield settings, base, result, db, years_before
    db.close()


def test_publishing_merges_every_other_year_and_readers_see_it_without_restart(merged, real_base_file):
    settings, base, result, db, years_before = merged
    assert 2567 not in years_before and result.ok and result.previous == base
    assert result.years == (2561, 2562, 2563, 2564, 2565, 2566, 2567)
    assert set(db.query("SELECT year FROM years")["year"]) == set(result.years)  # the same reader follows
    before = _read_all(real_base_file)
    after = _read_all(settings.results_dir / result.version)
    for table in ("sub_scores", "pillar_scores", "overall_scores", "participation", "frameworks", "years"):
        old = after[table][after[table]["year"] != 2567].reset_index(drop=True)
        assert len(old) == len(before[table]), table
    assert len(after["sub_scores"][after["sub_scores"]["year"] == 2567]) == 448
    assert set(before["agencies"]["agency_id"]) <= set(after["agencies"]["agency_id"])
    assert after["agencies"]["agency_id"].is_unique
    assert dict(zip(after["meta"]["key"], after["meta"]["value"]))["base_version"] == base


def test_new_year_scores_are_scored_with_that_years_framework(merged):
    settings, _, result, _, _ = merged
    after = _read_all(settings.results_dir / result.version)
    fw = load_framework_file(FW)
    subs = after["sub_scores"][after["sub_scores"]["year"] == 2567]
    _, want = scoring.score_agencies(subs[["agency_id", "sub_code", "score"]], fw)
    got = after["overall_scores"][after["overall_scores"]["year"] == 2567].set_index("agency_id")
    want = want.set_index("agency_id")
    assert got.loc[want.index, "overall"].round(9).tolist() == want["overall"].round(9).tolist()
    assert got.loc[want.index, "band"].tolist() == want["band"].tolist()
    assert got.at["CIO-50", "kind"] == "cio_committee" and got.at["P-LAND-50", "kind"] == "provincial"
    body = after["frameworks"].set_index("year").at[2567, "body"]
    assert '"year": 2567' in body


def test_the_app_queries_read_an_imported_year(merged):
    _, _, _, db, _ = merged
    rates = queries.response_rates(db, scope_for(Actor("a", "admin")), 2567).set_index("kind")
    assert rates.at["total", "targeted"] == 31 and rates.at["total", "withdrawn"] == 1  # targets less withdrawn
    assert rates.at["total", "responded"] == 28
    assert queries.meta(db)["is_demo"] == "false"


def test_versions_lists_newest_first_with_sizes(merged):
    settings, base, result, _, _ = merged
    listed = versions(settings)
    assert [(v["name"], v["is_current"]) for v in listed] == [(result.version, True), (base, False)]
    assert listed[0]["created"] >= listed[1]["created"] and all(v["size"] > 0 for v in listed)
    assert set(listed[0]) == {"name", "created", "label", "is_current", "size"}


def test_the_imported_registry_wins_for_its_ids(on_real, tmp_path):
    text = REG.read_bytes().decode("utf-8-sig").replace("กรมที่ดิน,", "กรมที่ดิน (ชื่อใหม่),", 1)
    renamed = tmp_path / "registry.csv"
    renamed.write_text(text, encoding="utf-8")
    result = publish_year([renamed, LONG, FW], 2567, ImportContext.from_settings(on_real), on_real)
    agencies = _read_all(on_real.results_dir / result.version)["agencies"].set_index("agency_id")
    assert agencies.at["D227", "name_th"] == "กรมที่ดิน (ชื่อใหม่)"


def test_reimporting_a_year_replaces_it_and_scores_may_come_without_a_registry(on_demo):
    first = publish_year(VALID, 2567, ImportContext.from_settings(on_demo), on_demo)
    again = publish_year([WIDE], 2567, ImportContext.from_settings(on_demo), on_demo)  # published registry, framework
    assert again.ok, again.report.text("en")
    a, b = (_read_all(on_demo.results_dir / r.version) for r in (first, again))
    for table in ("participation", "sub_scores", "overall_scores", "years", "frameworks"):
        assert len(a[table]) == len(b[table]), table
    key = ["year", "agency_id", "sub_code"]
    pd.testing.assert_frame_equal(
        a["sub_scores"].sort_values(key, ignore_index=True), b["sub_scores"].sort_values(key, ignore_index=True)
    )


def test_scores_for_units_only_in_the_published_registry_are_known(on_demo, tmp_path):
    publish_year(VALID, 2567, ImportContext.from_settings(on_demo), on_demo)
    extra = tmp_path / "scores.csv"
    extra.write_text("year,agency_id,sub_code,score\n2567,D9999,1.1,50\n2567,D001,1.1,50\n", encoding="utf-8")
    report = check_files([extra], 2567, ImportContext.from_settings(on_demo))
    codes = {(p.code, p.row) for p in report.errors}
    assert ("unknown_agency", 2) in codes and ("duplicate_score", 3) not in codes
    assert not any(c == "unknown_agency" and r == 3 for c, r in codes)


def test_a_failed_validation_publishes_nothing(on_real):
    before, listing = current_version(on_real.results_dir), _listing(on_real.results_dir)
    broken = EXAMPLES / "broken" / "scores-out-of-range.csv"
    result = publish_year([REG, LONG, FW, broken], 2567, ImportContext.from_settings(on_real), on_real)
    assert not result.ok and result.version is None
    assert "score_out_of_range" in {p.code for p in result.report.errors}
    assert current_version(on_real.results_dir) == before and _listing(on_real.results_dir) == listing


def test_a_stale_context_is_refused_rather_than_dropping_a_newer_publish(on_demo):
    stale = ImportContext.from_settings(on_demo)
    newer = publish_year(VALID, 2567, ImportContext.from_settings(on_demo), on_demo)
    late = publish_year(VALID, 2567, stale, on_demo)
    assert not late.ok and [p.code for p in late.report.errors] == ["published_changed"]
    assert current_version(on_demo.results_dir) == newer.version


def test_a_second_import_at_the_same_time_is_refused(on_real):
    before = current_version(on_real.results_dir)
    with open(on_real.results_dir / ".import.lock", "a+") as f:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX)
        result = publish_year(VALID, 2567, ImportContext.from_settings(on_real), on_real)
        fcntl.flock(f.fileno(), fcntl.LOCK_UN)
    assert [p.code for p in result.report.errors] == ["import_in_progress"]
    assert current_version(on_real.results_dir) == before


def test_rollback_points_back_and_readers_follow(on_demo):
    base = current_version(on_demo.results_dir)
    result = publish_year(VALID, 2567, ImportContext.from_settings(on_demo), on_demo, progress=None)
    db = ResultsDB(on_demo.results_dir)
    assert 2567 in set(db.query("SELECT year FROM years")["year"])
    assert rollback(on_demo, base) == result.version
    assert current_version(on_demo.results_dir) == base
    assert 2567 not in set(db.query("SELECT year FROM years")["year"])
    assert rollback(on_demo, result.version) == base
    db.close()


@pytest.mark.parametrize("name", ["nope.duckdb", "../CURRENT", "CURRENT", "tiny.duckdb", "junk.duckdb"])
def test_rollback_refuses_what_is_not_a_complete_version(on_real, name):
    (on_real.results_dir / "junk.duckdb").write_bytes(b"not a database" * 100)
    con = duckdb.connect(str(on_real.results_dir / "tiny.duckdb"))
    con.execute("CREATE TABLE meta (key VARCHAR, value VARCHAR)")
    con.close()
    before = current_version(on_real.results_dir)
    with pytest.raises(RollbackError) as e:
        rollback(on_real, name)
    assert e.value.th and e.value.en
    assert current_version(on_real.results_dir) == before


def test_progress_runs_from_zero_to_one_in_order(on_demo):
    seen: list[tuple[float, str]] = []
    result = publish_year(
        VALID, 2567, ImportContext.from_settings(on_demo), on_demo, progress=lambda f, m: seen.append((f, m))
    )
    fractions = [f for f, _ in seen]
    assert result.ok and fractions == sorted(fractions) and fractions[-1] == 1.0 and 0 <= fractions[0] < 0.5
    assert all(isinstance(m, str) and m for _, m in seen)


def test_a_store_that_cannot_be_written_reports_instead_of_raising(on_demo):
    (on_demo.results_dir / ".import.lock").mkdir()  # an OSError even for root, deterministic
    before, listing = current_version(on_demo.results_dir), _listing(on_demo.results_dir)
    result = publish_year(VALID, 2567, ImportContext.from_settings(on_demo), on_demo)
    assert [p.code for p in result.report.errors] == ["publish_failed"] and not result.ok
    assert current_version(on_demo.results_dir) == before and _listing(on_demo.results_dir) == listing


def test_importing_over_the_demo_warns_when_an_earlier_import_would_be_left_out(on_demo):
    first = publish_year(VALID, 2567, ImportContext.from_settings(on_demo), on_demo)
    demo = [v["name"] for v in versions(on_demo) if v["label"] == "demo"][0]
    rollback(on_demo, demo)
    report = check_files(VALID, 2567, ImportContext.from_settings(on_demo))
    assert report.ok and [(p.code, p.severity) for p in report.problems] == [("demo_base", "warning")]
    assert first.version in report.problems[0].en and first.version in report.problems[0].th


def test_a_registrys_head_titles_address_the_results_letter(on_demo, tmp_path):
    """The registry's optional head-title columns (Thai, English) are kept for the letters' เรียน line:
    after the publish, the letter of D001 addresses its head by the imported title, in both languages."""
    from dgcore.letters import HeadTitles, LetterSettings

    reg = pd.read_csv(REG, dtype=str, keep_default_na=False)
    reg["ตำแหน่งหัวหน้าหน่วยงาน"] = ["ปลัดสำนักนายกรัฐมนตรี"] + [""] * (len(reg) - 1)
    reg["head_title_en"] = ["Permanent Secretary, Office of the Prime Minister"] + [""] * (len(reg) - 1)
    titled = tmp_path / "registry-2567.csv"
    reg.to_csv(titled, index=False)
    result = publish_year([titled, LONG, FW], 2567, ImportContext.from_settings(on_demo), on_demo)
    assert result.ok, result.report.errors
    heads = HeadTitles.load(on_demo.reference_dir)
    letter = LetterSettings.load(ROOT / "data")
    unit = {"agency_id": "D001", "kind": "department", "name_th": "x", "name_en": "x"}
    assert heads.title(unit, "th", letter) == "ปลัดสำนักนายกรัฐมนตรี"
    assert heads.title(unit, "en", letter) == "Permanent Secretary, Office of the Prime Minister"
    assert heads.title({**unit, "agency_id": "D014"}, "th", letter) != "ปลัดสำนักนายกรัฐมนตรี"
