"""Figures that may be mistyped: more than FACTOR times, or less than 1/FACTOR of, the previous summary's.

A figure is compared with the same key's value in the most recent earlier summary that discloses it.
A zero or undisclosed value on either side is not compared. Used by `python -m macros changes`;
`check` can report the same jumps.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..archive.periods import period_title

if TYPE_CHECKING:
    from ..archive.catalog import Archive

FACTOR = 3


@dataclass(frozen=True)
class Jump:
    period: str
    key: str
    label: str
    unit: str
    value: int | float
    previous_period: str
    previous_value: int | float

    @property
    def identity(self) -> tuple:
        return self.period, self.key, self.value, self.previous_value

    def __str__(self) -> str:
        ratio = self.value / self.previous_value
        times = f"{ratio:.1f} 倍" if ratio > 1 else f"{ratio:.0%}"
        return (f"{period_title(self.period)}的“{self.label}”是 {self.value}{self.unit}，"
                f"是上一期（{period_title(self.previous_period)}）{self.previous_value}{self.unit} 的 {times}，请核对")


def implausible_jumps(archive: Archive) -> list[Jump]:
    """Every figure more than FACTOR times, or less than 1/FACTOR of, its previous disclosed value."""
    jumps, latest = [], {}  # latest: key -> (period, value) of the last summary that disclosed it
    for period, summary in archive.summaries.items():  # oldest first
        for key, figure in summary.data.figures.items():
            value = figure.value
            if value is None:
                continue
            previous = latest.get(key)
            if previous and previous[1] and value and not (previous[1] / FACTOR <= value <= previous[1] * FACTOR):
                jumps.append(Jump(period, key, figure.label, figure.unit, value, *previous))
        for key, figure in summary.data.figures.items():
            if figure.value is not None:
                latest[key] = (period, figure.value)
    return jumps
