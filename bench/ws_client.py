"""A small asyncio client for Streamlit's websocket protocol (Streamlit 1.67), enough to drive
many sessions from one process without a browser.

What the browser does, and what this client copies (read from streamlit/web/server/starlette/
starlette_websocket.py and streamlit/runtime/app_session.py in .venv):
- It opens `ws://HOST:PORT/_stcore/stream`. Sec-WebSocket-Protocol is repurposed: the first entry
  is the subprotocol to select ("streamlit"), the second an XSRF token, the third an existing
  session id for reconnection. The XSRF token only matters for st.login's own auth cookie (which
  this app does not use), so we offer just "streamlit". No Origin header is sent: the server
  allows connections without one (browsers always send one; non-browser clients need not).
- Cookies come from the handshake only (`st.context.cookies` is what the handshake carried), so
  a `dgr_session` cookie goes into a Cookie header on connect.
- Nothing runs until the client sends BackMsg.rerun_script with a ClientState: query_string
  (without '?'), page_name (the url path of a st.navigation page, '' for the default),
  page_script_hash (once known from the Navigation message), widget_states and context_info.url.
- The server answers with ForwardMsgs: new_session, deltas, navigation, page_info_changed (the
  query string the app wants in the address bar), ... and script_finished. A run that calls
  st.rerun() or st.switch_page() finishes with FINISHED_EARLY_FOR_RERUN and the next run
  follows by itself, so a "rerun" here ends at the first FINISHED_SUCCESSFULLY (or compile error).
- Widget values persist in the server's session state between runs, so like the browser we send
  only what changed plus trigger values (a form submit button is a `trigger_value`).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

FINAL = {
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
}


class ProtocolError(RuntimeError):
    """The server closed, or a run did not end the way a browser would expect."""


@dataclass
class Widget:
    id: str
    type: str  # element type: text_input, button, selectbox, radio, ...
    form_id: str = ""
    label: str = ""
    is_form_submitter: bool = False
    options: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """The user key, when the id carries one (Streamlit ids look like `$$ID-<hash>-<key>`)."""
        parts = self.id.split("-", 2)
        return parts[2] if self.id.startswith("$$ID-") and len(parts) == 3 else ""


@dataclass
class RunResult:
    seconds: float  # from sending rerun_script to the final script_finished
    status: int  # ForwardMsg.ScriptFinishedStatus of the final run
    runs: int  # script runs it took (st.rerun / switch_page add runs)
    messages: int  # ForwardMsgs received
    bytes: int  # payload bytes received
    elements: dict[str, int] = field(default_factory=dict)  # element type -> count
    widgets: list[Widget] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)  # exception elements shown by the run
    page_not_found: bool = False

    @property
    def ok(self) -> bool:
        return self.status in FINAL and not self.exceptions


class StreamlitSession:
    """One browser tab's worth of protocol: connect, rerun, sign in, change a widget, close."""

    def __init__(
        self, ws_url: str, cookie: str | None = None, page_url_base: str | None = None, open_timeout: float = 20.0
    ):
        self.ws_url = ws_url
        self.cookie = cookie
        self.page_url_base = page_url_base or ws_url.replace("ws://", "http://").split("/_stcore")[0]
        self.open_timeout = open_timeout
        self.ws = None
        self.query_string = ""
        self.pages: dict[str, str] = {}  # url_pathname -> page_script_hash (from Navigation)
        self.page_script_hash = ""
        self.page_name = ""
        self.widgets: dict[str, Widget] = {}  # id -> widget, from the last run's deltas
        self.session_id = ""  # the server's id for this session (NewSession)
        self.connect_seconds: float | None = None

    # -- connection ----------------------------------------------------------------------
    async def connect(self) -> float:
        headers = {"Cookie": self.cookie} if self.cookie else None
        t0 = time.perf_counter()
        self.ws = await websockets.connect(
            self.ws_url,
            subprotocols=["streamlit"],
            additional_headers=headers,
            open_timeout=self.open_timeout,
            max_size=None,
            compression=None,
            ping_interval=None,
        )
        self.connect_seconds = time.perf_counter() - t0
        return self.connect_seconds

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
            self.ws = None

    async def __aenter__(self) -> StreamlitSession:
        await self.connect()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    # -- runs ----------------------------------------------------------------------------
    def _back_msg(self, widget_states: list[WidgetState], page_name: str | None) -> BackMsg:
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query_string
        name = self.page_name if page_name is None else page_name
        cs.page_name = name
        if name in self.pages:  # a page of the navigation, '' its default: what the address bar asks for
            cs.page_script_hash = self.pages[name]
        else:  # before the navigation is known: the session's current page
            cs.page_script_hash = "" if name else self.page_script_hash
        cs.widget_states.widgets.extend(widget_states)
        cs.context_info.url = f"{self.page_url_base}/{name}"
        cs.context_info.timezone = "Asia/Bangkok"
        cs.context_info.timezone_offset = -420
        cs.context_info.locale = "th-TH"
        return msg

    async def rerun(
        self,
        page_name: str | None = None,
        query_string: str | None = None,
        widget_states: list[WidgetState] | None = None,
        timeout: float = 120.0,
    ) -> RunResult:
        """Send rerun_script and wait for the final script_finished; returns what came back."""
        if self.ws is None:
            raise ProtocolError("not connected")
        if query_string is not None:
            self.query_string = query_string.lstrip("?")
        payload = self._back_msg(widget_states or [], page_name).SerializeToString()
        if page_name is not None:
            self.page_name = page_name
        t0 = time.perf_counter()
        await self.ws.send(payload)
        return await asyncio.wait_for(self._until_finished(t0), timeout)

    async def deferred_file_url(self, file_id: str, timeout: float = 60.0) -> str:
        """What a browser does when a deferred download button is clicked: ask the server to make the
        file (BackMsg.backend_operation_request) and return the media URL it answers with."""
        import uuid

        msg = BackMsg()
        msg.backend_operation_request.request_id = uuid.uuid4().hex
        msg.backend_operation_request.session_id = self.session_id  # the server checks it is this session
        msg.backend_operation_request.deferred_file.file_id = file_id
        await self.ws.send(msg.SerializeToString())

        async def answer() -> str:
            while True:
                fm = ForwardMsg()
                fm.ParseFromString(await self.ws.recv())
                if (
                    fm.WhichOneof("type") == "backend_operation_response"
                    and fm.backend_operation_response.request_id == msg.backend_operation_request.request_id
                ):
                    resp = fm.backend_operation_response
                    if resp.error_msg:
                        raise ProtocolError(f"deferred file {file_id}: {resp.error_msg}")
                    return resp.deferred_file.url

        return await asyncio.wait_for(answer(), timeout)

    async def drain(self, timeout: float) -> RunResult:
        """After a rerun() that timed out: wait for that run's final script_finished, so the next
        rerun's answer is not mistaken for it (cancelling a websocket recv() loses nothing)."""
        return await asyncio.wait_for(self._until_finished(time.perf_counter()), timeout)

    async def _until_finished(self, t0: float) -> RunResult:
        res = RunResult(seconds=0.0, status=-1, runs=0, messages=0, bytes=0)
        widgets: dict[str, Widget] = {}
        while True:
            try:
                data = await self.ws.recv()
            except websockets.ConnectionClosed as e:
                raise ProtocolError(f"connection closed during a run: {e}") from e
            res.messages += 1
            res.bytes += len(data)
            fm = ForwardMsg()
            fm.ParseFromString(data)
            kind = fm.WhichOneof("type")
            if kind == "new_session":
                widgets = {}  # a new run (also the one after st.rerun): widgets are this run's
                res.elements = {}
                res.exceptions = []
                if fm.new_session.page_script_hash:
                    self.page_script_hash = fm.new_session.page_script_hash
                if fm.new_session.initialize.session_id:
                    self.session_id = fm.new_session.initialize.session_id
            elif kind == "delta":
                self._on_delta(fm, res, widgets)
            elif kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in fm.navigation.app_pages}
                self.page_script_hash = fm.navigation.page_script_hash
                current = [u for u, h in self.pages.items() if h == self.page_script_hash]
                if current:
                    self.page_name = current[0]
            elif kind == "page_info_changed":
                self.query_string = fm.page_info_changed.query_string
            elif kind == "page_not_found":
                res.page_not_found = True
            elif kind == "session_event" and fm.session_event.WhichOneof("type") == "script_compilation_exception":
                res.exceptions.append(fm.session_event.script_compilation_exception.message)
            elif kind == "script_finished":
                res.runs += 1
                if fm.script_finished in FINAL:
                    res.seconds = time.perf_counter() - t0
                    res.status = fm.script_finished
                    res.widgets = list(widgets.values())
                    self.widgets = widgets
                    return res

    @staticmethod
    def _on_delta(fm: ForwardMsg, res: RunResult, widgets: dict[str, Widget]) -> None:
        delta = fm.delta
        if delta.WhichOneof("type") != "new_element":
            return
        el = delta.new_element
        etype = el.WhichOneof("type")
        if etype is None:
            return
        res.elements[etype] = res.elements.get(etype, 0) + 1
        inner = getattr(el, etype)
        if etype == "exception":
            res.exceptions.append(f"{inner.type}: {inner.message}")
            return
        wid = (
            getattr(inner, "id", "") if hasattr(inner, "DESCRIPTOR") and "id" in inner.DESCRIPTOR.fields_by_name else ""
        )
        if not wid:
            return
        fields = inner.DESCRIPTOR.fields_by_name
        options = tuple(inner.options) if "options" in fields else ()
        widgets[wid] = Widget(
            id=wid,
            type=etype,
            form_id=getattr(inner, "form_id", "") if "form_id" in fields else "",
            label=getattr(inner, "label", "") if "label" in fields else "",
            is_form_submitter=bool(getattr(inner, "is_form_submitter", False)),
            options=tuple(str(o) for o in options),
        )

    # -- widgets ---------------------------------------------------------------------------
    def widget(self, key: str) -> Widget | None:
        """The widget of the last run with this user key."""
        return next((w for w in self.widgets.values() if w.key == key), None)

    @staticmethod
    def string_state(widget_id: str, value: str) -> WidgetState:
        ws = WidgetState(id=widget_id)
        ws.string_value = value
        return ws

    @staticmethod
    def trigger_state(widget_id: str) -> WidgetState:
        ws = WidgetState(id=widget_id)
        ws.trigger_value = True
        return ws

    async def set_widget(self, key: str, value: str, timeout: float = 120.0) -> RunResult:
        """Change a string-valued widget (text_input; selectbox/radio send the formatted option
        as a string in 1.67) and rerun, as the browser does when a value changes."""
        w = self.widget(key)
        if w is None:
            raise ProtocolError(f"no widget with key {key!r} in the last run")
        return await self.rerun(widget_states=[self.string_state(w.id, value)], timeout=timeout)

    # -- signing in ------------------------------------------------------------------------
    async def sign_in(
        self, username: str, password: str, page_name: str = "", query_string: str = "", timeout: float = 120.0
    ) -> RunResult:
        """Sign in through the app's login form (st.form 'login': text inputs keyed login_username
        and login_password, a form submit button): one run to get the form, one run that submits it
        (the app checks bcrypt, then st.rerun()s; the result is the final signed-in run)."""
        first = await self.rerun(page_name=page_name, query_string=query_string, timeout=timeout)
        user, pwd = self.widget("login_username"), self.widget("login_password")
        if user is None or pwd is None:
            if first.ok:  # no form: the handshake cookie already signed us in
                return first
            raise ProtocolError(f"no login form in the first run: {first.exceptions or first.elements}")
        submit = next(
            (
                w
                for w in self.widgets.values()
                if w.type == "button" and w.is_form_submitter and w.form_id == user.form_id
            ),
            None,
        )
        if submit is None:
            raise ProtocolError("the login form has no submit button")
        states = [
            self.string_state(user.id, username),
            self.string_state(pwd.id, password),
            self.trigger_state(submit.id),
        ]
        res = await self.rerun(widget_states=states, timeout=timeout)
        if self.widget("login_username") is not None or not self.pages:
            raise ProtocolError("sign-in refused: the login form is still shown")
        return res

    @property
    def signed_in(self) -> bool:
        return bool(self.pages) and self.widget("login_username") is None


async def _demo(port: int, username: str, password: str) -> None:  # pragma: no cover - manual check
    async with StreamlitSession(f"ws://127.0.0.1:{port}/_stcore/stream") as s:
        r = await s.sign_in(username, password)
        print("signed in:", s.signed_in, f"{r.seconds * 1000:.0f} ms", r.runs, "runs; pages", list(s.pages))
        for page in s.pages:
            r = await s.rerun(page_name=page)
            print(page, f"{r.seconds * 1000:.1f} ms", r.status, r.elements, r.exceptions)


if __name__ == "__main__":  # python bench/ws_client.py PORT USERNAME PASSWORD
    import sys

    asyncio.run(_demo(int(sys.argv[1]), sys.argv[2], sys.argv[3]))
