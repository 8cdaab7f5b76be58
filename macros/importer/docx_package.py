"""Opens a .docx package safely: the zip is checked before anything in it is decompressed or parsed.

A received file is untrusted. Before any XML is read:
- the zip's central directory must declare at most 200 MB in all, and no part over 1 MB may
  be compressed more than 100 times (a zip bomb declares gigabytes, or packs them tightly);
- a declared size may lie, so every part is read through a counter that stops at the size it
  declared and at the limit, whichever comes first;
- a macro-enabled document (.docm, or a vbaProject inside) is refused: the archive never keeps
  anything that could run.
XML is parsed by lxml with a parser that loads no DTD, resolves no entity and reaches no
network, and a part that declares a DOCTYPE (Word never writes one) is refused.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path, PurePosixPath

from lxml import etree

from ..errors import ArchiveError

MAX_TOTAL_BYTES = 200 * 1024 * 1024  # uncompressed, all parts together
MAX_RATIO = 100                      # uncompressed / compressed, for a part ...
RATIO_FROM_BYTES = 1024 * 1024       # ... larger than this (small parts compress as they like)
MAX_SMALL_PART = 20 * 1024 * 1024    # styles.xml, numbering.xml, comments …: parsed whole

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOCUMENT = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
                    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument")
_MACRO_TYPES = ("macroEnabled", "vbaProject")
UNREADABLE = "无法读取：{why}没有写入任何文件。"
RESAVE = "请在 Word 或 WPS 中打开它，重新“另存为”Word 文档（.docx）后再导入。"


def refuse(why: str, shown: str) -> ArchiveError:
    return ArchiveError(UNREADABLE.format(why=why), file=shown)


def safe_parser_options() -> dict:
    """lxml options that never fetch, expand or load anything the file points to."""
    return {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}


class DocxPackage:
    """The parts of a .docx, opened after the bomb checks; read with `open_part` / `parse_part`."""

    def __init__(self, path: Path, shown: str):
        self.shown = shown
        try:
            self.zip = zipfile.ZipFile(path)
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
            raise refuse(f"这个 Word 文件已损坏（不完整或不是 .docx 格式）。{RESAVE}", shown) from None
        self._check_sizes(infos)
        self.sizes = {info.filename: info.file_size for info in infos}
        self._check_no_macros()
        self.document = self._main_document()

    def close(self) -> None:
        self.zip.close()

    def _check_sizes(self, infos: list[zipfile.ZipInfo]) -> None:
        total = sum(info.file_size for info in infos)
        if total > MAX_TOTAL_BYTES:
            raise refuse(f"这个文件解压后有 {total / 1024 / 1024:.0f} MB，超过了 {MAX_TOTAL_BYTES // 1024 // 1024} MB 的上限，"
                         f"不像是一份正常的 Word 文档（可能是“压缩炸弹”）。", self.shown)
        for info in infos:
            packed = max(info.compress_size, 1)
            if info.file_size > RATIO_FROM_BYTES and info.file_size / packed > MAX_RATIO:
                raise refuse(f"文件中的“{info.filename}”压缩了 {info.file_size // packed} 倍（上限 {MAX_RATIO} 倍），"
                             f"不像是一份正常的 Word 文档（可能是“压缩炸弹”）。", self.shown)

    def _check_no_macros(self) -> None:
        types = self.read_bytes("[Content_Types].xml", required=False) or b""
        names = [name.lower() for name in self.sizes]
        if any(t.encode() in types for t in _MACRO_TYPES) or any(n.endswith("vbaproject.bin") for n in names):
            raise refuse("这是启用宏的 Word 文档（.docm）。为了安全，档案不导入含宏的文件（宏不会被运行，也不会被保存）。"
                         "请在 Word 中“另存为”Word 文档（.docx）——这样会去掉宏——然后导入那个 .docx。", self.shown)

    def _main_document(self) -> str:
        """The main document part, as the package's relationships name it (word/document.xml as a rule)."""
        rels = self.parse_part("_rels/.rels", required=False)
        if rels is not None:
            for rel in rels.iter(f"{{{_REL}}}Relationship"):
                if rel.get("Type") in _OFFICE_DOCUMENT:
                    target = rel.get("Target", "").lstrip("/")
                    if target in self.sizes:
                        return target
        if "word/document.xml" in self.sizes:
            return "word/document.xml"
        raise refuse(f"这个文件里没有 Word 正文（不是 Word 文档，或已损坏）。{RESAVE}", self.shown)

    def related(self, part: str, kind: str) -> list[str]:
        """Parts that `part` points to with a relationship of this kind (its last word: numbering, styles …)."""
        folder, name = posixpath.split(part)
        rels = self.parse_part(posixpath.join(folder, "_rels", name + ".rels"), required=False)
        found = []
        if rels is None:
            return found
        for rel in rels.iter(f"{{{_REL}}}Relationship"):
            if rel.get("Type", "").rsplit("/", 1)[-1] == kind and rel.get("TargetMode") != "External":
                target = posixpath.normpath(posixpath.join(folder, rel.get("Target", "")))
                target = str(PurePosixPath(target)).lstrip("/")
                if target in self.sizes:
                    found.append(target)
        return found

    def open_part(self, name: str):
        """A stream of the part's bytes that stops at its declared size and at the package limit."""
        try:
            raw = self.zip.open(name)
        except (KeyError, zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError, ValueError):
            raise refuse(f"这个 Word 文件已损坏（“{name}”读不出来）。{RESAVE}", self.shown) from None
        return _Capped(raw, min(self.sizes[name], MAX_TOTAL_BYTES), name, self.shown)

    def read_bytes(self, name: str, required: bool = True) -> bytes | None:
        if name not in self.sizes:
            if required:
                raise refuse(f"这个 Word 文件缺少“{name}”（已损坏）。{RESAVE}", self.shown)
            return None
        if self.sizes[name] > MAX_SMALL_PART:
            raise refuse(f"文件中的“{name}”有 {self.sizes[name] // 1024 // 1024} MB，超过了上限，不像是一份正常的 Word 文档。",
                         self.shown)
        with self.open_part(name) as stream:
            return stream.read()

    def parse_part(self, name: str, required: bool = False):
        """A small part (styles, numbering, comments, relationships) parsed whole, or None if absent."""
        data = self.read_bytes(name, required=required)
        if data is None:
            return None
        if b"<!DOCTYPE" in data:  # refused before parsing: an entity in an attribute would make it a syntax error
            raise _doctype(name, self.shown)
        parser = etree.XMLParser(**safe_parser_options(), remove_comments=True, remove_pis=True)
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError:
            raise refuse(f"这个 Word 文件已损坏（“{name}”不是完整的 XML）。{RESAVE}", self.shown) from None
        check_no_doctype(root, name, self.shown)
        return root


