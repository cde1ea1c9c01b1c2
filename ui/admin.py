"""Admin glue: uploads to a private temporary folder, import, versions, credentials, accounts, audit."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

import pandas as pd
import streamlit as st

from dgcore import importer
from dgcore.text_safety import fmt
from ui.auth import account_store, client_ip
from ui.state import current_actor, settings

SAFE = re.compile(r"[^A-Za-z0-9ก-๙._-]+")


def audit(event: str, target: str | None = None, detail: str | None = None) -> None:
    """Record an admin action in the account store's audit log."""
    actor = current_actor()
    account_store().append_audit(
        at=time.time(),
        actor=actor.username if actor else None,
        event=event,
        target=target,
        client_ip=client_ip(),
        detail=detail,
    )


def save_uploads(files) -> list[Path]:
    """Write uploaded files to a fresh owner-only temporary folder; names are cleaned, never trusted."""
    old = st.session_state.pop("upload_dir", None)
    if old:
        shutil.rmtree(old, ignore_errors=True)
    folder = Path(tempfile.mkdtemp(prefix="dgr-upload-"))
    st.session_state["upload_dir"] = str(folder)
    paths = []
    for i, f in enumerate(files):
        name = SAFE.sub("_", os.path.basename(f.name))[-120:] or f"file{i}"
        path = folder / f"{i:02d}-{name}"
        path.write_bytes(f.getvalue())
        paths.append(path)
    return paths


def discard() -> None:
    folder = st.session_state.pop("upload_dir", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
    for key in ("import_report", "import_paths", "import_result"):
        st.session_state.pop(key, None)


def report_frame(report: importer.ValidationReport, lang: str, t) -> pd.DataFrame:
    df = report.to_frame()
    files = df["file"].str.replace(r"^\d\d-", "", regex=True)
    return pd.DataFrame(
        {
            t("severity_col"): df["severity"],
            t("file_col"): files,
            t("sheet_col"): df["sheet"],
            t("row_col"): df["row"].astype("Int64"),
            t("column_col"): df["column"],
            t("problem_col"): df[f"message_{lang}"],
        }
    )


def context() -> importer.ImportContext:
    return importer.ImportContext.from_settings(settings())


def audit_frame(who: str, what: str, since: dt.date, until: dt.date) -> pd.DataFrame:
    filters = {
        "since": time.mktime(since.timetuple()),
        "until": time.mktime((until + dt.timedelta(days=1)).timetuple()),
    }
    if who:
        filters["actor"] = who.strip().upper()
    if what:
        filters["event"] = what
    rows = account_store().audit_rows(limit=5000, **filters)
    df = pd.DataFrame(rows, columns=["id", "at", "actor", "event", "target", "client_ip", "detail"])
    df["at"] = (
        pd.to_datetime(df["at"], unit="s", utc=True).dt.tz_convert("Asia/Bangkok").dt.strftime("%Y-%m-%d %H:%M:%S")
    )
    return df


def letters_zip(year: int, by: str, lang: str, t) -> tuple[str, bytes]:
    """Every surveyed unit's letter of year, new accounts printed in their letters, as one ZIP (bytes).

    The letters are made in a private temporary folder that is removed at once: the ZIP offered for
    download is then the only copy of the new passwords (their hashes are stored after the letters)."""
    from dgcore.accounts import credentials
    from dgcore.documents.batch import write_letters
    from ui.auth import login_policy

    tmp = Path(tempfile.mkdtemp(prefix="dgr-letters-"))
    drafted: list = []
    bar = st.progress(0.0, text=fmt(t("letters_progress"), done=0, total="…"))

    def issue(units: list[dict]) -> dict[str, tuple[str, str]]:
        drafted.append(credentials.draft_credentials(account_store(), units))
        return drafted[0].by_unit()

    def progress(done: int, total: int, started: float) -> None:
        bar.progress(done / total, text=fmt(t("letters_progress"), done=done, total=total))

    try:
        result = write_letters(settings(), year, tmp / "letters", lang=lang, credentials=issue, progress=progress)
        cost = login_policy().bcrypt_cost
        credentials.store_credentials(account_store(), drafted[0], year, time.time(), cost, by=by, where="letters ZIP")
        return result.zip_path.name, result.zip_path.read_bytes()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
