"""Punctuation marks: quotes and brackets that do not pair up, and half-width marks in Chinese.

Pairs are matched within a paragraph (a heading counts as one). A half-width , ; : ? ! or full
stop is reported after Chinese (a character or a full-width mark), a half-width ( or ) next to
Chinese on either side. So numbers such as 98.5, 3,000 and 10:30, list numbers such as “1.”,
English (Hello, world!), addresses and links are left alone.
"""

from __future__ import annotations

import re

from .text import Finding, ProofText, ReaderBlock

BRACKETS = "引号或括号不成对"
HALF_WIDTH = "中文里用了半角标点"
PAIRS = {"“": "”", "‘": "’", "《": "》", "（": "）", "【": "】", "〔": "〕", "「": "」", "『": "』"}
_OPENER_OF = {close: open_ for open_, close in PAIRS.items()}
_SHOWN = 10  # characters quoted around an unpaired mark

FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）", ".": "。"}
_IDEOGRAPH = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’…—]")
# Web and mail addresses, Markdown link targets, HTML tags and code: not prose.
_NOT_PROSE = re.compile(r"(?:https?|ftp)://[!-~]+|www\.[!-~]+|[\w.+-]+@[\w-]+\.[\w.-]+"
                        r"|\]\([^()\s]*\)|<[^<>\n]+>|`[^`\n]*`", re.A)


def check_brackets(text: ProofText) -> list[Finding]:
    findings: list[Finding] = []
    for block in text.blocks:
        open_marks: list[int] = []  # offsets of marks still waiting for their partner
        for offset, char in enumerate(block.text):
            if char in PAIRS:
                open_marks.append(offset)
            elif char in _OPENER_OF:
                wanted = _OPENER_OF[char]
                if not any(block.text[o] == wanted for o in open_marks):
                    findings.append(_unpaired(block, offset, f"（“{char}”前面没有对应的“{wanted}”）"))
                    continue
                while block.text[open_marks[-1]] != wanted:  # marks opened inside were never closed
                    findings.append(_unclosed(block, open_marks.pop()))
                open_marks.pop()
        findings += [_unclosed(block, offset) for offset in open_marks]
    return sorted(findings, key=lambda finding: finding.line)


def _unclosed(block: ReaderBlock, offset: int) -> Finding:
    char = block.text[offset]
    return _unpaired(block, offset, f"（“{char}”后面没有对应的“{PAIRS[char]}”）", after=True)


def _unpaired(block: ReaderBlock, offset: int, detail: str, after: bool = False) -> Finding:
    line_start, line_end = _line_bounds(block.text, offset)
    if after:
        words = block.text[offset:min(line_end, offset + _SHOWN)]
    else:
        words = block.text[max(line_start, offset + 1 - _SHOWN):offset + 1]
    return Finding(block.file, block.line_at(offset), BRACKETS, words, detail)


def _line_bounds(text: str, offset: int) -> tuple[int, int]:
    """Start and end of the line of `text` that holds `offset`."""
    end = text.find("\n", offset)
    return text.rfind("\n", 0, offset) + 1, len(text) if end == -1 else end


def check_half_width(text: ProofText) -> list[Finding]:
    findings: list[Finding] = []
    for block in text.blocks:
        prose = _NOT_PROSE.sub(lambda m: " " * len(m.group()), block.text)
        for offset, char in enumerate(prose):
            if char in FULL_WIDTH and _in_chinese(prose, offset):
                line_start, line_end = _line_bounds(block.text, offset)
                words = block.text[max(line_start, offset - 4):min(line_end, offset + 5)].strip()
                findings.append(Finding(block.file, block.line_at(offset), HALF_WIDTH, words,
                                        f"（半角“{char}”应为全角“{FULL_WIDTH[char]}”）"))
    return findings


def _in_chinese(prose: str, offset: int) -> bool:
    """A mark ends the words before it, so those decide; a bracket may open or close Chinese words."""
    before = prose[:offset].rstrip(" \t")[-1:]
    after = prose[offset + 1:].lstrip(" \t")[:1]
    char = prose[offset]
    if char == ".":  # 工作. is wrong; 98.5, 1. and www.x.cn are not
        return bool(before and _IDEOGRAPH.match(before))
    sides = (before, after) if char in "()" else (before,)
    return any(side and _CHINESE.match(side) for side in sides)
