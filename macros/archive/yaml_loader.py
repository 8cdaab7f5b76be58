"""Reads a YAML data file strictly, remembering on which line each key stands.

PyYAML silently keeps the last of two equal keys; an archive must not, so a key written
twice is an error here. Each key path (`("figures", "donors", "value")`) maps to its line so
that validation errors can point the editor at the right place. Syntax errors are explained
in Chinese and placed on the line the editor has to change, which is not always the line
where the parser gave up (an unclosed quote is noticed lines later).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from ..errors import ArchiveError

KeyPath = tuple[Any, ...]
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


class _BadScalar(Exception):
    """A value PyYAML recognised but could not build, such as the date 2020-13-01."""

    def __init__(self, node: yaml.Node):
        super().__init__(node.value)
        self.node = node


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys and impossible dates."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        # Keys that differ in writing but not in value (yes / true) slip past _key_lines.
        first_seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if key in first_seen:
                raise _DuplicateKey(key, line, first_seen[key])
            first_seen[key] = line
        return super().construct_mapping(node, deep=deep)

    def construct_blank_as_text(self, node: yaml.ScalarNode) -> str | None:
        # `value:` with nothing after it is YAML's null, which the archive reads as "not
        # disclosed". A forgotten value must not pass for that: only a written null does.
        return "" if node.value == "" else self.construct_yaml_null(node)

    def construct_timestamp(self, node: yaml.ScalarNode) -> dt.date:
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError:
            raise _BadScalar(node) from None


_StrictLoader.add_constructor(_TIMESTAMP_TAG, _StrictLoader.construct_timestamp)
_StrictLoader.add_constructor("tag:yaml.org,2002:null", _StrictLoader.construct_blank_as_text)


class _DuplicateKey(Exception):
    def __init__(self, key: Any, line: int, first_line: int, path: KeyPath = ()):
        super().__init__(key)
        self.key, self.line, self.first_line = key, line, first_line
        self.path = path or (key,)


def _key_lines(node: yaml.Node, path: KeyPath, lines: dict[KeyPath, int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        first_seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key_path = (*path, key_node.value)
            line = key_node.start_mark.line + 1
            if key_node.value in first_seen:
                raise _DuplicateKey(key_node.value, line, first_seen[key_node.value], key_path)
            first_seen[key_node.value] = line
            _key_lines(value_node, key_path, lines)
            lines[key_path] = line
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _key_lines(item, (*path, index), lines)


def _compose(text: str) -> yaml.Node | None:
    """Parse into nodes, with libyaml when it is there (ten times faster than pure Python).

    On a syntax error, parse again with the pure-Python parser, whose error messages and
    positions the explanations below are written for.
    """
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return yaml.compose(text, Loader=fast)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=_StrictLoader)


def load_yaml(path: Path, shown_as: str) -> tuple[Any, dict[KeyPath, int]]:
    """Return the file's data and the line of every key path.

    `shown_as` is the path as editors know it (`data/2020-h1.yml`), used in messages.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ArchiveError("文件不是 UTF-8 编码，请用 UTF-8 保存后再提交。", file=shown_as) from None
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as err:
        line, problem = _explain_syntax_error(text, err)
        raise ArchiveError(f"YAML 格式有误，无法读取：{problem}", file=shown_as, line=line) from None
    except yaml.YAMLError as err:  # errors without a position
        raise ArchiveError(f"YAML 格式有误，无法读取（{err}）。", file=shown_as) from None
    if node is None:
        return None, {}
    _check_quotes_closed(node, shown_as)
    lines: dict[KeyPath, int] = {}
    try:
        _key_lines(node, (), lines)
        loader = _StrictLoader("")
        try:
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except _DuplicateKey as dup:
        raise ArchiveError(
            f"键“{dup.key}”写了两次（第一次在第 {dup.first_line} 行）。同一层里每个键只能出现一次，请删去或合并其中一处。",
            file=shown_as, line=dup.line, key=format_key(dup.path),
        ) from None
    except _BadScalar as bad:
        line = bad.node.start_mark.line + 1
        raise ArchiveError(
            f"日期“{bad.node.value}”不存在，请核对月份和日子。日期应写成 2020-07-10 或 2020-07。",
            file=shown_as, line=line, key=_key_on_line(lines, line),
        ) from None
    return data, lines


