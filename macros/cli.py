"""The editors' command line. Each command prints in Chinese what it did or why it refused."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import ArchiveError

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None, root: Path = ROOT) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros", description="工作总结档案的编辑命令")
    commands = parser.add_subparsers(dest="command", required=True)
    new = commands.add_parser("new", help="按最近一期的结构新建一期总结（草稿）")
    new.add_argument("period", help="期次编号，例如 2020-h2")
    rename = commands.add_parser("rename", help="在所有期次的数据和页面中把一个键改名")
    rename.add_argument("old")
    rename.add_argument("new")
    args = parser.parse_args(argv)
    try:
        if args.command == "new":
            from .new_period import create_period

            for line in create_period(root, args.period):
                print(line)
        elif args.command == "rename":
            from .rename_key import rename_key

            for line in rename_key(root, args.old, args.new):
                print(line)
    except ArchiveError as error:
        print(f"未执行：{error}", file=sys.stderr)
        return 1
    return 0
