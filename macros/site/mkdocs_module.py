"""Wires the archive into mkdocs-macros. Only wiring: the logic lives in the other modules.

mkdocs-macros calls `define_env` once per build (from MkDocs' on_config), then
`on_pre_page_macros` / `on_post_page_macros` around each page, then `on_post_build`.
An `ArchiveError` anywhere becomes a `PluginError`, which MkDocs prints and stops on.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.exceptions import PluginError

from ..archive.catalog import Archive, load_archive
from .archive_home import archive_home_markdown
from ..errors import ArchiveError
from ..archive.figure_uses import FigureUse, figure_uses
from .figures_page import CSV_NAME, figure_rows, figures_csv, figures_page_markdown
from .headings import add_toc_labels
from .nav import build_nav, neighbours
from ..archive.page_check import check_archive_pages, replace_calls
from .pdf_link import pdf_href, pdf_link_html
from .print_view import print_links_markdown, print_markdown
from .render import (contents_markdown, figure_html, name_html, original_text_html, period_links_markdown,
                     summary_meta_html)
from .site_check import check_built_pages
from .switches import switch
from .trends import trends_markdown


@dataclass
class BuildState:
    """What one build knows: the archive, where each figure stands, and what it rendered."""

    archive: Archive
    uses: dict[tuple[str, str], list[FigureUse]]  # (period, key) -> places in the text
    sources: dict[str, str] = field(default_factory=dict)  # page URL -> docs/… path
    anchored: set[tuple[str, str]] = field(default_factory=set)  # (page, key) whose first use has its id


def _stop(error: ArchiveError) -> PluginError:
    return PluginError(f"构建已停止，请修改后重试。\n{error}")


def _require_jieba() -> None:
    try:
        import jieba  # Material's search uses it to split Chinese into words
    except ImportError:
        raise PluginError("缺少中文分词库 jieba，搜索将无法查找中文词语。请先运行 README 中的安装命令。") from None
    jieba.setLogLevel(logging.WARNING)


def _load(root: Path, docs: Path, drafts: bool) -> BuildState:
    """Load the archive and check every page against it, before MkDocs reads any page. Summaries with
    status draft are left out unless `drafts` (mkdocs.yml extra.archive.drafts, macros/site/switches.py)."""
    archive = load_archive(root)
    if not drafts:
        archive = archive.without_drafts()
    calls = check_archive_pages(archive, docs)
    return BuildState(archive, figure_uses(calls, docs))


def define_env(env) -> None:
    _require_jieba()
    docs = Path(env.conf["docs_dir"])
    try:
        state = _load(Path(env.project_dir), docs, switch(env.conf, "drafts"))
    except ArchiveError as error:
        raise _stop(error) from None
    archive = state.archive
    if archive.excluded:
        env.conf["exclude_docs"] = _with_excluded_folders(env.conf.get("exclude_docs"), archive.excluded)
    env.conf["nav"] = build_nav(archive, sorted(p.name for p in docs.glob("*.md")))
    env.archive_state = state

    def summary():
        return archive.summary_of_page(env.page.file.src_uri)

    @env.macro
    def fig(key: str) -> str:
        first_use = (env.page.file.src_uri, key) not in state.anchored
        state.anchored.add((env.page.file.src_uri, key))
        return figure_html(key, summary().data.figures[key], anchor=first_use)

    @env.macro
    def name(key: str) -> str:
        return name_html(key, summary().data.names[key])

    @env.macro
    def summary_meta() -> str:
        s = summary()
        return summary_meta_html(s.period, s.data) + "\n\n" + period_links_markdown(*neighbours(archive, s.period))

    @env.macro
    def figures_table() -> str:
        s = summary()
        # The CSV sits beside the summary's pages; figures.md is served as figures/ with directory URLs.
        csv_href = f"../{CSV_NAME}" if env.conf["use_directory_urls"] else CSV_NAME
        return figures_page_markdown(figure_rows(s, state.uses), csv_href)

    @env.macro
    def print_view() -> str:
        s = summary()
        return print_markdown(s, archive.root, pdf_href(s.period, True, env.conf["use_directory_urls"]))

    @env.macro
    def figure_trends() -> str:
        return trends_markdown(archive)

    @env.macro
    def contents() -> str:
        s = summary()
        links = [(s.titles[p], p.split("/", 1)[1]) for p in s.part_pages]
        # 打印版 and its PDF (macros/pdf_link.py: the PDF link shows once the PDF is made).
        pdf = pdf_link_html(s.period, s.data.summary.title, pdf_href(s.period, False, env.conf["use_directory_urls"]))
        return contents_markdown(links, "original.md") + "\n\n" + print_links_markdown(pdf)

    @env.macro
    def original_text() -> str:
        s = summary()
        original = (docs / s.period / "original.txt").read_text(encoding="utf-8")
        # original.txt sits beside the summary's pages: one level up from original/ with directory URLs.
        return original_text_html(original, "../original.txt" if env.conf["use_directory_urls"] else "original.txt")

    @env.macro
    def archive_home() -> str:
        return archive_home_markdown(archive)


def _with_excluded_folders(spec, periods):
    import pathspec

    extra = pathspec.gitignore.GitIgnoreSpec.from_lines(f"/{period}/" for period in sorted(periods))
    return spec + extra if spec else extra


def on_pre_page_macros(env) -> None:
    env.archive_state.sources[env.page.url] = f"docs/{env.page.file.src_uri}"
    rendered = _rendered_here(env)
    if rendered is not None:
        env.markdown = rendered
        env.page.meta[_SKIP_JINJA] = False  # nothing left for Jinja: mkdocs-macros skips its pass


_SKIP_JINJA = "render_macros"  # the page setting mkdocs-macros reads; taken out again after its pass


_TEMPLATE_SYNTAX = ("{{", "{%", "{#")


def _rendered_here(env) -> str | None:
    """The page with each macro call replaced by what the macro returns, which is all mkdocs-macros' Jinja
    pass would do to a checked page (macros/archive/page_check.py: only `{{ name("key") }}` calls), without
    compiling every page as a template (the most expensive part of the data layer). None, and the page is
    left to mkdocs-macros, for a page with a {% raw %} example, an output that Jinja would read as template
    syntax, or a macro that fails (mkdocs-macros then reports it as always)."""
    page = env.page.file.src_uri
    if "{%" in env.markdown or "{#" in env.markdown or "{{" in (env.page.title or ""):
        return None
    try:
        rendered = replace_calls(env.markdown, lambda name, key: env.macros[name](*([] if key is None else [key])))
    except Exception:  # noqa: BLE001 - mkdocs-macros renders the page again and reports the error itself
        rendered = None
    if rendered is None or any(opener in rendered for opener in _TEMPLATE_SYNTAX):
        env.archive_state.anchored -= {used for used in env.archive_state.anchored if used[0] == page}
        return None
    return rendered


_RENDER_FAILED = re.compile(r"_Macro (Rendering|Syntax) Error_")


def on_post_page_macros(env) -> None:
    env.page.meta.pop(_SKIP_JINJA, None)  # the page's settings as written (page_check refuses the key there)
    if _RENDER_FAILED.search(env.markdown):
        detail = " ".join(env.markdown.split("\n")[0:6])
        raise _stop(ArchiveError(f"宏展开失败：{detail}", file=f"docs/{env.page.file.src_uri}"))
    env.markdown = add_toc_labels(env.markdown)


def on_post_build(env) -> None:
    state: BuildState = env.archive_state
    site = Path(env.conf["site_dir"])
    try:
        check_built_pages(site, state.sources)
    except ArchiveError as error:
        raise _stop(error) from None
    for period, summary in state.archive.summaries.items():
        (site / period / CSV_NAME).write_bytes(figures_csv(figure_rows(summary, state.uses)))
