"""Property-based: thousands of malformed inputs never crash the checker and never publish.

Every example is a real file on disk checked against a real published store. "Never raises" is
checked strictly: check_files also turns unforeseen exceptions into an `internal_error` problem,
so these properties fail on that code too.
"""

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dgcore.config import load_settings
from dgcore.db import current_version
from dgcore.importer import ImportContext, ValidationReport, check_files, publish_year

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "data" / "examples"
FW = EXAMPLES / "framework-2567.yaml"
SMALL_REG = (EXAMPLES / "broken" / "registry-ok-small.csv").read_bytes().decode("utf-8-sig")
SMALL_SCORES = (EXAMPLES / "broken" / "scores-ok-small.csv").read_bytes().decode("utf-8")
FAST = settings(max_examples=350, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HEADERS = [
    "agency_id",
    "name_th",
    "name_en",
    "kind",
    "ministry_code",
    "parent_id",
    "province_code",
    "type_code",
    "targeted",
    "responded",
    "withdrawn",
    "year",
    "sub_code",
    "score",
    "รหัสหน่วยงาน",
    "คะแนน",
    "ภาวะผู้นำด้านดิจิทัล",
    "2.2",
    "1.1",
    "ปี",
    "",
    "agency_id",
]
NASTY = [
    "",
    " ",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "1e999",
    "-1e999",
    "1e-999",
    "9" * 400,
    "0x10",
    "1_000",
    "๑๐๐",
    "=A1",
    "=1+1",
    "@SUM(A1)",
    "true",
    "ใช่",
    "maybe",
    "D001",
    "D317",
    "D250",
    "CIO-50",
    "P-LAND-50",
    "2567",
    "2024",
    "1.1",
    "6.3",
    "50",
    "99",
    "MOI",
    "department",
    "\x00",
    "\x07",
    "\r",
    "\n",
    '"',
    '""',
    "\ufeff",
    "\u200b",
    "€",
    "ก" * 300,
    "-0",
    "+5",
    "5.",
    ".5",
    "100.0000001",
    "-0.0001",
    "1,5",
    "50%",
]
ENCODINGS = ["utf-8", "utf-8-sig", "cp874", "utf-16", "latin-1"]

cells = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=12),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)


class Store:
    """The settings and context of the fuzzed store (a short repr keeps hypothesis' reports readable)."""

    def __init__(self, settings, context):
        self.settings, self.context = settings, context

    def __iter__(self):
        return iter((self.settings, self.context))

    def __repr__(self) -> str:
        return f"Store({self.settings.results_dir})"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A store holding a small real import of 2567: its registry and framework are known to every check."""
    data = tmp_path_factory.mktemp("fuzz")
    for sub in ("framework", "reference"):
        shutil.copytree(ROOT / "data" / sub, data / sub)
    s = load_settings({"data_dir": data, "results_dir": data / "results", "cookie_key": "k" * 48})
    ok = publish_year(
        [EXAMPLES / "broken" / "registry-ok-small.csv", EXAMPLES / "broken" / "scores-ok-small.csv", FW],
        2567,
        ImportContext.from_settings(s),
        s,
    )
    assert ok.ok
    return Store(s, ImportContext.from_settings(s))


def _snapshot(results: Path):
    return current_version(results), sorted(p.name for p in results.iterdir())


def _check(store, files: dict[str, bytes], extra: list[Path] = ()) -> ValidationReport:
    s, ctx = store
    before = _snapshot(s.results_dir)
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for name, data in files.items():
            (Path(tmp) / name).write_bytes(data)
            paths.append(Path(tmp) / name)
        report = check_files([*extra, *paths], 2567, ctx)
    assert isinstance(report, ValidationReport)
    assert report.count("internal_error") == 0, report.text("en")
    assert _snapshot(s.results_dir) == before
    return report


@settings(FAST, max_examples=600)
@given(data=st.binary(max_size=3000), ext=st.sampled_from([".csv", ".xlsx", ".yaml", ".txt"]))
def test_random_bytes_never_raise_and_never_publish(store, data, ext):
    report = _check(store, {"f" + ext: data})
    assert not report.ok


@FAST
@given(
    header=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8),
    rows=st.lists(st.lists(cells, max_size=10), max_size=12),
    encoding=st.sampled_from(ENCODINGS),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_random_tables_never_raise_and_never_publish(store, header, rows, encoding, delimiter):
    text = "\r\n".join(delimiter.join(r) for r in [header, *rows])
    _check(store, {"t.csv": text.encode(encoding, errors="replace")})


@FAST
@given(
    edits=st.lists(st.tuples(st.integers(0, 40), st.integers(0, 12), cells), min_size=1, max_size=6),
    drop=st.lists(st.integers(0, 40), max_size=3),
    which=st.sampled_from(["registry", "scores"]),
)
def test_valid_files_with_random_cells_changed_never_raise(store, edits, drop, which):
    source = SMALL_REG if which == "registry" else SMALL_SCORES
    rows = [line.split(",") for line in source.splitlines()]
    for r, c, value in edits:
        row = rows[r % len(rows)]
        row[c % len(row)] = value
    rows = [row for i, row in enumerate(rows) if i not in set(drop)]
    other = {"registry": ("s.csv", SMALL_SCORES), "scores": ("r.csv", SMALL_REG)}[which]
    _check(store, {"x.csv": "\r\n".join(",".join(r) for r in rows).encode(), other[0]: other[1].encode()})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=st.lists(st.tuples(st.integers(1, 32), st.sampled_from([0, 3]), cells), min_size=1, max_size=4))
def test_publish_of_a_broken_year_changes_nothing(store, edits):
    s, ctx = store
    rows = [line.split(",") for line in SMALL_SCORES.splitlines()]
    for r, c, value in edits:
        rows[r][c] = value
    before = _snapshot(s.results_dir)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "scores.csv"
        path.write_text("\r\n".join(",".join(r) for r in rows), encoding="utf-8")
        result = publish_year([FW, EXAMPLES / "broken" / "registry-ok-small.csv", path], 2567, ctx, s)
    assert result.report.count("internal_error") == 0
    if result.ok:  # the edit happened to keep the year valid: undo the publish for the next example
        from dgcore.db import set_current

        assert current_version(s.results_dir) == result.version
        set_current(s.results_dir, before[0])
        (s.results_dir / result.version).unlink()
    assert _snapshot(s.results_dir) == before
