"""bench/run_all.py's summary: every headline figure as the median over runs, min-max, runs and load."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

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