def format_key(path: KeyPath) -> str | None:
    """`("rates", 0, "count")` -> `rates[0].count`, the way messages name a key."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text or None


def _key_on_line(lines: dict[KeyPath, int], line: int) -> str | None:
    paths = [path for path, at in lines.items() if at == line and path]
    return format_key(max(paths, key=len)) if paths else None


# --- Syntax errors -------------------------------------------------------------------

_QUOTE_NOT_CLOSED = "引号没有成对：这一行的值以引号开头，但同一行里没有对应的收尾引号。请补上引号，或把引号都删去。"
_NO_COLON = "这一行应写成“键: 值”：冒号要用英文半角“:”，冒号后面要有一个空格。"
_COLON_IN_VALUE = ("这一行的值里有“: ”（冒号加空格），YAML 会把它当成又一个键。"
                   "请给整个值加上引号，例如 label: \"说明: 内容\"。")
_DASH_WITHOUT_SPACE = "列表项开头的“-”后面要有一个空格，例如“- rate: donation_rate”。"
_CHINESE_COLON = "这一行用了中文冒号“：”。键和值之间要用英文半角冒号“:”，后面再加一个空格。"
_EXTRA_TEXT = ("这一行从“{rest}”起是多余的内容，多半是值里本身带有引号。请用另一种引号把整个值括起来"
               "（例如 '关于\"两会\"的学习'），或者不加引号。")
_YAML_PROBLEMS = {
    "mapping values are not allowed here": _NO_COLON,
    "could not find expected ':'": _NO_COLON,
    "found character '\\t' that cannot start any token": "这一行用了制表符（Tab）。请把 Tab 改成空格，用空格缩进。",
    "found unexpected end of stream": "文件意外结束，多半是引号没有成对。",
    "found character '@' that cannot start any token": "值不能以“@”开头；请给整个值加上引号。",
    "found character '`' that cannot start any token": "值不能以“`”开头；请给整个值加上引号。",
}


def _explain_syntax_error(text: str, err: yaml.MarkedYAMLError) -> tuple[int | None, str]:
    """The line the editor must change, and what is wrong with it."""
    mark = err.problem_mark or err.context_mark
    line = mark.line + 1 if mark else None
    if err.context == "while scanning a quoted scalar" and err.context_mark:
        return err.context_mark.line + 1, _QUOTE_NOT_CLOSED
    tokens = _tokens_before(text, mark)
    for token in tokens:
        if _quoted_over_lines(token):
            return token.start_mark.line + 1, _QUOTE_NOT_CLOSED
    problem = err.problem or ""
    if line and problem.startswith(("mapping values are not allowed here", "could not find expected ':'")):
        plain = [t for t in tokens if isinstance(t, yaml.ScalarToken) and t.plain]
        if plain:
            start = plain[-1].start_mark
            starts_its_line = start.column == _indent(text.split("\n")[start.line])
            if start.line + 1 < line and starts_its_line:
                # A line without "key: value" runs on into the next one; the parser notices there.
                line = start.line + 1
            elif start.line + 1 < line:
                # A value runs on into the next line, which is indented further than its key.
                if re.match(r"\s*-[^\s-]", text.split("\n")[start.line]):
                    return start.line + 1, _DASH_WITHOUT_SPACE
                return line, _indent_problem(text, line)
            elif not starts_its_line:
                return line, _COLON_IN_VALUE
    source_line = text.split("\n")[line - 1] if line else ""
    if problem.startswith(("expected <block end>", "did not find expected key")):
        if mark and err.problem_mark is mark and mark.column > _indent(source_line):
            return line, _EXTRA_TEXT.format(rest=source_line[mark.column:].strip()[:20])
        return line, _indent_problem(text, line)
    if "：" in source_line and ":" not in source_line.split("#")[0]:
        return line, _CHINESE_COLON
    for english, chinese in _YAML_PROBLEMS.items():
        if problem.startswith(english):
            return line, chinese
    return line, (f"解析器无法理解这一行（{problem or err.context}）。值如果以 * & ! [ {{ | > % @ 等符号开头，"
                  f"请给整个值加上引号；其他情况请对照上一期的数据文件检查写法。")


def _indent_problem(text: str, line: int | None) -> str:
    lines = text.split("\n")
    if not line or line > len(lines):
        return "缩进不齐。同一组的键前面的空格数必须相同。"
    here = lines[line - 1]
    written = [(n, text) for n, text in enumerate(lines[: line - 1], 1) if text.strip() and not text.lstrip().startswith("#")]
    before = written[-1] if written else None
    message = f"缩进不齐：这一行前面有 {_indent(here)} 个空格"
    if before:
        message += f"，上面第 {before[0]} 行有 {_indent(before[1])} 个"
    return message + "。同一组的键前面的空格数必须相同，请把它们对齐。"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _tokens_before(text: str, mark: yaml.Mark | None) -> list[yaml.Token]:
    """The tokens PyYAML read before it stopped at `mark`."""
    scanner = yaml.SafeLoader(text)
    tokens: list[yaml.Token] = []
    try:
        while scanner.check_token():
            tokens.append(scanner.get_token())
    except yaml.YAMLError:
        tokens.extend(scanner.tokens)
    finally:
        scanner.dispose()
    if mark is None:
        return tokens
    return [t for t in tokens if t.start_mark.index < mark.index]


def _quoted_over_lines(item: yaml.Token | yaml.Node) -> bool:
    """A quoted scalar (token or node) that starts on one line and ends on another."""
    return (isinstance(item, (yaml.ScalarToken, yaml.ScalarNode)) and item.style in ('"', "'")
            and item.end_mark.line != item.start_mark.line)


def _check_quotes_closed(node: yaml.Node, shown_as: str) -> None:
    """A quoted value must end on its own line: one that runs on swallows the lines after it."""
    pending = [node]
    while pending:
        item = pending.pop()
        if _quoted_over_lines(item):
            raise ArchiveError(f"YAML 格式有误：{_QUOTE_NOT_CLOSED}", file=shown_as, line=item.start_mark.line + 1)
        if isinstance(item, yaml.MappingNode):
            pending.extend(part for pair in item.value for part in pair)
        elif isinstance(item, yaml.SequenceNode):
            pending.extend(item.value)
