"""The site's navigation, made from the archive so that editors never edit it by hand.

Home and the archive-wide pages first, then the summaries by year, newest first; each summary
is a section titled by its period (`2020年上半年`) whose pages keep the summary's own Chinese
numbering in their titles.
"""

from __future__ import annotations

from itertools import groupby

from ..archive.catalog import Archive
from ..archive.periods import parse_period, period_title

HOME_PAGE = "index.md"


def build_nav(archive: Archive, other_pages: list[str]) -> list:
    nav: list = [{"档案首页": HOME_PAGE}]
    nav += [page for page in other_pages if page != HOME_PAGE]
    newest_first = sorted(archive.summaries, reverse=True)
    for year, periods in groupby(newest_first, key=lambda p: parse_period(p)[0]):
        nav.append({f"{year}年": [{period_title(p): list(archive.summaries[p].pages)} for p in periods]})
    return nav


def neighbours(archive: Archive, period: str) -> tuple[str | None, str | None]:
    """The periods just before and after `period` in the archive (None at either end)."""
    periods = sorted(archive.summaries)
    index = periods.index(period)
    return (periods[index - 1] if index > 0 else None, periods[index + 1] if index + 1 < len(periods) else None)
