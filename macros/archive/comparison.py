"""Each summary faces the one before: a figure's value beside the previous summary's, and how far it moved.

"The one before" is the latest earlier summary the archive holds (2021-h1 for 2021-h2; 2019-h2 for 2020-h1, or
an earlier one when a half-year is missing). A figure is compared when the same key is there, both values are
disclosed and the key's meaning did not change (no `change_note`). Rates (unit %) move in 百分点; other figures
by the ratio of the two values.

A move that big is more often a typo than a fact (an extra 0 makes a figure ten times too large): `check` warns
when a figure is more than 3 times or less than a third of the previous value, or a rate moves more than 30 百分点.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .periods import period_title
from .schema import PERCENT_UNITS, Figure, format_number

if TYPE_CHECKING:
    from .catalog import Archive, Summary

MAX_RATIO = 3.0        # more than 3 times the previous value, or less than a third of it: please check
MAX_POINTS = 30.0      # a rate moving more than 30 百分点: please check


@dataclass(frozen=True)
class Change:
    """How one figure moved since the previous summary."""

    previous_period: str
    previous: Figure
    now: Figure

    @property
    def comparable(self) -> bool:
        return self.previous.value is not None and self.now.value is not None and self.now.change_note is None

    @property
    def is_rate(self) -> bool:
        return self.now.unit in PERCENT_UNITS

    @property
    def points(self) -> float:
        """Rates: the move in 百分点."""
        return round(self.now.value - self.previous.value, 1)

    @property
    def ratio(self) -> float | None:
        """Other figures: now / previous (None when the previous value is 0)."""
        return self.now.value / self.previous.value if self.previous.value else None

    def shown(self) -> str:
        """The move as the table shows it: ↑ 12.5%, ↓ 3.0 个百分点, 持平, or why it is not compared."""
        if self.now.change_note is not None:
            return "口径有变，不作比较"
        if not self.comparable:
            return "无法比较（有一期未披露）"
        if self.now.value == self.previous.value:
            return "持平"
        arrow = "↑" if self.now.value > self.previous.value else "↓"
        if self.is_rate:
            return f"{arrow} {format_number(abs(self.points))} 个百分点"
        if self.ratio is None:
            return f"{arrow}（上期为 0）"
        return f"{arrow} {_percent(abs(self.ratio - 1))}"

    def implausible(self) -> str | None:
        """Why the move looks like a typo ("比上期增加 9.6 倍"), or None when it does not."""
        if not self.comparable or self.now.value == self.previous.value:
            return None
        if self.is_rate:
            if abs(self.points) <= MAX_POINTS:
                return None
            way = "上升" if self.points > 0 else "下降"
            return f"比上期{way} {format_number(abs(self.points))} 个百分点"
        if self.ratio is None:
            return "上期为 0，本期不为 0"
        if 1 / MAX_RATIO <= self.ratio <= MAX_RATIO:
            return None
        if self.ratio > 1:
            return f"比上期增加 {_times(self.ratio - 1)} 倍"
        return f"比上期减少 {_percent(1 - self.ratio)}"


def previous_summary(archive: Archive, period: str) -> Summary | None:
    earlier = [p for p in archive.summaries if p < period]
    return archive.summaries[max(earlier)] if earlier else None


def changes(archive: Archive, summary: Summary) -> dict[str, Change]:
    """Key -> its change, for every figure whose key the previous summary also has."""
    previous = previous_summary(archive, summary.period)
    if previous is None:
        return {}
    return {key: Change(previous.period, previous.data.figures[key], figure)
            for key, figure in summary.data.figures.items() if key in previous.data.figures}


def previous_title(archive: Archive, summary: Summary) -> str | None:
    previous = previous_summary(archive, summary.period)
    return period_title(previous.period) if previous else None


def _percent(fraction: float) -> str:
    return f"{fraction * 100:.1f}%"


def _times(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")
