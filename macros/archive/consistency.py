"""Checks between entries of one data file that the schema alone cannot express."""

from __future__ import annotations

import re

from ..errors import ArchiveError, closest
from .loaded_data import LoadedData
from .schema import PERCENT_UNIT

UNIT_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def check_consistency(loaded: LoadedData) -> None:
    _check_unit_names(loaded)
    _check_headline(loaded)
    for index in range(len(loaded.data.rates)):
        _check_rate(loaded, index)


def _did_you_mean(key: str, keys) -> str:
    hint = closest(key, keys, cutoff=0.5)
    return f"是否想写“{hint}”？" if hint else ""


def _check_headline(loaded: LoadedData) -> None:
    figures = loaded.data.figures
    for index, key in enumerate(loaded.data.summary.headline):
        if key not in figures:
            raise ArchiveError(
                f"headline 中的“{key}”在 figures 中不存在。{_did_you_mean(key, figures)}",
                file=loaded.shown_as, line=loaded.line_of("summary", "headline", index) or loaded.line_of("summary", "headline"),
                key=f"summary.headline[{index}]",
            )


def _check_unit_names(loaded: LoadedData) -> None:
    names = loaded.data.names
    for key in UNIT_PLACEHOLDER.findall(loaded.data.summary.unit):
        if key not in names:
            raise ArchiveError(
                f"单位里的 {{{key}}} 在 names 中没有定义。{{ }} 里只能写 names 中已有的键。{_did_you_mean(key, names)}",
                file=loaded.shown_as, line=loaded.line_of("summary", "unit"), key="summary.unit",
            )


def decimals_shown(value: float | int) -> int:
    """How many decimals a value was written with: 98 -> 0, 98.5 -> 1."""
    text = repr(value)
    return len(text.split(".")[1]) if "." in text and "e" not in text else 0


def _check_rate(loaded: LoadedData, index: int) -> None:
    data, rate = loaded.data, loaded.data.rates[index]

    def stop(message: str, field: str | None = None) -> ArchiveError:
        line = loaded.line_of("rates", index, field) if field else loaded.line_of("rates", index)
        return ArchiveError(message, file=loaded.shown_as, line=line,
                            key=f"rates[{index}]" + (f".{field}" if field else ""))

    for role, key in (("rate", rate.rate), ("count", rate.count)):
        if key not in data.figures:
            raise stop(f"rates 里写的 {role}: {key} 在 figures 中不存在。{_did_you_mean(key, data.figures)}", role)
    rate_figure, count_figure = data.figures[rate.rate], data.figures[rate.count]
    if rate_figure.unit != PERCENT_UNIT:
        raise stop(f"{rate.rate}（{rate_figure.label}）的单位是“{rate_figure.unit}”，作为比率应为“%”。"
                   f"请检查 rate 是否写错了键。", "rate")
    count, base, shown = count_figure.value, rate.base, rate_figure.value
    count_line = loaded.line_of("figures", rate.count, "value")
    if count is not None and base is not None and count > base:
        raise stop(f"{count_figure.label}（{count}，见第 {count_line} 行）大于{rate.base_label}（{base}），"
                   f"这不可能。请核对这两个数。", "base")
    if count is None or base is None or shown is None:
        return
    exact = count / base * 100
    places = decimals_shown(shown)
    tolerance = 0.5 * 10 ** (-places) + 1e-9
    if abs(exact - shown) > tolerance:
        expected = f"{exact:.{places}f}"
        rounding = "取整数" if places == 0 else f"保留 {places} 位小数"
        raise stop(
            f"{rate_figure.label}与人数对不上：{count_figure.label} {count} ÷ {rate.base_label} {base} = {exact:.4g}%，"
            f"{rounding}应为 {expected}%，但 figures.{rate.rate} 写的是 {shown}%"
            f"（第 {loaded.line_of('figures', rate.rate, 'value')} 行）。请核对这三个数。"
        )
