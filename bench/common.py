"""Shared benchmark plumbing: a demo data dir in a temp directory, `streamlit run` on a free
loopback port, its RSS, and small statistics helpers. Benchmarks print figures; nothing here
passes or fails on time."""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PYTHON = sys.executable  # run the benchmarks with /work/main/.venv/bin/python
APP = ROOT / "app.py"
FLOOR_APP = Path(__file__).resolve().with_name("floor_app.py")
HOST = "127.0.0.1"  # loopback only, always
NO_GC = ("--runner.postScriptGC", "false")  # what .streamlit/config.toml sets since 2026-11-22
GC_ON = ("--runner.postScriptGC", "true")  # Streamlit's own default


# ------------------------------------------------------------------------------ demo data
@dataclass(frozen=True)
class DemoData:
    data_dir: Path
    results_dir: Path
    accounts_path: Path

    def settings(self):
        from dgcore.config import load_settings

        return load_settings(
            {"data_dir": self.data_dir, "results_dir": self.results_dir, "accounts_path": self.accounts_path}
        )

    def env(self) -> dict[str, str]:
        return {
            "DGR_DATA_DIR": str(self.data_dir),
            "DGR_RESULTS_DIR": str(self.results_dir),
            "DGR_ACCOUNTS_PATH": str(self.accounts_path),
        }

    def accounts(self):
        import pandas as pd

        return pd.read_csv(self.data_dir / "demo_accounts.csv", dtype=str, keep_default_na=False)

    def account(self, role: str, scope: str | None = None) -> tuple[str, str, str]:
        """(username, password, scope) of the first demo account with this role (and scope)."""
        df = self.accounts()
        rows = df[(df["role"] == role) & ((df["scope"] == scope) if scope else True)]
        r = rows.iloc[0]
        return r["username"], r["password"], r["scope"]


def copy_data_inputs(data: Path) -> None:
    """The versioned inputs of data/ (framework, reference, demo config, geo, briefing texts, letter settings), as
    tests/conftest.py does."""
    for sub in ("framework", "reference", "demo", "geo", "briefing", "letters"):
        if (ROOT / "data" / sub).exists():
            shutil.copytree(ROOT / "data" / sub, data / sub)


def build_demo_data(base: Path) -> DemoData:
    """A private copy of data/ under base with the demo survey built into it (real DuckDB file)."""
    from dgcore.config import load_settings
    from dgcore.demo import build_demo

    data = base / "data"
    data.mkdir(parents=True, exist_ok=True)
    copy_data_inputs(data)
    demo = DemoData(data, data / "results", data / "accounts.sqlite")
    build_demo(
        load_settings({"data_dir": demo.data_dir, "results_dir": demo.results_dir, "accounts_path": demo.accounts_path})
    )
    return demo


