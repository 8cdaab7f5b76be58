"""历期数字对比: every figure key found in more than one period, as a chart and a table.

Charts are drawn at build time by pygal into inline SVG: no script, nothing from outside,
readable in print (dark line, white ground). Periods where the figure is missing or not
disclosed are gaps in the line, and the table beside each chart says which is which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..archive.catalog import Archive
from ..archive.periods import period_title
from .render import attr, text
from ..archive.schema import format_number


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
    lines = [f"共有 {len(found)} 个数字在两期以上出现。图中断开处表示该期原文未披露或没有这个数字，详见各图下的表。", ""]
    for trend in found:
        lines += [f"## {text(trend.label)}（{text(trend.unit)}）", "", chart_svg(trend, periods), "",
                  _table(trend, periods), ""]
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


_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SCRIPT = re.compile(r"<script\b.*?</script>", re.S)  # pygal's tooltip config: no script in our pages


def chart_svg(trend: Trend, periods: list[str]) -> str:
    import pygal  # imported only when there is something to draw
    from pygal.style import Style

    style = Style(background="white", plot_background="white", foreground="#000", foreground_strong="#000",
                  foreground_subtle="#888", colors=("#1a3f8f",), font_family="sans-serif",
                  label_font_size=13, major_label_font_size=13, value_font_size=12)
    chart = pygal.Line(style=style, js=[], disable_xml_declaration=True, show_legend=False, width=640, height=260,
                       allow_interruptions=True, dots_size=4, stroke_style={"width": 2}, margin_right=48,
                       print_values=True, x_label_rotation=0, truncate_label=-1, include_x_axis=True,
                       show_minor_y_labels=False, y_labels_major_count=5)
    chart.x_labels = [period_title(p) for p in periods]
    chart.add(trend.label, [trend.values.get(p) for p in periods])
    svg = chart.render(is_unicode=True)
    svg = _SCRIPT.sub("", _COMMENT.sub("", svg))
    chart_id = re.search(r'id="(chart-[0-9a-f-]+)"', svg).group(1)
    svg = svg.replace(chart_id, f"trend-{trend.key}")  # stable ids: the same build makes the same page
    summary = "，".join(f"{period_title(p)}：{_shown(trend, p)}" for p in periods)
    label = f"{trend.label}（{trend.unit}）历期变化。{summary}"
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{attr(label)}" ', 1)
    return f'<figure class="trend-chart">{svg}</figure>'
