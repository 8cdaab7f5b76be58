"""Importing an edited document over a period the archive already has.

Each figure keeps its key (and the label an editor may have improved) where its context still
matches: the same unit and the same words before it, or the same words after it and nearly
the same before. A name keeps its key where it names the same kind of place. Values an
editor filled in for an X the document still shows as X are kept. `changes` lists, before
anything is written, the figures and names added, removed and changed, and the paragraphs
whose wording changed.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass
from pathlib import Path

from ..archive.catalog import APPENDIX_PAGES
from ..archive.page_language import MacroCall, parse_page, read_page
from ..archive.schema import SummaryData
from .figures import CLAUSE_ENDS, name_word
from .labels import Entry

_ATTRIBUTES = re.compile(r"\s*\{[^{}]*\}\s*$")
_BACKSLASH = re.compile(r"\\(.)")
SLOT = "□"  # where a figure or name stands, when comparing wording


@dataclass(frozen=True)
class Use:
    kind: str
    key: str
    before: str  # the clause's words before the macro, other macros shown as X
    after: str   # the words after it (a figure's unit first) up to the clause's end


def plain(markdown: str) -> str:
    """Markdown text as a reader sees it (escapes undone); macros are left in place."""
    return html.unescape(_BACKSLASH.sub(r"\1", markdown))


def _lines(source: str, page: str) -> list[tuple[str, int, list[MacroCall]]]:
    """(line, offset of its start, its calls) for every line of a page's body, read by page_language."""
    parsed = parse_page(source, page)
    on_line: dict[int, list[MacroCall]] = {}
    for call in parsed.calls:
        on_line.setdefault(call.line, []).append(call)
    lines, offset = [], parsed.body_start
    for number, line in enumerate(parsed.body.split("\n"), parsed.body_line):
        lines.append((line, offset, on_line.get(number, [])))
        offset += len(line) + 1
    return lines


def _with_calls(line: str, offset: int, calls: list[MacroCall], shown) -> str:
    """The line with each call replaced by shown(call)."""
    out, position = [], 0
    for call in calls:
        out += [line[position:call.start - offset], shown(call)]
        position = call.end - offset
    return "".join(out) + line[position:]


def uses_in(source: str, page: str = "docs/") -> list[Use]:
    """Every fig/name macro of a page with the words around it."""
    uses = []
    for line, offset, calls in _lines(source, page):
        calls = [call for call in calls if call.name in ("fig", "name")]
        for index, call in enumerate(calls):
            before = plain(_with_calls(line[: call.start - offset], offset, calls[:index], lambda _: "X"))
            begin = max(before.rfind(c) for c in CLAUSE_ENDS) + 1
            following = calls[index + 1].start - offset if index + 1 < len(calls) else len(line)
            after = plain(line[call.end - offset: following])
            ends = [after.find(c) for c in CLAUSE_ENDS if c in after]
            uses.append(Use(call.name, call.key, before[begin:].lstrip("#").strip(),
                            after[: min(ends) if ends else None]))
    return uses


def text_paragraphs(pages: dict[str, str], shown: dict[str, str]) -> list[tuple[str, str]]:
    """(wording with □ for every macro, wording as shown) of each paragraph and heading, in reading order."""
    out = []
    for name in sorted((n for n in pages if n not in APPENDIX_PAGES), key=_page_order):
        for raw, offset, calls in _lines(pages[name], name):
            line = raw.strip()
            page_macro = len(calls) == 1 and calls[0].key is None and calls[0].end - calls[0].start == len(line)
            if not line or page_macro or "archive-added" in line or line.startswith("{"):
                continue
            slots = _with_calls(raw, offset, calls, lambda call: SLOT if call.key else "")
            values = _with_calls(raw, offset, calls, lambda call: shown.get(call.key, "X") if call.key else "")
            out.append((plain(slots.strip().lstrip("#").strip()), plain(values.strip().lstrip("#").strip())))
    return out


def _page_order(name: str) -> tuple:
    stem = name[: -len(".md")]
    return (0, 0, "") if stem == "index" else (1, int(stem), "") if stem.isdigit() else (2, 0, stem)


def old_pages(folder: Path) -> dict[str, str]:
    return {p.name: read_page(p, f"docs/{folder.name}/{p.name}")
            for p in folder.glob("*.md") if p.name not in APPENDIX_PAGES}


