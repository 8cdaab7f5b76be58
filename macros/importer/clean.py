"""Cleans received text line by line: what Word, PDF and web pages add that is not the summary's text.

Removed, each reported with its line: page numbers and running headers or footers (what counts as
furniture is decided in macros/archive/source_text.py, which the fidelity check shares), zero-width
characters, page breaks. Indentation (full-width or ordinary spaces) is layout, not text: it is
taken off, and remembered because an indented line starts a paragraph. Line numbers are those of
the received text (original.txt).
"""

from __future__ import annotations

from ..archive.source_text import (  # noqa: F401 - re-exported for paragraphs.py
    DATE_LINE,
    OTHER_CONTROLS,
    PAGE_BREAKS,
    STRUCTURE_START,
    TABLE_ROW,
    TITLE_END,
    ZERO_WIDTH,
    SourceLine,
    furniture,
    source_line,
    split_lines,
)
from .report import Report

Line = SourceLine


def clean_lines(text: str, report: Report) -> list[Line]:
    """The received text as lines, with page furniture removed and reported."""
    if "\r\n" in text or "\r" in text:
        report.note("已把 Windows 换行（CRLF）按普通换行读取。")
    lines = [_clean_one(number, raw, report) for number, raw in enumerate(split_lines(text), 1)]
    found = furniture(lines)
    for line in lines:
        if line.number in found:
            what = "页码" if found[line.number] == "页码" else "重复出现的页眉或页脚"
            report.line(line.number, f"已删去{what}“{line.text}”")
    return [line for line in lines if line.number not in found]


def _clean_one(number: int, raw: str, report: Report) -> Line:
    zero_width = len(ZERO_WIDTH.findall(raw))
    if zero_width:
        report.zero_width(number, zero_width)
    if PAGE_BREAKS.search(raw):
        report.line(number, "已删去分页符")
    controls = len(OTHER_CONTROLS.findall(raw))
    if controls:
        report.line(number, f"已删去 {controls} 个看不见的控制字符")
    return source_line(number, raw)
