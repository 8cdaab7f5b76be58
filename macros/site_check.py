"""Checks made once every page is built: nothing defined in vain, nothing left unrendered."""

from __future__ import annotations

import re
from pathlib import Path

from .archive import Archive
from .errors import ArchiveError

_CODE = re.compile(r"<(pre|code|script|style)\b.*?</\1>", re.S | re.I)
_LEFTOVER = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{\{|\{%", re.S)


def check_every_entry_used(archive: Archive, used: set[tuple[str, str, str]]) -> None:
    """A figure or name in data that no page shows is a mistake (a typo, or a deleted sentence)."""
    for period, summary in archive.summaries.items():
        for kind, section, entries in (("fig", "figures", summary.data.figures), ("name", "names", summary.data.names)):
            for key in entries:
                if (period, kind, key) not in used:
                    raise ArchiveError(
                        f"{section} 中定义了“{key}”，但没有任何页面用到它。"
                        f"请在正文相应位置写 {{{{ {kind}(\"{key}\") }}}}，或从数据中删去它。",
                        file=summary.data_file, line=summary.loaded.line_of(section, key), key=f"{section}.{key}",
                    )


def check_built_pages(site_dir: Path, sources: dict[str, str]) -> None:
    """No `{{ … }}` may reach a reader: it means a macro was not rendered."""
    for url, source in sorted(sources.items()):
        html_file = site_dir / (url + "index.html" if url.endswith("/") or url == "" else url)
        if not html_file.is_file():
            continue
        visible = _CODE.sub("", html_file.read_text(encoding="utf-8"))
        leftover = _LEFTOVER.search(visible)
        if leftover:
            raise ArchiveError(
                f"生成的网页里留有没有展开的宏“{leftover.group()[:40]}”。请检查这一页的宏写法，"
                f"以及页首是否写了 render_macros: false。",
                file=source,
            )
