"""The demo survey: published counts, calibrated headlines, the Royal Thai Police letter, determinism."""

from pathlib import Path

import pandas as pd
import pytest
import yaml

from dgcore import scoring
from dgcore.demo import demo_tables, load_inputs
from dgcore.framework import framework_from_dict

# DGA's published counts (docs/domain.md, data/demo/survey.yaml): (year, kind) -> (targeted, responded)
PUBLISHED_COUNTS = {
    (2561, "department"): (319, 287),
    (2561, "provincial"): (1444, 1237),
    (2562, "department"): (323, 301),
    (2562, "provincial"): (1533, 1356),
    (2562, "special_local"): (2, 2),
    (2563, "department"): (315, 292),
    (2563, "provincial"): (1609, 1556),
    (2563, "special_local"): (2, 2),
    (2565, "department"): (324, None),
    (2565, "provincial"): (1550, None),
    (2565, "special_local"): (2, None),
    (2566, "department"): (302, None),
    (2566, "cio_committee"): (76, None),
}


def q(db, sql):
    return db.query(sql)


@pytest.mark.parametrize("key", sorted(PUBLISHED_COUNTS))
def test_counts_match_the_published_table(demo_db, key):
    year, kind = key
    df = q(demo_db, f"SELECT status, count(*) n FROM participation WHERE year={year} AND kind='{kind}' GROUP BY status")
    n = dict(zip(df["status"], df["n"]))
    targeted, responded = PUBLISHED_COUNTS[key]
    assert sum(n.values()) - n.get("withdrawn", 0) == targeted
    if responded is not None:
        assert n.get("responded", 0) == responded


def test_2564_targets_1939_with_1852_of_1922_responding(demo_db):
    df = q(demo_db, "SELECT status, count(*) n FROM participation WHERE year=2564 GROUP BY status")
    n = dict(zip(df["status"], df["n"]))
    assert sum(n.values()) == 1939 and n["responded"] == 1852
    assert sum(n.values()) - n["withdrawn"] == 1922
    assert round(100 * 1852 / 1922, 2) == 96.36


def test_2561_provincial_units_are_19_types_in_each_of_76_provinces(demo_db):
    df = q(
        demo_db,
        """SELECT count(DISTINCT a.type_code) t, count(DISTINCT a.province_code) p FROM participation x
                       JOIN agencies a USING (agency_id) WHERE x.year = 2561 AND x.kind = 'provincial'""",
    )
    assert (df["t"][0], df["p"][0]) == (19, 76)


def test_bangkok_is_never_a_surveyed_province(demo_db):
    df = q(
        demo_db, "SELECT count(*) n FROM agencies WHERE province_code='10' AND kind IN ('provincial','cio_committee')"
    )
    assert df["n"][0] == 0


@pytest.mark.parametrize(
    "year, kind, mean", [(2561, "department", 60.28), (2561, "provincial", 45.67), (2562, "department", 64.60)]
)
def test_headlines_are_calibrated_to_the_published_means(demo_db, year, kind, mean):
    df = q(demo_db, f"SELECT avg(overall) m FROM overall_scores WHERE year={year} AND kind='{kind}'")
    assert abs(df["m"][0] - mean) <= 0.05


def test_2561_department_pillar_means_follow_the_published_ones(demo_db):
    df = q(
        demo_db,
        """SELECT pillar_code, avg(score) m FROM pillar_scores p JOIN overall_scores o USING (year, agency_id)
                       WHERE year = 2561 AND kind = 'department' GROUP BY 1""",
    )
    m = dict(zip(df["pillar_code"], df["m"]))
    assert abs(m["1"] - 52.7) <= 0.05 and abs(m["2"] - 63.2) <= 0.05 and abs(m["6"] - 29.8) <= 0.05


def test_realistic_spread_trend_and_correlated_pillars(demo_db):
    o = q(demo_db, "SELECT year, kind, overall FROM overall_scores")
    dept = o[o["kind"] == "department"].groupby("year")["overall"]
    assert (dept.std() > 5).all() and (dept.std() < 15).all()
    assert dept.mean().is_monotonic_increasing
    p = q(demo_db, "SELECT agency_id, pillar_code, score FROM pillar_scores WHERE year = 2563")
    corr = p.pivot(index="agency_id", columns="pillar_code", values="score").corr().to_numpy()
    off_diag = corr[~pd.DataFrame(corr).eq(1.0).to_numpy()]
    assert off_diag.min() > 0.2


