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
from ..archive.comparison import previous_title
from ..archive.figure_uses import FigureUse, figure_uses
from ..archive.page_check import check_archive_pages
from ..archive.page_language import check_template_text, parse_page
from ..errors import ArchiveError
from .archive_home import archive_home_markdown
from .edit_links import Repository, repository_of_config
from .figures_page import CSV_NAME, figure_rows, figures_csv, figures_page_markdown
from .headings import add_toc_labels
from .hook_support import stop as _stop
from .nav import build_nav, neighbours
from .pdf_link import pdf_href, pdf_link_html
from .print_view import print_links_markdown, print_markdown
from .render import (
    contents_markdown,
    figure_html,
    name_html,
    original_text_html,
    period_links_markdown,
    summary_meta_html,
)
from .sandbox import install_sandbox, syntax_differences
from .site_check import check_built_pages
from .switches import switch
from .trends import trend_keys, trends_markdown


@dataclass
class BuildState:
    """What one build knows: the archive, where each figure stands, and what it rendered."""

    archive: Archive
    uses: dict[tuple[str, str], list[FigureUse]]  # (period, key) -> places in the text
    repository: Repository | None = None  # where edit links point (macros/site/edit_links.py); None: no links
    sources: dict[str, str] = field(default_factory=dict)  # page URL -> docs/… path
    anchored: set[tuple[str, str]] = field(default_factory=set)  # (page, key) whose first use has its id
    trend_keys: set[str] = field(default_factory=set)  # keys with a section on the trends page


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
    return BuildState(archive, figure_uses(calls, docs), trend_keys=trend_keys(archive))


def define_env(env) -> None:
    _require_jieba()
    # mkdocs-macros builds its Jinja environment after this function, from these options: see _render_in_sandbox.
    _check_jinja_syntax([key for key, value in env.config.items() if key.startswith("j2_") and value])
    docs = Path(env.conf["docs_dir"])
    try:
        repository = repository_of_config(env.conf)
        state = _load(Path(env.project_dir), docs, switch(env.conf, "drafts"))
    except ArchiveError as error:
        raise _stop(error) from None
    archive = state.archive
    if archive.excluded:
        env.conf["exclude_docs"] = _with_excluded_folders(env.conf.get("exclude_docs"), archive.excluded)
    env.conf["nav"] = build_nav(archive, sorted(p.name for p in docs.glob("*.md")))
    state.repository = repository
    env.archive_state = state

    def summary():
        return archive.summary_of_page(env.page.file.src_uri)

    def data_line(s, key: str) -> str | None:
        """Where a figure is written: its line in the repository's data file, or None without an address."""
        if not repository:
            return None
        line = s.loaded.line_of("figures", key, "value") or s.loaded.line_of("figures", key)
        return repository.data_line(s.data_file, line)

    @env.macro
    def fig(key: str) -> str:
        first_use = (env.page.file.src_uri, key) not in state.anchored
        state.anchored.add((env.page.file.src_uri, key))
        s = summary()
        return figure_html(key, s.data.figures[key], anchor=first_use, edit_href=data_line(s, key))

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
        trends_href = "../trends.md"  # Markdown links are between source files: MkDocs makes them URLs
        rows = figure_rows(archive, s, state.uses, state.trend_keys)
        edit = (lambda key: data_line(s, key)) if repository else None
        return figures_page_markdown(rows, csv_href, previous_title(archive, s), trends_href, edit)

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
    state: BuildState = env.archive_state
    shown_as = f"docs/{env.page.file.src_uri}"
    state.sources[env.page.url] = shown_as
    # Material's edit button (feature content.action.edit): the page's Markdown in the web editor.
    env.page.edit_url = state.repository.page(env.page.file.src_uri) if state.repository else None
    _render_in_sandbox(env)
    title = env.page.title
    try:  # mkdocs-macros renders the title by itself: the exact text it will render must pass the page check
        if not isinstance(title, str):
            raise ArchiveError("页面标题应是一段文字。", file=shown_as, key="title")
        check_template_text(title, shown_as, None)
    except ArchiveError as error:
        raise _stop(error) from None
    rendered = _rendered_here(env)
    if rendered is not None:
        env.markdown = rendered
        env.page.meta[_SKIP_JINJA] = False  # nothing left for Jinja: mkdocs-macros skips its pass


def _check_jinja_syntax(changed: list[str]) -> None:
    if changed:
        raise _stop(ArchiveError(
            f"macros 插件不能改动 Jinja 的写法（{'、'.join(changed)}）：页面检查按 Jinja 的默认写法读页面，"
            f"改了就会与实际展开的不一致。请删去这些设置。", file="mkdocs.yml", key="plugins.macros"))


def _render_in_sandbox(env) -> None:
    """Pages are rendered in macros/site/sandbox.py's environment, read with page_language's Jinja settings."""
    if getattr(env, "archive_sandbox", None) is not None:
        return
    _check_jinja_syntax(syntax_differences(env.env))  # whatever set them, if not mkdocs.yml (see define_env)
    env.archive_sandbox = install_sandbox(env)


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
        parsed = parse_page(env.markdown, f"docs/{page}")
        if parsed.body_start:  # MkDocs took the front matter off: a page that seems to begin with one is left
            return None        # to mkdocs-macros
        rendered = parsed.render(lambda call: env.macros[call.name](*([] if call.key is None else [call.key])))
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
        rows = figure_rows(state.archive, summary, state.uses, state.trend_keys)
        (site / period / CSV_NAME).write_bytes(figures_csv(rows))
