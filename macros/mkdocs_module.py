"""Wires the archive into mkdocs-macros. Only wiring: the logic lives in the other modules.

mkdocs-macros calls `define_env` once per build (from MkDocs' on_config), then
`on_pre_page_macros` / `on_post_page_macros` around each page, then `on_post_build`.
An `ArchiveError` anywhere becomes a `PluginError`, which MkDocs prints and stops on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.exceptions import PluginError

from .archive import Archive, load_archive
from .errors import ArchiveError
from .headings import add_toc_labels
from .nav import build_nav
from .page_check import check_other_calls, check_summary_calls
from .render import contents_markdown, figure_html, name_html, original_text_html, summary_meta_html
from .site_check import check_built_pages, check_every_entry_used
from .archive_home import archive_home_markdown


@dataclass
class BuildState:
    """What one build learns while it renders pages."""

    archive: Archive
    used: set[tuple[str, str, str]] = field(default_factory=set)  # (period, kind, key)
    sources: dict[str, str] = field(default_factory=dict)  # page URL -> docs/… path


def _stop(error: ArchiveError) -> PluginError:
    return PluginError(f"构建已停止，请修改后重试。\n{error}")


def _require_jieba() -> None:
    try:
        import jieba  # noqa: F401  (Material's search uses it to split Chinese words)
    except ImportError:
        raise PluginError("缺少中文分词库 jieba，搜索将无法查找中文词语。请先运行 README 中的安装命令。") from None


def define_env(env) -> None:
    _require_jieba()
    root = Path(env.project_dir)
    try:
        archive = load_archive(root)
    except ArchiveError as error:
        raise _stop(error) from None
    docs = Path(env.conf["docs_dir"])
    other_pages = sorted(p.name for p in docs.glob("*.md"))
    env.conf["nav"] = build_nav(archive, other_pages)
    state = BuildState(archive)
    env.archive_state = state

    def summary():
        return archive.summary_of_page(env.page.file.src_uri)

    @env.macro
    def fig(key: str) -> str:
        s = summary()
        state.used.add((s.period, "fig", key))
        return figure_html(key, s.data.figures[key])

    @env.macro
    def name(key: str) -> str:
        s = summary()
        state.used.add((s.period, "name", key))
        return name_html(key, s.data.names[key])

    @env.macro
    def summary_meta() -> str:
        s = summary()
        return summary_meta_html(s.period, s.data)

    @env.macro
    def contents() -> str:
        s = summary()
        links = [(s.titles[p], p.split("/", 1)[1]) for p in s.part_pages]
        return contents_markdown(links, "original.md")

    @env.macro
    def original_text() -> str:
        s = summary()
        original = (docs / s.period / "original.txt").read_text(encoding="utf-8")
        return original_text_html(original, "../original.txt")

    @env.macro
    def archive_home() -> str:
        return archive_home_markdown(archive)


def on_pre_page_macros(env) -> None:
    state: BuildState = env.archive_state
    page = env.page
    shown = f"docs/{page.file.src_uri}"
    source = Path(page.file.abs_src_path).read_text(encoding="utf-8")
    summary = state.archive.summary_of_page(page.file.src_uri)
    try:
        if summary:
            check_summary_calls(source, shown, summary.loaded)
        else:
            check_other_calls(source, shown)
    except ArchiveError as error:
        raise _stop(error) from None
    state.sources[page.url] = shown


_RENDER_FAILED = re.compile(r"_Macro (Rendering|Syntax) Error_")


def on_post_page_macros(env) -> None:
    if _RENDER_FAILED.search(env.markdown):
        shown = f"docs/{env.page.file.src_uri}"
        detail = env.markdown.split("\n")[0:6]
        raise _stop(ArchiveError(f"宏展开失败：{' '.join(detail)}", file=shown))
    env.markdown = add_toc_labels(env.markdown)


def on_post_build(env) -> None:
    state: BuildState = env.archive_state
    try:
        check_every_entry_used(state.archive, state.used)
        check_built_pages(Path(env.conf["site_dir"]), state.sources)
    except ArchiveError as error:
        raise _stop(error) from None
