"""ui.nodelay on real sockets bound the way Streamlit 1.67 binds its own (protocol 0)."""

from __future__ import annotations

import socket

import pytest

from ui.nodelay import set_nodelay

pytestmark = pytest.mark.skipif(not hasattr(socket, "TCP_NODELAY"), reason="no TCP_NODELAY")


def _nodelay(sock: socket.socket) -> int:
    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


def test_listener_and_its_connections_get_nodelay_and_nothing_else():
    listener = socket.socket(family=socket.AF_INET)  # as starlette_server._bind_socket: proto 0
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    port = listener.getsockname()[1]
    early_client = socket.create_connection(("127.0.0.1", port))
    early, _ = listener.accept()
    other = socket.socket(family=socket.AF_INET)  # not listening, not on the server's port
    try:
        assert (_nodelay(listener), _nodelay(early)) == (0, 0)  # what Streamlit leaves
        assert set_nodelay() >= 2
        assert _nodelay(listener) and _nodelay(early)
        late_client = socket.create_connection(("127.0.0.1", port))
        late, _ = listener.accept()
        assert _nodelay(late), "a connection accepted later inherits it from the listener"
        assert _nodelay(other) == 0
        assert listener.fileno() >= 0 and early.send(b"x") == 1  # the sockets stay open and usable
        assert early_client.recv(1) == b"x"
        for s in (late, late_client):
            s.close()
    finally:
        for s in (listener, early, early_client, other):
            s.close()