def check_no_doctype(element, part: str, shown: str) -> None:
    """Word never writes a DOCTYPE; one in a received file can only be there to declare entities."""
    if element.getroottree().docinfo.doctype:
        raise _doctype(part, shown)


def _doctype(part: str, shown: str) -> ArchiveError:
    return refuse(f"文件中的“{part}”含有 DOCTYPE 声明（Word 从不写这种内容，它可能试图读取本机上的其他文件）。"
                  f"为了安全，不导入这个文件。", shown)


class _Capped:
    """Reads at most `limit` decompressed bytes; more than declared means the zip lied about its size."""

    def __init__(self, raw, limit: int, name: str, shown: str):
        self.raw, self.left, self.name, self.shown = raw, limit, name, shown

    def read(self, size: int = -1) -> bytes:
        want = self.left + 1 if size is None or size < 0 else min(size, self.left + 1)
        try:
            data = self.raw.read(want)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError):
            raise refuse(f"这个 Word 文件已损坏（“{self.name}”解压时出错，可能不完整）。{RESAVE}", self.shown) from None
        self.left -= len(data)
        if self.left < 0:
            raise refuse(f"文件中的“{self.name}”解压后比它声明的大，不像是一份正常的 Word 文档（可能是“压缩炸弹”）。",
                         self.shown)
        return data

    def close(self) -> None:
        self.raw.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()
