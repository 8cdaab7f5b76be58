"""Writes the imported summary's data file, in the layout of data/2020-h1.yml."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..archive import data_writer as writer
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


def data_text(data: DataFile, entries: list[Entry], old_text: str | None = None) -> str:
    """The data file's text; on re-import (`old_text`), with the comments the editor wrote in the old one."""
    summary = writer.entry(title=writer.quoted(data.title), unit=writer.quoted(data.unit or NO_UNIT),
                           issued=writer.date(data.issued), status=data.status)
    if not data.unit:
        writer.comment(summary, "unit", "原文末尾没有落款，请按实际填写")
    if not data.issued:
        writer.comment(summary, "issued", "原文没有写成文日期")
    if data.status == "draft":
        writer.comment(summary, "status", "定稿后改为 final")
    if data.headline:
        summary["headline"] = writer.flow(data.headline)
    names, figures = writer.entry(), writer.entry()
    for entry in entries:
        if entry.kind == "name":
            value = entry.extra.get("value")
            names[entry.key] = item = writer.entry(label=writer.quoted(entry.label),
                                                   value=None if value is None else writer.quoted(value))
            if entry.placeholder != "X":
                item["placeholder"] = entry.placeholder
        else:
            value = entry.value if entry.value is not None else entry.extra.get("value")
            figures[entry.key] = item = writer.entry(label=writer.quoted(entry.label),
                                                     unit=writer.quoted(entry.unit), value=value)
            if entry.value is None and entry.placeholder != "X":
                item["placeholder"] = entry.placeholder
            if entry.first.grouped:
                item["thousands_separator"] = True
                writer.comment(item, "thousands_separator", "原文写作 " + entry.first.written)
        if entry.extra.get("change_note"):
            item["change_note"] = writer.quoted(entry.extra["change_note"])
    sections = {"summary": summary, "names": names, "figures": figures}
    if data.rates:
        sections["rates"] = [writer.entry(rate=rate["rate"], count=rate["count"], base=rate.get("base"),
                                          base_label=writer.quoted(rate["base_label"])) for rate in data.rates]
    if data.accepted:
        sections["proofread"] = writer.entry(accepted=[
            writer.entry(words=writer.quoted(finding["words"]), reason=writer.quoted(finding["reason"]))
            for finding in data.accepted])
    header = [f"# {data.period} 的数据，由 python -m macros import 从“{data.source}”导入。",
              "# 怎样填写见 data/README.md：原文未披露的数字、隐去的名称都写 null。",
              "# label 是按原文上下文拟的，可以改得更贴切；再次导入时，上下文未变的数字保留键名和 label。"]
    document = writer.document(header, sections)
    if old_text is None:
        return writer.dump(document)
    writer.keep_comments(document, old_text)
    # The old file's blank line between sections comes with the comments of the entry before it.
    return re.sub(r"\n{3,}", "\n\n", writer.dump(document))
