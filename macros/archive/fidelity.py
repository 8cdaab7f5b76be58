"""Fidelity (principle 1): a summary's pages, as readers see them, against its source, paragraph by paragraph.

Used twice, with the same rules: by `python -m macros import` before it writes anything (the pages it
is about to write against the received text), and by `python -m macros check` for every period that
keeps original.txt (its pages as they are now against the original).

The source is read as its reader sees it (source_text.py): lines without page furniture, white space
aside. A page is read as its reader sees it: macros replaced by what they show (a figure's value, or
its X where undisclosed), Markdown and HTML escapes undone, heading marks and attribute lists taken
off, and what the archive adds (marked `archive-added`, the summary's facts, the list of parts) left
out. Then the two are compared sentence by sentence, and every difference is named with its line in
the source and in the page:
- 缺失: source text no page shows; 多出: page text the source does not have; 改动: text changed;
- 合并: two paragraphs of the source shown as one (lines broken in mid-sentence, or at the page's
  edge, are one paragraph and may be joined; a label line such as 附件2 never is);
- 拆分: one paragraph shown as two (a numbered heading ending in 。 may stand above the rest of its
  paragraph: the archive's headings do that).
A page's undisclosed mark X and a value given since for it both match the source's X.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .page_check import find_calls
from .source_text import (
    DATE_LINE,
    FRONT_LABEL,
    STRUCTURE_START,
    TITLE_END,
    SourceLine,
    furniture,
    is_full,
    page_width,
    source_lines,
)

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n---[ \t]*(?=\n|\Z)", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TOKEN = re.compile(r"\{%-?\s*raw\s*-?%\}(?P<raw>.*?)\{%-?\s*endraw\s*-?%\}|\{\{(?P<call>.*?)\}\}", re.S)
_CALL = re.compile(r"""\s*(?P<name>\w+)\s*\(\s*(?:["'](?P<key>[^"'\n]*)["'])?\s*\)\s*""")
_HEADING = re.compile(r"^#{1,6}\s+(?P<text>.*?)(?P<attrs>\s*\{[^{}]*\})?\s*#*\s*$")
_ATTRS_ONLY = re.compile(r"^\{:?\s*[.#][^{}]*\}$")
_BACKSLASH = re.compile(r"\\([!-/:-@\[-`{-~])")
_SLOT_OPEN, _SLOT_CLOSE = "\ue000", "\ue001"  # around what a fig or name macro shows
_REDACTION = re.compile(r"X{1,2}")
_SENTENCE = re.compile(r"[^。！？；：!?;:]*[。！？；：!?;:]*")
_END = "。！？；：…!?;:"
_CLOSERS = "”’）)》」』】"
_BRACKETED = re.compile(r"^[（(][^（）()]*[）)]$")  # （2023年12月28日…通过）
_WORDS = 40  # characters of text quoted in a message

# What a data macro shows, given its kind ("fig" or "name") and key; None for an unknown key.
Shown = Callable[[str, str], "str | None"]


@dataclass(frozen=True)
class PageBlock:
    """A paragraph or a heading of a page, as readers see it."""

    file: str
    line: int
    text: str               # its words, with \ue000…\ue001 around what each data macro shows
    lines: tuple[int, ...]  # the page line of each character of `text`
    heading: bool = False
    added: bool = False     # what the archive adds (a title marked archive-added): not the source's


@dataclass(frozen=True)
class Difference:
    kind: str          # 缺失, 多出, 改动, 合并, 拆分
    source_line: int   # line in the source (original.txt)
    file: str          # the page
    line: int          # line in the page
    words: str         # the words in question
    message: str       # the whole difference in Chinese


@dataclass
class _Stream:
    text: list[str] = field(default_factory=list)
    where: list[tuple] = field(default_factory=list)  # per character: (file, line) or line number
    starts: dict[int, int] = field(default_factory=dict)  # offset -> index of the line or block starting there
    slots: list[tuple[int, int]] = field(default_factory=list)  # page: spans of what macros show

    def joined(self) -> str:
        return "".join(self.text)


# --- reading ------------------------------------------------------------------------------------

def page_blocks(source: str, page: str, shown: Shown) -> list[PageBlock]:
    """A page's paragraphs and headings as readers see them. Raises ArchiveError as the build does."""
    find_calls(source, page)  # the same grammar, and the same messages, as the build

    def replace(match: re.Match) -> str:
        if match["raw"] is not None:
            return match["raw"]
        call = _CALL.fullmatch(match["call"])
        if call is None or call["name"] not in ("fig", "name"):
            return ""  # summary_meta(), contents() …: what the archive adds, not the summary's words
        words = shown(call["name"], call["key"])
        return "" if words is None else f"{_SLOT_OPEN}{words}{_SLOT_CLOSE}"

    def blank(match: re.Match) -> str:
        return "\n" * match.group().count("\n")

    text = _COMMENT.sub(blank, _FRONT_MATTER.sub(blank, source))
    text = _TOKEN.sub(replace, text)
    blocks: list[PageBlock] = []
    chars: list[str] = []
    lines: list[int] = []

    def close() -> None:
        if chars:
            blocks.append(PageBlock(page, lines[0], "".join(chars), tuple(lines)))
            chars.clear()
            lines.clear()

    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        heading = _HEADING.match(line)
        if not line or heading:
            close()
        if heading:
            words = _reader_text(heading["text"])
            added = "archive-added" in (heading["attrs"] or "")
            blocks.append(PageBlock(page, number, words, (number,) * len(words), heading=True, added=added))
        elif line and not _ATTRS_ONLY.match(line):
            words = _reader_text(line)
            chars.append(words)
            lines += [number] * len(words)
    close()
    return [b for b in blocks if _squeezed(b.text).strip(_SLOT_OPEN + _SLOT_CLOSE) or b.added]


