"""deploy/nginx.conf in front of one app process on free loopback ports, for browser tests of what the
proxy adds (the Content-Security-Policy). The config is the deployed file with only its listen port and
upstream servers rewritten, so a header changed there is what the test sees."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NGINX_CONF = ROOT / "deploy" / "nginx.conf"


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found is None:
        raise RuntimeError("nginx is missing: `make nginx` (or `make test`) installs Debian's nginx")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def local_config(app_port: int, proxy_port: int) -> str:
    """deploy/nginx.conf listening on proxy_port with app_port as its only upstream server."""
    text = NGINX_CONF.read_text(encoding="utf-8")
    text, n = re.subn(r"listen 127\.0\.0\.1:\d+;", f"listen 127.0.0.1:{proxy_port};", text)
    assert n == 1, "deploy/nginx.conf: expected one loopback listen line"
    servers = re.findall(r"^\s*server 127\.0\.0\.1:\d+ [^\n]*\n", text, re.M)
    assert servers, "deploy/nginx.conf: expected upstream servers on 127.0.0.1"
    text = text.replace(servers[0], re.sub(r"127\.0\.0\.1:\d+", f"127.0.0.1:{app_port}", servers[0]), 1)
    for extra in servers[1:]:
        text = text.replace(extra, "", 1)
    return text


@contextmanager
def proxied(app_url: str):
    """Yield the proxy's URL for the app at app_url; nginx stops afterwards."""
    app_port = int(app_url.rsplit(":", 1)[1])
    work = Path(tempfile.mkdtemp(prefix="dgr-nginx-"))
    work.chmod(0o711)  # nginx workers (nobody when started as root) reach their temp dirs below
    port = _free_port()
    (work / "nginx.conf").write_text(local_config(app_port, port), encoding="utf-8")
    cmd = [nginx_binary(), "-p", f"{work}/", "-c", str(work / "nginx.conf"), "-e", "stderr", "-g", "daemon off;"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(url + "/_stcore/health", proc)
        yield url
    finally:
        proc.terminate()
        proc.wait(10)
        shutil.rmtree(work, ignore_errors=True)


def _wait(url: str, proc: subprocess.Popen, timeout: float = 20) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"nginx exited: {proc.stdout.read().decode(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError("nginx did not answer")
