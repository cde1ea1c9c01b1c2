"""bench/run_all.py's summary: every headline figure as the median over runs, min-max, runs and load."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import pytest
from run_all import Summary


def test_each_figure_is_the_median_of_its_runs_with_spread_load_and_command(capsys):
    s = Summary()
    for value, load in ((30.0, 2.0), (10.0, 1.5), (20.0, 3.5)):
        s.add("rerun: my_agency (agency) median", value, [(load, 1, 1), (load + 0.5, 1, 1)], "bench/page_reruns.py")
    s.add("rerun: my_agency (agency) median", float("nan"), [(9.0, 1, 1)], "bench/page_reruns.py")  # a failed run
    s.print()
    row = next(line for line in capsys.readouterr().out.splitlines() if "my_agency" in line)
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells == ["rerun: my_agency (agency) median", "20.0 ms", "10.0-30.0", "3", "1.5-4.0", "bench/page_reruns.py"]


def _page_reruns_json(floor: float, floor_b2b: float, paced: float, b2b: float | None, load: float) -> dict:
    page = {"role": "agency", "median_s": paced, "p95_s": paced, "cpu_s": 0.010, "errors": 0}
    if b2b is not None:
        page |= {"b2b_median_s": b2b, "b2b_p95_s": b2b, "b2b_cpu_per_rerun_s": 0.011, "b2b_errors": 0}
    return {
        "load": [[load, 1, 1], [load + 0.5, 1, 1]],
        "configs": {
            "nogc": {
                "floor": {"role": "", "median_s": floor, "p95_s": floor, "cpu_s": 0.002, "errors": 0},
                "floor_b2b": {"role": "", "median_s": floor_b2b, "p95_s": floor_b2b, "cpu_s": 0.002, "errors": 0},
                "pages": {"my_agency": page},
                "sign_in_s": {"agency": 0.3},
                "rss_end_mib": 300.0,
            }
        },
    }


def _cells(out: str, figure: str) -> list[str]:
    row = next(line for line in out.splitlines() if line.startswith(f"| {figure} "))
    return [c.strip() for c in row.strip("|").split("|")]


def test_reruns_gives_each_page_paced_and_back_to_back_rows_each_over_its_own_floor(capsys):
    from run_all import reruns

    s, cmd = Summary(), "bench/page_reruns.py --config nogc --n 20"
    # three runs: (paced floor, b2b floor, paced page, b2b page); each ratio is taken within its run
    for floor, floor_b2b, paced, b2b in (
        (0.002, 0.005, 0.016, 0.015),
        (0.0025, 0.0054, 0.015, 0.0135),
        (0.003, 0.006, 0.018, 0.012),
    ):
        reruns(_page_reruns_json(floor, floor_b2b, paced, b2b, 1.0), s, cmd)
    s.print()
    out = capsys.readouterr().out
    assert [f for f in s.rows if "my_agency" in f] == [
        "rerun: my_agency (agency) median",
        "rerun: my_agency back to back median",
        "rerun: my_agency x floor",
        "rerun: my_agency x back-to-back floor",
        "rerun: my_agency server CPU per rerun",
    ]
    assert _cells(out, "rerun: my_agency (agency) median")[1:4] == ["16.0 ms", "15.0-18.0", "3"]
    assert _cells(out, "rerun: my_agency back to back median")[1:4] == ["13.5 ms", "12.0-15.0", "3"]
    assert _cells(out, "rerun: my_agency x floor")[1:4] == ["6.0 x", "6.0-8.0", "3"]  # 8.0, 6.0, 6.0
    assert _cells(out, "rerun: my_agency x back-to-back floor")[1:4] == ["2.5 x", "2.0-3.0", "3"]  # 3.0, 2.5, 2.0
    assert _cells(out, "rerun: floor, back to back")[1:4] == ["5.4 ms", "5.0-6.0", "3"]


def test_reruns_reads_a_page_reruns_json_without_the_back_to_back_series():
    from run_all import reruns

    s = Summary()
    reruns(_page_reruns_json(0.002, 0.005, 0.016, None, 1.0), s, "bench/page_reruns.py")
    assert s.rows["rerun: my_agency x floor"].values == [8.0]
    assert "rerun: my_agency back to back median" not in s.rows
    assert "rerun: my_agency x back-to-back floor" not in s.rows


def test_page_reruns_json_keeps_its_keys_and_adds_the_back_to_back_figures():
    from page_reruns import ConfigResult, Series, _figures

    def series(name: str, seconds: list[float], cpu_s: float, role: str = "") -> Series:
        return Series(name, role=role, seconds=seconds, cpu_s=cpu_s)

    floor, floor_b2b = series("floor", [0.002, 0.003], 0.004), series("floor b2b", [0.005, 0.006], 0.004)
    floor.b2b = floor_b2b
    page = series("my_agency", [0.016, 0.018], 0.028, "agency")
    page.b2b = series("my_agency", [0.013, 0.015], 0.026, "agency")
    page.b2b.errors.append("KeyError")
    res = ConfigResult("nogc", floor, floor_b2b, [page], {"agency": 0.3}, 70.0, 300.0, 70.0, 0)
    fig = _figures(res)
    assert set(fig) == {"floor", "floor_b2b", "pages", "sign_in_s", "rss_end_mib"}
    assert (fig["floor"]["median_s"], fig["floor_b2b"]["median_s"]) == pytest.approx((0.0025, 0.0055))
    p = fig["pages"]["my_agency"]
    assert (p["role"], p["errors"]) == ("agency", 0)
    assert (p["median_s"], p["cpu_s"]) == pytest.approx((0.017, 0.014))
    assert (p["b2b_median_s"], p["b2b_p95_s"], p["b2b_cpu_per_rerun_s"]) == pytest.approx((0.014, 0.0149, 0.013))
    assert p["b2b_errors"] == 1


def test_page_reruns_table_divides_each_series_by_the_floor_measured_the_same_way(capsys):
    from page_reruns import ConfigResult, Series, print_config

    floor = Series("floor", seconds=[0.002] * 3, cpu_s=0.006)
    floor.b2b = floor_b2b = Series("floor b2b", seconds=[0.005] * 3, cpu_s=0.006)
    page = Series("my_agency", role="agency", seconds=[0.016] * 3, cpu_s=0.042, bytes=3 * 91 * 1024)
    page.b2b = Series("my_agency", role="agency", seconds=[0.015] * 3, cpu_s=0.039, errors=["KeyError: x"])
    print_config(ConfigResult("nogc", floor, floor_b2b, [page], {"agency": 0.3}, 70.0, 300.0, 70.0, 0))
    out = capsys.readouterr().out
    header = _cells(out, "page")
    assert header[2:] == [
        "paced median ms",
        "paced p95 ms",
        "x paced floor",
        "b2b median ms",
        "b2b p95 ms",
        "x b2b floor",
        "server CPU ms/rerun paced",
        "server CPU ms/rerun b2b",
        "KB sent/rerun",
        "errors (both series)",
    ]
    assert _cells(out, "floor (st.stop only)")[2:10] == ["2.0", "2.0", "1.0", "5.0", "5.0", "1.0", "2.0", "2.0"]
    assert _cells(out, "my_agency") == [
        "my_agency", "agency", "16.0", "16.0", "8.0", "15.0", "15.0", "3.0", "14.0", "13.0", "91", "1: KeyError: x"
    ]  # fmt: skip
