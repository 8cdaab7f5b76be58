"""The archive's home page: every summary grouped by year, newest first, with its headline figures."""

from __future__ import annotations

from itertools import groupby

from ..archive.catalog import Archive, Summary
from ..archive.periods import parse_period, period_months, period_title
from .render import ADDED, STATUS_NAMES, figure_html, issued_html, text, unit_html

JUMP_LIST_OVER = 10  # summaries; with more, the home page starts with a list of years to jump to


def archive_home_markdown(archive: Archive) -> str:
    if not archive.summaries:
        return "档案中还没有总结。"
    newest_first = sorted(archive.summaries, reverse=True)
    years = list(dict.fromkeys(parse_period(p)[0] for p in newest_first))
    lines = []
    if len(newest_first) > JUMP_LIST_OVER:
        jumps = " ".join(f'<a href="#{year_anchor(y)}">{y}年</a>' for y in years)
        lines += [f'<nav class="{ADDED} year-jump" aria-label="按年份跳转">按年份跳转：{jumps}</nav>', ""]
    for year, periods in groupby(newest_first, key=lambda p: parse_period(p)[0]):
        lines += [f"## {year}年 {{ #{year_anchor(year)} }}", ""]
        for period in periods:
            lines += _summary_card(archive.summaries[period])
    return "\n".join(lines)


def year_anchor(year: int) -> str:
    return f"year-{year}"


def _summary_card(summary: Summary) -> list[str]:
    data, period = summary.data, summary.period
    status = STATUS_NAMES[data.summary.status]
    badge = f'<span class="status status-{data.summary.status}">{status}</span>'
    facts = (f"{period_title(period)}（{period_months(period)}）　发文单位：{unit_html(data)}　"
             f"成文日期：{issued_html(data)}　{badge}")
    card = ['<div class="summary-card" markdown="1">', "",
            f"### [{text(data.summary.title)}]({period}/index.md)", "",
            f'<p class="summary-facts">{facts}</p>', ""]
    if data.summary.headline:
        figures = data.figures
        shown = "；".join(f"{text(figures[k].label)} {figure_html(k, figures[k])}{text(figures[k].unit)}"
                         for k in data.summary.headline)
        card += [f'<p class="summary-headline">主要数字：{shown}</p>', ""]
    card += [f"[数字一览]({period}/figures.md)　[原文]({period}/original.md)", "", "</div>", ""]
    return card
