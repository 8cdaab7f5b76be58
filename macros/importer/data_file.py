"""Writes the imported summary's data file, in the layout of data/2020-h1.yml."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..archive.data_writer import SCHEMA_LINE, quoted as _quoted
from .labels import Entry

NO_UNIT = "原文未署发文单位"


@dataclass
class DataFile:
    period: str
    source: str                  # the imported file's name, for the header comment
    title: str
    unit: str | None             # with {key} for redacted names; None when the original has no signature
    issued: str | None
    status: str = "draft"
    headline: list[str] = field(default_factory=list)
    rates: list[dict] = field(default_factory=list)
    accepted: list[dict] = field(default_factory=list)  # re-import: proofreading findings kept (校对检查)


def data_text(data: DataFile, entries: list[Entry]) -> str:
    names = [e for e in entries if e.kind == "name"]
    figures = [e for e in entries if e.kind == "fig"]
    lines = [
        SCHEMA_LINE,
        f"# {data.period} 的数据，由 python -m macros import 从“{data.source}”导入。",
        "# 怎样填写见 data/README.md：原文未披露的数字、隐去的名称都写 null。",
        "# label 是按原文上下文拟的，可以改得更贴切；再次导入时，上下文未变的数字保留键名和 label。",
        "",
        "summary:",
        f"  title: {_quoted(data.title)}",
        f"  unit: {_quoted(data.unit or NO_UNIT)}" + ("" if data.unit else "  # 原文末尾没有落款，请按实际填写"),
        f"  issued: {data.issued or 'null'}" + ("" if data.issued else "  # 原文没有写成文日期"),
        f"  status: {data.status}" + ("  # 定稿后改为 final" if data.status == "draft" else ""),
    ]
    if data.headline:
        lines.append("  headline: [" + ", ".join(data.headline) + "]")
    lines += ["", "names:" if names else "names: {}"]
    for entry in names:
        value = entry.extra.get("value")
        lines += [f"  {entry.key}:", f"    label: {_quoted(entry.label)}",
                  f"    value: {_quoted(value) if value is not None else 'null'}"]
        if entry.placeholder != "X":
            lines.append(f"    placeholder: {entry.placeholder}")
        lines += _change_note(entry)
    lines += ["", "figures:" if figures else "figures: {}"]
    for entry in figures:
        value = entry.value if entry.value is not None else entry.extra.get("value")
        lines += [f"  {entry.key}:", f"    label: {_quoted(entry.label)}", f"    unit: {_quoted(entry.unit)}",
                  f"    value: {'null' if value is None else repr(value)}"]
        if entry.value is None and entry.placeholder != "X":
            lines.append(f"    placeholder: {entry.placeholder}")
        if entry.first.grouped:
            lines.append("    thousands_separator: true  # 原文写作 " + entry.first.written)
        lines += _change_note(entry)
    if data.rates:
        lines += ["", "rates:"]
        for rate in data.rates:
            lines += [f"  - rate: {rate['rate']}", f"    count: {rate['count']}",
                      f"    base: {rate['base'] if rate.get('base') is not None else 'null'}",
                      f"    base_label: {_quoted(rate['base_label'])}"]
    if data.accepted:
        lines += ["", "proofread:", "  accepted:"]
        for finding in data.accepted:
            lines += [f"    - words: {_quoted(finding['words'])}", f"      reason: {_quoted(finding['reason'])}"]
    return "\n".join(lines) + "\n"


def _change_note(entry: Entry) -> list[str]:
    note = entry.extra.get("change_note")
    return [f"    change_note: {_quoted(note)}"] if note else []
