"""One figure across periods as an inline SVG line chart, drawn at build time.

No script and nothing from outside; dark line on white, readable in print. A period where the figure is missing
or not disclosed is a gap in the line. Each point has a tooltip (its period and value); values are written above
the points while there is room. The period axis stays readable at any length: up to six periods each is named
(2020年上半年); beyond that only years are, thinned so that no two labels overlap.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..archive.periods import parse_period, period_title
from ..archive.schema import format_number
from .render import attr

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 24, 40
FONT = 12                 # px, every text of the chart
FULL_LABELS_UP_TO = 6     # periods; more and the axis names years only
VALUES_UP_TO = 12         # periods; more and the values are left to the tooltips and the table
LABEL_GAP = 8             # px between two axis labels at the least


@dataclass(frozen=True)
class AxisLabel:
    x: float
    text: str


def text_width(text: str, size: float = FONT) -> float:
    """The width of a label in px: Chinese characters are square, digits and Latin letters about 0.6 of it."""
    return sum(size if ord(ch) > 0x2E80 else 0.6 * size for ch in text)


def x_labels(periods: list[str], band: float) -> list[AxisLabel]:
    """Labels under the axis, at the centre of their period's band, never overlapping."""
    centre = {p: LEFT + band * (i + 0.5) for i, p in enumerate(periods)}
    if len(periods) <= FULL_LABELS_UP_TO:
        return [AxisLabel(centre[p], period_title(p)) for p in periods]
    firsts: dict[int, str] = {}
    for period in periods:
        firsts.setdefault(parse_period(period)[0], period)
    shown: list[AxisLabel] = []
    for year, period in firsts.items():  # from the left, each year whose label has room after the last one
        label = AxisLabel(centre[period], f"{year}年")
        if not shown or _left(label) >= _right(shown[-1]) + LABEL_GAP:
            shown.append(label)
    return shown


def _left(label: AxisLabel) -> float:
    return label.x - text_width(label.text) / 2


def _right(label: AxisLabel) -> float:
    return label.x + text_width(label.text) / 2


def nice_top(highest: float) -> tuple[float, float]:
    """The top of the value axis and its step: four or five steps of 1, 2, 2.5 or 5 times a power of ten."""
    if highest <= 0:
        return 1.0, 0.25
    rough = highest / 4
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough)
    return step * math.ceil(highest / step), step


def chart_svg(chart_id: str, label: str, unit: str, periods: list[str],
              values: dict[str, int | float | None], summary: str) -> str:
    """`values`: period -> value (None: not disclosed; absent: the period has no such figure)."""
    band = (WIDTH - LEFT - RIGHT) / len(periods)
    known = [v for v in values.values() if v is not None]
    top, step = nice_top(max(known, default=0))
    bottom_y = HEIGHT - BOTTOM

    def y(value: float) -> float:
        return bottom_y - (bottom_y - TOP) * value / top

    def x(index: int) -> float:
        return LEFT + band * (index + 0.5)

    name = f"{label}（{unit}）历期变化。{summary}"
    parts = [f'<svg role="img" id="{attr(chart_id)}" aria-label="{attr(name)}" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" xmlns="http://www.w3.org/2000/svg" font-size="{FONT}" '
             f'font-family="sans-serif">',
             f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#fff"/>']
    ticks = round(top / step)
    for i in range(ticks + 1):
        value = step * i
        shown = format_number(int(value) if float(value).is_integer() else round(value, 2))
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
                     f'stroke="{"#000" if i == 0 else "#ddd"}"/>'
                     f'<text class="y-label" x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end">{shown}</text>')
    for label_ in x_labels(periods, band):
        parts.append(f'<text class="x-label" x="{label_.x:.1f}" y="{bottom_y + 18}" text-anchor="middle">'
                     f'{attr(label_.text)}</text>')
    for i in range(len(periods)):
        parts.append(f'<line class="tick" x1="{x(i):.1f}" x2="{x(i):.1f}" y1="{bottom_y}" y2="{bottom_y + 4}" '
                     f'stroke="#000"/>')
    # The line, in pieces: a gap wherever a period has no value.
    run: list[str] = []
    for i, period in enumerate([*periods, None]):
        value = values.get(period) if period else None
        if value is not None:
            run.append(f"{x(i):.1f},{y(value):.1f}")
            continue
        if len(run) > 1:
            parts.append(f'<polyline class="line" points="{" ".join(run)}" fill="none" stroke="#1a3f8f" '
                         f'stroke-width="2"/>')
        run = []
    # Values above the points while each fits its period's band; the tooltips and the table always have them.
    widest = max((text_width(format_number(v)) for v in known), default=0)
    write_values = len(periods) <= VALUES_UP_TO and widest + LABEL_GAP / 2 <= band
    for i, period in enumerate(periods):
        value = values.get(period)
        if value is None:
            continue
        shown = format_number(value)
        parts.append(f'<circle class="dot" cx="{x(i):.1f}" cy="{y(value):.1f}" r="4" fill="#1a3f8f">'
                     f'<title>{attr(period_title(period))}：{attr(shown)}{attr(unit)}</title></circle>')
        if write_values:
            parts.append(f'<text class="value" x="{x(i):.1f}" y="{y(value) - 8:.1f}" text-anchor="middle">'
                         f'{attr(shown)}</text>')
    parts.append("</svg>")
    return "".join(parts)
