"""Command line: python -m dgcore demo | check | import | credentials issue | accounts reset|unlock."""

from __future__ import annotations

import argparse
import sys
import time

from dgcore.config import load_settings

CLI_ACTOR = "cli"


def cmd_demo(args: argparse.Namespace) -> int:
    from dgcore.demo import build_demo

    settings = load_settings()
    t0 = time.perf_counter()
    path = build_demo(settings)
    print(f"demo survey built: {path} ({time.perf_counter() - t0:.1f} s)")
    print(f"สร้างข้อมูลสาธิตเรียบร้อย: {path}")
    print(f"demo sign-ins / บัญชีสาธิต: {settings.data_dir / 'demo_accounts.csv'}")
    return 0


def _store_and_policy():
    from dgcore.accounts.auth import LoginPolicy
    from dgcore.accounts.postgres import open_account_store

    settings = load_settings()
    return settings, open_account_store(settings.accounts_path), LoginPolicy.from_dict(settings.login)


def cmd_credentials_issue(args: argparse.Namespace) -> int:
    from dgcore import queries
    from dgcore.access import Actor, scope_for
    from dgcore.accounts.credentials import issue_credentials
    from dgcore.build import complete_version
    from dgcore.db import ResultsDB

    settings, store, policy = _store_and_policy()
    db = ResultsDB(settings.results_dir, complete=complete_version)
    units = queries.survey_units(db, scope_for(Actor(CLI_ACTOR, "admin")), args.year)
    if units.empty:
        print(f"no surveyed units in {args.year} / ไม่พบหน่วยงานที่สำรวจในปี {args.year}", file=sys.stderr)
        return 2
    rows = [
        dict(agency_id=r.agency_id, name_th=r.name_th, name_en=r.name_en, province_th=r.province_th or "", kind=r.kind)
        for r in units.itertuples()
    ]
    print(f"issuing accounts for up to {len(rows):,} units of {args.year} (bcrypt cost {policy.bcrypt_cost})...")
    report = issue_credentials(store, rows, args.year, args.out, time.time(), cost=policy.bcrypt_cost, by=CLI_ACTOR)
    print(f"issued {report.issued:,}, already had an account {report.skipped:,}; mail-merge file: {report.out_path}")
    print(f"ออกบัญชีใหม่ {report.issued:,} บัญชี มีบัญชีอยู่แล้ว {report.skipped:,} หน่วยงาน ไฟล์: {report.out_path}")
    return 0


def cmd_accounts(args: argparse.Namespace) -> int:
    from dgcore.accounts.auth import new_password_for_reset, reset_password, unlock

    _, store, policy = _store_and_policy()
    if store.get_account(args.username) is None:
        print(f"no account named {args.username} / ไม่พบบัญชี {args.username}", file=sys.stderr)
        return 2
    if args.action == "unlock":
        cleared = unlock(store, args.username, time.time(), by=CLI_ACTOR)
        print(f"unlocked {args.username} ({cleared} recent failures cleared) / ปลดล็อกแล้ว")
        return 0
    password = args.password or new_password_for_reset()
    reset_password(store, args.username, password, time.time(), by=CLI_ACTOR, cost=policy.bcrypt_cost)
    print(f"new password for {args.username} / รหัสผ่านใหม่: {password}")
    print("every session of this account has ended / เซสชันเดิมของบัญชีนี้สิ้นสุดทั้งหมดแล้ว")
    return 0


def _progress(fraction: float, message: str) -> None:
    print(
        f"\r[{'#' * int(30 * fraction):<30}] {100 * fraction:5.1f}% {message[:60]:<60}",
        end="",
        file=sys.stderr,
        flush=True,
    )


def cmd_check(args: argparse.Namespace) -> int:
    from dgcore.importer import ImportContext, check_files

    settings = load_settings()
    report = check_files(args.files, args.year, ImportContext.from_settings(settings), _progress)
    print(file=sys.stderr)
    print(report.text(args.lang))
    return 0 if report.ok else 1


def cmd_import(args: argparse.Namespace) -> int:
    from dgcore.accounts.postgres import open_account_store
    from dgcore.importer import ImportContext, publish_year

    settings = load_settings()
    result = publish_year(args.files, args.year, ImportContext.from_settings(settings), settings, _progress)
    print(file=sys.stderr)
    print(result.report.text(args.lang))
    if not result.ok:
        print("nothing was published / ไม่มีการเผยแพร่ข้อมูลใด ๆ", file=sys.stderr)
        return 1
    open_account_store(settings.accounts_path).append_audit(
        at=time.time(), actor=CLI_ACTOR, event="import_published", target=str(args.year), detail=result.version
    )
    print(f"published {result.version} (years {', '.join(map(str, result.years))}); previous: {result.previous}")
    print(f"เผยแพร่แล้ว {result.version} ผู้ใช้เห็นข้อมูลใหม่ทันที")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m dgcore", description="DG Readiness Dashboard")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("demo", help="build the demo survey database and demo accounts").set_defaults(func=cmd_demo)
    cred = sub.add_parser("credentials", help="issue accounts for a year's surveyed units")
    cred_sub = cred.add_subparsers(dest="action", required=True)
    issue = cred_sub.add_parser("issue", help="create missing accounts and write the mail-merge file")
    issue.add_argument("--year", type=int, required=True, help="survey year in the Buddhist era, e.g. 2566")
    issue.add_argument("--out", required=True, help="mail-merge CSV to write (outside the repository; owner-only)")
    issue.set_defaults(func=cmd_credentials_issue)
    for name, func, text in (
        ("check", cmd_check, "validate result files and report every problem; publish nothing"),
        ("import", cmd_import, "validate and publish a year's result files, all or nothing"),
    ):
        c = sub.add_parser(name, help=text)
        c.add_argument("files", nargs="+", help="registry, scores (long CSV or wide XLSX) and optional framework YAML")
        c.add_argument("--year", type=int, required=True, help="survey year in the Buddhist era")
        c.add_argument("--lang", choices=["th", "en"], default="en", help="language of the report")
        c.set_defaults(func=func)
    acc = sub.add_parser("accounts", help="reset or unlock one account")
    acc.add_argument("action", choices=["reset", "unlock"])
    acc.add_argument("username")
    acc.add_argument("--password", help="the new password (default: a random one, printed once)")
    acc.set_defaults(func=cmd_accounts)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except (ValueError, FileExistsError, PermissionError) as err:
        print(f"error / ข้อผิดพลาด: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
