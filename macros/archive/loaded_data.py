"""One data file as read: its validated content, and the line of every key (for messages)."""

from __future__ import annotations

from dataclasses import dataclass

from .schema import SummaryData
from .yaml_loader import KeyPath


@dataclass(frozen=True)
class LoadedData:
    data: SummaryData
    lines: dict[KeyPath, int]
    shown_as: str

    def line_of(self, *path: object) -> int | None:
        return self.lines.get(tuple(path))
