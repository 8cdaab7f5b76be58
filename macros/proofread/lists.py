"""An item repeated in a list: 十九届二中、三中、三中、四中全会 → “三中、三中”.

A list is a run of items separated by 、; any item written twice in it is reported (the first
item, which carries the words leading into the list, counts when it ends with the item). Across
a comma only neighbours are compared (加强学习，加强学习), since clauses often share words.
Items with an X are left alone: two X may stand for two different names or figures.
"""

from __future__ import annotations

import re

from .text import REDACTION, Finding, ProofText

KIND = "重复的列举项"
_SEPARATORS = re.compile(r"[、，,。；;：:！!？?“”‘’《》（）()【】〔〕\s]")
_COMMAS = ("，", ",")


def check_repeats(text: ProofText) -> list[Finding]:
    findings: list[Finding] = []
    for block in text.blocks:
        items: list[tuple[str, int]] = []  # (item, offset) of the list being read
        start, separator = 0, ""
        for match in [*_SEPARATORS.finditer(block.text), None]:
            end = match.start() if match else len(block.text)
            item = block.text[start:end]
            if separator == "、":
                candidates = items
            elif separator in _COMMAS:
                candidates, items = items[-1:], []
            else:
                candidates, items = [], []
            if item and not REDACTION.search(item):
                earlier = _earlier(item, candidates, in_list=separator == "、")
                if earlier is not None:
                    findings.append(Finding(block.file, block.line_at(start), KIND, block.text[earlier:end]))
                items.append((item, start))
            elif not item:
                items = []  # 、、 or a mark right after a separator ends the list
            if match:
                start, separator = match.end(), match.group()
    return findings


def _earlier(item: str, candidates: list[tuple[str, int]], in_list: bool) -> int | None:
    """Where the nearest earlier equal item starts. In a list, the first item carries the words
    that lead into it (结合元旦、春节、元旦): it counts when it ends with the item."""
    for index in range(len(candidates) - 1, -1, -1):
        word, offset = candidates[index]
        if word == item:
            return offset
        if in_list and index == 0 and len(item) > 1 and word.endswith(item):
            return offset + len(word) - len(item)
    return None