@contextmanager
def demo_data(prefix: str = "dgr-bench-") -> Iterator[DemoData]:
    """A demo data dir in a fresh temporary directory, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        yield build_demo_data(Path(tmp))


def session_cookie(demo: DemoData, username: str) -> str:
    """A `dgr_session` cookie value for username, minted the way ui.auth does after a sign-in
    (no bcrypt: start_session + sign_cookie with the deployment's cookie key)."""
    from dgcore.accounts.auth import sign_cookie, start_session
    from dgcore.accounts.store import SqliteAccountStore

    settings = demo.settings()
    token = start_session(SqliteAccountStore(settings.accounts_path), username, time.time())
    return sign_cookie(token, settings.cookie_key)


# ------------------------------------------------------------------------------ the server
def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float | None:
    """Resident set size of a process in MiB, from /proc/<pid>/status (None if it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def cpu_seconds(pid: int) -> float | None:
    """User+system CPU time of a process so far (from /proc/<pid>/stat)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class ExternalStop(RuntimeError):
    """The server process was terminated by a signal we did not send."""


@dataclass
class StreamlitServer:
    """`streamlit run script` on a free loopback port; use as a context manager."""

    script: Path
    env: dict[str, str] = field(default_factory=dict)
    flags: Sequence[str] = ()
    log_dir: Path | None = None
    port: int = 0
    proc: subprocess.Popen | None = None
    log_path: Path | None = None
    _stopping: bool = False
    _killed: bool = False
    _own_log_dir: Path | None = None  # a temporary log dir we made: removed on stop unless it shows a Traceback

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://{HOST}:{self.port}/_stcore/stream"

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def start(self, timeout: float = 90, attempts: int = 3) -> StreamlitServer:
        """Start and wait for /_stcore/health. Retried when the process is killed from outside
        while starting (SIGTERM: other work on a shared machine may stop streamlit processes)."""
        for attempt in range(attempts):
            try:
                return self._start_once(timeout)
            except ExternalStop:
                if attempt == attempts - 1:
                    raise
                print(f"  (streamlit was terminated from outside while starting; retry {attempt + 1})", file=sys.stderr)
        return self

    def _start_once(self, timeout: float) -> StreamlitServer:
        self._stopping = self._killed = False
        self.port = free_port()
        if self.log_dir is None and self._own_log_dir is None:
            self._own_log_dir = Path(tempfile.mkdtemp(prefix="dgr-bench-log-"))
        log_dir = self.log_dir or self._own_log_dir
        self.log_path = log_dir / f"streamlit-{Path(self.script).stem}-{self.port}.log"
        cmd = [
            PYTHON,
            "-m",
            "streamlit",
            "run",
            str(self.script),
            "--server.port",
            str(self.port),
            "--server.address",
            HOST,
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            *self.flags,
        ]
        env = {**os.environ, **self.env}
        with open(self.log_path, "w") as out:
            self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        self._wait_healthy(timeout)
        return self

    def _wait_healthy(self, timeout: float) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                if self.proc.returncode in (-15, -9):
                    raise ExternalStop(f"streamlit was killed (signal {-self.proc.returncode})")
                raise RuntimeError(f"streamlit exited with {self.proc.returncode}: {self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise TimeoutError("streamlit did not become healthy")

    def rss_mb(self) -> float | None:
        return rss_mb(self.pid)

    def cpu_seconds(self) -> float | None:
        return cpu_seconds(self.pid)

    def log_tail(self, n: int = 3000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-n:] if self.log_path else ""
        except OSError:
            return ""

    def tracebacks(self) -> int:
        return self.log_tail(10_000_000).count("Traceback")

    @property
    def killed_from_outside(self) -> bool:
        """True when the process died of a signal this object did not send."""
        if self._killed:
            return True
        if self.proc is None or self._stopping:
            return False
        died = self.proc.poll() is not None and self.proc.returncode in (-15, -9)
        # Streamlit prints "Stopping..." when it gets SIGTERM/SIGINT and then shuts down gracefully
        # (websockets close with 1012 "service restart"); we have not sent one yet.
        return died or "Stopping..." in self.log_tail(10_000_000)

    def stop(self) -> None:
        self._killed = self.killed_from_outside
        self._stopping = True
        if self.proc is None or self.proc.poll() is not None:
            self._clean_log_dir()
            return
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
        self._clean_log_dir()

    def _clean_log_dir(self) -> None:
        """Remove our temporary log dir, unless the log has a Traceback (then say where it is)."""
        if self._own_log_dir is None or not self._own_log_dir.exists():
            return
        if self.tracebacks():
            print(f"  (server log with tracebacks kept: {self.log_path})", file=sys.stderr)
            return
        shutil.rmtree(self._own_log_dir, ignore_errors=True)

    def __enter__(self) -> StreamlitServer:
        return self.start() if self.proc is None else self

    def __exit__(self, *exc) -> None:
        self.stop()


def app_server(demo: DemoData, flags: Sequence[str] = (), log_dir: Path | None = None) -> StreamlitServer:
    """app.py served against demo's data dir (DGR_DATA_DIR / DGR_RESULTS_DIR / DGR_ACCOUNTS_PATH)."""
    return StreamlitServer(APP, env=demo.env(), flags=flags, log_dir=log_dir)


def floor_server(flags: Sequence[str] = (), log_dir: Path | None = None) -> StreamlitServer:
    """bench/floor_app.py (a script that only calls st.stop()) with the same flags."""
    return StreamlitServer(FLOOR_APP, flags=flags, log_dir=log_dir)


# ------------------------------------------------------------------------------ statistics
def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank-interpolated percentile (q in 0..100); nan for no values."""
    if not values:
        return float("nan")
    xs = sorted(values)
    if len(xs) == 1:
        return xs[0]
    pos = (len(xs) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def fmt_ms(seconds: float) -> str:
    return "–" if seconds != seconds else f"{seconds * 1000:.1f}"


def machine_line() -> str:
    """nproc, CPU model and memory, for the header of every benchmark's output."""
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    import platform

    versions = []
    for mod in ("streamlit", "duckdb", "pandas"):
        try:
            versions.append(f"{mod} {__import__(mod).__version__}")
        except Exception:
            pass
    return (
        f"machine: nproc={os.cpu_count()} (affinity {len(os.sched_getaffinity(0))}), cpu={model}, mem={mem}; "
        f"python {platform.python_version()}, {', '.join(versions)}"
    )


def load_line() -> str:
    """The 1/5/15-minute load averages: other work on a shared machine shows up in every figure."""
    try:
        one, five, fifteen = Path("/proc/loadavg").read_text().split()[:3]
    except OSError:
        return "load average: ?"
    return f"load average {one} {five} {fifteen} (nproc {os.cpu_count()})"


def load_averages() -> tuple[float, ...]:
    """The 1/5/15-minute load averages as numbers (for the summary of bench/run_all.py)."""
    try:
        return tuple(float(x) for x in Path("/proc/loadavg").read_text().split()[:3])
    except (OSError, ValueError):
        return ()


def write_json(path: str | None, figures: dict) -> None:
    """Save a benchmark's headline figures for bench/run_all.py's summary (nothing when no --json)."""
    if path:
        import json

        Path(path).write_text(json.dumps(figures, indent=1, default=str), encoding="utf-8")


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A plain Markdown table (pastes into BENCHMARKS.md as is)."""
    cells = [[str(c) for c in r] for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in cells:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |")


# ------------------------------------------------------------------------------ the app's pages
def app_page_keys() -> list[str]:
    """The keys of app.py's PAGES dict as the file stands now (read with ast, not imported)."""
    import ast

    tree = ast.parse(APP.read_text(encoding="utf-8"))
    for node in tree.body:
        target = (
            node.targets[0]
            if isinstance(node, ast.Assign) and len(node.targets) == 1
            else node.target
            if isinstance(node, ast.AnnAssign)
            else None
        )
        if isinstance(target, ast.Name) and target.id == "PAGES" and isinstance(node.value, ast.Dict):
            return [k.value for k in node.value.keys if isinstance(k, ast.Constant)]
    raise RuntimeError("no PAGES dict in app.py")


def role_for_page(page: str) -> str:
    """Who opens a page in the benchmarks: an agency for my_agency, staff for the rest, else the
    first role (dgcore.access.PAGES_BY_ROLE) that may open it."""
    from dgcore.access import PAGES_BY_ROLE

    if page == "my_agency":
        return "agency"
    if page in PAGES_BY_ROLE.get("staff", ()):
        return "staff"
    return next((r for r, pages in PAGES_BY_ROLE.items() if page in pages), "admin")


def url_path_for(page: str, role: str, available: Sequence[str]) -> str:
    """The url path st.navigation gives a page: '' for the role's default (first visible) page."""
    from dgcore.access import Actor, visible_pages

    visible = visible_pages(Actor("bench", role), tuple(available))
    return "" if visible and visible[0] == page else page


def retry_if_killed(fn, *servers_fn, attempts: int = 3, what: str = "benchmark"):
    """Run fn(); if it fails because a streamlit server was killed by someone else (a shared
    machine), say so and run it again (at most `attempts` times). fn returns its result and may
    record its servers in the list it is given."""
    for attempt in range(attempts):
        servers: list[StreamlitServer] = []
        try:
            return fn(servers)
        except Exception:
            if attempt < attempts - 1 and any(s.killed_from_outside for s in servers):
                print(f"  ({what}: a streamlit server was terminated from outside; running it again)", file=sys.stderr)
                continue
            raise
