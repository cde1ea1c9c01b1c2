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
from dgcore.texts import long_date
from ui.auth import account_store, client_ip
from ui.i18n import readable, tr
from ui.state import current_actor, settings
from ui.strings import STRINGS

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
    return readable(
        pd.DataFrame(
            {
                t("severity_col"): [t(f"severity_{s}") for s in df["severity"]],
                t("file_col"): files,
                t("sheet_col"): df["sheet"],
                t("row_col"): df["row"].astype("Int64"),
                t("column_col"): df["column"],
                t("problem_col"): df[f"message_{lang}"],
            }
        )
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
    return pd.DataFrame(rows, columns=["id", "at", "actor", "event", "target", "client_ip", "detail"])


def audit_table(log: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The audit log as people read it: named columns, events in words, Thai time with the BE year."""
    at = pd.to_datetime(log["at"], unit="s", utc=True).dt.tz_convert("Asia/Bangkok")
    return readable(
        pd.DataFrame(
            {
                tr("audit_at", lang): [f"{long_date(d.date(), lang)} {d:%H:%M:%S}" for d in at],
                tr("audit_actor", lang): log["actor"],
                tr("audit_event", lang): [event_name(e, lang) for e in log["event"]],
                tr("audit_target", lang): log["target"],
                tr("audit_ip", lang): log["client_ip"],
                tr("audit_detail", lang): log["detail"],
            }
        )
    )


def event_name(event: str, lang: str) -> str:
    """An audit event in words (an event this version does not know keeps its code)."""
    key = f"event_{event}"
    return tr(key, lang) if key in STRINGS else event
