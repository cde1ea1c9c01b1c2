"""TCP_NODELAY on the app server's sockets, set once per process from the first script run.

Streamlit 1.67 binds its listening socket itself with `socket.socket(family=...)` (protocol 0), and
asyncio turns Nagle's algorithm off only on accepted sockets whose protocol is IPPROTO_TCP; so every
websocket keeps Nagle. A message the server sends while an earlier one is still unacknowledged then
waits for the browser's delayed ACK (~40 ms on Linux): a click that follows the previous answer
quickly pays it on top of the rerun (bench/page_reruns.py measures it back to back).

Nothing in Streamlit's public API reaches its sockets, so this works on the process's own file
descriptors: every listening TCP socket gets TCP_NODELAY (Linux copies it to the connections it
accepts later), and so does every connection already accepted on one of those ports (the one whose
run calls this first). Only the option changes; the sockets stay Streamlit's. DGR_TCP_NODELAY=0 in the
environment leaves Nagle on (for comparing, bench/ab.py). With uvloop installed (requirements.txt)
Streamlit's server runs on it, and uvloop turns Nagle off by itself; this covers a server without it."""

from __future__ import annotations

import os
import socket
import threading

_lock = threading.Lock()
_done = False
_TCP = (socket.AF_INET, socket.AF_INET6)


def _tcp_sockets() -> list[socket.socket]:
    """A duplicate of every TCP socket this process holds (the caller closes them)."""
    out = []
    for name in os.listdir("/proc/self/fd"):
        try:
            if not os.readlink(f"/proc/self/fd/{name}").startswith("socket:"):
                continue
            dup = os.dup(int(name))
        except (OSError, ValueError):
            continue  # closed meanwhile, or not a number
        sock = socket.socket(fileno=dup)  # family, type and protocol read from the descriptor
        if sock.family in _TCP and sock.type == socket.SOCK_STREAM:
            out.append(sock)
        else:
            sock.close()
    return out


def _port(sock: socket.socket) -> int | None:
    try:
        return sock.getsockname()[1]
    except OSError:
        return None


def set_nodelay() -> int:
    """Set TCP_NODELAY on this process's listening TCP sockets and the connections accepted on their
    ports; returns how many sockets were changed. Linux only (elsewhere nothing happens)."""
    if not os.path.isdir("/proc/self/fd"):
        return 0
    socks = _tcp_sockets()
    try:
        listening = [s for s in socks if s.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN)]
        ports = {_port(s) for s in listening}
        changed = 0
        # The listeners first: a connection accepted after this inherits the option.
        for s in listening + [s for s in socks if s not in listening and _port(s) in ports]:
            try:
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                changed += 1
            except OSError:
                pass  # a connection closing meanwhile
        return changed
    finally:
        for s in socks:
            s.close()


def nodelay_once() -> None:
    """set_nodelay() the first time any session runs the app in this process; later calls are free."""
    global _done
    if _done:
        return
    with _lock:
        if not _done:
            if os.environ.get("DGR_TCP_NODELAY", "1") != "0":
                set_nodelay()
            _done = True
