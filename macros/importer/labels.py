"""Turns lifted marks into data entries: each with a label from the words around it and a key.

- A figure's label is what the clause says is counted, then its unit: 组织党员捐款X人 ->
  “组织党员捐款（人）”; 组织X名党员干部赴… -> “组织党员干部（名）”. Filler words (一是, 上半年,
  达, 共 …) are left out.
- A redacted name is one entry for all its uses (X市 is the same city throughout), except
  that the same kind of name twice in one clause is two places (XX社区网格党支部和XX社区党支部).
  Its label says what kind of name it is: 市名, 大学名称.
- Keys are pinyin of the label's words, then the unit (zuzhi_dangyuan_juankuan_ren). A key
  already used in another period for a different thing gets a number (…_2); one used there
  for the same label and unit is reused, so the figure can be followed across periods.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..archive.schema import FORMULA_STARTS
from .figures import FoundMark
from .report import Report
from .words import key_from, words

_LEADING = re.compile(r"^(?:[一二三四五六七八九十]+是|一个是|另一个是|其中|同时|并且|并|还|共|上半年|下半年|今年|全年|年内|"
                      r"半年来|一年来|此外|另外|以及|对|以)+")
_TRAILING = re.compile(r"(?:达到|达|共计|共有|共|计|为期|为|约|近|超过|逾|合计|总计|有|了)+$")
_AFTER_STOPS = {"赴", "参加", "送", "送去", "开展", "进行", "到", "在", "的", "对", "向", "为", "和", "与", "及",
                "从", "等", "中", "共", "参与"}
_MARKUP = re.compile(r"[*_\[\]<>{}#|~^`\\]")  # symbols that say nothing in a label
_ADMIN_NAMES = set("省市县区镇乡村街局厅处科委办")
_NAME_CONTEXT_END = re.compile(r"[和与及的]")


@dataclass
class Entry:
    """One entry of the data file: a figure (one use) or a name (all its uses)."""

    kind: str                      # "fig" or "name"
    marks: list[FoundMark]
    label: str
    key_words: list[str]
    unit: str = ""
    key: str = ""
    kept_from: str | None = None   # re-import: the old key this entry keeps
    extra: dict = field(default_factory=dict)  # re-import: old fields kept (value, change_note …)

    @property
    def first(self) -> FoundMark:
        return self.marks[0]

    @property
    def value(self):
        return self.first.value

    @property
    def placeholder(self) -> str:
        return self.first.placeholder or "X"

    def meaning(self) -> tuple[str, str, str]:
        return self.kind, self.label, self.unit


def inert_label(label: str, mark: FoundMark, report: Report | None, empty: str) -> str:
    """A label that no spreadsheet runs as a formula (figures.csv): leading = + - @ and the like removed.

    `label` is the words a label is made of; `empty` stands in when nothing is left of them."""
    kept = label.lstrip("".join(FORMULA_STARTS) + " \u3000") or empty
    if kept != label and label and report is not None:
        report.line(mark.line, f"原文中这个数字前的词以“{label[0]}”开头，电子表格会把这样的说明当作公式；"
                               f"拟定说明（label）时已删去开头的符号，写作“{kept}”")
    return kept


def figure_entry(mark: FoundMark, report: Report | None = None) -> Entry:
    before = _strip(mark.before)
    after = mark.after
    if after.startswith("的"):
        after = after[1:] if len(before) < 4 else ""
    stops = _AFTER_STOPS - {"的"} if not before else _AFTER_STOPS
    after_words = _take(words(after), 10, from_end=False, stops=stops)
    before_words = _take(words(before), 8 if after_words else 12, from_end=True)
    unit_shown = mark.unit if not mark.prefix else f"{mark.unit}，原文为“{mark.prefix}{mark.unit}”"
    core = inert_label(_MARKUP.sub("", "".join(before_words + after_words)), mark, report, "数字")
    key_words = [w for w in before_words + after_words if len(w) > 1] or before_words + after_words
    key_words = [w.replace("X", "") for w in key_words[-4:]] + [mark.unit]
    return Entry("fig", [mark], f"{core}（{unit_shown}）", key_words, mark.unit)


def name_entries(marks: list[FoundMark], report: Report | None = None) -> list[Entry]:
    """One entry per place: same placeholder and kind of name, not twice in one clause."""
    entries: list[Entry] = []
    for mark in marks:
        same = [e for e in entries if (e.placeholder, e.first.word) == (mark.placeholder, mark.word)]
        fitting = next((e for e in same if all(m.clause != mark.clause for m in e.marks)), None)
        if fitting is not None:
            fitting.marks.append(mark)
        else:
            entries.append(Entry("name", [mark], "", []))
    kinds: dict[str, int] = {}
    for entry in entries:
        kinds[entry.first.word] = kinds.get(entry.first.word, 0) + 1
    for entry in entries:
        _label_name(entry, shared=kinds[entry.first.word] > 1)
        entry.label = inert_label(entry.label, entry.first, report, "隐去的名称")
    return entries


def _label_name(entry: Entry, shared: bool) -> None:
    word = entry.first.word
    label = f"{word}名" if word in _ADMIN_NAMES else f"{word}名称" if word else "隐去的名称"
    entry.key_words = words(word) if word else ["mingcheng"]
    if shared or not word:
        context = _NAME_CONTEXT_END.split(entry.first.after)[0][:12]
        label += f"（{entry.placeholder}{context}）" if context else f"（{entry.first.before[-8:]}{entry.placeholder}）"
        entry.key_words = [w for w in words(context or entry.first.before[-8:]) if w.strip("X")][:4] or entry.key_words
    entry.label = label


def _strip(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        text = _TRAILING.sub("", _LEADING.sub("", text))
    return text


def _take(tokens: list[str], limit: int, from_end: bool, stops: set[str] = frozenset()) -> list[str]:
    """As many words as fit in `limit` characters (at least one), from one end, up to a stop word."""
    ordered = list(reversed(tokens)) if from_end else tokens
    taken, size = [], 0
    for token in ordered:
        if token in stops:
            break
        if taken and size + len(token) > limit:
            break
        taken.append(token)
        size += len(token)
    return list(reversed(taken)) if from_end else taken


def assign_keys(entries: list[Entry], elsewhere: dict[str, tuple[str, str, str]]) -> None:
    """Give every entry a unique key. `elsewhere`: key -> (kind, label, unit) in other periods."""
    used = {entry.kept_from for entry in entries if entry.kept_from}
    for entry in entries:
        if entry.kept_from:
            entry.key = entry.kept_from
    same_meaning = {meaning: key for key, meaning in elsewhere.items()}
    for entry in entries:
        if entry.key:
            continue
        reused = same_meaning.get(entry.meaning())
        if reused and reused not in used:
            entry.key = reused
        else:
            base = key_from(entry.key_words)
            key, number = base, 1
            while key in used or (key in elsewhere and elsewhere[key] != entry.meaning()):
                number += 1
                key = f"{base}_{number}"
            entry.key = key
        used.add(entry.key)
    for entry in entries:
        for mark in entry.marks:
            mark.key = entry.key
