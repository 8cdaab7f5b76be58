"""Where each figure stands in the text: page, part (一、…), sub-section (（一）…) and line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .page_language import MacroCall, headings, read_page


@dataclass(frozen=True)
class FigureUse:
    page: str     # docs-relative path, e.g. 2020-h1/2.md
    part: str     # the page's title (its "# " heading)
    section: str  # the "## " heading above the figure, or "" before any
    line: int


def figure_uses(calls: dict[str, list[MacroCall]], docs: Path) -> dict[tuple[str, str], list[FigureUse]]:
    """(period, figure key) -> its uses in reading order within each page."""
    uses: dict[tuple[str, str], list[FigureUse]] = {}
    for page, page_calls in calls.items():
        figure_calls = [call for call in page_calls if call.name == "fig"]
        if not figure_calls:
            continue
        page_headings = [(h.line, h.level, h.text) for h in headings(read_page(docs / page, f"docs/{page}"))
                         if h.level <= 2]
        period = page.split("/", 1)[0]
        for call in figure_calls:
            part, section = _headings_above(page_headings, call.line)
            uses.setdefault((period, call.key), []).append(FigureUse(page, part, section, call.line))
    return uses


def _headings_above(headings: list[tuple[int, int, str]], line: int) -> tuple[str, str]:
    part = section = ""
    for number, level, text in headings:
        if number > line:
            break
        if level == 1:
            part, section = text, ""
        else:
            section = text
    return part, section
