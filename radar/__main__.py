"""The command line: `python -m radar build | check | import | submit | review | drafts | versions | rollback |
hash-password | templates`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from radar import settings
from radar.publish import cli as publish_cli


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m radar", description="WB-OCR Radar data tools")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="rebuild the Parquet warehouse from data/raw and data/frameworks.toml")
    build.add_argument("--raw", type=Path, default=settings.RAW_DIR)
    build.add_argument("--out", type=Path, default=settings.WAREHOUSE_DIR)
    check = commands.add_parser("check", help="exit 1 unless the committed warehouse equals a fresh build")
    check.add_argument("--raw", type=Path, default=settings.RAW_DIR)
    check.add_argument("--warehouse", type=Path, default=settings.WAREHOUSE_DIR)
    publish_cli.add_commands(commands)  # import, submit, review, drafts, versions, ... (radar.publish.cli)
    args = parser.parse_args(argv)
    if args.command == "build":
        return _build(args.raw, args.out)
    if args.command == "check":
        return _check(args.raw, args.warehouse)
    return publish_cli.run(args)


def _build(raw: Path, out: Path) -> int:
    from radar.build import build

    counts = build(raw, out)
    for name, rows in counts.items():
        print(f"{name:<13} {rows:>7,} rows")
    print(f"warehouse written to {out}")
    return 0


def _check(raw: Path, warehouse: Path) -> int:
    from radar.build import warehouse_differences

    differences = warehouse_differences(raw, warehouse)
    for line in differences:
        print(line, file=sys.stderr)
    if not differences:
        print(f"{warehouse} equals a fresh build of {raw}")
    return 1 if differences else 0


if __name__ == "__main__":
    raise SystemExit(main())