def _reader_text(markdown: str) -> str:
    """Markdown text as shown: backslash escapes and character references undone."""
    return html.unescape(_BACKSLASH.sub(r"\1", markdown))


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def source_paragraph_lines(text: str) -> tuple[list[SourceLine], int]:
    """The source's written lines without page furniture, and the width of its pages."""
    lines = source_lines(text)
    found = furniture(lines)
    kept = [line for line in lines if line.text and line.number not in found]
    return kept, page_width(kept)


# --- comparing ----------------------------------------------------------------------------------

def compare_text(source: str, pages: list[PageBlock], source_name: str = "原文") -> list[Difference]:
    lines, width = source_paragraph_lines(source)
    return compare(lines, width, pages, source_name)


def compare(lines: list[SourceLine], width: int, pages: list[PageBlock], source_name: str = "原文") -> list[Difference]:
    """Every difference between the source's lines and the pages' blocks, in reading order."""
    shown = [b for b in pages if not b.added]
    s = _Stream()
    for index, line in enumerate(lines):
        words = _squeezed(line.text)
        s.starts[len(s.text)] = index
        s.text += list(words)
        s.where += [line.number] * len(words)
    p = _Stream()
    for index, block in enumerate(shown):
        p.starts[len(p.text)] = index
        for char, line in zip(block.text, block.lines, strict=False):
            if char.isspace():
                continue
            if char == _SLOT_OPEN:
                p.slots.append((len(p.text), -1))
            elif char == _SLOT_CLOSE:
                p.slots[-1] = (p.slots[-1][0], len(p.text))
            else:
                p.text.append(char)
                p.where.append((block.file, line))
    s_text, p_text = s.joined(), p.joined()
    context = _Context(lines, width, shown, s, p, source_name)
    s_sentences, p_sentences = _sentences(s_text), _sentences(p_text)
    s_keys = [s_text[a:b] for a, b in s_sentences]
    p_keys = [p_text[a:b] for a, b in p_sentences]
    matcher = difflib.SequenceMatcher(None, s_keys, p_keys, autojunk=False)
    mapping: dict[int, int] = {}  # source offset -> page offset, where the text is the same
    differences: list[Difference] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for (a, b), (c, _) in zip(s_sentences[i1:i2], p_sentences[j1:j2], strict=False):
                mapping.update((a + k, c + k) for k in range(b - a + 1))
            continue
        if op == "replace" and i2 - i1 == j2 - j1:  # sentence for sentence: each pair on its own
            for i, j in zip(range(i1, i2), range(j1, j2), strict=False):
                if _same_but_marks(s_text, p_text, s_sentences[i], p_sentences[j], p.slots):
                    mapping[s_sentences[i][0]] = p_sentences[j][0]
                    mapping[s_sentences[i][1]] = p_sentences[j][1]
                else:
                    differences.append(context.changed(op, s_sentences[i:i + 1], p_sentences[j:j + 1], i, j,
                                                       s_sentences, p_sentences))
            continue
        differences.append(context.changed(op, s_sentences[i1:i2], p_sentences[j1:j2], i1, j1, s_sentences, p_sentences))
    differences += context.boundaries(mapping)
    return sorted(differences, key=lambda d: (d.source_line, d.file, d.line))


