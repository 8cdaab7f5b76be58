"""数字一览: every figure of one summary, as a page and as a CSV file for Excel."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from ..archive.comparison import Change, changes
from ..archive.figure_uses import FigureUse
from ..archive.periods import period_title
from ..archive.schema import FORMULA_STARTS, Figure
from .render import ADDED, EDIT_TEXT, attr, figure_anchor, figure_html, text
from .trends import trend_anchor

if TYPE_CHECKING:
    from ..archive.catalog import Archive, Summary

CSV_NAME = "figures.csv"
CSV_COLUMNS = ["部分", "小节", "统计内容", "数值", "单位", "是否披露", "键", "所在页面",
               "上期", "上期数值", "与上期相比"]


@dataclass(frozen=True)
class FigureRow:
    key: str
    figure: Figure
    use: FigureUse | None
    change: Change | None = None  # against the previous summary, when it has the same key
    in_trends: bool = False       # the trends page has a section for this key

    @property
    def disclosed(self) -> bool:
        return self.figure.value is not None


def figure_rows(archive: Archive, summary: Summary, uses: dict[tuple[str, str], list[FigureUse]],
                trend_keys: set[str] = frozenset()) -> list[FigureRow]:
    """One row per figure, in the order the summary's text uses them."""
    order = {page: index for index, page in enumerate(summary.pages)}
    moved = changes(archive, summary)
    rows = [FigureRow(key, figure, (uses.get((summary.period, key)) or [None])[0], moved.get(key), key in trend_keys)
            for key, figure in summary.data.figures.items()]
    return sorted(rows, key=lambda r: (order.get(r.use.page, len(order)), r.use.line) if r.use else (len(order), 0))


EditHref = Callable[[str], "str | None"]  # a figure's key -> its line in the repository's data file


def figures_page_markdown(rows: list[FigureRow], csv_href: str, previous: str | None, trends_href: str,
                          edit_href: EditHref | None = None) -> str:
    """`previous`: the previous summary's title (2021年上半年), None when the archive has none earlier."""
    disclosed = [r for r in rows if r.disclosed]
    hidden = [r for r in rows if not r.disclosed]
    compared = (f"“上期”是{previous}，“变化”是本期比上期：↑↓ 后是增减的百分比，比率（%）是增减的百分点。"
                if previous else "档案中没有更早的一期，暂无可比较的上期数字。")
    parts = [
        f'<p class="{ADDED}">本期共有 {len(rows)} 个数字：原文披露 {len(disclosed)} 个，'
        f'未披露 {len(hidden)} 个（显示为 X）。{compared}'
        f'<a href="{csv_href}" download>下载本表（CSV，可用 Excel 打开）</a></p>',
        "",
        f"## 原文披露的数字（{len(disclosed)} 个）",
        "",
        _table(disclosed, previous, trends_href, edit_href) if disclosed else "没有。",
        "",
        f"## 原文未披露的数字（{len(hidden)} 个）",
        "",
        _table(hidden, previous, trends_href, edit_href) if hidden else "没有。",
    ]
    return "\n".join(parts)


def _table(rows: list[FigureRow], previous: str | None, trends_href: str, edit_href: EditHref | None) -> str:
    compare = f" 上期（{previous}） | 变化 |" if previous else ""
    lines = [f"| 所在部分 | 统计内容 | 数值 |{compare} 链接 |",
             "| --- | --- | --: |" + (" --: | --- |" if previous else "") + " --- |"]
    for row in rows:
        use, unit = row.use, text(row.figure.unit)
        # Markdown links are relative to this page's file: its siblings are the summary's pages.
        links = [f"[原文位置]({use.page.split('/', 1)[1]}#{figure_anchor(row.key)})"] if use else []
        if row.in_trends:
            links.append(f"[历期变化]({trends_href}#{trend_anchor(row.key)})")
        href = edit_href(row.key) if edit_href else None
        if href:
            links.append(f'<a class="{ADDED}" href="{attr(href)}">{EDIT_TEXT}</a>')
        where = f"{text(use.part)}<br>{text(use.section)}" if use and use.section else text(use.part) if use else ""
        cells = [where, text(row.figure.label), figure_html(row.key, row.figure, anchor=False) + unit]
        if previous:
            change = row.change
            cells += [text(change.previous.shown) + unit if change else "（上期没有这个数字）",
                      text(change.shown()) if change else ""]
        lines.append("| " + " | ".join([*cells, "<br>".join(links)]) + " |")
    return "\n".join(lines)


def inert(cell: str) -> str:
    """A cell that spreadsheets show as text: one beginning with = + - @ tab or CR gets a leading ' (OWASP)."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def figures_csv(rows: list[FigureRow]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens the Chinese right. No cell is a formula (`inert`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        use = row.use
        value = row.figure.shown
        change = row.change
        writer.writerow([inert(cell) for cell in (
            use.part if use else "", use.section if use else "", row.figure.label, value, row.figure.unit,
            "是" if row.disclosed else "否（原文未披露）", row.key, use.page if use else "",
            period_title(change.previous_period) if change else "", change.previous.shown if change else "",
            change.shown() if change else "")])
    return buffer.getvalue().encode("utf-8-sig")
