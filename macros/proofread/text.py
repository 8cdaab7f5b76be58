"""The text a proofreader reads (校对检查), and what a check reports about it.

A summary is read from its pages' Markdown with every macro replaced by what readers see: X for
an undisclosed value, the value otherwise. Macros never span lines, so each block keeps the file
and line numbers an editor edits. A plain text (an original, a document not yet imported) is
read line by line: one line, one paragraph; its first line is the title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..archive.page_check import check_page
from ..archive.page_language import heading_of, read_page

if TYPE_CHECKING:
    from ..archive.catalog import Summary

# Redaction marks in a plain text: X市, XX社区, X名 (not the X of a Latin word).
REDACTION = re.compile(r"(?<![A-Za-z])X+(?![A-Za-z])")


@dataclass(frozen=True)
class ReaderBlock:
    """A paragraph or a heading, as readers see it."""

    file: str
    line: int              # line of the block's first character in `file`
    text: str              # its lines, joined by "\n"
    heading: bool = False  # a Markdown heading, or a plain text's title
    page_start: bool = False  # the first block of a page

    def line_at(self, offset: int) -> int:
        return self.line + self.text.count("\n", 0, offset)


@dataclass(frozen=True)
class UndisclosedMark:
    """An undisclosed value: an X the reader sees."""

    file: str
    line: int
    key: str | None = None   # its key in the data file (pages only)
    kind: str | None = None  # "fig" or "name" (pages only)
    words: str = ""          # the X with the characters around it (plain texts)


@dataclass(frozen=True)
class Finding:
    file: str
    line: int
    kind: str    # what is wrong, in a few Chinese words
    words: str   # the words in question, quoted in the report; proofread.accepted matches them
    detail: str = ""


@dataclass
class ProofText:
    """One summary's text, or one plain text, ready for the checks."""

    title: str
    blocks: list[ReaderBlock]
    marks: list[UndisclosedMark] = field(default_factory=list)
    summary: Summary | None = None  # the summary it belongs to: its status and accepted findings
    files: list[str] = field(default_factory=list)  # in reading order
    pages: bool = False  # the summary's pages (rather than a plain text)


# --- a summary's pages --------------------------------------------------------------------------

_COMMENT = re.compile(r"<!--.*?-->", re.S)
# A line that starts a new block even without a blank line before it: list items, numbered lines.
_ITEM_START = re.compile(r"^(?:[-*+]\s|\d{1,2}[.．、]|[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、)")


def _blank(match: re.Match) -> str:
    """The matched text with everything but its line breaks removed: line numbers stay right."""
    return "\n" * match.group().count("\n")


def render_page(source: str, page: str, summary: Summary) -> tuple[str, list[UndisclosedMark]]:
    """The page's Markdown as readers see its words, line for line, and its undisclosed marks."""
    parsed = check_page(source, page)  # the same grammar, and the same messages, as the build
    data = summary.data
    marks: list[UndisclosedMark] = []

    def shown(call) -> str:
        if call.name == "fig":
            entry = data.figures[call.key]
        elif call.name == "name":
            entry = data.names[call.key]
        else:
            return ""  # summary_meta(), contents() …: what the archive adds, not the summary's words
        if entry.value is None:
            marks.append(UndisclosedMark(page, call.line, call.key, call.name))
        return entry.shown

    return _COMMENT.sub(_blank, parsed.lines_as_source(shown)), marks


def markdown_blocks(text: str, page: str) -> list[ReaderBlock]:
    """Paragraphs and headings of rendered Markdown, each with the line it starts on."""
    blocks: list[ReaderBlock] = []
    lines: list[str] = []
    first = 0

    def close() -> None:
        if lines:
            blocks.append(ReaderBlock(page, first, "\n".join(lines), page_start=not blocks))
            lines.clear()

    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        heading = heading_of(raw)
        if not line or heading or _ITEM_START.match(line):
            close()
        if heading:
            blocks.append(ReaderBlock(page, number, heading[1], heading=True, page_start=not blocks))
        elif line:
            if not lines:
                first = number
            lines.append(line)
    close()
    return blocks


def summary_text(root: Path, summary: Summary) -> ProofText:
    blocks: list[ReaderBlock] = []
    marks: list[UndisclosedMark] = []
    files = []
    for page in summary.text_pages:
        shown_as = f"docs/{page}"
        source = read_page(root / "docs" / page, shown_as)
        rendered, page_marks = render_page(source, shown_as, summary)
        blocks += markdown_blocks(rendered, shown_as)
        marks += page_marks
        files.append(shown_as)
    return ProofText(summary.data.summary.title, blocks, marks, summary, files, pages=True)


# --- a plain text -------------------------------------------------------------------------------

def read_plain(path: Path) -> str:
    """A text file in UTF-8 (with or without BOM) or, as many office files are, GB18030."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


def plain_text(text: str, shown_as: str, summary: Summary | None = None) -> ProofText:
    blocks: list[ReaderBlock] = []
    marks: list[UndisclosedMark] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        blocks.append(ReaderBlock(shown_as, number, line, heading=not blocks, page_start=not blocks))
        for mark in REDACTION.finditer(line):
            marks.append(UndisclosedMark(shown_as, number, words=line[max(0, mark.start() - 2):mark.end() + 2]))
    title = blocks[0].text if blocks else ""
    return ProofText(title, blocks, marks, summary, [shown_as])
