"""The deployment of deploy/README.md on loopback, for the load test: a throwaway PostgreSQL holding
the accounts and sessions, N app processes (`streamlit run app.py`, same cookie secret and cookie
key) and nginx with deploy/nginx.conf in front. It offers what load_test.py uses of a
StreamlitServer (ws_url, rss_mb, cpu_seconds, tracebacks), summed over the app processes, and
mints sign-in cookies in the shared PostgreSQL store.

nginx.conf lists 127.0.0.1:8511 and :8512 and listens on :8510, so N is 1 or 2 here."""

from __future__ import annotations

import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from common import ROOT, cpu_seconds, rss_mb

sys.path[:0] = [str(ROOT / "deploy"), str(ROOT / "tests")]
from demo_failover import APP_PORTS, PROXY, Replicas, start_nginx  # noqa: E402
from pg_server import running_postgres  # noqa: E402


class ProxiedReplicas:
    def __init__(self, data_dir: Path, n: int = 2) -> None:
        if n not in (1, 2):
            raise ValueError("deploy/nginx.conf has two upstream servers: --replicas 1 or 2")
        self.data_dir, self.n = Path(data_dir), n
        self._stack = ExitStack()
        self.work = Path(tempfile.mkdtemp(prefix="dgr-bench-replicas-"))

    def __enter__(self) -> ProxiedReplicas:
        from dgcore.accounts.postgres import PostgresAccountStore, copy_store
        from dgcore.accounts.store import SqliteAccountStore

        try:
            self.dsn = self._stack.enter_context(running_postgres())
            self.store = PostgresAccountStore(self.dsn)
            self._stack.callback(self.store.close)
            copy_store(SqliteAccountStore(self.data_dir / "accounts.sqlite"), self.store)
            self.replicas = Replicas(self.work, self.data_dir, self.dsn)
            self._stack.callback(self.replicas.stop_all)
            for port in APP_PORTS[: self.n]:
                self.replicas.start(port)
            nginx = start_nginx(self.work)
            self._stack.callback(lambda: (nginx.terminate(), nginx.wait(10)))
        except BaseException:
            self._stack.close()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self._stack.close()

    @property
    def ws_url(self) -> str:
        return PROXY.replace("http://", "ws://") + "/_stcore/stream"

    def _pids(self) -> list[int]:
        return [p.pid for p in self.replicas.procs.values() if p.poll() is None]

    def rss_mb(self) -> float | None:
        values = [rss_mb(pid) for pid in self._pids()]
        return sum(v for v in values if v is not None) if values else None

    def cpu_seconds(self) -> float | None:
        values = [cpu_seconds(pid) for pid in self._pids()]
        return sum(v for v in values if v is not None) if values else None

    def tracebacks(self) -> int:
        return sum(
            (self.work / f"app-{port}.log").read_text(errors="replace").count("Traceback")
            for port in self.replicas.procs
        )

    def cookie(self, username: str) -> str:
        """A dgr_session cookie for username: a session in PostgreSQL, signed with the replicas' key."""
        from dgcore.accounts.auth import sign_cookie, start_session

        return sign_cookie(start_session(self.store, username, time.time()), self.replicas.env["DGR_COOKIE_KEY"])

    def spread(self) -> dict[str, int]:
        """Websocket connections per upstream, from nginx's access log."""
        out: dict[str, int] = {}
        for line in (self.work / "nginx" / "access.log").read_text().splitlines():
            if "/_stcore/stream" in line:
                up = line.split("upstream=")[1].split()[0]
                out[up] = out.get(up, 0) + 1
        return out
