"""Splits a summary's paragraphs by its own numbering into the archive's pages.

- 导语: the paragraphs before the first part (一、) go on index.md.
- 一、 starts a part: one page each (1.md, 2.md, …), its heading the page's "# " title.
- （一） is a "## " heading; 1. a "### " and （1） a "#### " heading when the line is a heading by
  itself. A （一） (or 一、) heading followed by text in the same paragraph is split after its
  first sentence, which keeps its full stop: "（一）落实党建主体责任。党组……" becomes the heading
  "（一）落实党建主体责任。" and the paragraph "党组……". A 1. or （1） with text after it stays
  in its paragraph.
- The closing paragraphs (回顾……/下半年……/下一步……/今后……/总之……), plain paragraphs at the end of
  the last part that begin as a summary's conclusion does, go on conclusion.md with the signature.
  A paragraph that opens with 一年来, 当前, 面对 or 同时 is the part's own; so is every paragraph
  before the last of the part's enumeration (一是…二是…三是…).
- Label lines above the title (附件2, 份号 …) go above the title on index.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .paragraphs import Layout, Paragraph, is_heading_line

PART = re.compile(r"^[一二三四五六七八九十]+、")
SECTION = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
ITEM = re.compile(r"^\d+[.．、](?!\d)")
SUB_ITEM = re.compile(r"^[（(]\d+[）)]")
_CLOSING_START = re.compile(
    r"^(回顾|总之|总的来看|总的来说|总体来看|总体上看|综上|下半年|下一步|今后|展望|明年|新的一年|今年下半年|在新的一年|"
    r"存在的(主要)?问题|存在(的)?不足)")
_ENUMERATION = re.compile(r"^(?:[一二三四五六七八九十]+是|第[一二三四五六七八九十]+，)")
_CLOSING_PART = re.compile(r"问题|不足|打算|计划|展望|下半年|下一步|思路|安排")
_OPENERS, _CLOSERS = "“‘（(《「『【", "”’）)》」』】"


@dataclass(frozen=True)
class PageBlock:
    level: int  # 0 for a paragraph; 1 to 4 for a heading ("#" to "####")
    text: str
    line: int


@dataclass
class Part:
    heading: PageBlock
    blocks: list[PageBlock] = field(default_factory=list)


@dataclass
class Document:
    title: str
    title_line: int
    opening: list[PageBlock]
    parts: list[Part]
    closing: list[PageBlock]
    signature: list[PageBlock]
    unit: str | None
    issued: str | None
    front: list[PageBlock] = field(default_factory=list)  # label lines above the title

    def all_blocks(self) -> list[PageBlock]:
        """Every block in reading order, the title first (then the label lines above it)."""
        blocks = [PageBlock(1, self.title, self.title_line), *self.front, *self.opening]
        for part in self.parts:
            blocks += [part.heading, *part.blocks]
        return blocks + self.closing + self.signature


def split_document(layout: Layout) -> Document:
    opening: list[PageBlock] = []
    parts: list[Part] = []
    for paragraph in layout.paragraphs:
        blocks = _blocks(paragraph)
        if blocks[0].level == 1:
            parts.append(Part(blocks[0], blocks[1:]))
        elif parts:
            parts[-1].blocks += blocks
        else:
            opening += blocks
    closing = _closing(parts[-1]) if parts else []
    signature = [PageBlock(0, p.text, p.line) for p in layout.signature]
    front = [PageBlock(0, p.text, p.line) for p in layout.front]
    return Document(layout.title, layout.title_line, opening, parts, closing, signature, layout.unit, layout.issued,
                    front)


def _blocks(paragraph: Paragraph) -> list[PageBlock]:
    text, line = paragraph.text, paragraph.line
    for level, pattern in ((1, PART), (2, SECTION)):
        if pattern.match(text):
            heading, rest = split_heading(text)
            return [PageBlock(level, heading, line)] + ([PageBlock(0, rest, line)] if rest else [])
    for level, pattern in ((3, ITEM), (4, SUB_ITEM)):
        if pattern.match(text) and is_heading_line(text):
            return [PageBlock(level, text, line)]
    return [PageBlock(0, text, line)]


def split_heading(text: str) -> tuple[str, str]:
    """("（一）落实党建主体责任。", "党组……"): the heading is the first sentence, full stop kept."""
    depth = 0
    for index, char in enumerate(text):
        if char in _OPENERS:
            depth += 1
        elif char in _CLOSERS:
            depth = max(0, depth - 1)
        elif char in "。！？" and depth == 0:
            return text[: index + 1], text[index + 1:]
    return text, ""


def _closing(last: Part) -> list[PageBlock]:
    """Move the closing paragraphs out of the last part; return them."""
    if _CLOSING_PART.search(last.heading.text):
        return []  # the last part is itself the outlook (四、存在的问题和下半年打算)
    blocks = last.blocks
    enumerated = [i for i, b in enumerate(blocks) if b.level == 0 and _ENUMERATION.match(b.text)]
    for index in range(1, len(blocks)):
        if blocks[index].level == 0 and _CLOSING_START.match(blocks[index].text) and \
                all(b.level == 0 for b in blocks[index:]) and not any(i > index for i in enumerated):
            last.blocks = blocks[:index]
            return blocks[index:]
    return []
