"""Nothing outside the repository gets in: docs/ and data/ may hold only ordinary files and folders.

A symbolic link (to /etc/passwd, to /proc/self/environ …) would be read or published as if it were the
archive's own file, and a FIFO, device or socket can block or leak when read. Both are refused, all of
them named in one message, before anything under docs/ or data/ is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import ArchiveError

CHECKED_FOLDERS = ("docs", "data")


def _kind(mode: int) -> str | None:
    """What is wrong with an entry of this mode, or None for an ordinary file or folder."""
    if stat.S_ISLNK(mode):
        return "符号链接"
    if stat.S_ISFIFO(mode):
        return "命名管道（FIFO）"
    if stat.S_ISSOCK(mode):
        return "套接字"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return "特殊文件"


def unusual_entries(root: Path, folders: tuple[str, ...] = CHECKED_FOLDERS) -> list[tuple[str, str]]:
    """(path shown from the project, what it is) for every link or special file in `folders`, in path order."""
    found: list[tuple[str, str]] = []

    def walk(path: Path, shown: str) -> None:
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            return
        kind = _kind(mode)
        if kind:
            found.append((shown, kind))
        elif stat.S_ISDIR(mode):
            with os.scandir(path) as entries:
                names = sorted(entry.name for entry in entries)
            for name in names:
                walk(path / name, f"{shown}/{name}")

    for folder in folders:
        walk(root / folder, folder)
    return found


def check_repository_files(root: Path, folders: tuple[str, ...] = CHECKED_FOLDERS) -> None:
    """Stop unless `folders` hold only ordinary files and folders."""
    found = unusual_entries(root, folders)
    if not found:
        return
    listed = "；".join(f"{shown}（{kind}）" for shown, kind in found)
    target = _link_target(root, found[0][0]) if found[0][1] == "符号链接" else ""
    raise ArchiveError(
        f"docs/ 和 data/ 中只能有普通文件和目录，发现 {len(found)} 个不能收录的：{listed}。{target}"
        f"档案只收录版本库里的普通文件，以免把仓库以外的文件发布出去。请删去它们，或换成文件本身的一份副本。",
        file=found[0][0],
    )


def _link_target(root: Path, shown: str) -> str:
    try:
        return f"（{shown} 指向 {os.readlink(root / shown)}）"
    except OSError:
        return ""