def test_agencies_persist_across_years(demo_db):
    o = q(demo_db, "SELECT agency_id, year, overall FROM overall_scores WHERE kind = 'department'")
    w = o.pivot(index="agency_id", columns="year", values="overall")
    assert w[2562].corr(w[2563]) > 0.5


def test_royal_thai_police_2562_reproduces_its_letter(demo_db):
    dept = q(demo_db, "SELECT avg(overall) AS m FROM overall_scores WHERE year = 2562 AND kind = 'department'")
    assert round(dept["m"][0], 2) == 64.60  # the department-level average the Police's memo quotes
    rtp = q(demo_db, "SELECT agency_id FROM agencies WHERE name_th = 'สำนักงานตำรวจแห่งชาติ'")["agency_id"][0]
    o = q(demo_db, f"SELECT overall FROM overall_scores WHERE year=2562 AND agency_id='{rtp}'")
    assert round(o["overall"][0], 2) == 55.54
    fw = framework_from_dict(yaml.safe_load(q(demo_db, "SELECT body FROM frameworks WHERE year=2562")["body"][0]))
    peers = q(
        demo_db,
        """SELECT s.sub_code, s.score FROM sub_scores s JOIN overall_scores o USING (year, agency_id)
                          WHERE s.year = 2562 AND o.kind = 'department'""",
    )
    own = q(demo_db, f"SELECT sub_code, score FROM sub_scores WHERE year=2562 AND agency_id='{rtp}'")
    groups = scoring.classify(dict(zip(own["sub_code"], own["score"])), scoring.peer_stats(peers), fw)
    assert sorted(c for c, g in groups.items() if g == "outstanding") == ["2.4", "6.1"]
    assert [c for c, g in groups.items() if g == "fairly_outstanding"] == ["3.1", "3.4"]
    accelerate = {c for c, g in groups.items() if g == "accelerate"}
    assert len(groups) == 17 and len(accelerate) == 13
    assert {"2.2", "2.3", "3.2", "3.3", "4.1", "4.2", "5.2", "6.2", "6.3"} <= accelerate


def test_real_names_are_used_and_fillers_are_marked(demo_db):
    a = q(demo_db, "SELECT kind, is_filler, name_th FROM agencies")
    dept = a[a["kind"] == "department"]
    assert dept["is_filler"].mean() < 0.2
    assert dept[dept["is_filler"]]["name_th"].str.contains("สาธิต").all()
    assert {"กรมที่ดิน", "สำนักงานตำรวจแห่งชาติ", "กรมบัญชีกลาง"} <= set(dept["name_th"])


def test_scores_are_percentages_and_only_responding_units_have_them(demo_db):
    s = q(demo_db, "SELECT min(score) lo, max(score) hi FROM sub_scores")
    assert s["lo"][0] >= 0 and s["hi"][0] <= 100
    bad = q(
        demo_db,
        """SELECT count(*) n FROM sub_scores s JOIN participation p USING (year, agency_id)
                        WHERE p.status <> 'responded'""",
    )
    assert bad["n"][0] == 0


def test_the_same_command_twice_gives_identical_tables(demo_settings):
    a, b = demo_tables(load_inputs(demo_settings)), demo_tables(load_inputs(demo_settings))
    for name in a:
        pd.testing.assert_frame_equal(a[name].reset_index(drop=True), b[name].reset_index(drop=True), check_exact=True)


def test_demo_accounts_cover_every_role(demo_settings):
    acc = pd.read_csv(demo_settings.data_dir / "demo_accounts.csv", dtype=str, keep_default_na=False)
    assert list(acc.columns) == ["username", "password", "role", "scope"]
    assert set(acc["role"]) == {"agency", "province", "department", "presenter", "staff", "admin"}
    agency_scopes = set(acc[acc["role"] == "agency"]["scope"])
    assert {"L-BMA", "CIO-50"} <= agency_scopes and any(s.startswith("P-") for s in agency_scopes)
    assert acc["username"].str.fullmatch(r"\d\d[A-Z]\d\d[A-Z]\d-\d{3}").all()


def test_demo_accounts_file_is_ignored_by_git():
    root = Path(__file__).resolve().parents[2]
    assert "data/demo_accounts.csv" in (root / ".gitignore").read_text()
