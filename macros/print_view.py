"""打印版: the whole summary on one page, laid out like an official document (GB/T 9704).

The text pages are joined in reading order with their headings one level down (the summary's
title is the page's only h1), the archive's own additions left out (facts, contents, the
closing paragraph's added title) and every figure as plain text, X where not disclosed.
The unit and the date close the document, as a signature. Layout: docs/assets/print.css.
"""

from __future__ import annotations

import re
from pathlib import Path

from .archive import Summary
from .page_check import replace_calls
from .periods import chinese_date
from .render import ADDED, format_number, text

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_HEADING = re.compile(r"^(#{1,5})(\s.*)$", re.M)


def print_markdown(summary: Summary, docs: Path) -> str:
    pages = summary.text_pages
    parts = []
    for index, page in enumerate(pages):
        source = _FRONT_MATTER.sub("", (docs / page).read_text(encoding="utf-8"))
        source = replace_calls(source, lambda name, key: _plain(summary, name, key))
        source = "\n".join(line for line in source.split("\n") if f".{ADDED}" not in line)
        if index > 0:  # the landing page's title stays h1; everything else one level down
            source = _HEADING.sub(lambda m: "#" + m[1] + m[2], source)
        parts.append(source.strip())
    body = "\n\n".join(parts) + "\n\n" + signature_html(summary)
    return f'<div class="gw-document" markdown="1">\n\n{body}\n\n</div>'


def _plain(summary: Summary, name: str, key: str | None) -> str:
    data = summary.data
    if name == "fig":
        value = data.figures[key].value
        return "X" if value is None else text(format_number(value))
    if name == "name":
        entry = data.names[key]
        return entry.placeholder if entry.value is None else text(entry.value)
    return ""  # summary_meta(), contents(): the archive's, not the document's


def signature_html(summary: Summary) -> str:
    data = summary.data
    unit = re.sub(r"\{(\w+)\}", lambda m: data.names[m[1]].value or data.names[m[1]].placeholder,
                  data.summary.unit)
    issued = chinese_date(data.summary.issued) if data.summary.issued else ""
    lines = f"<p>{text(unit)}</p>" + (f"<p>{text(issued)}</p>" if issued else "")
    return f'<div class="gw-signature {ADDED}">{lines}</div>'
