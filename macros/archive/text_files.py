"""Reads the archive's own text files (pages, data files, word lists): UTF-8, bounded, line ends made "\\n".

Every such file arrives through a pull request, so none is read whole before its size is known, and a file that
is not UTF-8 is named with the line of its first bad byte instead of a traceback.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import ArchiveError


def read_text_file(path: Path, shown_as: str, limit: int, too_big: str, noun: str = "文件",
                   line_of_bad_byte: bool = True) -> str:
    """The text of `path`, refused when over `limit` bytes (`too_big`: what to say then, after the sizes).
    `noun` names the file in messages (页面, 文件); a file not in UTF-8 is refused at the line of its first bad
    byte, or as a whole (data files, whose editors re-save the whole file)."""
    try:
        with path.open("rb") as handle:
            # At most limit + 1 bytes, asked for in a buffer the size of the file: asking for limit + 1 at once
            # allocates that much for every file (a megabyte for each page), several times the cost of the read.
            wanted = min(os.fstat(handle.fileno()).st_size, limit) + 1
            raw = handle.read(wanted)
            if len(raw) == wanted <= limit:  # the file grew since: read on, as far as the limit
                raw += handle.read(limit + 1 - wanted)
    except OSError as error:
        raise ArchiveError(f"无法读取这个{noun}（{error.strerror or error}）。", file=shown_as) from None
    if len(raw) > limit:
        size = path.stat().st_size
        raise ArchiveError(f"{noun}太大（{_size(size)}），超过了 {_size(limit)} 的上限。{too_big}", file=shown_as)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1 if line_of_bad_byte else None
        raise ArchiveError(f"{noun}不是 UTF-8 编码的文字（可能是用 GBK/ANSI 保存的，或不是文本文件）。"
                           "请在编辑器中把它另存为 UTF-8 编码。", file=shown_as, line=line) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _size(count: int) -> str:
    return f"{count / 1_000_000:g} MB" if count >= 1_000_000 else f"{count / 1000:g} KB"
