"""Cleans received text line by line: what Word, PDF and web pages add that is not the summary's text.

Removed, each reported with its line: page numbers (— 3 —, - 3 -, 第3页), page headers and
footers that repeat, zero-width characters, page breaks. Indentation (full-width or ordinary
spaces) is layout, not text: it is taken off, and remembered because an indented line starts
a paragraph. Line numbers are those of the received text (original.txt).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .report import Report

_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_PAGE_BREAKS = re.compile(r"[\x0b\x0c]")
_OTHER_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SPACES = " \t\u3000\u00a0\u2002\u2003\u2009\u202f"
_DASHES = "-—–－~～·•"
_PAGE_NUMBER = re.compile(
    rf"^(?:[{_DASHES}]+\s*\d{{1,4}}\s*[{_DASHES}]+"          # — 3 —   - 3 -
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?"  # 第3页   第 3 页 共 10 页
    r"|\d{1,4}\s*[/／]\s*\d{1,4}"                            # 3/10
    r"|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?"
    r"|\d{1,3})$"                                            # a lone 3
)
# Numbered headings may repeat between parts ((一) in 一、 and in 二、): never page headers.
STRUCTURE_START = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.．、](?!\d)|[（(]\d+[）)])")
_SENTENCE_END = "。！？；"
TITLE_END = re.compile(r"(总结|报告|汇报|情况|回顾|小结|综述|要点|计划)$")
_CN_NUMBER = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"
TABLE_ROW = re.compile(r"^\|.*\|$")  # a row of a Word table, as docx_reader writes it: | a | b |
DATE_LINE = re.compile(rf"^(?P<y>\d{{4}}|[〇零○Ｏ一二三四五六七八九]{{4}})\s*年\s*(?P<m>{_CN_NUMBER})\s*月"
                       rf"(?:\s*(?P<d>{_CN_NUMBER})\s*日)?$")


@dataclass(frozen=True)
class Line:
    number: int      # line in the received text, from 1
    text: str        # without indentation, zero-width characters or page breaks
    indented: bool   # began with spaces: in most documents, a new paragraph

    @property
    def blank(self) -> bool:
        return not self.text


def clean_lines(text: str, report: Report) -> list[Line]:
    """The received text as lines, with page furniture removed and reported."""
    raw_lines = re.split(r"\r\n|\r|\n", text)
    if "\r\n" in text or "\r" in text:
        report.note("已把 Windows 换行（CRLF）按普通换行读取。")
    lines = [_clean_one(number, raw, report) for number, raw in enumerate(raw_lines, 1)]
    lines = [line for line in lines if not _is_page_number(line, report)]
    return _without_page_headers(lines, report)


def _clean_one(number: int, raw: str, report: Report) -> Line:
    zero_width = len(_ZERO_WIDTH.findall(raw))
    if zero_width:
        report.zero_width(number, zero_width)
    text = _ZERO_WIDTH.sub("", raw)
    if _PAGE_BREAKS.search(text):
        report.line(number, "已删去分页符")
        text = _PAGE_BREAKS.sub("", text)
    if _OTHER_CONTROLS.search(text):
        report.line(number, f"已删去 {len(_OTHER_CONTROLS.findall(text))} 个看不见的控制字符")
        text = _OTHER_CONTROLS.sub("", text)
    stripped = text.strip(_SPACES)
    indent = text[: len(text) - len(text.lstrip(_SPACES))]
    indented = "\u3000" in indent or "\t" in indent or len(indent) >= 2
    return Line(number, stripped, indented and bool(stripped))


def _is_page_number(line: Line, report: Report) -> bool:
    if line.text and _PAGE_NUMBER.match(line.text):
        report.line(line.number, f"已删去页码“{line.text}”")
        return True
    return False


def _without_page_headers(lines: list[Line], report: Report) -> list[Line]:
    """A short line that comes back on several pages is a page header or footer.

    The first line is the title even when the header repeats it: it is kept there, and the
    repeats further down are removed. A repeated first line that does not read as a title
    (…总结, …报告) is a header above the title. The line just above a closing date is the
    signature, whatever repeats it.
    """
    counts = Counter(line.text for line in lines if line.text)
    written = [line for line in lines if line.text]
    first = written[0] if written else None
    header_first = first is not None and counts[first.text] >= 2 and not TITLE_END.search(first.text)
    signature = written[-2] if len(written) >= 2 and DATE_LINE.match(written[-1].text) else None
    kept = []
    for line in lines:
        repeated = counts[line.text] >= 2 or (first is not None and line.text == first.text)
        is_title = line is first and not header_first
        if line.text and repeated and not is_title and line is not signature and _could_be_header(line.text):
            report.line(line.number, f"已删去重复出现的页眉或页脚“{line.text}”")
            continue
        kept.append(line)
    return kept


def _could_be_header(text: str) -> bool:
    return (4 <= len(text) <= 40 and not STRUCTURE_START.match(text) and not TABLE_ROW.match(text)
            and text[-1] not in _SENTENCE_END and "，" not in text)
