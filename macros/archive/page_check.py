"""Reads the macro calls in a page's Markdown before it is rendered, and checks them.

Pages may only use short calls such as `{{ fig("donors") }}`: a known macro with at most one
quoted key. Anything else stops the build with the page, the line and what to write instead.
Checking before rendering gives exact line numbers and messages editors can act on.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import ArchiveError
from .loaded_data import LoadedData

if TYPE_CHECKING:
    from pathlib import Path

    from .catalog import Archive

# Macro name -> whether it takes one quoted key. `fig` and `name` only work on a summary's pages.
MACROS = {
    "fig": True,            # a figure from data/<period>.yml: {{ fig("donors") }}
    "name": True,           # a redacted name: {{ name("city") }}
    "summary_meta": False,  # the landing page's unit, period, date and status
    "contents": False,      # the landing page's list of parts
    "original_text": False, # the original text, on original.md
    "figures_table": False, # every figure of the summary, on figures.md
    "print_view": False,    # the whole summary laid out for print, on print.md
    "archive_home": False,  # the archive's home page
    "figure_trends": False, # figures followed across periods
}
SUMMARY_ONLY = {"fig", "name", "summary_meta", "contents", "original_text", "figures_table", "print_view"}

_OPENERS = re.compile(r"\{\{|\{%|\{#")
_CALL = re.compile(r"""^\s*(?P<name>[A-Za-z_]\w*)\s*\(\s*(?:(?P<q>["'])(?P<arg>[^"'\n]*)(?P=q))?\s*\)\s*$""")
_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}(?P<body>.*?)\{%-?\s*endraw\s*-?%\}", re.S)
_EXAMPLE = '正确的写法如 {{ fig("donors") }} 或 {{ name("city") }}'
_UNIT_PREFIXES = ("", "余", "多")  # 10余户, 20多人: the unit may follow 余 or 多
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?\n)---[ \t]*(\n|\Z)", re.S)
_NO_RENDERING = re.compile(r"^(render_macros|ignore_macros)[ \t]*:", re.M)


@dataclass(frozen=True)
class MacroCall:
    name: str
    key: str | None
    line: int
    after: str = ""  # the rest of the line after the closing }}: where a figure's unit stands


def find_calls(source: str, page: str) -> list[MacroCall]:
    """Every macro call in `source`, checked for form only. `page` is used in messages."""
    _check_front_matter(source, page)
    # {% raw %} … {% endraw %} shows macro examples literally: blank it out, keeping lines.
    source = _RAW.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), source)
    calls = []
    for opener in _OPENERS.finditer(source):
        line = source.count("\n", 0, opener.start()) + 1
        if opener.group() != "{{":
            raise ArchiveError(
                f"页面里不能写“{opener.group()}”开头的模板语句，只能用宏。{_EXAMPLE}。", file=page, line=line
            )
        end = source.find("}}", opener.end())
        next_open = source.find("{{", opener.end())
        if end == -1 or (next_open != -1 and next_open < end) or "\n" in source[opener.end():end]:
            raise ArchiveError(f"宏没有用“}}}}”闭合。{_EXAMPLE}。", file=page, line=line)
        expression = source[opener.end():end]
        match = _CALL.match(expression)
        if not match:
            raise ArchiveError(f"看不懂这个宏：“{{{{{expression}}}}}”。{_EXAMPLE}。", file=page, line=line)
        name, key = match["name"], match["arg"]
        if name not in MACROS:
            hint = difflib.get_close_matches(name, MACROS, n=1)
            suggestion = f"是否想写 {hint[0]}？" if hint else ""
            raise ArchiveError(
                f"没有名为“{name}”的宏。{suggestion}可用的宏有：{'、'.join(MACROS)}。", file=page, line=line
            )
        if MACROS[name] and not key:
            raise ArchiveError(f"宏 {name} 需要一个带引号的键名，例如 {name}(\"…\")。", file=page, line=line)
        if not MACROS[name] and match["arg"] is not None:
            raise ArchiveError(f"宏 {name} 不带参数，请写成 {{{{ {name}() }}}}。", file=page, line=line)
        line_end = source.find("\n", end)
        calls.append(MacroCall(name, key, line, source[end + 2:line_end if line_end != -1 else len(source)]))
    return calls


def _check_front_matter(source: str, page: str) -> None:
    """`render_macros: false` would show readers {{ fig("…") }} instead of the figure."""
    front = _FRONT_MATTER.match(source)
    switch = _NO_RENDERING.search(front["body"]) if front else None
    if switch:
        line = source.count("\n", 0, front.start("body") + switch.start()) + 1
        raise ArchiveError(
            f"页首不能写 {switch[1]}：宏必须展开，否则读者会看到“{{{{ … }}}}”而不是数字和名称。请删去这一行。"
            f"如果想原样显示宏的写法，请用 {{% raw %}} … {{% endraw %}} 把它括起来。",
            file=page, line=line, key=switch[1],
        )


def check_summary_calls(source: str, page: str, loaded: LoadedData) -> list[MacroCall]:
    """Check a summary page's calls against its data: keys exist, units agree with the text."""
    calls = find_calls(source, page)
    data = loaded.data
    for call in calls:
        if call.name == "fig":
            _check_key(call, data.figures, data.names, "figures", "name", page, loaded)
            figure = data.figures[call.key]
            _check_unit(source, call, figure.unit, page, loaded)
        elif call.name == "name":
            _check_key(call, data.names, data.figures, "names", "fig", page, loaded)
    return calls


def check_other_calls(source: str, page: str) -> list[MacroCall]:
    """Pages outside a summary (the home page …) may not use a summary's macros."""
    calls = find_calls(source, page)
    for call in calls:
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
    hint = difflib.get_close_matches(call.key, entries, n=1, cutoff=0.5)
    suggestion = f"最接近的已有键是“{hint[0]}”，是否想写它？" if hint else f"请先在 {loaded.shown_as} 中添加它。"
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
        source = path.read_text(encoding="utf-8")
        shown = f"docs/{page}"
        calls[page] = check_summary_calls(source, shown, summary.loaded) if summary else check_other_calls(source, shown)
    return calls


_WHOLE_CALL = re.compile(r"\{\{(?P<expr>[^{}\n]*)\}\}")


def replace_calls(source: str, replace: Callable[[str, str | None], str]) -> str:
    """Replace every macro call of a checked page by `replace(name, key)`."""
    return _WHOLE_CALL.sub(lambda m: replace(*_CALL.match(m["expr"]).group("name", "arg")), source)


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
