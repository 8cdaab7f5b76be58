"""Numbering out of sequence: 一是 二是 四是; （一）（三）; 一、 三、; 1. 3.

Headings and numbered paragraphs form levels: 一、 › （一） › 1. › （1）. A number at one level
restarts the levels below it, and a new page (a part of the summary) restarts all but 一、.
Inside the text, 一是 … and 第一，… count within a section: a heading or numbered paragraph
starts them afresh. Every sequence may restart at one; otherwise each number must be the
previous one plus one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import Finding, ProofText, ReaderBlock

KIND = "序号不连续"
_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九", 1)}
_CN = "[一二三四五六七八九十]{1,3}"

# Numbers that open a heading or a paragraph, outermost level first.
LEVELS = (
    re.compile(rf"^(?P<n>{_CN})、"),
    re.compile(rf"^[（(](?P<n>{_CN})[）)]"),
    re.compile(r"^(?P<n>\d{1,2})[.．、](?!\d)"),
    re.compile(r"^[（(](?P<n>\d{1,2})[）)]"),
)
# Numbers inside a paragraph, after the start or a punctuation mark: 。二是 …, ：第一，…, **三是**
_AFTER_PUNCTUATION = r"(?:^|(?<=[。；;：:，,！？\s*]))"
INLINE = (
    re.compile(rf"{_AFTER_PUNCTUATION}(?P<n>{_CN})是"),
    re.compile(rf"{_AFTER_PUNCTUATION}第(?P<n>{_CN})[，、：]"),
)


def chinese_number(text: str) -> int | None:
    """一 … 九十九 as an int; None for anything else."""
    if text.isdigit():
        return int(text)
    tens, _, units = text.partition("十")
    if "十" not in text:
        return _DIGITS.get(text) if len(text) == 1 else None
    if len(tens) > 1 or len(units) > 1 or (tens and tens not in _DIGITS) or (units and units not in _DIGITS):
        return None
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[units] if units else 0)


@dataclass
class _Sequence:
    last: int | None = None
    last_words: str = ""

    def reset(self) -> None:
        self.last, self.last_words = None, ""


def check_numbering(text: ProofText) -> list[Finding]:
    findings: list[Finding] = []
    levels = [_Sequence() for _ in LEVELS]
    inline = [_Sequence() for _ in INLINE]

    def restart(sequences: list[_Sequence]) -> None:
        for sequence in sequences:
            sequence.reset()

    for block in text.blocks:
        if block.page_start:
            restart(levels[1:])
        if block.page_start or block.heading:
            restart(inline)
        for depth, pattern in enumerate(LEVELS):
            match = pattern.match(block.text)
            if match:
                _follow(levels[depth], match, block, findings)
                restart(levels[depth + 1:])
                restart(inline)
                break
        for sequence, pattern in zip(inline, INLINE, strict=True):
            for match in pattern.finditer(block.text):
                _follow(sequence, match, block, findings)
    return findings


def _follow(sequence: _Sequence, match: re.Match, block: ReaderBlock, findings: list[Finding]) -> None:
    number, words = chinese_number(match["n"]), match.group()
    if number is None:
        return
    if number != 1:
        if sequence.last is None:
            detail = "（前面没有从一开始的序号）"
        elif number == sequence.last:
            detail = f"（与前一个“{sequence.last_words}”重复）"
        elif number != sequence.last + 1:
            detail = f"（前一个是“{sequence.last_words}”）"
        else:
            detail = ""
        if detail:
            findings.append(Finding(block.file, block.line_at(match.start()), KIND, words, detail))
    sequence.last, sequence.last_words = number, words
