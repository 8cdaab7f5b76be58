"""The archive's home page: every summary, newest first."""

from __future__ import annotations

from .archive import Archive
from .periods import period_title
from .render import STATUS_NAMES, issued_html, text, unit_html


def archive_home_markdown(archive: Archive) -> str:
    if not archive.summaries:
        return "档案中还没有总结。"
    lines = []
    for period in sorted(archive.summaries, reverse=True):
        summary = archive.summaries[period]
        data = summary.data
        lines += [
            f"## {period_title(period)}",
            "",
            f"[{text(data.summary.title)}]({period}/index.md)",
            "",
            f"发文单位：{unit_html(data)}　成文日期：{issued_html(data)}　状态：{STATUS_NAMES[data.summary.status]}",
            "",
        ]
    return "\n".join(lines)
