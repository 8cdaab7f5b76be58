"""离线版: the whole archive as one zip, read on a computer without any network.

    python -m macros offline                 # writes dist/archive-offline.zip and prints its path last
    python -m macros offline -o 档案.zip --no-pdf

The site is built again with the switch extra.archive.offline of mkdocs.yml on, through ARCHIVE_OFFLINE
(macros/site/offline_hook.py: links to .html files, search started without a server), the summaries' PDFs are printed into it when a browser is available
(macros/pdf_export.py), and everything is zipped under one folder, FOLDER. Unzipped, FOLDER/index.html
opens in Chromium, Chrome, Edge or Firefox straight from the disk: navigation, figures, charts, PDFs and
the Chinese search all work, and no page asks for anything outside the folder.

Drafts are left out unless `--drafts`: the copy is for readers. The zip is written whole or not at all.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from ..errors import ArchiveError

FOLDER = "archive-offline"  # the folder inside the zip; ASCII, so that every unzip tool keeps its name
DEFAULT_OUTPUT = Path("dist") / f"{FOLDER}.zip"
READ_ME = "README.txt"
_READ_ME_TEXT = """工作总结档案（离线版）

用浏览器（Chrome、Edge、Firefox 等）打开本文件夹中的 index.html 即可阅读，不需要网络，也不需要安装任何软件。
各页之间的链接、数字一览、历期数字对比的图表、各期的 PDF 和右上角的搜索都可以直接使用。
请先把整个压缩包解压，再打开 index.html（不要在压缩包里直接打开）。
"""


def build_offline_site(root: Path, site: Path, include_drafts: bool) -> None:
    """`mkdocs build --strict` of the project at `root` into `site`, for the file system."""
    # mkdocs.yml's switches (macros/site/switches.py), set for this build whatever the environment says.
    env = {**os.environ, "ARCHIVE_OFFLINE": "true", "ARCHIVE_DRAFTS": "true" if include_drafts else "false",
           "NO_MKDOCS_2_WARNING": "1", "PYTHONUTF8": "1"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
                          cwd=root, env=env, stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        raise ArchiveError("网站构建失败，没有生成离线版。请按上面的提示修改。", file="mkdocs.yml")


def zip_folder(folder: Path, output: Path) -> None:
    """`folder` zipped under FOLDER/, written to a scratch file first and then put in place."""
    output.parent.mkdir(parents=True, exist_ok=True)
    scratch = output.with_name(f".{output.name}.part")
    try:
        # zlib's default level: level 9 takes twice the time for a zip about 1 % smaller
        with zipfile.ZipFile(scratch, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    archive.write(path, f"{FOLDER}/{path.relative_to(folder).as_posix()}")
        os.replace(scratch, output)
    finally:
        scratch.unlink(missing_ok=True)


_REASONS = {errno.ENOENT: "目录不存在，也无法建立", errno.EACCES: "没有写入权限", errno.EPERM: "没有写入权限",
            errno.EROFS: "只读的磁盘", errno.ENOSPC: "磁盘已满", errno.ENOTDIR: "路径中有一段不是目录",
            errno.EEXIST: "路径中有一段不是目录"}


def _cannot_write(output: Path, error: OSError | None = None) -> ArchiveError:
    reason = f"（{_REASONS.get(error.errno, f'系统错误 {error.errno}')}）" if error else "（这是一个目录）"
    return ArchiveError(f"无法把离线版写到这里{reason}。请用 -o 指定一个可以写入的文件路径，例如 -o 档案.zip。",
                        file=str(output))


def check_writable(output: Path) -> None:
    """Before the long build: the zip can be written where asked (its folder exists or can be made, and takes files)."""
    if output.is_dir():
        raise _cannot_write(output)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=output.parent, prefix=f".{output.name}."):
            pass
    except OSError as error:
        raise _cannot_write(output, error) from None


def make_offline_bundle(root: Path, output: Path, include_drafts: bool = False, pdf: bool = True,
                        say: Callable[[str], None] = print) -> Path:
    """Build, print the PDFs (when possible), zip. Returns the zip's path."""
    from .pdf import run_pdf

    check_writable(output)
    with tempfile.TemporaryDirectory(prefix="archive-offline-") as scratch:
        site = Path(scratch) / FOLDER
        build_offline_site(root, site, include_drafts)
        if pdf:
            lines, code = run_pdf(site)
            for line in lines:
                say(line)
            if code:
                raise ArchiveError("没有生成 PDF，离线版未写出。", file=str(output))
        # The "not found" page addresses everything from the server's root (/assets/…), which on a disk is
        # the disk's root; no browser shows it for a missing file anyway.
        (site / "404.html").unlink(missing_ok=True)
        (site / READ_ME).write_text(_READ_ME_TEXT, encoding="utf-8-sig")  # BOM: Windows' Notepad reads it right
        try:
            zip_folder(site, output)
        except OSError as error:  # the disk filled up, the folder was removed meanwhile …
            raise _cannot_write(output, error) from None
    return output


def run_offline(root: Path, output: str | None, include_drafts: bool, pdf: bool) -> int:
    """The `offline` command: prints what it did, the zip's path last."""
    target = Path(output) if output else root / DEFAULT_OUTPUT
    path = make_offline_bundle(root, target.resolve(), include_drafts, pdf)
    print(f"离线版：{path.stat().st_size / 1024 / 1024:.1f} MB。解压后用浏览器打开 {FOLDER}/index.html。")
    print(path)
    return 0
