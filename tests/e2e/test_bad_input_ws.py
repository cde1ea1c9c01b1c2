"""Bad input against a real `streamlit run`: a 200 MB upload, huge and strange text in every box a
person can type into, and the app keeps serving someone else meanwhile.

The 200 MB file is real bytes on the wire but never on disk: the upload endpoint
(/_stcore/upload_file/<session>/<file>, what the Admin page's uploader PUTs to) is sent a
chunked body from a generator, without a Content-Length, the way a client that lies about its size
would; Streamlit must refuse it once past server.maxUploadSize (100 MB) and answer 413. A client that
declares its size is refused before the body is read."""

from __future__ import annotations

import asyncio
import http.client
import time
import urllib.request
from urllib.parse import urlparse

import pytest
from wshelpers import Session, run

pytestmark = pytest.mark.e2e
QS = "lang=en&year=2563"
MB = 1024 * 1024
BAD_TEXT = [
    "x" * 100_000,
    "مرحبا بالعالم ‏RTL‏",
    "שלום עולם",
    "\u200b\u200c\u200d\ufeff\u2060",
    "\x00\x1b[31m\r\nred",
    "😀👩‍👩‍👧‍👦🇹🇭",
    "' OR 1=1 --",
    "<img src=x onerror=alert(1)>",
    "=cmd|' /C calc'!A0",
]


def creds(accounts, role):
    r = accounts[accounts["role"] == role].iloc[0]
    return r["username"], r["password"]


def xsrf_cookie(app_url: str) -> str:
    """The XSRF cookie the health check sets (as the browser gets it); uploads echo it in X-Xsrftoken."""
    with urllib.request.urlopen(app_url + "/_stcore/health", timeout=30) as r:
        for header in r.headers.get_all("Set-Cookie") or []:
            if header.startswith("_streamlit_xsrf="):
                return header.split(";", 1)[0].split("=", 1)[1]
    raise AssertionError("no _streamlit_xsrf cookie")


def put_upload(app_url: str, session_id: str, xsrf: str, total: int, declare: bool) -> tuple[int, int]:
    """PUT `total` bytes as one multipart file; returns (HTTP status, bytes the server let us send)."""
    u = urlparse(app_url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=120)
    boundary = "dgrboundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.xlsx"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    conn.putrequest("PUT", f"/_stcore/upload_file/{session_id}/file-{time.time_ns()}")
    conn.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
    conn.putheader("Cookie", f"_streamlit_xsrf={xsrf}")
    conn.putheader("X-Xsrftoken", xsrf)
    if declare:
        conn.putheader("Content-Length", str(len(head) + total + len(tail)))
    else:
        conn.putheader("Transfer-Encoding", "chunked")
    conn.endheaders()
    sent = 0
    chunk = b"PK\x03\x04" + b"\0" * (MB - 4)
    try:
        if not declare:
            for piece in [head] + [chunk] * (total // MB) + [tail]:
                conn.send(b"%x\r\n%s\r\n" % (len(piece), piece))
                sent += len(piece)
            conn.send(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server stopped reading: what it answered is below
    status = conn.getresponse().status
    conn.close()
    return status, sent


def test_a_200_mb_upload_is_refused_while_another_person_keeps_working(app_url, demo_accounts):
    async def someone_else() -> bool:
        async with Session(app_url) as s:
            await s.sign_in(*creds(demo_accounts, "agency"), query_string=QS)
            runs = [await s.rerun(page_name=p) for p in ("", "my_agency", "methodology", "")]
            return all(r.ok for r in runs)

    async def go():
        async with Session(app_url) as admin:
            await admin.sign_in(*creds(demo_accounts, "admin"), query_string=QS)
            await admin.rerun(page_name="admin")
            xsrf = await asyncio.to_thread(xsrf_cookie, app_url)
            declared = await asyncio.to_thread(put_upload, app_url, admin.session_id, xsrf, 200 * MB, True)
            undeclared, served = await asyncio.gather(
                asyncio.to_thread(put_upload, app_url, admin.session_id, xsrf, 200 * MB, False), someone_else()
            )
            after = await admin.rerun(page_name="admin")  # and the admin's own session is fine
            return declared, undeclared, served, after

    declared, (status, sent), served, after = run(go())
    assert declared == (413, 0)
    assert status == 413, (status, sent)  # refused once past the limit (the rest is read and dropped)
    assert served  # someone else was served during the upload
    assert after.ok and not after.exceptions


def test_strange_text_in_every_box_gets_an_answer_not_an_error(app_url, demo_accounts, demo_settings):
    """The sign-in form's two boxes and the Admin page's two, sent values the browser's max_chars
    would never let through (Streamlit checks lengths only in the browser)."""
    before = (demo_settings.results_dir / "CURRENT").read_text()

    async def go():
        async with Session(app_url) as anon:
            await anon.rerun(page_name="", query_string=QS)
            for text in BAD_TEXT:
                for box in ("login_username", "login_password"):
                    res = await anon.set_widget(box, text)
                    assert res.ok and anon.widget("login_username") is not None, (box, text[:20], res.exceptions)
        async with Session(app_url) as admin:
            await admin.sign_in(*creds(demo_accounts, "admin"), query_string=QS)
            await admin.rerun(page_name="admin")
            for text in BAD_TEXT:
                for box in ("acct_user", "audit_who"):
                    res = await admin.set_widget(box, text)
                    assert res.ok, (box, text[:20], res.exceptions)

    run(go())
    assert (demo_settings.results_dir / "CURRENT").read_text() == before
