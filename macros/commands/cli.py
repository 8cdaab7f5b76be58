"""The editors' command line. Each command prints in Chinese what it did or why it refused."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import ArchiveError

ROOT = Path(__file__).resolve().parents[2]  # the project: macros/commands/ is two levels down


def main(argv: list[str] | None = None, root: Path = ROOT) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros", description="工作总结档案的编辑命令")
    commands = parser.add_subparsers(dest="command", required=True)
    new = commands.add_parser("new", help="按最近一期的结构新建一期总结（草稿）")
    new.add_argument("period", help="期次编号，例如 2020-h2")
    rename = commands.add_parser("rename", help="在所有期次的数据和页面中把一个键改名")
    rename.add_argument("old")
    rename.add_argument("new")
    check = commands.add_parser("check", help="校对检查：序号、重复的列举项、引号括号、时段说法、未披露的 X、半角标点")
    check.add_argument("paths", nargs="*", metavar="PATH",
                       help="只检查这些：期次（如 2020-h1）、正文页面或纯文本（.txt）；不写则检查全部期次")
    check.add_argument("--strict-for", nargs="+", action="extend", default=[], metavar="PATH",
                       help="这些文件（或目录）中的发现按错误处理")
    check.add_argument("--changed-since", metavar="REF",
                       help="相对于 git 版本 REF 改动过或新加的文件中的发现按错误处理，例如 origin/main")
    imports = commands.add_parser("import", help="把收到的 Word 文件（.docx）或文本文件导入为一期总结（草稿）")
    imports.add_argument("file", help="收到的文件：.docx，或 UTF-8 / GB18030 编码的 .txt")
    imports.add_argument("--period", required=True, help="期次编号，例如 2021-h1")
    imports.add_argument("--force", action="store_true", help="这一期已经存在时，列出变化后覆盖它；自检发现页面与原文不一致时，核对后仍然写入")
    pdf = commands.add_parser("pdf", help="用本机的 Chromium 把构建好的网站中每期的打印版存成 PDF，并在页面上显示 PDF 链接")
    pdf.add_argument("site", nargs="?", default=str(root / "site"), help="构建好的网站目录（默认 site/）")
    offline = commands.add_parser("offline", help="生成整个档案的离线版（zip）：解压后用浏览器打开 index.html，不需要网络")
    offline.add_argument("-o", "--output", help="zip 写到哪里（默认 dist/archive-offline.zip）")
    offline.add_argument("--drafts", action="store_true", help="也收入草稿（默认只收定稿）")
    offline.add_argument("--no-pdf", action="store_true", help="不生成 PDF（更快；页面上也不显示 PDF 链接）")
    commands.add_parser("schema", help="由数据模型生成 data/schema.json（编辑器据此检查数据文件、提示键名）")
    changes = commands.add_parser("changes", help="用中文列出相对于 git 版本 BASE 的改动：页面、数字、校对发现、草稿转定稿")
    changes.add_argument("base", metavar="BASE", help="git 版本，例如 origin/main 或 HEAD^1")
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
        elif args.command == "import":
            from ..importer.command import run_import

            return run_import(root, Path(args.file), args.period, args.force)
        elif args.command == "check":
            from ..proofread.check import run_check

            lines, code = run_check(root, args.paths, args.strict_for, args.changed_since)
            print("\n".join(lines))
            return code
        elif args.command == "pdf":
            from ..export.pdf import run_pdf

            lines, code = run_pdf(Path(args.site))
            print("\n".join(lines))
            return code
        elif args.command == "schema":
            from .schema import write_schema

            print("\n".join(write_schema(root)))
        elif args.command == "changes":
            from .changes import run_changes

            return run_changes(root, args.base)
        elif args.command == "offline":
            from ..export.offline import run_offline

            return run_offline(root, args.output, args.drafts, not args.no_pdf)
    except ArchiveError as error:
        from ..archive.annotations import annotate_error

        annotate_error(error, "命令未执行")  # under GitHub Actions: on the pull request's diff
        print(f"未执行：{error}", file=sys.stderr)
        return 1
    return 0
