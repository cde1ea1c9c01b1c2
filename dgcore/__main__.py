"""Command line: python -m dgcore demo | check | import | credentials | accounts."""
from __future__ import annotations

import argparse
import sys
import time

from dgcore.config import load_settings


def cmd_demo(args: argparse.Namespace) -> int:
    from dgcore.demo import build_demo
    settings = load_settings()
    t0 = time.perf_counter()
    path = build_demo(settings)
    print(f"demo survey built: {path} ({time.perf_counter() - t0:.1f} s)")
    print(f"สร้างข้อมูลสาธิตเรียบร้อย: {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dgcore", description="DG Readiness Dashboard")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("demo", help="build the demo survey database (and demo accounts)").set_defaults(func=cmd_demo)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
