"""Command line: python -m dgcore demo | check | import | credentials issue | letters | accounts create|reset|unlock."""

from __future__ import annotations

import argparse
import sys
import time

from dgcore.config import command_line_settings

CLI_ACTOR = "cli"


def cmd_demo(args: argparse.Namespace) -> int:
    from dgcore.demo import build_demo

    settings = command_line_settings()
    t0 = time.perf_counter()
    path = build_demo(settings)
    print(f"demo survey built: {path} ({time.perf_counter() - t0:.1f} s)")
    print(f"สร้างข้อมูลสาธิตเรียบร้อย: {path}")
    print(f"demo sign-ins / บัญชีสาธิต: {settings.data_dir / 'demo_accounts.csv'}")
    return 0


def _store_and_policy():
    from dgcore.accounts.auth import LoginPolicy
    from dgcore.accounts.postgres import open_account_store

    settings = command_line_settings()
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
    from dgcore.accounts.credentials import hash_workers

    print(
        f"issuing accounts for up to {len(rows):,} units of {args.year} "
        f"(bcrypt cost {policy.bcrypt_cost}, {hash_workers()} processes)..."
    )
    t0 = time.perf_counter()
    report = issue_credentials(
        store,
        rows,
        args.year,
        args.out,
        time.time(),
        cost=policy.bcrypt_cost,
        by=CLI_ACTOR,
        progress=lambda done, total: _progress(done / total, f"{done:,} of {total:,} passwords hashed"),
    )
    print(file=sys.stderr)
    print(f"{time.perf_counter() - t0:.0f} s")
    print(f"issued {report.issued:,}, already had an account {report.skipped:,}; mail-merge file: {report.out_path}")
    print(f"ออกบัญชีใหม่ {report.issued:,} บัญชี มีบัญชีอยู่แล้ว {report.skipped:,} หน่วยงาน ไฟล์: {report.out_path}")
    return 0


def cmd_letters(args: argparse.Namespace) -> int:
    from dgcore.accounts.credentials import draft_credentials, store_credentials
    from dgcore.documents.batch import write_letters

    settings, drafted = command_line_settings(), []
    credentials = None
    if args.with_credentials:
        settings, store, policy = _store_and_policy()

        def credentials(units: list[dict]) -> dict[str, tuple[str, str]]:
            drafted.append(draft_credentials(store, units))
            return drafted[0].by_unit()

    only = {u.strip() for u in args.units.split(",") if u.strip()} if args.units else None
    result = write_letters(
        settings, args.year, args.out, lang=args.lang, credentials=credentials, workers=args.workers, only=only
    )
    if drafted:
        print(f"storing {len(drafted[0].units):,} new accounts (bcrypt cost {policy.bcrypt_cost})...", file=sys.stderr)
        try:
            store_credentials(
                store, drafted[0], args.year, time.time(), policy.bcrypt_cost, by=CLI_ACTOR, where=str(result.out_dir)
            )
        except BaseException:
            _remove_letters(result.out_dir)  # letters with passwords that were never stored are useless
            raise
    new = result.with_credentials
    print(f"{result.letters:,} letters ({new:,} with a new account) in {result.seconds:.0f} s: {result.out_dir}")
    print(f"ZIP: {result.zip_path}; mail merge: {result.merge_path}")
    print(f"หนังสือ {result.letters:,} ฉบับ (มีบัญชีใหม่ {result.with_credentials:,} ฉบับ) ที่ {result.out_dir}")
    return 0


def _remove_letters(out_dir) -> None:
    for path in out_dir.iterdir():
        path.unlink(missing_ok=True)


def cmd_accounts(args: argparse.Namespace) -> int:
    from dgcore.accounts.auth import new_password_for_reset, reset_password, unlock

    _, store, policy = _store_and_policy()
    if args.action == "create":
        return _create_account(args, store, policy)
    if store.get_account(args.username) is None:
        print(f"no account named {args.username} / ไม่พบบัญชี {args.username}", file=sys.stderr)
        return 2
    if args.action == "unlock":
        cleared = unlock(store, args.username, time.time(), by=CLI_ACTOR)
        print(f"unlocked {args.username} ({cleared} recent failures cleared) / ปลดล็อกแล้ว")
        return 0
    password = _stdin_password() if args.password_stdin else args.password or new_password_for_reset()
    reset_password(store, args.username, password, time.time(), by=CLI_ACTOR, cost=policy.bcrypt_cost)
    if not args.password_stdin:
        print(f"new password for {args.username} / รหัสผ่านใหม่: {password}")
    print("every session of this account has ended / เซสชันเดิมของบัญชีนี้สิ้นสุดทั้งหมดแล้ว")
    return 0


