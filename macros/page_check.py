"""Reads the macro calls in a page's Markdown before it is rendered, and checks them.

Pages may only use short calls such as `{{ fig("donors") }}`: a known macro with at most one
quoted key. Anything else stops the build with the page, the line and what to write instead.
Checking before rendering gives exact line numbers and messages editors can act on.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from .errors import ArchiveError
from .summary_data import LoadedData

# Macro name -> whether it takes one quoted key. `fig` and `name` only work on a summary's pages.
MACROS = {
    "fig": True,            # a figure from data/<period>.yml: {{ fig("donors") }}
    "name": True,           # a redacted name: {{ name("city") }}
    "summary_meta": False,  # the landing page's unit, period, date and status
    "contents": False,      # the landing page's list of parts
    "original_text": False, # the original text, on original.md
    "archive_home": False,  # the archive's home page
}
SUMMARY_ONLY = {"fig", "name", "summary_meta", "contents", "original_text"}

_OPENERS = re.compile(r"\{\{|\{%|\{#")
_CALL = re.compile(r"""^\s*(?P<name>[A-Za-z_]\w*)\s*\(\s*(?:(?P<q>["'])(?P<arg>[^"'\n]*)(?P=q))?\s*\)\s*$""")
_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}(?P<body>.*?)\{%-?\s*endraw\s*-?%\}", re.S)
_EXAMPLE = '正确的写法如 {{ fig("donors") }} 或 {{ name("city") }}'
_UNIT_PREFIXES = ("", "余", "多")  # 10余户, 20多人: the unit may follow 余 or 多


@dataclass(frozen=True)
class MacroCall:
    name: str
    key: str | None
    line: int


def find_calls(source: str, page: str) -> list[MacroCall]:
    """Every macro call in `source`, checked for form only. `page` is used in messages."""
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
        calls.append(MacroCall(name, key, line))
    return calls


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
    lines = source.split("\n")
    after = lines[call.line - 1]
    marker = re.search(r"\{\{[^}]*\(\s*[\"']" + re.escape(call.key) + r"[\"']\s*\)\s*\}\}", after)
    following = after[marker.end():] if marker else ""
    if any(following.startswith(prefix + unit) for prefix in _UNIT_PREFIXES):
        return
    raise ArchiveError(
        f"正文中 fig(\"{call.key}\") 后面紧跟的是“{following[:4]}”，但 {loaded.shown_as} 中它的单位是“{unit}”。"
        f"请让正文与数据的单位一致。",
        file=page, line=call.line, key=call.key,
    )
