"""Bad input through the pages (AppTest): query parameters of the wrong type, size or script, forced
session values, and the upload limit told beside the uploader. Each is ignored or answered in plain
words; no exception reaches the screen and nothing is published."""

import pytest
from apphelpers import account, new_app, sign_in, signed_in_app

LONG = "9" * 10_000
BAD_PARAMS = [  # every parameter the pages read, each wrong in several ways at once
    {
        "year": "99999",
        "lang": "<script>alert(1)</script>",
        "unit": "\u200b\u202eD317",
        "province": ["50", "20"],
        "dept": "D227\x00",
        "ministry": "😀",
        "audience": "' OR 1=1 --",
    },
    {
        "year": ["2563", "abc"],
        "lang": ["en", "th"],
        "unit": LONG,
        "province": "๕๐",
        "dept": LONG,
        "ministry": ["MOF", "X"],
    },
    {"year": LONG, "lang": "", "unit": "", "province": "\x1b[31m", "dept": "", "ministry": "", "audience": LONG},
    {"year": "-2563"},
    {"year": "2563.5"},
    {"year": "\x00"},
]


@pytest.mark.parametrize("params", BAD_PARAMS[:3], ids=["scripts", "lists", "long-and-empty"])
def test_query_parameters_of_the_wrong_type_fall_back_quietly(demo_accounts, params):
    at = new_app("en")
    for k, v in params.items():
        at.query_params[k] = v
    sign_in(at, *account(demo_accounts, "province", "50"))
    for page in ("app_pages/my_agency.py", "app_pages/provinces.py", "app_pages/departments.py"):
        at.switch_page(page)
        at.run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert at.title, page
    assert at.session_state["year"] in range(2561, 2567) and at.session_state["lang"] in ("th", "en")


def test_the_sign_in_screen_takes_the_same_parameters_without_complaint():
    for params in BAD_PARAMS:
        at = new_app("th")
        for k, v in params.items():
            at.query_params[k] = v
        at.run()
        assert not at.exception and at.text_input(key="login_username"), params


@pytest.mark.parametrize("lang, words", [("th", "ไฟล์ละไม่เกิน 100 MB"), ("en", "At most 100 MB per file")])
def test_the_admin_page_tells_the_upload_limit_beside_the_uploader(demo_accounts, lang, words):
    at = signed_in_app(demo_accounts, "admin", lang=lang, page="app_pages/admin.py")
    assert any(words in c.value for c in at.caption)


def test_an_import_year_outside_the_range_never_raises_and_is_refused_by_validation(demo_accounts, demo_settings):
    """The browser keeps the year within 2558-2700; should a forged value reach the script, validation
    refuses it in both languages."""
    from dgcore import importer

    at = signed_in_app(demo_accounts, "admin", page="app_pages/admin.py")
    ctx = importer.ImportContext.from_settings(demo_settings)
    for year in (1, 2801, 10**9):
        at.number_input(key="import_year").set_value(year).run()
        assert not at.exception, year
        seen = int(at.session_state["import_year"])
        if 2558 <= seen <= 2700:
            continue  # clamped on the way in: nothing to refuse
        report = importer.check_files([], seen, ctx)
        problem = next(p for p in report.problems if p.code == "year_invalid")
        assert problem.th and problem.en and not report.ok
