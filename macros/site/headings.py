"""Headings keep the original's own words; the navigation shows them without the full stop.

`（一）落实党建主体责任。` stays so in the page, while the table of contents reads
`（一）落实党建主体责任`, through attr_list's `data-toc-label`. Editors just write the
heading as the original has it.
"""

from __future__ import annotations

import re

_HEADING = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<text>[^\n{]*?[。；：，])[ \t]*$", re.M)


def add_toc_labels(markdown: str) -> str:
    def label(match: re.Match) -> str:
        # A quote inside would end the attribute (关于"三会一课"。): written as &quot;, which the TOC shows as ".
        shown = match["text"].rstrip("。；：，").replace('"', "&quot;")
        return f'{match["hashes"]} {match["text"]} {{ data-toc-label="{shown}" }}'

    return _HEADING.sub(label, markdown)
