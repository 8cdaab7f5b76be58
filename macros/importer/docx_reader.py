"""Reads a .docx body as Word shows it, one line per paragraph, streaming and within limits.

What the reader sees is what is read:
- tracked changes as after "accept all" (insertions and moves kept, deletions dropped, a deleted
  paragraph mark joins its paragraph to the next), with one notice giving the count;
- content controls (w:sdt) at every level, custom XML, smart tags and hyperlinks: their text;
- fields (w:fldSimple, w:fldChar begin/separate/end): the result Word displays, never the code;
- soft line breaks as new lines, tabs as tabs;
- automatic numbering rebuilt from numbering.xml (docx_numbering) and written before the text;
- tables as Markdown tables in their place, one row per line, a header separator after the first;
- text boxes: their paragraphs as lines right after the paragraph that holds them.
Not body text, and each reported: comments, footnotes and endnotes (their reference marks too),
headers and footers, pictures, shapes, embedded objects, hidden text, bullets, page breaks, and
any element this reader does not know. Nothing read is dropped without a line on the screen.

The body is parsed with lxml's iterparse: each top-level block is read, then freed, so memory
stays small; more than MAX_PARAGRAPHS paragraphs or MAX_ELEMENTS elements stops the reading.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .docx_numbering import Numbering
from .docx_package import (
    RESAVE,
    DocxPackage,
    W,
    check_no_doctype,
    refuse,
    safe_parser_options,
)
from .report import ranges

MAX_PARAGRAPHS = 20_000    # a half-year summary has a few hundred
MAX_ELEMENTS = 3_000_000   # XML elements in the body, all told
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_MATH = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_V = "urn:schemas-microsoft-com:vml"
_TXBX = f"{{{W}}}txbxContent"
_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_MARKERS = {"bookmarkStart", "bookmarkEnd", "proofErr", "permStart", "permEnd", "commentRangeStart",
            "commentRangeEnd", "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd",
            "customXmlInsRangeStart", "customXmlInsRangeEnd", "customXmlDelRangeStart", "customXmlDelRangeEnd",
            "customXmlMoveFromRangeStart", "customXmlMoveFromRangeEnd", "customXmlMoveToRangeStart",
            "customXmlMoveToRangeEnd", "lastRenderedPageBreak", "annotationRef", "footnoteRef", "endnoteRef",
            "separator", "continuationSeparator", "rPr", "pPr", "tblPr", "tblGrid", "trPr", "tcPr", "sdtPr",
            "sdtEndPr", "customXmlPr", "smartTagPr", "sectPr", "tblPrEx", "softHyphen"}
_CONTAINERS = {"hyperlink", "smartTag", "customXml", "dir", "bdo", "sdtContent"}
_REVISIONS_KEPT = {"ins", "moveTo"}
_REVISIONS_DROPPED = {"del", "moveFrom"}
_PROPERTY_CHANGES = {"rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "trPrChange", "tcPrChange",
                     "tblGridChange", "numberingChange"}
# Kinds of content that are not taken into the text, as the notice names them.
SKIPPED = {
    "comment": "条批注：批注不是正文，没有读入",
    "footnote": "个脚注：脚注不是正文，脚注和正文中的脚注编号都没有读入",
    "endnote": "个尾注：尾注不是正文，尾注和正文中的尾注编号都没有读入",
    "picture": "张图片：图片没有导入",
    "shape": "个图形（形状、图表或 SmartArt 等）：图形没有导入，其中若有文字也没有读入，请核对",
    "object": "个嵌入对象（如 Excel 表格、公式编辑器对象）：没有导入",
    "hidden": "处隐藏文字（Word 中设为“隐藏”，平时看不见）：没有读入",
    "break": "个分页符或分栏符：只影响排版，已略去",
    "symbol": "个符号字体中的特殊符号（如 Wingdings 的勾选框）：没有读入",
    "altChunk": "处嵌入的其他文档（altChunk）：没有读入，请把它的内容复制到正文中后重新导入",
    "subDoc": "个子文档：没有读入，请把它的内容复制到正文中后重新导入",
    "empty table": "个空表格（没有一个格子里有文字）：已略去",
}


def _local(element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _ns(element) -> str:
    tag = element.tag
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


@functools.cache
def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def _on(element, name: str) -> bool:
    """A toggle property (w:vanish, w:b …): present and not switched off."""
    child = element.find(_w(name)) if element is not None else None
    return child is not None and child.get(_w("val"), "true") not in ("0", "false", "off")


@dataclass
class DocxText:
    lines: list[str]
    notes: list[str] = field(default_factory=list)                     # about the whole document
    line_notes: list[tuple[int, str]] = field(default_factory=list)    # (line, what was done there)
    tables: list[tuple[int, int]] = field(default_factory=list)        # (first line, last line) of each table


@dataclass
class _Field:
    instruction: str = ""
    showing_result: bool = False
    result: str = ""
    line: int = 0


@dataclass
class _Styles:
    numbering: dict[str, dict] = field(default_factory=dict)
    hidden: set[str] = field(default_factory=set)   # character and paragraph styles that hide their text


def read_docx(path: Path, shown: str) -> DocxText:
    package = DocxPackage(path, shown)
    try:
        styles = _read_styles(package)
        numbering_parts = package.related(package.document, "numbering")
        numbering = Numbering(package.parse_part(numbering_parts[0]) if numbering_parts else None, styles.numbering)
        reader = _BodyReader(numbering, styles)
        _stream_body(package, reader, shown)
        return reader.finish(_headers_and_footers(package))
    finally:
        package.close()


def _stream_body(package: DocxPackage, reader: _BodyReader, shown: str) -> None:
    paragraphs = elements = 0
    body = None
    with package.open_part(package.document) as stream:
        events = etree.iterparse(stream, events=("start", "end"), remove_comments=True, remove_pis=True,
                                 **safe_parser_options())
        try:
            for event, element in events:
                if event == "start":
                    if body is None and elements == 0:
                        check_no_doctype(element, package.document, shown)
                    if element.tag == _w("body"):
                        body = element
                    elements += 1
                    if elements > MAX_ELEMENTS:
                        raise refuse(f"正文的 XML 元素超过 {MAX_ELEMENTS:,} 个，不像是一份正常的工作总结。", shown)
                    continue
                if element.tag == _w("p"):
                    paragraphs += 1
                    if paragraphs > MAX_PARAGRAPHS:
                        raise refuse(f"正文超过 {MAX_PARAGRAPHS:,} 段，不像是一份工作总结（可能是恶意构造的文件）。"
                                     f"请确认文件是否正确；确有需要，请分成几份导入。", shown)
                if body is not None and element.getparent() is body:
                    reader.block(element)
                    element.clear(keep_tail=False)
                    while element.getprevious() is not None:
                        del body[0]
        except etree.XMLSyntaxError:
            raise refuse(f"这个 Word 文件已损坏（正文不是完整的 XML）。{RESAVE}", shown) from None
    if body is None:
        raise refuse(f"这个 Word 文件里没有正文（w:body），已损坏或不是 Word 文档。{RESAVE}", shown)


def _read_styles(package: DocxPackage) -> _Styles:
    styles = _Styles()
    parts = package.related(package.document, "styles")
    root = package.parse_part(parts[0]) if parts else None
    if root is None:
        return styles
    for style in root.iter(_w("style")):
        style_id = style.get(_w("styleId"))
        ppr = style.find(_w("pPr"))
        num_pr = ppr.find(_w("numPr")) if ppr is not None else None
        based = style.find(_w("basedOn"))
        info = {"basedOn": based.get(_w("val")) if based is not None else None}
        if num_pr is not None:
            num_id, ilvl = num_pr.find(_w("numId")), num_pr.find(_w("ilvl"))
            info["numId"] = num_id.get(_w("val")) if num_id is not None else None
            info["ilvl"] = ilvl.get(_w("val")) if ilvl is not None else None
        styles.numbering[style_id] = info
        if _on(style.find(_w("rPr")), "vanish"):
            styles.hidden.add(style_id)
    return styles


def _headers_and_footers(package: DocxPackage) -> int:
    """How many headers and footers hold any text."""
    count = 0
    for kind in ("header", "footer"):
        for part in package.related(package.document, kind):
            root = package.parse_part(part)
            if root is not None and any((t.text or "").strip() for t in root.iter(_w("t"))):
                count += 1
    return count


class _BodyReader:
    def __init__(self, numbering: Numbering, styles: _Styles):
        self.numbering, self.styles = numbering, styles
        self.paragraphs: list[str] = []   # may hold "\n" (soft line breaks): one line each
        self.next_line = 1
        self.line = 1                     # the line being read, for the notes
        self.fields: list[_Field] = []
        self.pending = ""                 # text of paragraphs whose mark was deleted (joins the next)
        self.revisions: set[tuple[str, str]] = set()
        self.counts: Counter[str] = Counter()
        self.unknown: Counter[str] = Counter()
        self.line_notes: list[tuple[int, str]] = []
        self.numbered: dict[int, str] = {}
        self.bullets: list[int] = []
        self.boxes: list[int] = []
        self.tables: list[tuple[int, int]] = []

    # --- blocks ------------------------------------------------------------------------------

    def block(self, element) -> None:
        name = _local(element)
        if name == "p":
            self.line = self.next_line
            text, boxes = self.paragraph(element)
            if text is not None:
                self.emit(text)
            for box in boxes:
                self.boxes.append(self.next_line)
                self.emit(box)
        elif name == "tbl":
            self.table(element)
        elif name in ("sdt", "customXml", "sdtContent"):
            if self._placeholder(element):
                return
            for child in element:
                self.block(child)
        elif name in _REVISIONS_KEPT:
            self._revision(element)
            for child in element:
                self.block(child)
        elif name in _REVISIONS_DROPPED:
            self._revision(element)
        elif name in ("altChunk", "subDoc"):
            self.counts[name] += 1
        elif name not in _MARKERS and name not in _PROPERTY_CHANGES:
            self.unknown[name] += 1

    def emit(self, text: str) -> None:
        self.paragraphs.append(text)
        self.next_line += text.count("\n") + 1

    def paragraph(self, p) -> tuple[str | None, list[str]]:
        """The paragraph's displayed text (None when its mark was deleted: it joins the next) and the
        paragraphs of the text boxes it holds."""
        parts: list[str] = []
        boxes: list[str] = []
        ppr = p.find(_w("pPr"))
        style = ppr.find(_w("pStyle")) if ppr is not None else None
        style_id = style.get(_w("val")) if style is not None else None
        self.inline(p, parts, boxes, hidden=style_id in self.styles.hidden)
        self._property_changes(ppr)
        mark = ppr.find(_w("rPr")) if ppr is not None else None
        if mark is not None:
            for change in ("ins", "del", "moveFrom", "moveTo"):
                if mark.find(_w(change)) is not None:
                    self._revision(mark.find(_w(change)))
            if mark.find(_w("del")) is not None or mark.find(_w("moveFrom")) is not None:
                self.pending += "".join(parts)
                return None, boxes
        text = self.pending + "".join(parts)
        self.pending = ""
        return self._numbered(ppr, style_id, text), boxes

    def _numbered(self, ppr, style_id: str | None, text: str) -> str:
        num_pr = ppr.find(_w("numPr")) if ppr is not None else None
        num_id = ilvl = None
        if num_pr is not None:
            num_element, level_element = num_pr.find(_w("numId")), num_pr.find(_w("ilvl"))
            num_id = num_element.get(_w("val")) if num_element is not None else None
            ilvl = level_element.get(_w("val")) if level_element is not None else None
        found = self.numbering.paragraph_list(num_id, ilvl, style_id)
        if found is None:
            return text
        number = self.numbering.next_number(*found)
        if number.fmt == "bullet":
            self.bullets.append(self.line)
            return text
        if number.unknown:
            self.line_notes.append((self.line, f"自动编号的格式“{number.unknown}”无法还原，已按阿拉伯数字写作“{number.label}”，请核对"))
        if number.label:
            self.numbered[self.line] = number.label
        return number.label + text

    def table(self, tbl) -> None:
        first = self.next_line
        rows: list[list[str]] = []
        merged = 0
        for tr in self._children(tbl, "tr"):
            trpr = tr.find(_w("trPr"))
            if trpr is not None and (trpr.find(_w("del")) is not None or trpr.find(_w("ins")) is not None):
                deleted = trpr.find(_w("del"))
                self._revision(deleted if deleted is not None else trpr.find(_w("ins")))
                if deleted is not None:
                    continue
            self.line = first + len(rows) + (1 if rows else 0)
            cells = []
            for tc in self._children(tr, "tc"):
                tcpr = tc.find(_w("tcPr"))
                span = 1
                if tcpr is not None:
                    grid = tcpr.find(_w("gridSpan"))
                    span = max(1, min(64, int(grid.get(_w("val"), "1")))) if grid is not None and \
                        grid.get(_w("val"), "1").isdigit() else 1
                    vmerge = tcpr.find(_w("vMerge"))
                    if vmerge is not None and vmerge.get(_w("val"), "continue") == "continue":
                        merged += 1
                        cells += [""] * span
                        continue
                merged += span - 1
                cells.append(self._cell_text(tc))
                cells += [""] * (span - 1)
            rows.append(cells)
        if not any(cell.strip() for row in rows for cell in row):
            self.counts["empty table"] += 1
            return
        width = max(len(row) for row in rows)
        lines = []
        for index, row in enumerate(rows):
            row = row + [""] * (width - len(row))
            lines.append("| " + " | ".join(row) + " |")
            if index == 0:
                lines.append("|" + " --- |" * width)
        for line in lines:
            self.emit(line)
        last = self.next_line - 1
        self.tables.append((first, last))
        note = f"表格（{len(rows)} 行 {width} 列）按 Markdown 表格读入：每行一行，第一行后加了表头分隔行，单元格中的多个段落以空格相连"
        if merged:
            note += f"；合并的单元格已拆开，空出的 {merged} 格留空"
        self.line_notes.append((first, note))

    def _children(self, parent, name: str):
        """Rows of a table or cells of a row, also inside content controls, custom XML and kept revisions."""
        for child in parent:
            local = _local(child)
            if local == name:
                yield child
            elif local in ("sdt", "customXml", "sdtContent") or local in _REVISIONS_KEPT:
                yield from self._children(child, name)
            elif local in _REVISIONS_DROPPED:
                self._revision(child)

    def _blocks_in(self, container):
        """The paragraphs and tables of a cell or a text box, also inside content controls and kept revisions."""
        for child in container:
            name = _local(child)
            if name in ("p", "tbl"):
                yield child
            elif name == "sdt":
                content = child.find(_w("sdtContent"))
                if content is not None and not self._placeholder(child):
                    yield from self._blocks_in(content)
            elif name in ("customXml", "sdtContent") or name in _REVISIONS_KEPT:
                if name in _REVISIONS_KEPT:
                    self._revision(child)
                yield from self._blocks_in(child)
            elif name in _REVISIONS_DROPPED:
                self._revision(child)
            elif name not in _MARKERS and name not in _PROPERTY_CHANGES:
                self.unknown[name] += 1

    def _cell_text(self, tc) -> str:
        text = " ".join(t for t in self._box_paragraphs(tc) if t).replace("\n", " ")
        return text.replace("|", "\\|")

    def _flat_table(self, tbl) -> str:
        self.line_notes.append((self.line, "表格中套着表格：里面那个表格的文字按顺序以空格相连，放在外面表格的这一格中"))
        return " ".join(self._cell_text(tc) for tr in self._children(tbl, "tr") for tc in self._children(tr, "tc"))

    def _box_paragraphs(self, container) -> list[str]:
        """The paragraphs of a text box (w:txbxContent) or a table cell, tables in it flattened."""
        out = []
        for block in self._blocks_in(container):
            if _local(block) == "p":
                text, boxes = self.paragraph(block)
                out += [t for t in [text, *boxes] if t is not None]
            else:
                out.append(self._flat_table(block))
        return out

    # --- inline content ----------------------------------------------------------------------

    def inline(self, parent, parts: list[str], boxes: list[str], hidden: bool = False) -> None:
        for child in parent:
            name = _local(child)
            namespace = _ns(child)
            if namespace == _MC and name == "AlternateContent":
                self.inline(_chosen(child), parts, boxes, hidden)
            elif namespace == _MATH:
                text = "".join(t.text or "" for t in child.iter(f"{{{_MATH}}}t"))
                self.line_notes.append((self.line, f"公式按其中的文字读入“{text}”，请核对"))
                self._show(text, parts, hidden)
            elif name == "r":
                self.run(child, parts, boxes, hidden)
            elif name in _CONTAINERS:
                self.inline(child, parts, boxes, hidden)
            elif name == "sdt":
                if not self._placeholder(child):
                    content = child.find(_w("sdtContent"))
                    if content is not None:
                        self.inline(content, parts, boxes, hidden)
            elif name == "fldSimple":
                self.fields.append(_Field(child.get(_w("instr"), ""), True, line=self.line))
                self.inline(child, parts, boxes, hidden)
                self._end_field()
            elif name in _REVISIONS_KEPT:
                self._revision(child)
                self.inline(child, parts, boxes, hidden)
            elif name in _REVISIONS_DROPPED:
                self._revision(child)
            elif name == "ruby":
                base = child.find(_w("rubyBase"))
                if base is not None:
                    self.inline(base, parts, boxes, hidden)
            elif name in _PROPERTY_CHANGES:
                self._revision(child)
            elif name == "subDoc":
                self.counts["subDoc"] += 1
            elif name not in _MARKERS:
                self.unknown[name] += 1

    def run(self, r, parts: list[str], boxes: list[str], hidden: bool) -> None:
        rpr = r.find(_w("rPr"))
        if rpr is not None:
            self._property_changes(rpr)
            style = rpr.find(_w("rStyle"))
            hidden = hidden or _on(rpr, "vanish") or (style is not None and style.get(_w("val")) in self.styles.hidden)
        for child in r:
            self.run_child(child, parts, boxes, hidden)

    def run_child(self, child, parts: list[str], boxes: list[str], hidden: bool) -> None:
        name = _local(child)
        if name == "t":
            self._show(child.text or "", parts, hidden)
        elif name == "instrText":
            if self.fields and not self.fields[-1].showing_result:
                self.fields[-1].instruction += child.text or ""
        elif name == "fldChar":
            kind = child.get(_w("fldCharType"))
            if kind == "begin":
                self.fields.append(_Field(line=self.line))
            elif kind == "separate" and self.fields:
                self.fields[-1].showing_result = True
            elif kind == "end" and self.fields:
                self._end_field()
        elif name in ("tab", "ptab"):
            self._show("\t", parts, hidden)
        elif name == "br":
            if child.get(_w("type"), "textWrapping") == "textWrapping":
                self._show("\n", parts, hidden)
            else:
                self.counts["break"] += 1
        elif name == "cr":
            self._show("\n", parts, hidden)
        elif name == "noBreakHyphen":
            self._show("-", parts, hidden)
        elif name == "sym":
            self.counts["symbol"] += 1
        elif name == "drawing" or (name == "pict" and _ns(child) == W):
            self._graphic(child, boxes)
        elif name == "object":
            self.counts["object"] += 1
        elif name in ("footnoteReference", "endnoteReference", "commentReference"):
            self.counts[name.replace("Reference", "")] += 1
        elif _ns(child) == _MC and name == "AlternateContent":
            for grandchild in _chosen(child):
                self.run_child(grandchild, parts, boxes, hidden)
        elif name == "ruby":
            base = child.find(_w("rubyBase"))
            if base is not None:
                self.inline(base, parts, boxes, hidden)
        elif name in ("delText", "delInstrText"):
            pass  # only inside deleted runs, which are never read
        elif name not in _MARKERS and name not in _PROPERTY_CHANGES:
            self.unknown[name] += 1

    def _show(self, text: str, parts: list[str], hidden: bool) -> None:
        if not all(f.showing_result for f in self.fields):
            return  # inside a field's code: never shown
        if hidden:
            if text.strip():
                self.counts["hidden"] += 1
            return
        parts.append(text)
        for open_field in self.fields:
            open_field.result += text

    def _end_field(self) -> None:
        done = self.fields.pop()
        kind = (done.instruction.split() or ["（空）"])[0].upper()
        if kind in ("HYPERLINK", "PAGEREF", "REF"):
            return  # the text shown is the link's or the reference's own text: nothing to tell
        if done.result:
            self.line_notes.append((done.line, f"Word 域 {kind} 按显示的结果读入“{done.result}”（域代码不读）"))
        else:
            self.line_notes.append((done.line, f"Word 域 {kind} 不显示文字，没有读入"))

    def _graphic(self, element, boxes: list[str]) -> None:
        contents = list(element.iter(_TXBX))
        for content in contents:
            boxes += self._box_paragraphs(content)
        pictures = sum(1 for _ in element.iter(_BLIP)) + sum(1 for _ in element.iter(f"{{{_V}}}imagedata"))
        self.counts["picture"] += pictures
        if not contents and not pictures:
            self.counts["shape"] += 1

    def _placeholder(self, sdt) -> bool:
        """A content control still showing Word's prompt ("单击此处输入文字") holds no text of the document."""
        properties = sdt.find(_w("sdtPr"))
        if properties is None or properties.find(_w("showingPlcHdr")) is None:
            return False
        shown = "".join(t.text or "" for t in sdt.iter(_w("t")))
        self.line_notes.append((self.next_line, f"内容控件中是 Word 的提示文字“{shown}”，不是正文，没有读入"))
        return True

    def _revision(self, element) -> None:
        if element is not None:
            self.revisions.add((_local(element), element.get(_w("id")) or str(id(element))))

    def _property_changes(self, properties) -> None:
        if properties is not None:
            for name in _PROPERTY_CHANGES:
                change = properties.find(_w(name))
                if change is not None:
                    self._revision(change)

    # --- the result --------------------------------------------------------------------------

    def finish(self, headers_and_footers: int) -> DocxText:
        if self.pending:
            self.line = self.next_line
            self.emit(self.pending)
        notes = []
        if self.revisions:
            notes.append(f"本文件含 {len(self.revisions)} 处修订，已按“接受全部修订”读入：插入的文字保留，删除的文字不读入。")
        for kind, what in SKIPPED.items():
            if self.counts[kind]:
                notes.append(f"文档中有 {self.counts[kind]} {what}。")
        if headers_and_footers:
            notes.append(f"文档中有 {headers_and_footers} 个页眉或页脚：页眉页脚不是正文，没有读入。")
        for name, count in sorted(self.unknown.items()):
            notes.append(f"文档中有 {count} 处读不懂的内容（w:{name}）：没有读入，请在 Word 中核对这部分文字。")
        if self.numbered:
            examples = "”“".join(dict.fromkeys(label.strip() for label in self.numbered.values()))
            notes.append(f"第 {ranges(self.numbered)} 行：Word 的自动编号已按 Word 显示的样子写进文字（“{examples}”）。")
        if self.bullets:
            notes.append(f"第 {ranges(self.bullets)} 行：Word 的项目符号（•）不是文字，没有读入。")
        line_notes = list(self.line_notes)
        for line in self.boxes:
            line_notes.append((line, "这一行来自文本框，已放在文本框所在段落之后"))
        lines = "\n".join(self.paragraphs).split("\n") if self.paragraphs else []
        return DocxText(lines, notes, sorted(line_notes, key=lambda item: item[0]), self.tables)


def _chosen(alternate):
    """mc:AlternateContent: the first mc:Choice (what Word shows), else the mc:Fallback — never both."""
    for branch in alternate:
        if _local(branch) == "Choice":
            return branch
    for branch in alternate:
        if _local(branch) == "Fallback":
            return branch
    return []
