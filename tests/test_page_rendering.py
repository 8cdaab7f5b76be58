"""Macro calls are rendered by the archive before mkdocs-macros (which then skips its Jinja pass), except on a
page with a {% raw %} example, which mkdocs-macros renders as always: both show the same figures."""

from __future__ import annotations

import re

from support import build_site

EXAMPLE = '\n\n写法示例：`{% raw %}{{ fig("secretary_lectures") }}{% endraw %}`\n'


def _figures(html: str) -> list[str]:
    """Every figure and name the page shows, as its opening tag (key, first-use anchor, tooltip)."""
    return re.findall(r"<span [^>]*data-key=[^>]*>", html)


def test_a_page_with_a_raw_example_shows_it_and_its_figures(project, built_site, tmp_path):
    page = project / "docs" / "2020-h1" / "1.md"
    page.write_text(page.read_text(encoding="utf-8") + EXAMPLE, encoding="utf-8")
    result = build_site(project, tmp_path / "site")
    assert result.ok, result.output
    html = (result.site / "2020-h1" / "1" / "index.html").read_text(encoding="utf-8")
    # the example, shown as written
    assert re.search(r"写法示例：<code>\{\{ fig\((&quot;|\")secretary_lectures(&quot;|\")\) \}\}</code>", html), html
    published = (built_site / "2020-h1" / "1" / "index.html").read_text(encoding="utf-8")
    assert _figures(html) and _figures(html) == _figures(published)  # same figures, same anchors
