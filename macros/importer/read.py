"""Reads a received summary (.docx, or text in UTF-8 or GB18030) into one string of text.

The text keeps the document's lines exactly as received (only decoded): it becomes the
period's `original.txt`, and every line number the import reports refers to it. A .docx
gives one line per paragraph, in order. A file that cannot be read at all raises one
`ArchiveError` with a plain Chinese explanation, before anything is written.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ArchiveError

_OLE_WORD = b"\xd0\xcf\x11\xe0"  # the old binary .doc / .xls format
_ZIP = b"PK\x03\x04"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")  # \t \n \f \r may stand in a text file
_CJK = re.compile(r"[\u4e00-\u9fff]")
_UNREADABLE = "无法读取：{why}没有写入任何文件。"


@dataclass(frozen=True)
class ReceivedText:
    text: str                  # the document's text, decoded; lines as received
    source: str                # what the document was: "Word 文档（.docx）", "UTF-8 文本" …
    notes: list[str] = field(default_factory=list)  # what could not be taken from the file


def read_document(path: Path) -> ReceivedText:
    shown = path.name
    if not path.is_file():
        raise ArchiveError(_UNREADABLE.format(why="找不到这个文件，请检查文件名和所在位置。"), file=str(path))
    data = path.read_bytes()
    if not data.strip():
        raise ArchiveError(_UNREADABLE.format(why="文件是空的。"), file=shown)
    if data.startswith(_OLE_WORD):
        raise ArchiveError(_UNREADABLE.format(
            why="这是旧版 Word（.doc）或 Excel 文件。请在 Word 中“另存为”Word 文档（.docx）后再导入。"), file=shown)
    if data.startswith(_ZIP) or path.suffix.lower() == ".docx":
        received = _read_docx(path, shown)
    else:
        received = _read_text(data, shown)
    if not _CJK.search(received.text):
        raise ArchiveError(_UNREADABLE.format(why="文件里没有中文文字，不像是一份工作总结。"), file=shown)
    return received


def _read_docx(path: Path, shown: str) -> ReceivedText:
    try:
        import docx  # python-docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:
        raise ArchiveError("缺少读取 Word 文件的程序库 python-docx。请先运行 README 中的安装命令。", file=shown) from None
    try:
        document = docx.Document(str(path))
        paragraphs = list(document.paragraphs)
        lines = [p.text for p in paragraphs]
        tables, images = len(document.tables), len(document.inline_shapes)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ArchiveError(_UNREADABLE.format(
            why=f"这个 Word 文件已损坏，或不是 Word 文档（.docx）（{type(error).__name__}）。"
                f"请在 Word 中打开它并重新“另存为”.docx 后再导入。"), file=shown) from None
    except Exception as error:  # lxml and python-docx raise many kinds on a broken file
        raise ArchiveError(_UNREADABLE.format(
            why=f"这个 Word 文件的内容无法解析（{type(error).__name__}）。请在 Word 中打开它并重新“另存为”.docx 后再导入。"),
            file=shown) from None
    text = "\n".join(lines) + "\n"
    notes = []
    line = 1
    for paragraph, words in zip(paragraphs, lines, strict=False):
        if _has_automatic_numbering(paragraph) and words.strip():
            notes.append(f"第 {line} 行：这一段用的是 Word 的自动编号，编号（如“一、”“1.”）不在文字里，导入后会缺少编号。"
                         f"请在 Word 中把自动编号转为普通文字后重新导入。")
        line += words.count("\n") + 1
    if tables:
        notes.append(f"文档中有 {tables} 个表格：表格里的文字没有导入，请把需要的内容改写成段落后重新导入。")
    if images:
        notes.append(f"文档中有 {images} 张图片：图片没有导入。")
    return ReceivedText(text, "Word 文档（.docx）", notes)


def _has_automatic_numbering(paragraph) -> bool:
    """Numbered by Word (in the paragraph or its style, e.g. 列表编号): the number is not in the text."""
    style = getattr(paragraph.style, "element", None)
    for element in (paragraph._p, style):
        properties = getattr(element, "pPr", None)
        if properties is not None and properties.numPr is not None:
            return True
    return False


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
