"""The site's navigation, made from the archive so that editors never edit it by hand.

Home first, then the summaries newest first, each as a section titled by its period
(`2020年上半年`) whose pages keep the summary's own Chinese numbering in their titles.
"""

from __future__ import annotations

from .archive import Archive
from .periods import period_title

HOME_PAGE = "index.md"


def build_nav(archive: Archive, other_pages: list[str]) -> list:
    nav: list = [{"档案首页": HOME_PAGE}]
    nav += [page for page in other_pages if page != HOME_PAGE]
    for period in sorted(archive.summaries, reverse=True):
        summary = archive.summaries[period]
        nav.append({period_title(period): list(summary.pages)})
    return nav
