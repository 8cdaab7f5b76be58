"""Checks made once every page is built: nothing left unrendered."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import ArchiveError

_CODE = re.compile(r"<(pre|code|script|style)\b.*?</\1>", re.S | re.I)
_LEFTOVER = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{\{|\{%", re.S)


def check_built_pages(site_dir: Path, sources: dict[str, str]) -> None:
    """No `{{ … }}` may reach a reader: it means a macro was not rendered."""
    for url, source in sorted(sources.items()):
        html_file = site_dir / (url + "index.html" if url.endswith("/") or url == "" else url)
        if not html_file.is_file():
            continue
        raw = html_file.read_bytes()
        if b"{{" not in raw and b"{%" not in raw:  # UTF-8 holds these bytes only where the text holds "{{", "{%"
            continue  # the usual page: nothing to look for, not even decoded
        html = raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as read_text reads it
        leftover = _LEFTOVER.search(_CODE.sub("", html))
        if leftover:
            raise ArchiveError(
                f"生成的网页里留有没有展开的宏“{leftover.group()[:40]}”。请检查这一页的宏写法，"
                f"以及页首是否写了 render_macros: false。",
                file=source,
            )
