"""MkDocs hook (mkdocs.yml `hooks:`): accessibility fixes to Material's markup that its settings cannot make.

- The search box is a dialog (`<div class="md-search" role="dialog">`) without a name: screen readers
  announce "dialog" and nothing else, and axe-core reports it (aria-dialog-name, serious). It is named
  with Material's own word for search (搜索), on every page and on the 404 page.
- Every summary has pages called 打印版, 数字一览, 原文, 一、…: their titles (the browser tab, a screen
  reader's first words, the PDF's title) name the summary's period too, e.g. “打印版 · 2020年上半年”.

Checked by tests/browser/test_accessibility.py (axe-core finds no serious or critical violation).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[2]  # the project: macros/site/ is two levels down
if str(_ROOT) not in sys.path:  # MkDocs loads a hook as a lone file; the macros package sits beside it
    sys.path.insert(0, str(_ROOT))

from macros.archive.periods import is_period_id, period_title  # noqa: E402

SEARCH_NAME = "搜索"
_UNNAMED_SEARCH_DIALOG = re.compile(r'<div class="md-search"(?![^>]*\baria-label=)([^>]*\brole="dialog")')


def name_search_dialog(html: str) -> str:
    return _UNNAMED_SEARCH_DIALOG.sub(rf'<div class="md-search" aria-label="{SEARCH_NAME}"\1', html, count=1)


def title_with_period(html: str, src_uri: str, site_name: str) -> str:
    """A summary's page (not its landing page, titled by the summary itself) with its period in <title>."""
    period, _, page = src_uri.partition("/")
    if not page or page == "index.md" or not is_period_id(period):
        return html
    title = re.compile(rf"(<title>)(.*?)( - {re.escape(site_name)}</title>)", re.S)
    return title.sub(lambda m: f"{m[1]}{m[2]} · {period_title(period)}{m[3]}", html, count=1)


def on_post_page(output, page, config):
    return title_with_period(name_search_dialog(output), page.file.src_uri, config.site_name)


def on_post_template(output_content, template_name, config):
    return name_search_dialog(output_content) if template_name.endswith(".html") else output_content