def _stdin_password() -> str:
    """The first line of standard input (so `printf %s "$PW" | ...` keeps it out of the shell history)."""
    return sys.stdin.readline().rstrip("\r\n")


def _create_account(args: argparse.Namespace, store, policy) -> int:
    from dgcore.accounts.auth import create_account, new_password_for_reset

    if not args.role:
        print("--role is required: admin, staff or presenter / ต้องระบุ --role", file=sys.stderr)
        return 2
    password = _stdin_password() if args.password_stdin else new_password_for_reset()
    account = create_account(
        store,
        args.username,
        args.role,
        password,
        time.time(),
        by=CLI_ACTOR,
        display_name=args.display_name or "",
        cost=policy.bcrypt_cost,
    )
    print(f"created {account.role} account {account.username} / สร้างบัญชี {account.username} แล้ว")
    if not args.password_stdin:  # shown this once only: the store keeps its hash
        print(f"one-time password / รหัสผ่าน (แสดงครั้งเดียว): {password}")
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

    settings = command_line_settings()
    report = check_files(args.files, args.year, ImportContext.from_settings(settings), _progress)
    print(file=sys.stderr)
    print(report.text(args.lang))
    if report.ok:
        _say_refusals(settings, args.lang)
    return 0 if report.ok else 1


def _say_refusals(settings, lang: str) -> None:
    """The files are valid, but would a publish be refused by the start-up checks? Say so now."""
    from dgcore.importer import start_refusals

    for r in start_refusals(settings):
        print(f"WARNING publish would be refused: {r.text(lang)}", file=sys.stderr)


def cmd_import(args: argparse.Namespace) -> int:
    from dgcore.accounts.postgres import open_account_store
    from dgcore.importer import ImportContext, publish_year

    settings = command_line_settings()
    result = publish_year(args.files, args.year, ImportContext.from_settings(settings), settings, _progress)
    print(file=sys.stderr)
    print(result.report.text(args.lang))
    if not result.ok:
        print("nothing was published / ไม่มีการเผยแพร่ข้อมูลใด ๆ", file=sys.stderr)
        return 1
    open_account_store(settings.accounts_path).append_audit(
        at=time.time(), actor=CLI_ACTOR, event="import_published", target=str(args.year), detail=result.version
    )
    units = result.counts.get("targeted", 0)
    print(f"{args.year} published: {units:,} units / เผยแพร่ปี {args.year} แล้ว: {units:,} หน่วยงาน")
    print(f"version {result.version} (years {', '.join(map(str, result.years))}); previous: {result.previous}")
    print("people see it at once; roll back with the Admin page / ผู้ใช้เห็นข้อมูลใหม่ทันที")
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
    let = sub.add_parser("letters", help="write every surveyed unit's results letter (PDF), a ZIP and a mail-merge CSV")
    let.add_argument("--year", type=int, required=True, help="survey year in the Buddhist era, e.g. 2565")
    let.add_argument("--out", required=True, help="a new or empty folder outside the repository (owner-only)")
    let.add_argument(
        "--with-credentials",
        action="store_true",
        help="issue accounts to units without one; their "
        "username and password are printed in their letter and nowhere else",
    )
    let.add_argument("--lang", choices=["th", "en"], default="th", help="language of the letters")
    let.add_argument("--units", help="only these unit ids, comma-separated (default: every surveyed unit)")
    let.add_argument("--workers", type=int, default=None, help="worker processes (default: one per core)")
    let.set_defaults(func=cmd_letters)
    acc = sub.add_parser("accounts", help="create an admin, staff or presenter account; reset or unlock one")
    acc.add_argument("action", choices=["create", "reset", "unlock"])
    acc.add_argument("username")
    acc.add_argument("--role", choices=["admin", "staff", "presenter"], help="create: the new account's role")
    acc.add_argument("--display-name", help="create: the name shown beside 'signed in as'")
    acc.add_argument("--password", help="reset: the new password (default: a random one, printed once)")
    acc.add_argument(
        "--password-stdin",
        action="store_true",
        help="create/reset: read the password from the first line of standard input instead of printing one",
    )
    acc.set_defaults(func=cmd_accounts)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except (ValueError, FileExistsError, PermissionError) as err:  # incl. AccountExists, PasswordError
        print(f"error / ข้อผิดพลาด: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
