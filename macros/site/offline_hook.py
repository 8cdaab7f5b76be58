"""MkDocs hook (mkdocs.yml `hooks:`): the site as a folder that works from the file system (file://).

Does nothing unless the switch extra.archive.offline of mkdocs.yml is on (macros/site/switches.py), which
`python -m macros offline` does by setting ARCHIVE_OFFLINE (macros/export/offline.py). Then, for Chromium
opening the pages from disk:

- on_config: directory URLs off, so that every link names its file (2020-h1/2.html, not 2020-h1/2/).
- on_post_page: right after Material's settings (`<script id="__config">`) and before Material's
  script reads them, a small script (OFFLINE_SCRIPT) starts the archive's search worker from a Blob:
  Chromium does not start a web worker from a file:// address, but does from a Blob made by the
  page. The Blob holds the very file the online site runs (search.archive.<hash>.js, published by
  macros/search_hook.py), so search is the same online and offline.
- on_post_build: search/search_index.js, which Material loads with a <script> when the page comes
  from file:// (it cannot fetch search_index.json there): the whole index, with the Party-work vocabulary
  (online, search_index.json is a stub naming the real index, which the worker fetches; a worker started from
  a Blob cannot fetch relative addresses, so offline it receives the whole index from Material).

Material's own `offline` plugin does the first and the last, but starts workers through a shim it
loads from unpkg.com, and readers' computers reach nothing outside; hence this hook.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from mkdocs.plugins import event_priority

_ROOT = Path(__file__).resolve().parents[2]  # the project: macros/site/ is two levels down
if str(_ROOT) not in sys.path:  # MkDocs loads a hook as a lone file; the macros package sits beside it
    sys.path.insert(0, str(_ROOT))

from macros.errors import ArchiveError  # noqa: E402
from macros.site.hook_support import CONFIG_SCRIPT, OFFLINE_STOPPED, stop  # noqa: E402
from macros.site.switches import switch  # noqa: E402

OFFLINE_SCRIPT = "assets/javascripts/search-offline.js"
INDEX = "search/search_index.json"
INDEX_SCRIPT = "search/search_index.js"  # the name Material's bundle loads on file://
WORKERS = "assets/javascripts/workers"

# Runs before Material's bundle: the worker named in the settings, started from a Blob of its code.
_LOADER = """/* The archive read from the file system (file://): Chromium starts no web worker from a file:// address,
   so the archive's search worker (the same code as online) is started from a Blob, before Material reads
   its settings. Written by macros/offline_hook.py. */
(function () {
  var settings = document.getElementById("__config");
  if (!settings) return;
  var config = JSON.parse(settings.textContent);
  if (typeof config.search !== "string") return;
  var code = %s;
  config.search = URL.createObjectURL(new Blob([code], { type: "text/javascript" }));
  settings.textContent = JSON.stringify(config);
})();
"""


def enabled(config) -> bool:
    try:
        return switch(config, "offline")
    except ArchiveError as error:
        raise stop(error, OFFLINE_STOPPED) from None


def on_config(config):
    if enabled(config):
        config.use_directory_urls = False
    return config


def with_offline_loader(html: str) -> str:
    """The page with the loader script right after Material's settings, addressed relative to the page."""
    found = CONFIG_SCRIPT.search(html)
    if not found:
        return html
    settings = json.loads(found.group(2))
    if not isinstance(settings.get("search"), str):
        return html  # no search on this page
    base = str(settings.get("base", ".")).rstrip("/") or "."
    tag = f'<script src="{base}/{OFFLINE_SCRIPT}"></script>'
    return html[:found.end()] + tag + html[found.end():]


def on_post_page(output, page, config):
    return with_offline_loader(output) if enabled(config) else output


@event_priority(-100)  # after Material's search plugin and the search hook have written the index
def on_post_build(config):
    if not enabled(config):
        return
    site = Path(config.site_dir)
    index = site / INDEX
    workers = sorted((site / WORKERS).glob("search.archive.*.js"))
    if not index.is_file() or len(workers) != 1:
        raise stop(f"没有找到搜索索引 {INDEX} 或档案的搜索程序（{WORKERS}/search.archive.*.js）："
                   f"离线版将无法搜索。请检查 macros/search_hook.py 是否在 mkdocs.yml 的 hooks 中。",
                   OFFLINE_STOPPED)
    source = json.loads(index.read_text(encoding="utf-8"))["config"].get("archive_index")
    if isinstance(source, str):  # the search hook's stub: the real index is beside it
        index = index.parent / Path(source).name
    (site / INDEX_SCRIPT).write_text("var __index = " + index.read_text(encoding="utf-8"), encoding="utf-8")
    code = json.dumps(workers[0].read_text(encoding="utf-8"), ensure_ascii=True)
    (site / OFFLINE_SCRIPT).write_text(_LOADER % code, encoding="utf-8")
