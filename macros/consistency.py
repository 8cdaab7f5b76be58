"""Checks between entries of one data file that the schema alone cannot express."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .errors import ArchiveError
from .schema import PERCENT_UNIT

if TYPE_CHECKING:
    from .summary_data import LoadedData

UNIT_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def check_consistency(loaded: LoadedData) -> None:
    _check_unit_names(loaded)
    for index, rate in enumerate(loaded.data.rates):
        _check_rate(loaded, index)


def _check_unit_names(loaded: LoadedData) -> None:
    for key in UNIT_PLACEHOLDER.findall(loaded.data.summary.unit):
        if key not in loaded.data.names:
            raise ArchiveError(
                f"单位里的 {{{key}}} 在 names 中没有定义。{{ }} 里只能写 names 中已有的键。",
                file=loaded.shown_as, line=loaded.line_of("summary", "unit"), key="summary.unit",
            )


def decimals_shown(value: float | int) -> int:
    """How many decimals a value was written with: 98 -> 0, 98.5 -> 1."""
    text = repr(value)
    return len(text.split(".")[1]) if "." in text and "e" not in text else 0


def _check_rate(loaded: LoadedData, index: int) -> None:
    data, rate = loaded.data, loaded.data.rates[index]
    where = {"file": loaded.shown_as, "line": loaded.line_of("rates", index)}
    for role, key in (("rate", rate.rate), ("count", rate.count)):
        if key not in data.figures:
            raise ArchiveError(
                f"rates 里写的 {role}: {key} 在 figures 中不存在。", key=f"rates[{index}].{role}", **where
            )
    rate_figure, count_figure = data.figures[rate.rate], data.figures[rate.count]
    if rate_figure.unit != PERCENT_UNIT:
        raise ArchiveError(
            f"{rate.rate} 的单位是“{rate_figure.unit}”，作为比率应为“%”。", key=f"rates[{index}].rate", **where
        )
    count, base, shown = count_figure.value, rate.base, rate_figure.value
    if count is not None and base is not None and count > base:
        raise ArchiveError(
            f"{count_figure.label}（{count}）大于{rate.base_label}（{base}），不可能。",
            key=f"rates[{index}]", **where,
        )
    if count is None or base is None or shown is None:
        return
    exact = count / base * 100
    places = decimals_shown(shown)
    tolerance = 0.5 * 10 ** (-places) + 1e-9
    if abs(exact - shown) > tolerance:
        expected = f"{exact:.{places}f}"
        raise ArchiveError(
            f"{rate_figure.label}与人数对不上：{count_figure.label} {count} ÷ {rate.base_label} {base} = {exact:.4g}%，"
            f"按 {places} 位小数应为 {expected}%，但数据里写的是 {shown}%。请核对这三个数。",
            key=f"rates[{index}]", **where,
        )
