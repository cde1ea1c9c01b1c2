"""Failover demo: two app processes behind nginx on loopback; one dies, its browser stays signed in.

    .venv/bin/python deploy/demo_failover.py          # about a minute; prints figures, exit 0 = ok
    DGR_KEEP_WORK=1 .venv/bin/python deploy/demo_failover.py   # keep logs and screenshots

1. Builds the demo survey into a private data dir, starts a throwaway PostgreSQL
   (tests/pg_server.py) and copies the demo accounts into it.
2. Starts two app processes (streamlit run app.py) on 127.0.0.1:8511/8512 with
   the same cookie secret, cookie key and account store, and nginx (deploy/nginx.conf) on :8510.
3. In Debian's Chromium (Playwright), signs in through nginx like a person, finds which process
   serves that browser (nginx routes by its dgr_lb cookie), and kills that process (SIGKILL).
4. Measures how long the same tab takes to reconnect through nginx to the other process, then
   clicks to another page (Streamlit's frontend reruns only on the next interaction after a
   reconnect) and back, checking each is the signed-in app; checks in PostgreSQL that it is the
   same session (same cookie, still open, one sign-in in the audit log).
5. Restarts the killed process and opens fresh browsers holding only the sign-in cookie: each is
   signed in on whichever process nginx picks.
Everything listens on 127.0.0.1 and is stopped and removed at the end.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from browser import CHROMIUM, CHROMIUM_ARGS, sign_in, wait_for_app  # noqa: E402
from pg_server import running_postgres  # noqa: E402

from dgcore.accounts.auth import token_from_cookie  # noqa: E402
from dgcore.accounts.postgres import PostgresAccountStore, copy_store  # noqa: E402
from dgcore.accounts.store import SqliteAccountStore  # noqa: E402

PY = sys.executable
APP_PORTS = (8511, 8512)
PROXY = "http://127.0.0.1:8510"


def build_demo_data(work: Path) -> Path:
    data = work / "data"
    for sub in ("framework", "reference", "demo", "geo"):
        if (ROOT / "data" / sub).exists():
            shutil.copytree(ROOT / "data" / sub, data / sub)
    env = {**os.environ, "DGR_DATA_DIR": str(data), "DGR_ACCOUNTS_PATH": str(data / "accounts.sqlite")}
    subprocess.run([PY, "-m", "dgcore", "demo"], cwd=ROOT, env=env, check=True, capture_output=True)
    return data


def wait_http(url: str, timeout: float = 60.0, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{proc.args[:3]} exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(url)


class Replicas:
    """The app processes, started and stopped by pid."""

    def __init__(self, work: Path, data: Path, dsn: str) -> None:
        self.work, self.procs = work, {}
        self.env = {
            **os.environ,
            "DGR_DATA_DIR": str(data),
            "DGR_RESULTS_DIR": str(data / "results"),
            "DGR_ACCOUNTS_PATH": dsn,
            "DGR_COOKIE_KEY": secrets.token_urlsafe(48),
            "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_urlsafe(48),
        }

    def start(self, port: int) -> None:
        log = open(self.work / f"app-{port}.log", "a")  # noqa: SIM115  (handed to the child process)
        cmd = [
            PY,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--server.allowedHosts",
            "127.0.0.1",
        ]
        self.procs[port] = subprocess.Popen(cmd, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        wait_http(f"http://127.0.0.1:{port}/_stcore/health", proc=self.procs[port])

    def kill(self, port: int) -> None:
        self.procs[port].send_signal(signal.SIGKILL)  # a crash, not a clean shutdown
        self.procs[port].wait(10)

    def stop_all(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs.values():
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()


def start_nginx(work: Path) -> subprocess.Popen:
    prefix = work / "nginx"
    prefix.mkdir()
    os.chmod(work, 0o711)
    os.chmod(prefix, 0o711)
    proc = subprocess.Popen(
        ["nginx", "-p", f"{prefix}/", "-c", str(ROOT / "deploy" / "nginx.conf"), "-e", "stderr", "-g", "daemon off;"],
        stdout=open(work / "nginx.out", "w"),  # noqa: SIM115  (handed to the child process)
        stderr=subprocess.STDOUT,
    )
    wait_http(PROXY + "/_stcore/health", proc=proc)
    return proc


def upstream_for(work: Path, lb_cookie: str) -> str:
    """Which app process nginx routes this routing key to (asked with a health request)."""
    req = urllib.request.Request(PROXY + "/_stcore/health", headers={"Cookie": f"dgr_lb={lb_cookie}"})
    urllib.request.urlopen(req, timeout=5).read()
    time.sleep(0.05)
    log = (work / "nginx" / "access.log").read_text().splitlines()
    line = [ln for ln in log if f"lb={lb_cookie}" in ln][-1]
    return line.split("upstream=")[1].split()[0].split(",")[-1].strip()


SIGN_OUT = (
    "[data-testid='stSidebar'] button:has-text('Sign out'), [data-testid='stSidebar'] button:has-text('ออกจากระบบ')"
)


def signed_in_here(page) -> bool:
    """The page shows the signed-in app (a Sign out button) and no sign-in form, in either language."""
    wait_for_app(page)
    page.locator(f"{SIGN_OUT}, input[type='password']").first.wait_for()
    wait_for_app(page)
    return page.locator(SIGN_OUT).count() > 0 and page.locator("input[type='password']").count() == 0


def page_language(page) -> str:
    return "en" if page.locator("[data-testid='stSidebar'] button:has-text('Sign out')").count() else "th"


def failover(work: Path, replicas: Replicas, pg: PostgresAccountStore, data: Path, browser) -> tuple[dict, str]:
    import pandas as pd

    accounts = pd.read_csv(data / "demo_accounts.csv", dtype=str, keep_default_na=False)
    user, password = accounts[accounts["role"] == "staff"].iloc[0][["username", "password"]]
    ctx = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = ctx.new_page()
    page.set_default_timeout(60_000)
    try:
        return _failover(work, replicas, pg, user, password, ctx, page)
    except Exception:
        page.screenshot(path=str(work / "failure.png"))
        raise
    finally:
        ctx.close()


def _failover(work, replicas, pg, user, password, ctx, page) -> tuple[dict, str]:
    opened: list[float] = []  # when the page opened each of its websockets
    page.on("websocket", lambda ws: opened.append(time.monotonic()))
    sign_in(page, PROXY, user, password, path="/?lang=en")
    page.wait_for_function("() => document.cookie.includes('dgr_session=')")
    before = {c["name"]: c["value"] for c in ctx.cookies()}
    serving = upstream_for(work, before["dgr_lb"])
    victim = int(serving.rsplit(":", 1)[1])
    t_kill = time.monotonic()
    replicas.kill(victim)
    while not [t for t in opened if t > t_kill]:  # the tab notices and opens a new websocket
        if time.monotonic() - t_kill > 120:
            page.screenshot(path=str(work / "no-reconnect.png"))
            raise RuntimeError(f"no reconnect within 120 s; see {work}")
        page.wait_for_timeout(20)
    wait_for_app(page)  # the status widget ("Connecting") has gone: connected again
    t_ws = time.monotonic() - t_kill
    # Streamlit's frontend does not rerun by itself after a reconnect (it expects the server to
    # still hold its session): the tab shows its last page until the next click, which runs
    # the script in a new session on the other process, which signs in from the cookie.
    page.get_by_role("link", name="Methodology").click()
    page.wait_for_url("**/methodology**")
    page.get_by_role("heading", name=re.compile("Methodology|วิธีการ")).first.wait_for()
    ok_next_page = signed_in_here(page)
    t_page = time.monotonic() - t_kill
    language_after = page_language(page)
    page.get_by_role("link", name=re.compile("^(Overview|ภาพรวม)$")).click()
    page.wait_for_url(lambda url: "/methodology" not in url)
    page.get_by_role("heading", name=re.compile("Response rates|อัตราการตอบ")).first.wait_for()
    ok_back = signed_in_here(page)
    after = {c["name"]: c["value"] for c in ctx.cookies()}
    token = token_from_cookie(after["dgr_session"], replicas.env["DGR_COOKIE_KEY"])
    session = pg.get_session(hashlib.sha256(token.encode()).hexdigest())
    return dict(
        user=user,
        serving_before=serving,
        serving_after=upstream_for(work, before["dgr_lb"]),
        killed_port=victim,
        reconnected_s=round(t_ws, 2),
        next_click_served_s=round(t_page, 2),
        next_page_signed_in=ok_next_page,
        back_to_overview_signed_in=ok_back,
        language_before="en",
        language_after=language_after,
        same_cookie=after["dgr_session"] == before["dgr_session"],
        session_open=session is not None and session.ended_at is None,
        logins_in_audit=len(pg.audit_rows(event="login_ok", target=user)),
    ), after["dgr_session"]


def fresh_browsers(work: Path, browser, cookie: str, n: int = 8) -> list[tuple[str, bool]]:
    """Browsers holding only the sign-in cookie (no routing cookie): signed in wherever they land."""
    seen = []
    for _ in range(n):
        ctx = browser.new_context()
        ctx.add_cookies([{"name": "dgr_session", "value": cookie, "domain": "127.0.0.1", "path": "/"}])
        page = ctx.new_page()
        page.set_default_timeout(60_000)
        page.goto(PROXY + "/methodology?lang=en")
        ok = signed_in_here(page)
        if not ok:
            page.screenshot(path=str(work / f"fresh-{len(seen)}.png"))
        lb = next(c["value"] for c in ctx.cookies() if c["name"] == "dgr_lb")
        seen.append((upstream_for(work, lb), ok))
        ctx.close()
    return seen


def preflight() -> None:
    missing = [
        f"{name} (apt-get install -y {pkg})"
        for name, pkg, ok in [
            ("nginx", "nginx", shutil.which("nginx")),
            ("chromium", "chromium", Path(CHROMIUM).exists()),
        ]
        if not ok
    ]
    busy = []
    for port in (8510, *APP_PORTS):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                busy.append(port)
    if missing or busy:
        sys.exit(f"cannot run the demo: missing {missing or 'nothing'}; ports in use {busy or 'none'}")


def main() -> int:
    """Run the whole demo and print its figures; exit status 0 when every check held."""
    from playwright.sync_api import sync_playwright

    preflight()
    work = Path(tempfile.mkdtemp(prefix="dgr-failover-"))
    with ExitStack() as stack:
        if not os.environ.get("DGR_KEEP_WORK"):  # keep logs and screenshots for a post-mortem
            stack.callback(shutil.rmtree, work, True)
        t0 = time.monotonic()
        data = build_demo_data(work)
        dsn = stack.enter_context(running_postgres())
        pg = PostgresAccountStore(dsn)
        stack.callback(pg.close)
        copy_store(SqliteAccountStore(data / "accounts.sqlite"), pg)
        replicas = Replicas(work, data, dsn)
        stack.callback(replicas.stop_all)
        for port in APP_PORTS:
            replicas.start(port)
        nginx = start_nginx(work)
        stack.callback(lambda: (nginx.terminate(), nginx.wait(10)))
        print(f"set up in {time.monotonic() - t0:.1f} s: postgres, 2 app processes, nginx on {PROXY}")
        play = stack.enter_context(sync_playwright())
        browser = play.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        stack.callback(browser.close)
        result, cookie = failover(work, replicas, pg, data, browser)
        for key, value in result.items():
            print(f"  {key:22} {value}")
        replicas.start(result["killed_port"])
        time.sleep(10.5)  # nginx tries a failed server again after fail_timeout (10 s)
        landed = fresh_browsers(work, browser, cookie)
        for upstream, ok in landed:
            print(f"  fresh browser          upstream={upstream} signed_in={ok}")
        checks = [
            result["next_page_signed_in"],
            result["back_to_overview_signed_in"],
            result["same_cookie"],
            result["session_open"],
            result["logins_in_audit"] == 1,
            result["serving_after"] != result["serving_before"],
            all(ok for _, ok in landed),
            len({u for u, _ in landed}) == 2,
        ]
        print("RESULT", "ok" if all(checks) else f"FAILED {checks}")
        return 0 if all(checks) else 1


if __name__ == "__main__":
    sys.exit(main())
