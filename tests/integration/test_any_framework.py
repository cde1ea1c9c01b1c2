"""A framework unlike the built-in ones, end to end: three pillars coded A, B, C with two or three
sub-indicators each, one band, no maturity rule and no classification. Checked and imported on the
command line of a fresh install; then My agency, Overview and Methodology (AppTest), the results
letter (PDF read back) and the briefing deck show every part they have and no empty section."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from apphelpers import new_app, sign_in, tiles

from dgcore import queries
from dgcore.access import Actor, scope_for
from dgcore.briefing import build_deck
from dgcore.config import load_settings
from dgcore.db import ResultsDB, current_version
from dgcore.documents import letter_pdf
from dgcore.framework import framework_from_dict
from dgcore.report import agency_report

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "data" / "examples"
KEY = "any-framework-" + "f" * 40
STAFF = scope_for(Actor("s", "staff"))
SUBS = {"A": ["A.1", "A.2"], "B": ["B.1", "B.2", "B.3"], "C": ["C.1", "C.2"]}
NO_SUCH_PART = ("Maturity", "วุฒิภาวะ", "Strengths and what to speed up", "Outstanding", "โดดเด่น")


def framework() -> dict:
    """The minimal example of data/framework/README.md, with three pillars."""
    return {
        "year": 2567,
        "pillars": [
            {
                "code": p,
                "name_th": f"เสาหลักทดลอง {p}",
                "name_en": f"Trial pillar {p}",
                "sub_indicators": [
                    {"code": s, "name_th": f"ตัวชี้วัดทดลอง {s}", "name_en": f"Trial indicator {s}"} for s in subs
                ],
            }
            for p, subs in SUBS.items()
        ],
        "bands": {"levels": [{"code": "all", "name_th": "ทุกระดับ", "name_en": "Every score", "min": 0}]},
    }


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """A fresh install with the trial year imported on the command line: (data dir, a unit id, admin pw)."""
    tmp = tmp_path_factory.mktemp("anyfw")
    data = tmp / "data"
    for sub in ("framework", "reference", "geo"):
        shutil.copytree(ROOT / "data" / sub, data / sub)
    fw_file, scores = tmp / "framework-2567.yaml", tmp / "scores-2567.csv"
    fw_file.write_text(yaml.safe_dump(framework(), allow_unicode=True), encoding="utf-8")
    with open(EXAMPLES / "registry-2567.csv", encoding="utf-8-sig") as f:
        responded = [r["agency_id"] for r in csv.DictReader(f) if r["responded"] == "true"]
    codes = [s for subs in SUBS.values() for s in subs]
    with open(scores, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["year", "agency_id", "sub_code", "score"])
        for i, aid in enumerate(responded):
            w.writerows([2567, aid, code, (17 * i + 11 * j) % 101] for j, code in enumerate(codes))
    files = [str(EXAMPLES / "registry-2567.csv"), str(scores), str(fw_file)]
    check = cli(data, "check", *files, "--year", "2567")
    assert "Framework for 2567: the supplied file framework-2567.yaml" in check.stdout and "OK:" in check.stdout
    cli(data, "import", *files, "--year", "2567")
    admin = cli(data, "accounts", "create", "trial.admin", "--role", "admin")
    return data, responded[0], admin.stdout.split("(แสดงครั้งเดียว): ")[1].strip()


def cli(data: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DGR_")}
    env.update(DGR_DATA_DIR=str(data), DGR_COOKIE_KEY=KEY, DGR_BCRYPT_COST="4")
    r = subprocess.run([sys.executable, "-m", "dgcore", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    return r


@pytest.fixture(scope="module")
def db(live):
    d = ResultsDB(live[0] / "results")
    yield d
    d.close()


def test_the_trial_year_is_scored_without_maturity_or_groups(live, db):
    fw = framework_from_dict(framework())
    assert not fw.has_maturity and not fw.has_classification
    rep = agency_report(db, STAFF, live[1], 2567, fw)
    assert rep.responded and rep.maturity is None and rep.subs["group"].isna().all()
    assert list(rep.pillars["pillar_code"]) == ["A", "B", "C"]
    assert (rep.recommendations["score"] < rep.recommendations["peer_mean"]).all()  # weak = under the peers
    stored = json.loads(db.query("SELECT body FROM frameworks WHERE year = 2567")["body"][0])
    assert (
        "maturity" not in stored
        and db.query("SELECT count(*) n FROM overall_scores WHERE maturity IS NOT NULL")["n"][0] == 0
    )


def test_the_letter_and_the_deck_leave_out_maturity_and_groups(live, db, tmp_path):
    fw = framework_from_dict(framework())
    rep = agency_report(db, STAFF, live[1], 2567, fw)
    for lang in ("en", "th"):
        path = tmp_path / f"letter-{lang}.pdf"
        path.write_bytes(letter_pdf(rep, fw, lang, dt.date(2025, 1, 6)))
        text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True).stdout
        assert ("Trial indicator" if lang == "en" else "ตัวชี้วัดทดลอง") in text  # the recommendations
        assert not [w for w in NO_SUCH_PART if w in text], lang
    geo = json.loads((live[0] / "geo" / "provinces.geojson").read_text(encoding="utf-8"))
    deck = build_deck(db, STAFF, 2567, "en", fw, geo)
    assert "maturity" not in [s.key for s in deck.slides]
    for s in deck.slides:  # every slide has something on it besides its title
        assert s.title and (s.metrics or s.figure is not None or s.bars or s.items or s.sentence or s.subtitle), s.key


def test_my_agency_overview_and_methodology_show_no_empty_section(live, demo_settings):
    import streamlit as st

    data, unit, password = live
    st.cache_resource.clear()  # settings and the readers follow this install, not the demo
    try:
        at = new_app("en", 2567, unit=unit)
        at.secrets["dgr"] = {"data_dir": str(data), "results_dir": str(data / "results"), "cookie_key": KEY}
        sign_in(at, "trial.admin", password)
        for page in ("app_pages/my_agency.py", "app_pages/overview.py", "app_pages/methodology.py"):
            at.switch_page(page).run()
            assert not at.exception, (page, [e.value for e in at.exception])
            shown = [h.value for h in at.subheader] + [m.label for m in at.metric] + [x.label for x in tiles(at)]
            assert shown and not [h for h in shown if any(w in h for w in NO_SUCH_PART)], (page, shown)
        at.switch_page("app_pages/my_agency.py").run()
        assert any(x.label == "Overall score" for x in tiles(at))
        assert not any("Maturity" in m.value for m in [*at.markdown, *at.caption])
    finally:
        st.cache_resource.clear()
    assert "import-2567" in current_version(data / "results")
    assert load_settings({"data_dir": data}).framework_dir.is_dir()


def test_my_agency_names_the_groups_as_the_framework_file_does(demo_db):
    """A framework with its own group codes and names: My agency's cards carry those names, never a
    translation key or a built-in name."""
    from dataclasses import replace

    from ui.agency_view import build_page

    fw = queries.framework(demo_db, STAFF, 2563)
    own = (
        ("top", "กลุ่มนำ", "Leading group"),
        ("mid", "กลุ่มกลาง", "Middle group"),
        ("low", "กลุ่มตาม", "Catching-up group"),
    )
    groups = tuple(replace(g, code=c, name_th=th, name_en=en) for g, (c, th, en) in zip(fw.groups, own))
    fw = replace(fw, groups=groups)
    rep = agency_report(demo_db, STAFF, "D317", 2563, fw)
    for lang, names in (("th", [o[1] for o in own]), ("en", [o[2] for o in own])):
        html = build_page(rep, fw, lang).groups_html
        assert all(f"<h4>{n} · " in html for n in names), lang
        assert "group_" not in html and "Outstanding" not in html and "โดดเด่น" not in html, lang