def keep_keys(entries: list[Entry], new_uses: dict[str, Use], old: SummaryData, old_uses: list[Use]) -> None:
    """Match new entries (keyed by their temporary key in `new_uses`) to the old period's keys."""
    first_use: dict[str, Use] = {}
    for use in old_uses:
        first_use.setdefault(use.key, use)
    pairs = []
    for entry in entries:
        new = new_uses.get(entry.key)
        if new is None:
            continue
        for key, use in first_use.items():
            score = _score(entry, new, key, use, old)
            if score is not None:
                pairs.append((score, entries.index(entry), key))
    taken_entries, taken_keys = set(), set()
    for _, index, key in sorted(pairs, key=lambda p: (-p[0], p[1])):
        if index in taken_entries or key in taken_keys:
            continue
        taken_entries.add(index)
        taken_keys.add(key)
        _keep(entries[index], key, old)


def _score(entry: Entry, new: Use, key: str, use: Use, old: SummaryData) -> float | None:
    if entry.kind == "fig":
        figure = old.figures.get(key)
        if use.kind != "fig" or figure is None or figure.unit != entry.unit:
            return None
        similar = difflib.SequenceMatcher(None, new.before, use.before).ratio()
        if new.before == use.before:
            return 3 + (new.after == use.after)
        if new.after == use.after and similar >= 0.5:
            return 1 + similar
        return None
    if use.kind != "name" or key not in old.names or name_word(use.after) != entry.first.word:
        return None
    return 1 + (use.after == new.after) + 0.5 * (use.before == new.before)


def _keep(entry: Entry, key: str, old: SummaryData) -> None:
    entry.kept_from = key
    before = old.figures[key] if entry.kind == "fig" else old.names[key]
    entry.label = before.label  # an editor may have improved it
    entry.extra = {"value": before.value, "change_note": before.change_note}


def changes(entries: list[Entry], old: SummaryData, old_paragraphs, new_paragraphs) -> list[str]:
    """What the import changes in the period, in Chinese, one line each."""
    lines = []
    kept = {e.kept_from: e for e in entries if e.kept_from}
    for entry in entries:
        section = "数字" if entry.kind == "fig" else "名称"
        if not entry.kept_from:
            lines.append(f"新增{section}：{entry.key}（{entry.label}）= {_new_shown(entry)}")
        elif entry.kind == "fig":
            lines += _figure_change(entry, old)
    for key, figure in old.figures.items():
        if key not in kept:
            lines.append(f"删去数字：{key}（{figure.label}），原为 {_old_shown(figure)}{figure.unit}")
    for key, name in old.names.items():
        if key not in kept:
            lines.append(f"删去名称：{key}（{name.label}）")
    lines += paragraph_changes(old_paragraphs, new_paragraphs)
    return lines


def _new_shown(entry: Entry) -> str:
    if entry.kind == "name":
        return entry.placeholder
    return (entry.first.written if entry.value is not None else entry.placeholder) + entry.first.prefix + entry.unit


def _old_shown(figure) -> str:
    return figure.shown


def _figure_change(entry: Entry, old: SummaryData) -> list[str]:
    before = old.figures[entry.kept_from]
    if entry.value is None and before.value is not None:
        return [f"保留数字：{entry.key}（{entry.label}）原文仍为 {entry.placeholder}，保留数据中已填写的 "
                f"{_old_shown(before)}{entry.unit}"]
    if entry.value is not None and (entry.value != before.value or entry.first.grouped != before.thousands_separator):
        return [f"改动数字：{entry.key}（{entry.label}）：{_old_shown(before)}{entry.unit} → {entry.first.written}{entry.unit}"]
    return []


def paragraph_changes(old: list[tuple[str, str]], new: list[tuple[str, str]]) -> list[str]:
    matcher = difflib.SequenceMatcher(None, [o for o, _ in old], [n for n, _ in new], autojunk=False)
    lines = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        olds, news = [s for _, s in old[i1:i2]], [s for _, s in new[j1:j2]]
        if tag == "replace" and len(olds) == len(news):
            for was, now in zip(olds, news, strict=True):
                lines.append(f"改动段落：原“{_excerpt(was, now)}”\n　　　　　改为“{_excerpt(now, was)}”")
            continue
        lines += [f"删去段落：“{_short(s)}”" for s in olds]
        lines += [f"新增段落：“{_short(s)}”" for s in news]
    return lines


def _excerpt(text: str, other: str, width: int = 24) -> str:
    """The part of `text` around its first difference from `other`."""
    start = next((i for i, (a, b) in enumerate(zip(text, other, strict=False)) if a != b), min(len(text), len(other)))
    end_match = 0
    while end_match < min(len(text), len(other)) - start and text[-1 - end_match] == other[-1 - end_match]:
        end_match += 1
    left, right = max(0, start - width // 2), min(len(text), len(text) - end_match + width // 2)
    return ("…" if left else "") + text[left:right] + ("…" if right < len(text) else "")


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[:width] + "…"
