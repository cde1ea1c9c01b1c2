"""Names from imported files stay text, through nginx with deploy/nginx.conf, in one Chromium.

An administrator imports a registry whose unit names carry Markdown links, pictures, emphasis, headings,
HTML, Streamlit directives and bidi overrides (tests/hostile.py), over reference data whose ministry and
provincial-office type names do too. Then one context per role (admin, agency D317, province 50,
presenter) opens every page, letter, report and deck slide where those names appear and asserts that no
<a> or <img> points outside the app, that nothing from the names became a link, picture or formatting,
that the names read as typed, and that tests/leaks.py finds nothing outside each role's scope. Last, the
Content-Security-Policy nginx sends stops a picture from another origin put into the page, which the
same page served without nginx loads (the control).
"""

from __future__ import annotations

import csv
import http.server
import io
import re
import shutil
import subprocess
import threading
import time
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pytest
from browser import sign_in, wait_for_app
from hostile import HOSTILE_NAMES, shown, with_names
from leaks import Scanner, allowed, public_labels, registry
from matrix import actor
from nginx_proxy import proxied

from dgcore.db import ResultsDB
from dgcore.text_safety import WORD_JOINER

pytestmark = pytest.mark.e2e


def _serve():
    """The e2e conftest's app starter (a module of that name is already the root conftest)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("e2e_conftest", Path(__file__).with_name("conftest.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.serve


ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "data" / "examples"
NAMES = {
    **HOSTILE_NAMES,
    "P-PVO-50": ("สำนักงานจังหวัด **เชียงใหม่** [คลิก](https://evil.example)", "PVO _Chiang Mai_ <i>x</i>"),
}
MINISTRY = ("สำนักนายกฯ [ลิงก์](https://evil.example/m) ![m](m.png)", "PM's Office **[m](https://evil.example/m)**")
MINISTRY_SHORT = "PMO <img src=m.png> #1"
PVO_TYPE = ("สำนักงานจังหวัด `โค้ด` ~~ขีด~~", "Provincial Office :red[red] $x$")
EVIL = re.compile(r"evil\.example|pixel\.png|m\.png")
ARTIFACTS = ROOT / "test-artifacts"
TEXT_JS = (
    "document.body.innerText + ' ' + [...document.querySelectorAll('svg text, [data-baseweb=select]')]"
    ".map(t => t.textContent).join(' ') + ' ' + [...document.querySelectorAll('input')].map(i => i.value).join(' ')"
)


def _rewrite(path: Path, key: str, code: str, values: dict[str, str]) -> None:
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    for row in rows:
        if row[key] == code:
            row.update(values)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(demo_settings, tmp_path_factory):
    """(proxy url, direct url, data dir): the demo data with hostile reference names, one app, nginx."""
    data = tmp_path_factory.mktemp("hostile-data")
    shutil.copytree(demo_settings.data_dir, data, dirs_exist_ok=True)
    ref = data / "reference"
    _rewrite(ref / "ministries.csv", "ministry_code", "OPM", dict(zip(("name_th", "name_en"), MINISTRY)))
    _rewrite(ref / "ministries.csv", "ministry_code", "OPM", {"short_en": MINISTRY_SHORT})
    _rewrite(ref / "provincial_agency_types.csv", "type_code", "PVO", dict(zip(("name_th", "name_en"), PVO_TYPE)))
    # show_ranks on: a province's deck names its units (with their type) only on the highest-and-lowest slide,
    # which the rank policy leaves out otherwise, and the hostile type name must be read there
    for url in _serve()(data, data / "results", tmp_path_factory, DGR_COOKIE_KEY="k" * 48, DGR_SHOW_RANKS="1"):
        with proxied(url) as proxy:
            yield proxy, url, data


def _account(data: Path, role: str, scope: str | None = None) -> tuple[str, str]:
    acc = pd.read_csv(data / "demo_accounts.csv", dtype=str, keep_default_na=False)
    r = acc[(acc["role"] == role) & ((acc["scope"] == scope) if scope else True)].iloc[0]
    return r["username"], r["password"]


class Visit:
    """One context's checks of what it is shown."""

    def __init__(self, browser, base: str, scanner: Scanner):
        self.context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
        self.page = self.context.new_page()
        self.page.set_default_timeout(60000)
        self.base, self.scanner, self.host = base, scanner, urlsplit(base).netloc
        self.seen: list[str] = []

    def open(self, path: str, *names: str) -> str:
        """Go to path, wait until the names show (the run and its charts are done), check it; its text."""
        self.page.goto(self.base + path)
        wait_for_app(self.page)
        self.wait_for(*names)
        return self.check(path)

    def wait_for(self, *names: str) -> None:
        wanted = [shown(n) for n in names]
        try:
            self.page.wait_for_function(
                f"w => w.every(n => ({TEXT_JS}).replaceAll('{WORD_JOINER}', '').replace(/\\s+/g, ' ').includes(n))",
                arg=wanted,
                timeout=90000,
            )
        except Exception:
            ARTIFACTS.mkdir(exist_ok=True)
            (ARTIFACTS / "text-safety-page.txt").write_text(self.text(), encoding="utf-8")
            self.page.screenshot(path=str(ARTIFACTS / "text-safety-page.png"), full_page=True)
            raise AssertionError(f"{wanted} not shown on {self.page.url}") from None
        self.page.wait_for_timeout(300)

    def text(self) -> str:
        """What the page shows as text: the DOM's text, chart labels (SVG) and the values of select boxes."""
        return _flat(self.page.evaluate(f"() => {TEXT_JS}").replace(WORD_JOINER, ""))

    def check(self, where: str) -> str:
        p = self.page
        for href in p.eval_on_selector_all("a[href]", "es => es.map(e => e.href)"):
            assert href.startswith(("about:", "blob:")) or urlsplit(href).netloc == self.host, (where, href)
        for src in p.eval_on_selector_all("img[src]", "es => es.map(e => e.src)"):
            assert src.startswith(("data:", "blob:")) or urlsplit(src).netloc == self.host, (where, src)
        tags = " ".join(p.eval_on_selector_all("a[href], img[src]", "es => es.map(e => e.outerHTML)"))
        assert not EVIL.search(tags), (where, tags[:300])
        text = self.text()
        assert self.scanner.leaks(text) == [], where
        self.seen.append(where)
        return text

    def download(self, key: str) -> bytes:
        with self.page.expect_download(timeout=120000) as info:
            self.page.locator(f".st-key-{key} button").click()
        return Path(info.value.path()).read_bytes()

    def close(self) -> None:
        self.context.close()


