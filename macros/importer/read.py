"""Reads a received summary (.docx; .doc, .wps or .rtf through LibreOffice; text in UTF-8 or GB18030)
into one string of text.

The text keeps the document's lines as a reader sees them: it becomes the period's
`original.txt`, and every line number the import reports refers to it. A .docx gives one line
per paragraph, as Word shows it (docx_reader: tracked changes accepted, fields as displayed,
automatic numbers written out, tables as Markdown rows); what it leaves out is listed in
`notes` and `line_notes`. What a file is, is read from its first bytes, not from its name.
A file that cannot be read at all (damaged, encrypted, with macros, a zip bomb, empty, only a
title) raises one `ArchiveError` with a plain Chinese explanation, before anything is written.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ArchiveError
from .docx_package import UNREADABLE as _UNREADABLE
from .docx_reader import read_docx
from .old_formats import (
    convert_to_docx,
    is_encrypted_office,
    old_kind,
    refuse_encrypted,
)

_ZIP = b"PK\x03\x04"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")  # \t \n \f \r may stand in a text file
_CJK = re.compile(r"[\u4e00-\u9fff]")
_MAX_FILE = 100 * 1024 * 1024  # a text file or an old-format file is read whole: larger ones are refused
_MACRO_SUFFIXES = {".docm", ".dotm"}


@dataclass(frozen=True)
class ReceivedText:
    text: str                  # the document's text, decoded; lines as received
    source: str                # what the document was: "Word 文档（.docx）", "UTF-8 文本" …
    notes: list[str] = field(default_factory=list)  # about the whole document: what was not taken, and why
    line_notes: list[tuple[int, str]] = field(default_factory=list)  # (line of the text, what was done there)
    tables: list[tuple[int, int]] = field(default_factory=list)      # .docx tables: (first line, last line)


def read_document(path: Path) -> ReceivedText:
    shown = path.name
    if not path.is_file():
        raise ArchiveError(_UNREADABLE.format(why="找不到这个文件，请检查文件名和所在位置。"), file=str(path))
    size = path.stat().st_size
    suffix = path.suffix.lower()
    with path.open("rb") as stream:
        head = stream.read(8)
    if suffix in _MACRO_SUFFIXES:
        raise ArchiveError(_UNREADABLE.format(
            why="这是启用宏的 Word 文档（.docm）。为了安全，档案不导入含宏的文件（宏不会被运行，也不会被保存）。"
                "请在 Word 中“另存为”Word 文档（.docx）——这样会去掉宏——然后导入那个 .docx。"), file=shown)
    if head.startswith(_ZIP):
        received = _from_docx(path, shown, "Word 文档（.docx）")
    elif size > _MAX_FILE:
        raise ArchiveError(_UNREADABLE.format(
            why=f"文件有 {size // 1024 // 1024} MB，太大了，不像是一份工作总结。"), file=shown)
    else:
        data = path.read_bytes()
        if not data.strip():
            raise ArchiveError(_UNREADABLE.format(why="文件是空的。"), file=shown)
        if is_encrypted_office(data):
            raise refuse_encrypted(shown)
        kind = old_kind(data, suffix)
        if kind is not None:
            received = _from_old_format(path, shown, kind)
        elif suffix == ".docx":
            received = _from_docx(path, shown, "Word 文档（.docx）")
        else:
            received = _read_text(data, shown)
    _check_substance(received, shown)
    return received


def _from_docx(path: Path, shown: str, source: str) -> ReceivedText:
    read = read_docx(path, shown)
    if not any(line.strip() for line in read.lines):
        raise ArchiveError(_UNREADABLE.format(why="这个 Word 文件里没有文字（只有空段落、图片或表格框线）。"), file=shown)
    return ReceivedText("\n".join(read.lines) + "\n", source, read.notes, read.line_notes, read.tables)


def _from_old_format(path: Path, shown: str, kind: str) -> ReceivedText:
    with tempfile.TemporaryDirectory(prefix="archive-import-") as work:
        converted = convert_to_docx(path, kind, shown, Path(work))
        received = _from_docx(converted, shown, f"{kind}，经 LibreOffice 转为 .docx")
    note = f"这是{kind}，已用 LibreOffice 转为 Word 文档（.docx）后读取。请对照原文件核对导入的文字。"
    return ReceivedText(received.text, received.source, [note, *received.notes], received.line_notes, received.tables)


def _check_substance(received: ReceivedText, shown: str) -> None:
    """A summary has Chinese text, and more than its title."""
    if not _CJK.search(received.text):
        raise ArchiveError(_UNREADABLE.format(why="文件里没有中文文字，不像是一份工作总结。"), file=shown)
    written = [line.strip() for line in received.text.splitlines() if line.strip()]
    if len(written) == 1:
        raise ArchiveError(_UNREADABLE.format(
            why=f"文件里只有一行“{written[0][:40]}”（像是标题），没有正文。请确认收到的是完整的总结。"), file=shown)


def _read_text(data: bytes, shown: str) -> ReceivedText:
    if data.startswith(b"\xef\xbb\xbf"):
        return _checked(_decode(data[3:], "utf-8", shown, "UTF-8（带 BOM）"), "UTF-8 文本（带 BOM）", shown)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _checked(_decode(data, "utf-16", shown, "UTF-16"), "UTF-16 文本", shown)
    if b"\x00" in data:
        raise ArchiveError(_UNREADABLE.format(why="这不是文本文件（含有二进制内容）。请导入 Word 文档（.docx）或纯文本（.txt）。"),
                           file=shown)
    try:
        return _checked(data.decode("utf-8"), "UTF-8 文本", shown)
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise ArchiveError(_UNREADABLE.format(
            why="文件既不是 UTF-8 也不是 GB18030（GBK）编码，无法识别。请在记事本或 Word 中把它另存为 UTF-8 文本后再导入。"),
            file=shown) from None
    if not _looks_like_simplified_chinese(text):
        raise ArchiveError(_UNREADABLE.format(
            why="无法识别文件的编码（按 GB18030 读出的是乱码）。请在记事本或 Word 中把它另存为 UTF-8 文本后再导入。"),
            file=shown)
    return _checked(text, "GB18030（GBK）文本", shown)


def _decode(data: bytes, encoding: str, shown: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise ArchiveError(_UNREADABLE.format(why=f"文件开头标明是 {name} 编码，但内容有损坏。"), file=shown) from None


def _checked(text: str, source: str, shown: str) -> ReceivedText:
    if len(_CONTROL.findall(text)) > max(3, len(text) // 1000):
        raise ArchiveError(_UNREADABLE.format(why="这不是文本文件（含有大量控制字符）。请导入 Word 文档（.docx）或纯文本（.txt）。"),
                           file=shown)
    return ReceivedText(text, source)


def _looks_like_simplified_chinese(text: str) -> bool:
    """GB18030 decodes almost any bytes; real Chinese text is mostly characters of GB2312."""
    letters = [c for c in text if ord(c) > 0x7F and not c.isspace()]
    if not letters:
        return True
    common = 0
    for char in letters:
        try:
            char.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return common / len(letters) >= 0.9
