"""A websocket client for the attack tests: bench/ws_client.py's session, plus what an attacker
needs - offering an existing Streamlit session id, a cookie of one's choosing - and what the tests
read back: the session id the server gave, and the cookie the app asked the browser to store."""

from __future__ import annotations

import re

import websockets
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.ws_client import StreamlitSession


class Session(StreamlitSession):
    """A client that may offer an existing Streamlit session id, and remembers its own id and the
    cookie the app asks the browser to store."""

    def __init__(self, app_url: str, cookie: str | None = None, reattach: str | None = None):
        super().__init__(app_url.replace("http://", "ws://") + "/_stcore/stream", cookie=cookie)
        self.reattach, self.session_id, self.set_cookie = reattach, None, None

    async def connect(self) -> float:
        headers = {"Cookie": self.cookie} if self.cookie else None
        protocols = ["streamlit", "xsrf", self.reattach] if self.reattach else ["streamlit"]
        self.ws = await websockets.connect(
            self.ws_url,
            subprotocols=protocols,
            additional_headers=headers,
            max_size=None,
            compression=None,
            ping_interval=None,
        )
        raw_recv = self.ws.recv

        async def recv():
            data = await raw_recv()
            fm = ForwardMsg()
            fm.ParseFromString(data)
            if fm.WhichOneof("type") == "new_session" and fm.new_session.initialize.session_id:
                self.session_id = fm.new_session.initialize.session_id
            m = re.search(rb"dgr_session=' \+ \"([^\"]+)\"", data)
            if m:
                self.set_cookie = m.group(1).decode()
            return data

        self.ws.recv = recv
        return 0.0


def run(coro):
    """asyncio.run(coro) in a thread of its own: once the browser tests have started, Playwright's sync
    API keeps an event loop running in the main thread, where asyncio.run refuses to start."""
    import asyncio
    import threading

    out: dict = {}

    def target():
        try:
            out["value"] = asyncio.run(coro)
        except BaseException as e:  # handed back to the test's thread
            out["error"] = e

    t = threading.Thread(target=target)
    t.start()
    t.join()
    if "error" in out:
        raise out["error"]
    return out.get("value")