def _sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in _SENTENCE.finditer(text):
        if match.end() > match.start():
            spans.append((match.start(), match.end()))
    return spans


def _same_but_marks(s_text: str, p_text: str, s_span, p_span, slots) -> bool:
    """The page sentence equals the source's, where a figure or name shown stands for the source's X."""
    start, end = p_span
    pattern, at = [], start
    for a, b in slots:
        if b <= start or a >= end:
            continue
        if a < start or b > end:
            return False
        pattern += [re.escape(p_text[at:a]), f"(?:{_REDACTION.pattern}|{re.escape(p_text[a:b])})"]
        at = b
    if at == start:
        return False
    pattern.append(re.escape(p_text[at:end]))
    return re.fullmatch("".join(pattern), s_text[s_span[0]:s_span[1]]) is not None


@dataclass
class _Context:
    lines: list[SourceLine]
    width: int
    blocks: list[PageBlock]
    s: _Stream
    p: _Stream
    source_name: str

    def source_line_at(self, offset: int) -> int:
        if not self.s.where:
            return 1
        return self.s.where[min(offset, len(self.s.where) - 1)]

    def page_at(self, offset: int) -> tuple[str, int]:
        if not self.p.where:
            return (self.blocks[0].file, self.blocks[0].line) if self.blocks else ("", 1)
        return self.p.where[min(offset, len(self.p.where) - 1)]

    def changed(self, op, s_spans, p_spans, i1, j1, all_s, all_p) -> Difference:
        s_text, p_text = self.s.joined(), self.p.joined()
        s_start = s_spans[0][0] if s_spans else (all_s[i1][0] if i1 < len(all_s) else len(s_text))
        p_start = p_spans[0][0] if p_spans else (all_p[j1][0] if j1 < len(all_p) else len(p_text))
        source_words = s_text[s_start:s_spans[-1][1]] if s_spans else ""
        page_words = p_text[p_start:p_spans[-1][1]] if p_spans else ""
        line = self.source_line_at(s_start)
        file, page_line = self.page_at(p_start)
        if op == "delete":
            words = _quote(source_words)
            message = f"{self.source_name}第 {line} 行的文字在页面上没有了（应在 {file} 第 {page_line} 行附近）：“{words}”"
            return Difference("缺失", line, file, page_line, words, message)
        if op == "insert":
            words = _quote(page_words)
            message = f"{file} 第 {page_line} 行有{self.source_name}没有的文字（{self.source_name}第 {line} 行附近）：“{words}”"
            return Difference("多出", line, file, page_line, words, message)
        before, after = _difference_only(source_words, page_words)
        common = 0
        while common < min(len(source_words), len(page_words)) and source_words[common] == page_words[common]:
            common += 1
        line = self.source_line_at(s_start + common)  # where the difference begins, not its sentence
        file, page_line = self.page_at(p_start + common)
        if not _bare(after):  # only taken away: the words lost
            message = f"{self.source_name}第 {line} 行的文字在页面上没有了（应在 {file} 第 {page_line} 行附近）：“{before}”"
            return Difference("缺失", line, file, page_line, before, message)
        if not _bare(before):
            message = f"{file} 第 {page_line} 行有{self.source_name}没有的文字（{self.source_name}第 {line} 行附近）：“{after}”"
            return Difference("多出", line, file, page_line, after, message)
        message = f"{self.source_name}第 {line} 行的“{before}”在 {file} 第 {page_line} 行成了“{after}”"
        return Difference("改动", line, file, page_line, f"{before}→{after}", message)

    def boundaries(self, mapping: dict[int, int]) -> list[Difference]:
        """Paragraphs merged or split where the text itself is the same."""
        found = []
        page_starts = set(self.p.starts)
        back = {q: o for o, q in mapping.items()}
        indent_means_paragraph = sum(line.indented for line in self.lines) < 0.9 * len(self.lines) if self.lines else True
        for offset, index in sorted(self.s.starts.items()):
            if index == 0 or offset not in mapping or offset - 1 not in mapping or offset >= len(self.s.text):
                continue  # where the text itself differs, that difference is reported
            if mapping[offset] in page_starts:
                continue
            before, line = self.lines[index - 1], self.lines[index]
            if self._may_join(before, line, indent_means_paragraph):
                continue
            file, page_line = self.page_at(mapping[offset])
            words = _quote(f"{before.text[-12:]}／{line.text[:12]}")
            message = (f"{self.source_name}第 {before.number} 行和第 {line.number} 行是两段，在 {file} 第 {page_line} 行"
                       f"被并成了一段：“{words}”")
            found.append(Difference("合并", line.number, file, page_line, words, message))
        source_starts = set(self.s.starts)
        for offset, index in sorted(self.p.starts.items()):
            if index == 0 or offset not in back or offset - 1 not in back or back[offset] in source_starts:
                continue
            previous, block = self.blocks[index - 1], self.blocks[index]
            if previous.heading and STRUCTURE_START.match(previous.text) and previous.text.rstrip(_CLOSERS)[-1:] in "。！？":
                continue  # （一）落实党建主体责任。 as a heading above the rest of its paragraph
            line = self.source_line_at(back[offset])
            words = _quote(f"{_squeezed(previous.text)[-12:]}／{_squeezed(block.text)[:12]}")
            message = (f"{self.source_name}第 {line} 行是一段，在 {block.file} 第 {previous.line}、{block.line} 行"
                       f"被拆成了两段：“{words}”").replace(_SLOT_OPEN, "").replace(_SLOT_CLOSE, "")
            found.append(Difference("拆分", line, block.file, block.line, words.replace(_SLOT_OPEN, "").replace(_SLOT_CLOSE, ""),
                                    message))
        return found

    def _may_join(self, before: SourceLine, line: SourceLine, indent_means_paragraph: bool) -> bool:
        """Whether two source lines may be one paragraph: a line broken in mid-sentence or at the page's edge."""
        if FRONT_LABEL.match(before.text) or STRUCTURE_START.match(line.text) or DATE_LINE.match(line.text) \
                or DATE_LINE.match(before.text):
            return False
        if indent_means_paragraph and line.indented:
            return False
        if is_full(before.text, self.width):
            return True  # broken at the page's edge
        if TITLE_END.search(before.text) or _BRACKETED.match(before.text):
            return False  # a title's or a dateline's end is a paragraph's end
        stripped = before.text.rstrip(_CLOSERS)
        return not (stripped and stripped[-1] in _END)


def _quote(text: str) -> str:
    text = text.replace(_SLOT_OPEN, "").replace(_SLOT_CLOSE, "")
    return text if len(text) <= _WORDS else text[: _WORDS - 1] + "…"


def _difference_only(before: str, after: str) -> tuple[str, str]:
    """The changed part of two texts, with a few characters of the same text around it; where one
    text only lacks words of the other, the other's words alone (and "" for the one)."""
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end = 0
    while end < min(len(before), len(after)) - start and before[-1 - end] == after[-1 - end]:
        end += 1
    if start + end in (len(before), len(after)):
        return _quote(before[start:len(before) - end]), _quote(after[start:len(after) - end])
    start, end = max(0, start - 6), max(0, end - 6)
    return _quote(before[start:len(before) - end]), _quote(after[start:len(after) - end])


def _bare(text: str) -> str:
    return text.replace(_SLOT_OPEN, "").replace(_SLOT_CLOSE, "")
