"""Writes the imported summary's pages as Markdown, laid out as docs/2020-h1 is.

index.md: the title, {{ summary_meta() }}, the 导语, {{ contents() }}. One page per part
(1.md, 2.md …) titled by its 一、 heading. conclusion.md: the closing paragraphs under a
title the archive adds (marked as added), then the signature. Figures and names become
{{ fig("key") }} / {{ name("key") }} with the unit left in the text right after the macro.
Every other character is the original's, escaped where Markdown, HTML or the macro
language would read it as markup, so that the page shows exactly the original's text.
"""

from __future__ import annotations

import re

from .clean import TABLE_ROW
from .figures import FoundMark, Piece
from .structure import Document, PageBlock

CONCLUSION_PAGE = "conclusion.md"
CONCLUSION_TITLE = '# 回顾与展望 { .archive-added title="原文此段没有标题，标题为档案所加" }'
_INLINE = str.maketrans({"\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]",
                         "&": "&amp;", "<": "&lt;", "{": "&#123;", "}": "&#125;"})
_LINE_START = {"#": "&#35;", ">": "&gt;", "-": "&#45;", "+": "&#43;", "=": "&#61;", "|": "&#124;"}
_ORDERED_LIST = re.compile(r"^(\d+)([.)])(?=\s|$)")


def escape_text(text: str, line_start: bool) -> str:
    """Text that Markdown, HTML and Jinja all show as written."""
    escaped = text.translate(_INLINE)
    if line_start:
        if escaped[:1] in _LINE_START:
            escaped = _LINE_START[escaped[0]] + escaped[1:]
        escaped = _ORDERED_LIST.sub(lambda m: f"{m[1]}&#{ord(m[2])};", escaped)
    return escaped


_CELL_BAR = "\x00"  # stands for a cell's own \| while the rest of a table row is escaped


def escape_table_text(text: str) -> str:
    """Text of a table row (| a | b |, as the .docx reader writes it): the bars stay the table's, a cell's own
    bar stays \\|, everything else is escaped as in a paragraph."""
    return escape_text(text.replace("\\|", _CELL_BAR), line_start=False).replace(_CELL_BAR, "\\|")


def macro(mark: FoundMark) -> str:
    return f'{{{{ {mark.kind}("{mark.key}") }}}}'


def markdown_line(pieces: list[Piece]) -> str:
    if is_table_row(pieces):
        return "".join(macro(piece) if isinstance(piece, FoundMark) else escape_table_text(piece) for piece in pieces)
    out = []
    for index, piece in enumerate(pieces):
        out.append(macro(piece) if isinstance(piece, FoundMark) else escape_text(piece, line_start=index == 0))
    return "".join(out)


def is_table_row(pieces: list[Piece]) -> bool:
    shown = "".join("0" if isinstance(piece, FoundMark) else piece for piece in pieces)
    return bool(TABLE_ROW.match(shown))


def _with_tables(lines: list[str]) -> list[str]:
    """Consecutive table rows are one block (one Markdown table); every other line is a block of its own."""
    blocks: list[str] = []
    for line in lines:
        if blocks and TABLE_ROW.match(line) and TABLE_ROW.match(blocks[-1].rsplit("\n", 1)[-1]):
            blocks[-1] += "\n" + line
        else:
            blocks.append(line)
    return blocks


def summary_pages(document: Document, pieces: dict[int, list[Piece]], blocks: list[PageBlock]) -> dict[str, str]:
    """Page name -> Markdown. `pieces` maps each block's position in `blocks` to its pieces."""
    at = {id(block): index for index, block in enumerate(blocks)}

    def render(block: PageBlock) -> str:
        line = markdown_line(pieces[at[id(block)]])
        return f"{'#' * block.level} {line}" if block.level else line

    title = blocks[0]
    front = list(map(render, document.front))  # label lines above the title stay above it
    pages = {"index.md": [*front, render(title), "{{ summary_meta() }}", *map(render, document.opening),
                          "{{ contents() }}"]}
    for number, part in enumerate(document.parts, 1):
        pages[f"{number}.md"] = [render(part.heading), *map(render, part.blocks)]
    signature = [render(block) + "\n{ .signature }" for block in document.signature]
    if document.closing:
        pages[CONCLUSION_PAGE] = [CONCLUSION_TITLE, *map(render, document.closing), *signature]
    elif signature:
        last = f"{len(document.parts)}.md" if document.parts else "index.md"
        where = len(pages[last]) - (1 if last == "index.md" else 0)  # the signature before the contents
        pages[last][where:where] = signature
    return {name: "\n\n".join(_with_tables(lines)) + "\n" for name, lines in pages.items()}
