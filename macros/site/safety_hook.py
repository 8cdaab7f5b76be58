"""MkDocs hook (mkdocs.yml `hooks:`): a page's content cannot script the site or load anything from outside.

- on_files, before MkDocs reads any page: no file in docs/ that runs script when opened (.html, .svg, .js …,
  the search worker aside, which the search hook publishes itself); the site's stylesheets in docs/ load nothing from another host
  (url(), @import), and the raw HTML an editor wrote in a page's Markdown is inert (macros/site/html_safety.py).
- on_page_markdown: the front matter's title and description are escaped, so that they show as text in <title>,
  the navigation, the page header and the search index (macros/site/theme/main.html escapes <title> once more).
- on_page_content / on_env: the rendered content (Markdown links and images, `{ … }` attributes, the macros'
  HTML) has no script, no event attribute, no javascript:/data: address and nothing from another host; the
  first refused page stops the build once all are rendered and before any is written.
- on_post_page / on_post_template: the whole page loads nothing from another host, and carries a
  Content-Security-Policy that lets it run only the site's own scripts (Material's few inline scripts by
  their hashes) and load only the site's own files; offline (file://) the search worker also from a Blob.

Every refusal is one Chinese message naming the page's file and, where it can be found, the line.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.plugins import event_priority
from mkdocs.utils.meta import get_data

_ROOT = Path(__file__).resolve().parents[2]  # the project: macros/site/ is two levels down
if str(_ROOT) not in sys.path:  # MkDocs loads a hook as a lone file; the macros package sits beside it
    sys.path.insert(0, str(_ROOT))

from macros.errors import ArchiveError  # noqa: E402
from macros.site.hook_support import stop  # noqa: E402
from macros.site.html_safety import (  # noqa: E402
    check_css,
    check_page_html,
    check_rendered_html,
    check_theme_html,
    outside_host,
)
from macros.site.offline_hook import enabled as offline  # noqa: E402

# Files that run script when opened from the site (the search worker is published by the search hook, not as is).
ACTIVE_FILES = (".html", ".htm", ".xhtml", ".shtml", ".svg", ".svgz", ".js", ".mjs", ".xml", ".xsl", ".swf")
SEARCH_WORKER = "assets/javascripts/search-worker.js"  # macros/site/search_hook.py's WORKER
ESCAPED_META = ("title", "description", "subtitle")  # front matter that Material writes into the page as HTML
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?P<attrs>[^>]*)>(?P<code>.*?)</script>", re.S | re.I)
_NOT_CODE = re.compile(r'\btype="(?!(?:text|application)/javascript"|module")')  # JSON settings, not run
_HEAD = re.compile(r"<head>\s*(<meta charset=[^>]*>)?", re.I)


def _own_hosts(config) -> frozenset[str]:
    host = urlsplit(config.site_url or "").hostname
    return frozenset({host}) if host else frozenset()


@event_priority(100)  # before anything else is set up
def on_config(config):
    """mkdocs.yml's own stylesheets and scripts come from the site."""
    for setting in ("extra_css", "extra_javascript"):
        for entry in config[setting]:
            address = str(getattr(entry, "path", entry))
            host = outside_host(address, _own_hosts(config))
            if host:
                raise stop(ArchiveError(f"{setting} 中的“{address}”来自外部网站 {host}。网站不向任何外部网站发请求："
                                        f"请把文件放进 docs/ 中，并在这里写它的相对路径。", file="mkdocs.yml"))
    return config


class _State:
    problem: ArchiveError | None = None  # the first page whose rendered content is refused


def on_files(files, config):
    """Before any page is read by MkDocs: the stylesheets, and the raw HTML of every page's Markdown."""
    _State.problem = None
    try:
        docs = Path(config.docs_dir).resolve()
        for file in files:
            if file.generated_by is not None or not file.abs_src_path:
                continue
            if not Path(file.abs_src_path).resolve().is_relative_to(docs):
                continue  # the theme's own files (Material's scripts, stylesheets and fonts)
            if file.src_uri.lower().endswith(ACTIVE_FILES) and file.src_uri != SEARCH_WORKER:
                raise ArchiveError(
                    "docs/ 中不能放这种文件：浏览器直接打开它时，其中的脚本会在本站运行（不受页面检查和内容安全策略约束）。"
                    "页面请写成 .md；图片请用 .png 或 .jpg。", file=f"docs/{file.src_uri}")
            if file.src_uri.endswith(".css"):
                check_css(Path(file.abs_src_path).read_text(encoding="utf-8"), f"docs/{file.src_uri}",
                          _own_hosts(config))
            elif file.is_documentation_page():
                whole = file.content_string
                body, _ = get_data(whole)
                first_line = whole[: len(whole) - len(body)].count("\n") + 1 if whole.endswith(body) else 1
                check_page_html(body, f"docs/{file.src_uri}", first_line)
    except ArchiveError as error:
        raise stop(error) from None
    return files