def _flat(text: str) -> str:
    return " ".join(text.split())


def _pdf_text(data: bytes, tmp: Path) -> str:
    (tmp / "doc.pdf").write_bytes(data)
    out = subprocess.run(["pdftotext", str(tmp / "doc.pdf"), "-"], capture_output=True, check=True)
    return out.stdout.decode()


def _in_pdf(text: str, name: str) -> None:
    """The name printed as typed; lines may break anywhere between words (Thai has no spaces)."""

    def squeeze(s: str) -> str:  # pdftotext puts Thai marks in another order (ที่ -> ท่ี): compare without them
        return "".join(c for c in s if not c.isspace() and unicodedata.category(c) != "Mn")

    assert squeeze(shown(name)) in squeeze(text), (name, text[:600])


def _assert_no_links(data: bytes) -> None:
    assert b"/URI" not in data and b"hlinkClick" not in data and not EVIL.search(data.decode("latin-1"))


def _import(visit: Visit, data: Path, tmp: Path) -> None:
    reg = with_names(EXAMPLES / "registry-2567.csv", tmp / "registry-2567.csv", NAMES)
    p = visit.page
    visit.open("/admin?lang=en")
    p.locator("[data-testid='stNumberInput'] input").fill("2567")
    p.locator("[data-testid='stNumberInput'] input").press("Enter")
    wait_for_app(p)
    files = [reg, EXAMPLES / "scores-wide-2567.xlsx", EXAMPLES / "framework-2567.yaml"]
    p.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files([str(f) for f in files])
    p.locator(".st-key-import_check button:not([disabled])").first.wait_for(timeout=30000)
    wait_for_app(p)
    p.locator(".st-key-import_check button").click()
    p.get_by_text("ready to publish").wait_for(timeout=90000)
    visit.check("admin import report")
    p.locator(".st-key-import_confirm label").click()  # publish only once confirmed
    p.locator(".st-key-import_publish button:not([disabled])").first.click()
    p.get_by_text("2567 published:").wait_for(timeout=90000)
    assert "import-2567" in (data / "results" / "CURRENT").read_text()


def _scanner(data: Path, allowed_for: str | None = None, province: str | None = None) -> Scanner:
    """tests/leaks.py's scanner for the names as they read on screen (bidi controls dropped): for an
    actor of tests/matrix.py, or for a briefing whose audience is one province."""
    db = ResultsDB(data / "results")
    try:
        reg = registry(db)
        public = {shown(x) for x in public_labels(db)}
    finally:
        db.close()
    for col in ("name_th", "name_en"):
        reg[col] = [shown(x) if isinstance(x, str) else x for x in reg[col]]
    may = allowed(reg, actor(allowed_for)) if allowed_for else set(reg[reg["province_code"] == province]["agency_id"])
    return Scanner.build(reg, may, public)


def _has(text: str, *names: str) -> None:
    for name in names:
        assert shown(name) in text, (name, text[:400])


