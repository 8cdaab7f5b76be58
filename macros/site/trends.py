"""历期数字对比: every figure key found in more than one period, as a chart and a table.

Charts are drawn at build time into inline SVG (trend_chart.py). Periods where the figure is missing or not
disclosed are gaps in the line, and the table below each chart says which is which. Each figure's section has
the id `trend-<key>`, which 数字一览 links to.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..archive.catalog import Archive
from ..archive.periods import period_title
from ..archive.schema import format_number
from .render import text
from .trend_chart import chart_svg


@dataclass(frozen=True)
class Trend:
    key: str
    label: str
    unit: str
    values: dict[str, int | float | None]  # period -> value; periods without the key are absent


def trends(archive: Archive) -> list[Trend]:
    """Keys of figures that appear in more than one period, in the order the latest period lists them."""
    periods = sorted(archive.summaries)
    found: dict[str, Trend] = {}
    for period in reversed(periods):  # the latest label and unit name the trend
        for key, figure in archive.summaries[period].data.figures.items():
            if key not in found:
                found[key] = Trend(key, figure.label, figure.unit, {})
            found[key].values[period] = figure.value
    return [trend for trend in found.values() if len(trend.values) > 1]


def trends_markdown(archive: Archive) -> str:
    found = trends(archive)
    if not found:
        return ("档案中还没有在两期以上都出现的数字。收录更多期后，这里会列出每个数字的历期变化。")
    periods = sorted(archive.summaries)
    lines = [f"共有 {len(found)} 个数字在两期以上出现。图中断开处表示该期原文未披露或没有这个数字，"
             "详见各图下的表。", ""]
    for trend in found:
        lines += [f"## {text(trend.label)}（{text(trend.unit)}） {{ #{trend_anchor(trend.key)} }}", "",
                  _chart(trend, periods), "", _table(trend, periods), ""]
    return "\n".join(lines)


def _shown(trend: Trend, period: str) -> str:
    if period not in trend.values:
        return "（本期没有这个数字）"
    value = trend.values[period]
    return "X（原文未披露）" if value is None else format_number(value)


def _table(trend: Trend, periods: list[str]) -> str:
    rows = ["| 期次 | 数值 |", "| --- | --: |"]
    rows += [f"| {period_title(p)} | {_shown(trend, p)} |" for p in periods]
    return "\n".join(rows)


def trend_anchor(key: str) -> str:
    """The id of a figure's section on the trends page."""
    return f"trend-{key}"


def trend_keys(archive: Archive) -> set[str]:
    """The keys the trends page has a section for."""
    return {trend.key for trend in trends(archive)}


def _chart(trend: Trend, periods: list[str]) -> str:
    summary = "，".join(f"{period_title(p)}：{_shown(trend, p)}" for p in periods)
    svg = chart_svg(f"chart-{trend.key}", trend.label, trend.unit, periods, trend.values, summary)
    return f'<figure class="trend-chart">{svg}</figure>'