def on_page_markdown(markdown, page, config, files):
    for key in ESCAPED_META:
        if key in page.meta and page.meta[key] is not None:
            page.meta[key] = html.escape(str(page.meta[key]), quote=True)
    return markdown


def on_page_content(html_content, page, config, files):
    if _State.problem is None:
        shown_as, own_hosts = f"docs/{page.file.src_uri}", _own_hosts(config)
        try:
            check_rendered_html(html_content, shown_as, None, own_hosts)
        except ArchiveError:  # the same check again, with the page's Markdown (read from disk) to name the line
            try:
                check_rendered_html(html_content, shown_as, page.file.content_string, own_hosts)
            except ArchiveError as error:
                _State.problem = error  # raised in on_env: here MkDocs would add an English line of its own
    return html_content


def on_env(env, config, files):
    """Once every page is rendered and before any is written: the first refused page stops the build."""
    if _State.problem is not None:
        raise stop(_State.problem)
    return env


def content_security_policy(page_html: str, content: str, offline_copy: bool) -> str:
    """The policy for one page: its theme's inline scripts by hash (never those in the page's content)."""
    around = _without(page_html, content) if content else page_html
    hashes = sorted({_script_hash(m["code"]) for m in _INLINE_SCRIPT.finditer(around) if not _NOT_CODE.search(m["attrs"])})
    blob = " blob:" if offline_copy else ""  # the search worker, started from a Blob (macros/site/offline_hook.py)
    return "; ".join([
        "default-src 'none'",
        "script-src 'self' " + " ".join(hashes) if hashes else "script-src 'self'",
        "worker-src 'self'" + blob,
        "style-src 'self' 'unsafe-inline'",  # style attributes (table alignment) and the charts' SVG <style>
        "img-src 'self' data:",  # Material's icons are data: SVG in its stylesheet
        "font-src 'self'",
        "connect-src 'self'",  # the search index
        "manifest-src 'self'",
        "base-uri 'self'",
        "form-action 'none'",
    ])


def _without(text: str, part: str) -> str:
    """text.replace(part, ""), several times faster for a long `part` (a page's content): each place is found by
    the part's first characters, then compared whole (tests/test_hostile_site.py holds it to str.replace)."""
    pieces, position, probe = [], 0, part[:64]
    while (at := text.find(probe, position)) != -1:
        while at != -1 and not text.startswith(part, at):
            at = text.find(probe, at + 1)
        if at == -1:
            break
        pieces.append(text[position:at])
        position = at + len(part)
    pieces.append(text[position:])
    return "".join(pieces)


@functools.lru_cache(maxsize=256)  # every page carries the theme's same few inline scripts
def _script_hash(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"


def with_policy(page_html: str, content: str, offline_copy: bool) -> str:
    meta = (f'<meta http-equiv="Content-Security-Policy" '
            f'content="{html.escape(content_security_policy(page_html, content, offline_copy), quote=False)}">')
    found = _HEAD.search(page_html)
    if not found:
        raise stop("生成的网页里没有 <head>，无法加上内容安全策略（Content-Security-Policy）。请检查页面模板。")
    return page_html[:found.end()] + meta + page_html[found.end():]


@event_priority(-200)  # last: after the search, offline and accessibility hooks have changed the page
def on_post_page(output, page, config):
    try:
        check_theme_html(output, f"docs/{page.file.src_uri}", _own_hosts(config))
    except ArchiveError as error:
        raise stop(error) from None
    return with_policy(output, page.content or "", offline(config))


@event_priority(-200)
def on_post_template(output_content, template_name, config):
    if not template_name.endswith(".html"):
        return output_content
    try:
        check_theme_html(output_content, template_name, _own_hosts(config))
    except ArchiveError as error:
        raise stop(error) from None
    return with_policy(output_content, "", offline(config))
