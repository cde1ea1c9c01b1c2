"""Admin / ผู้ดูแลระบบ: import and publish, versions and rollback, credentials, accounts, audit log."""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path

import streamlit as st

from dgcore import importer, queries
from dgcore.accounts import auth, credentials
from dgcore.text_safety import fmt, md
from ui import admin, loaders
from ui.auth import account_store, login_policy
from ui.page import start
from ui.state import results_db, settings
from ui.widgets import table_downloads, uploader_words

ctx = start("admin")
t = ctx.t
st.title(t("page_admin"))
admin.last_publish(ctx.lang, t)  # the outcome of a publish, at the top where it is seen
tabs = st.tabs([t("tab_import"), t("tab_versions"), t("tab_credentials"), t("tab_accounts"), t("tab_audit")])

with tabs[0]:
    st.caption(t("import_help"))
    year = st.number_input(
        t("import_year"), min_value=2558, max_value=2700, value=max(ctx.year + 1, 2567), step=1, key="import_year"
    )
    limit = fmt(t("upload_limit"), mb=st.get_option("server.maxUploadSize"))  # Streamlit refuses larger uploads
    files = st.file_uploader(
        t("import_files"),
        type=["csv", "xlsx", "yaml", "yml"],
        accept_multiple_files=True,
        key="import_files",
        help=limit,
    )
    uploader_words(ctx.lang)
    st.caption(limit)
    c = st.columns([1, 1, 4])
    if c[0].button(t("check"), type="primary", key="import_check", disabled=not files):
        bar = st.progress(0.0, text=t("checking"))
        paths, context = admin.save_uploads(files), admin.context()
        prep = importer.prepare_import(paths, int(year), context, lambda f, m: bar.progress(min(1.0, f), text=m))
        bar.empty()
        report = prep.report
        st.session_state.update(
            import_report=report,
            import_paths=[str(p) for p in paths],
            import_year_checked=int(year),
            import_plan=importer.plan_publish(prep, context) if report.ok else None,
        )
        admin.audit("import_checked", str(year), f"files={len(paths)} ok={report.ok} problems={len(report.problems)}")
        refusals = importer.start_refusals(settings()) if report.ok else []
        if refusals:  # shown with the plan below; the publish button stays off
            admin.audit("import_refused", str(year), "; ".join(r.code for r in refusals))
    c[1].button(t("discard"), key="import_discard", on_click=admin.discard)
    report = st.session_state.get("import_report")
    if report is not None:
        admin.show_report(report, ctx.lang, t)
        plan = st.session_state.get("import_plan")
        if report.ok and plan is not None:
            admin.confirm_and_publish(plan, ctx.lang, t)

with tabs[1]:
    st.caption(t("switch_help"))
    versions = importer.versions(settings())
    st.dataframe(
        [
            {
                t("version"): v["name"],
                t("created"): v["created"][:19].replace("T", " "),
                t("label"): v["label"],
                t("current"): "✓" if v["is_current"] else "",
                t("size_mb"): round(v["size"] / 1e6, 1),
            }
            for v in versions
        ],
        hide_index=True,
        width="stretch",
    )
    others = [v["name"] for v in versions if not v["is_current"]]
    target = st.selectbox(t("rollback_to"), others, key="rollback_target") if others else None
    if target and st.button(t("rollback"), key="rollback_go"):
        try:
            importer.rollback(settings(), target)
            admin.audit("rollback", target)
            st.success(fmt(t("rolled_back"), version=target))
        except importer.RollbackError as err:
            st.error(md(err.th if ctx.lang == "th" else err.en))

with tabs[2]:
    years = loaders.survey_years(ctx.scope, ctx.version)["year"].astype(int).tolist()
    cyear = st.selectbox(t("issue_year"), sorted(years, reverse=True), key="cred_year")
    if st.button(t("issue"), type="primary", key="cred_issue"):
        units = queries.survey_units(results_db(), ctx.scope, int(cyear))
        rows = [
            dict(
                agency_id=r.agency_id,
                name_th=r.name_th,
                name_en=r.name_en,
                province_th=r.province_th or "",
                kind=r.kind,
            )
            for r in units.itertuples()
        ]
        out = Path(tempfile.mkdtemp(prefix="dgr-cred-")) / f"credentials-{cyear}.csv"
        bar = st.progress(0.0, text=t("hashing"))
        rep = credentials.issue_credentials(
            account_store(),
            rows,
            int(cyear),
            out,
            time.time(),
            cost=login_policy().bcrypt_cost,
            by=ctx.actor.username,
            progress=lambda done, total: bar.progress(done / total, text=fmt(t("hashed"), done=done, total=total)),
        )
        bar.empty()
        st.session_state["cred_file"] = (out.name, out.read_bytes())
        out.unlink()
        out.parent.rmdir()
        st.success(fmt(t("issued"), issued=rep.issued, skipped=rep.skipped))
    if st.button(t("letters_zip"), key="letters_make"):
        st.session_state["letters_file"] = admin.letters_zip(int(cyear), ctx.actor.username, ctx.lang, t)
    admin.offer_once("letters_file", "download_letters", ctx.lang, "application/zip", "letters_dl")
    admin.offer_once("cred_file", "download_mailmerge", ctx.lang, "text/csv", "cred_dl")

with tabs[3]:
    admin.create_account_form(ctx.lang, t)
    user = st.text_input(t("username_to_manage"), max_chars=64, key="acct_user").strip()
    c = st.columns([1, 1, 4])
    if c[0].button(t("reset_password"), key="acct_reset", disabled=not user):
        if account_store().get_account(user) is None:
            st.error(t("no_such_account"))
        else:
            password = auth.new_password_for_reset()
            auth.reset_password(
                account_store(), user, password, time.time(), by=ctx.actor.username, cost=login_policy().bcrypt_cost
            )
            st.success(fmt(t("new_password_is"), user=user.upper(), password=password))
    if c[1].button(t("unlock"), key="acct_unlock", disabled=not user):
        if account_store().get_account(user) is None:
            st.error(t("no_such_account"))
        else:
            auth.unlock(account_store(), user, time.time(), by=ctx.actor.username)
            st.success(fmt(t("unlocked"), user=user.upper()))

with tabs[4]:
    c = st.columns(4)
    who = c[0].text_input(t("who"), max_chars=64, key="audit_who")
    events = [
        "",
        "login_ok",
        "login_failed",
        "login_cooldown",
        "logout",
        "account_created",
        "password_reset",
        "unlock",
        "credentials_issued",
        "import_checked",
        "import_published",
        "import_refused",
        "rollback",
    ]
    what = c[1].selectbox(
        t("what"), events, format_func=lambda e: admin.event_name(e, ctx.lang) if e else t("any"), key="audit_what"
    )
    today = dt.date.today()
    since = c[2].date_input(t("since"), today - dt.timedelta(days=30), key="audit_since")
    until = c[3].date_input(t("until"), today, key="audit_until")
    log = admin.audit_table(admin.audit_frame(who, what, since, until), ctx.lang)
    st.dataframe(log, hide_index=True, width="stretch")
    table_downloads(log, f"audit-{since}-{until}", ctx.lang, "dl_audit")
