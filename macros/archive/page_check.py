"""Reads the macro calls in a page's Markdown before it is rendered, and checks them.

Pages may only use short calls such as `{{ fig("donors") }}`: a known macro with at most one
quoted key. Anything else stops the build with the page, the line and what to write instead.
Checking before rendering gives exact line numbers and messages editors can act on. The page's
form (what Jinja would execute) is read by page_language; this module checks calls against data.
"""

from __future__ import annotations

__all__ = ["MACROS", "SUMMARY_ONLY", "MacroCall", "find_calls", "check_page", "check_summary_calls",
           "check_other_calls", "check_all_pages", "check_every_entry_used", "check_archive_pages"]

import re
from typing import TYPE_CHECKING

from ..errors import ArchiveError, closest
from .loaded_data import LoadedData
from .page_language import MACROS, MacroCall, Page, parse_page, read_page

if TYPE_CHECKING:
    from pathlib import Path

    from .catalog import Archive

SUMMARY_ONLY = {"fig", "name", "summary_meta", "contents", "original_text", "figures_table", "print_view"}
_UNIT_PREFIXES = ("", "余", "多")  # 10余户, 20多人: the unit may follow 余 or 多
_NO_RENDERING = re.compile(r"^(render_macros|ignore_macros)[ \t]*:", re.M)


def find_calls(source: str, page: str) -> list[MacroCall]:
    """Every macro call in `source`, checked for form only (page_language). `page` is used in messages."""
    return list(check_page(source, page).calls)


def check_page(source: str, page: str) -> Page:
    """The page read by page_language, with its front matter checked."""
    parsed = parse_page(source, page)
    _check_front_matter(parsed, page)
    return parsed


def _check_front_matter(parsed: Page, page: str) -> None:
    """`render_macros: false` would show readers {{ fig("…") }} instead of the figure."""
    switch = _NO_RENDERING.search(parsed.meta) if parsed.meta is not None else None
    if switch:
        line = parsed.meta_line + parsed.meta.count("\n", 0, switch.start())
        raise ArchiveError(
            f"页首不能写 {switch[1]}：宏必须展开，否则读者会看到“{{{{ … }}}}”而不是数字和名称。请删去这一行。"
            f"如果想原样显示宏的写法，请用 {{% raw %}} … {{% endraw %}} 把它括起来。",
            file=page, line=line, key=switch[1],
        )


def check_summary_calls(source: str, page: str, loaded: LoadedData) -> list[MacroCall]:
    """Check a summary page's calls against its data: keys exist, units agree with the text."""
    parsed = check_page(source, page)
    calls = list(parsed.calls)
    data = loaded.data
    for call in calls + list(parsed.title_calls):  # a title hidden in {% raw %} is still rendered as the title
        if call.name == "fig":
            _check_key(call, data.figures, data.names, "figures", "name", page, loaded)
            figure = data.figures[call.key]
            _check_unit(source, call, figure.unit, page, loaded)
        elif call.name == "name":
            _check_key(call, data.names, data.figures, "names", "fig", page, loaded)
    return calls


def check_other_calls(source: str, page: str) -> list[MacroCall]:
    """Pages outside a summary (the home page …) may not use a summary's macros."""
    parsed = check_page(source, page)
    calls = list(parsed.calls)
    for call in calls + list(parsed.title_calls):
        if call.name in SUMMARY_ONLY:
            raise ArchiveError(
                f"宏 {call.name} 只能用在某一期总结的页面里（docs/2020-h1/ 这样的目录中）。", file=page, line=call.line
            )
    return calls


def _check_key(call, entries, other, section, other_macro, page, loaded) -> None:
    if call.key in entries:
        return
    if call.key in other:
        raise ArchiveError(
            f"“{call.key}”不在 {section} 中，而在另一类里：请改写成 {{{{ {other_macro}(\"{call.key}\") }}}}。",
            file=page, line=call.line, key=call.key,
        )
    hint = closest(call.key, entries, cutoff=0.5)
    suggestion = f"最接近的已有键是“{hint}”，是否想写它？" if hint else f"请先在 {loaded.shown_as} 中添加它。"
    raise ArchiveError(
        f"宏 {call.name}(\"{call.key}\") 用的键“{call.key}”在 {loaded.shown_as} 的 {section} 中不存在。{suggestion}",
        file=page, line=call.line, key=call.key,
    )


def _check_unit(source: str, call: MacroCall, unit: str, page: str, loaded: LoadedData) -> None:
    """The words right after {{ fig(...) }} must start with the figure's unit (maybe after 余)."""
    following = call.after
    if any(following.startswith(prefix + unit) for prefix in _UNIT_PREFIXES):
        return
    shown = f"紧跟的是“{following[:4]}”" if following.strip() else "没有紧跟任何文字"
    raise ArchiveError(
        f"正文中 fig(\"{call.key}\") 后面{shown}，但 {loaded.shown_as} 中它的单位是“{unit}”。"
        f"请让正文与数据的单位一致：正文应写成 {{{{ fig(\"{call.key}\") }}}}{unit}，"
        f"或者把数据中的 unit 改成正文所用的单位。",
        file=page, line=call.line, key=call.key,
    )


def check_all_pages(archive: Archive, docs: Path) -> dict[str, list[MacroCall]]:
    """Check every page of the site before MkDocs reads any; return each page's calls."""
    calls = {}
    for path in sorted(docs.rglob("*.md")):
        page = path.relative_to(docs).as_posix()
        summary = archive.summary_of_page(page)
        if summary is None and page.split("/", 1)[0] in archive.excluded:
            continue  # a draft left out of this build
        shown = f"docs/{page}"
        source = read_page(path, shown)
        calls[page] = check_summary_calls(source, shown, summary.loaded) if summary else check_other_calls(source, shown)
    return calls


def check_every_entry_used(archive: Archive, used: set[tuple[str, str, str]]) -> None:
    """A figure or name in data that no page shows is a mistake (a typo, or a deleted sentence)."""
    for period, summary in archive.summaries.items():
        for kind, section, entries in (("fig", "figures", summary.data.figures), ("name", "names", summary.data.names)):
            for key in entries:
                if (period, kind, key) not in used:
                    raise ArchiveError(
                        f"{section} 中定义了“{key}”，但没有任何页面用到它。"
                        f"请在正文相应位置写 {{{{ {kind}(\"{key}\") }}}}，或从数据中删去它。",
                        file=summary.data_file, line=summary.loaded.line_of(section, key), key=f"{section}.{key}",
                    )


def check_archive_pages(archive: Archive, docs: Path) -> dict[str, list[MacroCall]]:
    """Everything checked before any page is rendered: every page's macros, and every data entry used."""
    calls = check_all_pages(archive, docs)
    used = {(page.split("/", 1)[0], call.name, call.key) for page, page_calls in calls.items() for call in page_calls}
    check_every_entry_used(archive, used)
    return calls