def test_hostile_names_stay_text_everywhere_and_the_proxy_blocks_remote_pictures(hostile_site, browser, tmp_path):
    proxy, direct, data = hostile_site
    t0 = time.perf_counter()
    admin = Visit(browser, proxy, Scanner({}, set()))
    sign_in(admin.page, proxy, *_account(data, "admin"), path="/?lang=en")
    _import(admin, data, tmp_path)
    admin.scanner = _scanner(data, allowed_for="admin")
    for lang, i in (("en", 1), ("th", 0)):
        admin.open(f"/my_agency?unit=D001&lang={lang}", NAMES["D001"][i])
        letter = admin.download("dl_letter")
        _assert_no_links(letter)
        _in_pdf(_pdf_text(letter, tmp_path), NAMES["D001"][i])
        admin.open(f"/departments?ministry=OPM&lang={lang}", MINISTRY[i], MINISTRY_SHORT if i else MINISTRY[0])
        _assert_no_links(admin.download("dl_department_pdf"))
        if lang == "th":
            continue  # the rest in Thai: the province account below
        admin.open(f"/provinces?province=50&lang={lang}", PVO_TYPE[i])
        province_pdf = admin.download("dl_province_pdf")
        _assert_no_links(province_pdf)
        if lang == "en":  # in a table: each word as typed (a cell wraps between words, Thai between syllables)
            words = _pdf_text(province_pdf, tmp_path).split()
            assert all(w in words for w in shown(PVO_TYPE[1]).split() + shown(NAMES["P-PVO-50"][1]).split())
        admin.open(f"/overview?lang={lang}")
        admin.open(f"/methodology?lang={lang}")

    agency = Visit(browser, proxy, _scanner(data, allowed_for="agency D317"))
    sign_in(agency.page, proxy, *_account(data, "agency", "D317"), path="/my_agency?lang=en")
    for lang, i in (("en", 1), ("th", 0)):
        agency.open(f"/my_agency?lang={lang}", NAMES["D317"][i])
        letter = agency.download("dl_letter")
        _assert_no_links(letter)
        _in_pdf(_pdf_text(letter, tmp_path), NAMES["D317"][i])
        agency.open(f"/overview?lang={lang}")

    province = Visit(browser, proxy, _scanner(data, allowed_for="province 50"))
    sign_in(province.page, proxy, *_account(data, "province", "50"), path="/provinces?lang=en")
    province.open("/provinces?province=50&lang=en", PVO_TYPE[1])
    province.open("/my_agency?unit=P-PVO-50&lang=en", NAMES["P-PVO-50"][1])
    province.open("/departments?ministry=OPM&lang=th", MINISTRY[0])

    presenter = Visit(browser, proxy, _scanner(data, province="50"))
    sign_in(presenter.page, proxy, *_account(data, "presenter"), path="/briefing?lang=en")
    for lang, i in (("en", 1), ("th", 0)):
        presenter.open(f"/briefing?audience=50&province=50&lang={lang}")
        for key in ("deck_pdf", "deck_pptx") if lang == "en" else ():
            _assert_no_links(presenter.download(key))
        _present(presenter, lang, PVO_TYPE[i])

    _csp_blocks_remote_pictures(agency, direct)
    views = sum(len(v.seen) for v in (admin, agency, province, presenter))
    for v in (admin, agency, province, presenter):
        v.close()
    print(f"\n[text safety] {views} views checked in one browser in {time.perf_counter() - t0:.1f} s")


def _present(visit: Visit, lang: str, expected: str) -> None:
    """Every slide full screen; the hostile type name must show on one of them, as typed."""
    p = visit.page
    p.locator(".st-key-start_presenting button").click()
    wait_for_app(p)
    texts = []
    while True:
        p.wait_for_timeout(800)
        texts.append(visit.check(f"briefing slide {len(texts) + 1} ({lang})"))
        if not p.locator(".st-key-slide_next button:not([disabled])").count():
            break
        p.locator(".st-key-slide_next button").click()
        wait_for_app(p)
    assert len(texts) >= 5
    _has(" ".join(texts), expected)
    p.locator(".st-key-slide_exit button").first.click()
    wait_for_app(p)


class _Pixel(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):
        _Pixel.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/gif")
        self.end_headers()
        self.wfile.write(
            b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
            b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
        )

    def log_message(self, *args):
        pass


def _csp_blocks_remote_pictures(visit: Visit, direct: str) -> None:
    """A picture from another origin, put into the page as injected markup would: nginx's CSP blocks it,
    the same page straight from the app (no proxy, no CSP) loads it."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pixel)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    remote = f"http://localhost:{server.server_address[1]}"  # another origin than the app's 127.0.0.1
    inject = "src => { const i = document.createElement('img'); i.src = src; document.body.appendChild(i); }"
    try:
        response = visit.page.goto(visit.base + "/overview?lang=en")
        csp = response.headers.get("content-security-policy", "")
        assert "img-src 'self'" in csp and "connect-src 'self'" in csp, csp
        wait_for_app(visit.page)
        visit.page.evaluate(inject, remote + "/via-proxy.gif")
        visit.page.wait_for_timeout(1500)
        assert "/via-proxy.gif" not in _Pixel.hits
        control = visit.context.new_page()
        control.goto(direct + "/overview?lang=en")
        wait_for_app(control)
        control.evaluate(inject, remote + "/direct.gif")
        control.wait_for_timeout(1500)
        assert "/direct.gif" in _Pixel.hits  # the control: without the proxy's CSP the picture loads
        control.close()
    finally:
        server.shutdown()
