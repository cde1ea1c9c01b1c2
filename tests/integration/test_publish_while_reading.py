"""Publishing a year while sessions are reading: no reader errs, and readers then see the new year."""

import shutil
import threading
import time

from conftest import ROOT

from dgcore import queries
from dgcore.access import Actor, scope_for
from dgcore.config import load_settings
from dgcore.db import ResultsDB
from dgcore.importer import ImportContext, publish_year

EX = ROOT / "data" / "examples"
SCOPES = [
    scope_for(Actor("a", "agency", "D317")),
    scope_for(Actor("p", "province", "50")),
    scope_for(Actor("s", "staff")),
]


def test_readers_never_err_during_a_publish_and_see_the_new_year(demo_settings, tmp_path):
    shutil.copytree(demo_settings.data_dir, tmp_path / "data")
    settings = load_settings(
        {"data_dir": tmp_path / "data", "results_dir": tmp_path / "data" / "results", "cookie_key": "k" * 48}
    )
    db = ResultsDB(settings.results_dir)  # one shared reader, as in the app (a cursor per query)
    errors: list[BaseException] = []
    reads = [0]
    stop = threading.Event()

    def reader(i: int) -> None:
        scope = SCOPES[i % len(SCOPES)]
        while not stop.is_set():
            try:
                years = queries.survey_years(db, scope)["year"].tolist()
                queries.response_rates(db, scope, years[-1])
                queries.unit_search(db, scope)
                reads[0] += 1
            except BaseException as e:
                errors.append(e)

    threads = [threading.Thread(target=reader, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    result = publish_year(
        [EX / "registry-2567.csv", EX / "scores-long-2567.csv", EX / "framework-2567.yaml"],
        2567,
        ImportContext.from_settings(settings),
        settings,
    )
    time.sleep(0.5)
    stop.set()
    for t in threads:
        t.join(10)
    assert result.ok, result.report.text("en")
    assert errors == [] and reads[0] > 50
    assert queries.survey_years(db, SCOPES[2])["year"].tolist() == [2567]  # the shared reader moved on
    fresh = ResultsDB(settings.results_dir)
    assert 2567 in queries.survey_years(fresh, SCOPES[0])["year"].tolist()
    db.close()
    fresh.close()
