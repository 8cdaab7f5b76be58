"""The trends charts' axis labels never overlap, measured in Chromium (issue 10: at 20 periods they ran into one
unreadable line). Each chart is rendered as the trends page has it and every label's box is measured."""

from __future__ import annotations

import pytest
from scale_archive import synthetic_periods

from macros.site.trend_chart import chart_svg


def _boxes(page, selector):
    return page.eval_on_selector_all(selector, """els => els.map(e => {
        const b = e.getBBox(); return {x: b.x, y: b.y, w: b.width, h: b.height, text: e.textContent}; })""")


def _overlapping(boxes):
    boxes = sorted(boxes, key=lambda b: b["x"])
    return [(a["text"], b["text"]) for a, b in zip(boxes, boxes[1:], strict=False) if a["x"] + a["w"] > b["x"]]


@pytest.mark.parametrize("scale", [1, 1000])
@pytest.mark.parametrize("count", [2, 6, 7, 12, 20, 40, 80])
def test_axis_labels_never_overlap(page, count, scale):
    periods = synthetic_periods(count)
    values = {p: (i * 37) % 500 * scale + 1 for i, p in enumerate(periods)}
    values[periods[1]] = None  # a gap, as an undisclosed figure makes
    svg = chart_svg("chart-test", "测试数字", "人", periods, values, "")
    page.set_content(f'<html><body style="width:640px;margin:0">{svg}</body></html>')
    x_labels = _boxes(page, "text.x-label")
    assert len(x_labels) >= min(count, 2), "the axis names some periods or years"
    assert _overlapping(x_labels) == []
    assert all(b["x"] >= 0 and b["x"] + b["w"] <= 640 for b in x_labels), "labels stay inside the chart"
    y_labels = _boxes(page, "text.y-label")
    assert _overlapping([{**b, "x": b["y"], "w": b["h"]} for b in y_labels]) == []
    values_shown = _boxes(page, "text.value")
    assert _overlapping(values_shown) == [], "values written above the points do not run into each other"
