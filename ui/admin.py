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
from dgcore.text_safety import fmt, md
from dgcore.texts import long_date
from ui.auth import account_store, client_ip
from ui.i18n import readable, tr
from ui.state import current_actor, settings
from ui.strings import STRINGS
from ui.widgets import table_downloads

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
    for key in ("import_report", "import_paths", "import_result", "import_plan", "import_confirm"):
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


def show_report(report: importer.ValidationReport, lang: str, t) -> None:
    """The validation report: the framework used, the verdict, every problem with a download."""
    source = report.framework_source[0 if lang == "th" else 1]
    if source:
        st.info(md(re.sub(r"(?<=\s)\d\d-(?=\S)", "", source)), icon=":material/rule:")  # upload prefix "00-"
    n = len(report.errors) + sum(report.suppressed.values())
    if report.ok:
        st.success(t("report_ok"))
    else:
        st.error(fmt(t("report_bad"), n=n))
    table = report_frame(report, lang, t)
    if len(table):
        st.dataframe(table, hide_index=True, width="stretch")
        table_downloads(report.to_frame(), f"validation-{report.year}", lang, "dl_report")


def confirm_and_publish(plan: importer.PublishPlan, lang: str, t) -> None:
    """What the publish changes, the start-up checks it must pass, then a confirmed Publish."""
    refusals = importer.start_refusals(settings())
    with st.container(border=True, key="publish_confirm"):
        st.markdown(f"**{t('publish_changes')}**")
        st.markdown("\n".join(f"- {md(line)}" for line in plan.lines(lang)))
        for r in refusals:  # the app would refuse to start: nobody could sign in to roll back
            st.error(md(r.text(lang)), icon=":material/block:")
        sure = st.checkbox(t("publish_confirm"), key="import_confirm", disabled=bool(refusals))
        go = st.button(
            fmt(t("publish_year"), year=plan.year),
            type="primary",
            key="import_publish",
            disabled=bool(refusals) or not sure,
        )
    if go and not refusals:
        publish(plan)


def publish(plan: importer.PublishPlan) -> None:
    """Publish the checked files; the outcome is shown at the top of the page after a rerun."""
    bar = st.progress(0.0)
    result = importer.publish_year(
        [Path(p) for p in st.session_state["import_paths"]],
        st.session_state["import_year_checked"],
        context(),
        settings(),
        lambda f, m: bar.progress(min(1.0, f), text=m),
    )
    bar.empty()
    audit("import_published" if result.ok else "import_refused", str(plan.year), result.version)
    if not result.ok:
        st.session_state.update(import_report=result.report, import_plan=None)
        st.rerun()
    discard()
    st.session_state["publish_done"] = (plan.year, result.counts.get("targeted", 0), result.version)
    st.rerun()


def last_publish(lang: str, t) -> None:
    """'2567 published: 1,876 units', with a link to the year's Overview (shown once)."""
    done = st.session_state.pop("publish_done", None)
    if not done:
        return
    year, units, version = done
    st.success(fmt(t("published_words"), year=year, units=units), icon=":material/check_circle:")
    st.caption(fmt(t("published_version"), version=version))
    st.page_link(
        "app_pages/overview.py",
        label=fmt(t("see_published"), year=year),
        icon=":material/arrow_forward:",
        query_params={"year": str(year), "lang": lang},
    )


def create_account_form(lang: str, t) -> None:
    """A staff or presenter account with a one-time password (admins are made on the command line)."""
    from dgcore.accounts import auth
    from dgcore.accounts.store import AccountExists
    from ui.auth import login_policy

    with st.form("acct_create", clear_on_submit=True, border=True):
        st.markdown(f"**{t('create_account')}**")
        c = st.columns([2, 1, 2])
        user = c[0].text_input(t("new_username"), max_chars=64, key="new_user")
        role = c[1].selectbox(
            t("new_role"), ["staff", "presenter"], format_func=lambda r: t("role_" + r), key="new_role"
        )
        name = c[2].text_input(t("new_display_name"), max_chars=120, key="new_name")
        if not st.form_submit_button(t("create"), type="primary"):
            return
    password = auth.new_password_for_reset()
    try:
        account = auth.create_account(
            account_store(),
            user,
            role,
            password,
            time.time(),
            by=current_actor().username,
            display_name=name,
            cost=login_policy().bcrypt_cost,
        )
    except AccountExists:
        st.error(t("account_exists"))
        return
    except ValueError:
        st.error(t("bad_username"))
        return
    st.success(fmt(t("account_created"), user=account.username, password=password))


def event_name(event: str, lang: str) -> str:
    """An audit event in words (an event this version does not know keeps its code)."""
    key = f"event_{event}"
    return tr(key, lang) if key in STRINGS else event


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


def offer_once(state_key: str, label_key: str, lang: str, mime: str, key: str) -> None:
    """A file kept in the session (it holds new passwords) offered for download once: taken, it is dropped."""
    if state_key in st.session_state:
        name, data = st.session_state[state_key]
        st.download_button(
            tr(label_key, lang),
            data,
            name,
            mime,
            key=key,
            icon=":material/download:",
            on_click=lambda: st.session_state.pop(state_key, None),
        )
