"""A throwaway PostgreSQL server for tests and local demos: initdb, start, one database, stop, remove.

    with running_postgres() as dsn:      # postgresql://dgr:<random>@127.0.0.1:<free port>/dgr
        store = PostgresAccountStore(dsn)

Debian's server binaries (/usr/lib/postgresql/<version>/bin) are used; when they are missing this
raises PostgresMissing with the command that installs them, so a test using it fails rather than
skips. PostgreSQL refuses to run as root: as root, initdb and pg_ctl run as the `postgres` OS user,
in a fresh directory under the system temp folder (pytest's own tmp dirs are root-only, 0700).
The server listens on 127.0.0.1 only (plus a unix socket inside that directory), accepts only
password (SCRAM) logins over TCP, and trades durability for speed (fsync off): test data only.

Also a command for shell scripts (deploy/run_local_replicas.sh):
    python tests/pg_server.py [--port P] [--seconds S]
prints `DSN=postgresql://...` once the server is up, then serves until SIGTERM/SIGINT or S
seconds, and removes everything.
"""

from __future__ import annotations

import argparse
import glob
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

INSTALL_HINT = (
    "PostgreSQL server binaries (initdb, pg_ctl) not found. Install them with "
    "`apt-get install -y postgresql` (make test does this), or point DGR_PG_BIN at "
    "the folder holding initdb."
)
START_TIMEOUT_S = 30


class PostgresMissing(RuntimeError):
    """initdb/pg_ctl are not installed."""


def postgres_bin_dir() -> Path:
    """The folder holding initdb and pg_ctl: $DGR_PG_BIN, Debian's newest version, or PATH."""
    candidates = [os.environ.get("DGR_PG_BIN", "")]
    candidates += sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
        reverse=True,
    )
    on_path = shutil.which("initdb")
    candidates.append(str(Path(on_path).parent) if on_path else "")
    for c in candidates:
        if c and (Path(c) / "initdb").is_file() and (Path(c) / "pg_ctl").is_file():
            return Path(c)
    raise PostgresMissing(INSTALL_HINT)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def _run(cmd: list[str], log: Path | None = None) -> None:
    done = subprocess.run(_as_server_user(cmd), capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        tail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
        raise RuntimeError(f"{' '.join(cmd[:2])} failed ({done.returncode}):\n{done.stdout}{done.stderr}\n{tail}")


def _private_dir(tmp_dir: str | os.PathLike[str] | None) -> Path:
    if os.geteuid() != 0:
        return Path(tempfile.mkdtemp(prefix="pg-", dir=tmp_dir))
    try:
        user = pwd.getpwnam("postgres")
    except KeyError:
        raise PostgresMissing(INSTALL_HINT + " (no `postgres` OS user to run the server as)") from None
    base = Path(tempfile.mkdtemp(prefix="dgr-pg-"))  # /tmp is traversable; pytest's dirs are not
    os.chown(base, user.pw_uid, user.pw_gid)
    return base


def _initdb(bin_dir: Path, base: Path, superuser_pw: str) -> Path:
    data, pwfile = base / "data", base / "pwfile"
    pwfile.write_text(superuser_pw + "\n")
    if os.geteuid() == 0:
        os.chown(pwfile, pwd.getpwnam("postgres").pw_uid, -1)
    os.chmod(pwfile, 0o600)
    _run(
        [
            str(bin_dir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "--pwfile",
            str(pwfile),
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
            "--no-instructions",
        ]
    )
    pwfile.unlink()
    return data


def _start(bin_dir: Path, base: Path, data: Path, port: int) -> None:
    log = base / "server.log"
    options = (
        f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={base} "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
        "-c max_connections=60 -c shared_buffers=32MB"
    )
    _run(
        [
            str(bin_dir / "pg_ctl"),
            "start",
            "-D",
            str(data),
            "-l",
            str(log),
            "-w",
            "-t",
            str(START_TIMEOUT_S),
            "-o",
            options,
        ],
        log,
    )


def _stop(bin_dir: Path, data: Path) -> None:
    subprocess.run(
        _as_server_user([str(bin_dir / "pg_ctl"), "stop", "-D", str(data), "-m", "fast", "-w", "-t", "30"]),
        capture_output=True,
        timeout=60,
    )


def _create_app_database(port: int, superuser_pw: str, app_pw: str) -> None:
    import psycopg  # the app's own driver: no psql needed

    admin = f"postgresql://postgres:{superuser_pw}@127.0.0.1:{port}/postgres"
    with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
        # the app role owns its database and nothing else: no superuser in the app's DSN
        conn.execute(f"CREATE ROLE dgr LOGIN PASSWORD '{app_pw}'")  # hex: nothing to escape
        conn.execute("CREATE DATABASE dgr OWNER dgr")


@contextmanager
def running_postgres(tmp_dir: str | os.PathLike[str] | None = None, port: int | None = None) -> Iterator[str]:
    """Start a throwaway server with a database `dgr` owned by role `dgr`; yield its DSN."""
    bin_dir = postgres_bin_dir()
    base = _private_dir(tmp_dir)
    superuser_pw, app_pw = secrets.token_hex(16), secrets.token_hex(16)
    data: Path | None = None
    try:
        data = _initdb(bin_dir, base, superuser_pw)
        for attempt in range(3):  # another process may grab a free port between check and bind
            chosen = port or free_port()
            try:
                _start(bin_dir, base, data, chosen)
                break
            except RuntimeError:
                if port or attempt == 2:
                    raise
        _create_app_database(chosen, superuser_pw, app_pw)
        yield f"postgresql://dgr:{app_pw}@127.0.0.1:{chosen}/dgr"
    finally:
        if data is not None and (data / "postmaster.pid").exists():
            _stop(bin_dir, data)
        shutil.rmtree(base, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """Serve a throwaway database until SIGTERM/SIGINT or --seconds (for shell scripts)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=None)
    ap.add_argument("--seconds", type=float, default=3600.0, help="stop after this long at most")
    args = ap.parse_args(argv)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    with running_postgres(port=args.port) as dsn:
        print(f"DSN={dsn}", flush=True)
        stop.wait(args.seconds)
    print("postgres stopped and removed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
