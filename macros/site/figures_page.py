"""数字一览: every figure of one summary, as a page and as a CSV file for Excel."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from ..archive.figure_uses import FigureUse
from .render import ADDED, EDIT_TEXT, attr, figure_anchor, figure_html, text
from ..archive.schema import Figure

if TYPE_CHECKING:
    from ..archive.catalog import Summary

CSV_NAME = "figures.csv"
CSV_COLUMNS = ["部分", "小节", "统计内容", "数值", "单位", "是否披露", "键", "所在页面"]


@dataclass(frozen=True)
class FigureRow:
    key: str
    figure: Figure
    use: FigureUse | None

    @property
    def disclosed(self) -> bool:
        return self.figure.value is not None


def figure_rows(summary: Summary, uses: dict[tuple[str, str], list[FigureUse]]) -> list[FigureRow]:
    """One row per figure, in the order the summary's text uses them."""
    order = {page: index for index, page in enumerate(summary.pages)}
    rows = [FigureRow(key, figure, (uses.get((summary.period, key)) or [None])[0])
            for key, figure in summary.data.figures.items()]
    return sorted(rows, key=lambda r: (order.get(r.use.page, len(order)), r.use.line) if r.use else (len(order), 0))


EditHref = Callable[[str], "str | None"]  # a figure's key -> its line in the repository's data file


def figures_page_markdown(rows: list[FigureRow], csv_href: str, edit_href: EditHref | None = None) -> str:
    disclosed = [r for r in rows if r.disclosed]
    hidden = [r for r in rows if not r.disclosed]
    parts = [
        f'<p class="{ADDED}">本期共有 {len(rows)} 个数字：原文披露 {len(disclosed)} 个，未披露 {len(hidden)} 个（显示为 X）。'
        f'<a href="{csv_href}" download>下载本表（CSV，可用 Excel 打开）</a></p>',
        "",
        f"## 原文披露的数字（{len(disclosed)} 个）",
        "",
        _table(disclosed, edit_href) if disclosed else "没有。",
        "",
        f"## 原文未披露的数字（{len(hidden)} 个）",
        "",
        _table(hidden, edit_href) if hidden else "没有。",
    ]
    return "\n".join(parts)


def _table(rows: list[FigureRow], edit_href: EditHref | None) -> str:
    edit_column = (" 修改 |", " --- |") if edit_href else ("", "")
    lines = ["| 部分 | 小节 | 统计内容 | 数值 | 单位 | 原文位置 |" + edit_column[0],
             "| --- | --- | --- | --: | --- | --- |" + edit_column[1]]
    for row in rows:
        use = row.use
        # Markdown links are relative to this page's file: its siblings are the summary's pages.
        where = f"[查看]({use.page.split('/', 1)[1]}#{figure_anchor(row.key)})" if use else ""
        edit = ""
        if edit_href:
            href = edit_href(row.key)
            edit = f' <a class="{ADDED}" href="{attr(href)}">{EDIT_TEXT}</a> |' if href else " |"
        lines.append(
            f"| {text(use.part) if use else ''} | {text(use.section) if use else ''} | {text(row.figure.label)} "
            f"| {figure_html(row.key, row.figure, anchor=False)} | {text(row.figure.unit)} | {where} |{edit}"
        )
    return "\n".join(lines)


def figures_csv(rows: list[FigureRow]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens the Chinese right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        use = row.use
        value = row.figure.shown
        writer.writerow([use.part if use else "", use.section if use else "", row.figure.label, value,
                         row.figure.unit, "是" if row.disclosed else "否（原文未披露）", row.key,
                         use.page if use else ""])
    return buffer.getvalue().encode("utf-8-sig")
