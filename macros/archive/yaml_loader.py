"""Reads a YAML data file strictly, remembering on which line each key stands.

PyYAML silently keeps the last of two equal keys; an archive must not, so a key written
twice is an error here. Each key path (`("figures", "donors", "value")`) maps to its line so
that validation errors can point the editor at the right place. Syntax errors are explained
in Chinese and placed on the line the editor has to change, which is not always the line
where the parser gave up (an unclosed quote is noticed lines later).

Data files come through pull requests, so reading one is bounded: a file over 1 MB, nesting
deeper than MAX_DEPTH, anchors and aliases (the "billion laughs" bomb), explicit tags
(`!!python/object`, `!foo`) and merge keys (`<<:`) are refused while the file is parsed, before
any node is built from them. Numbers are read as written (numbers.py): only `12`, `-3` and
`98.5` are numbers; `012`, `1:30`, `0x1F`, `1_000`, `+1`, `.5`, `1e3` … are refused.

A file is read in one of two ways with the same result: an ordinary file in one pass over libyaml's events
(`_read_plain`, half the cost); a file with anything to refuse or explain, or any file where libyaml is missing,
through nodes (`_read_strictly`), which words every message.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from ..errors import ArchiveError
from .numbers import LOOKS_NUMERIC, PLAIN_FLOAT, PLAIN_INT, number_problem
from .text_files import read_text_file

KeyPath = tuple[Any, ...]
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_BAD_NUMBER_TAG = "tag:archive,2024:bad-number"  # number-like, but not written as a number
MAX_BYTES = 1_000_000  # a data file is a few KB; 1 MB is far beyond any summary
MAX_DEPTH = 10  # open mappings and lists at once; a data file needs 4


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


class _Resolver(yaml.resolver.Resolver):
    """YAML 1.1's plain-scalar rules (null, booleans, dates) with the archive's number rules."""

    yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in rules
                if tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:value")]
        for first, rules in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
    }


for _first, _rules in list(_Resolver.yaml_implicit_resolvers.items()):
    if _first and _first in "-+.0123456789":  # ours go first: a plain number is never a date
        _numbers = [("tag:yaml.org,2002:int", re.compile(f"^(?:{PLAIN_INT.pattern})$")),
                    ("tag:yaml.org,2002:float", re.compile(f"^(?:{PLAIN_FLOAT.pattern}"
                                                           r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"))]
        _Resolver.yaml_implicit_resolvers[_first] = _numbers + _rules
for _first in "-+.0123456789":
    _Resolver.add_implicit_resolver(_BAD_NUMBER_TAG, re.compile(f"^(?:{LOOKS_NUMERIC.pattern})$", re.X),
                                    list(_first))
_RESOLVER = _Resolver()


def reads_as_text(plain: str) -> bool:
    """Whether `plain`, written without quotes, is read back as this very text (not null, true, 12 …)."""
    return _RESOLVER.resolve(yaml.ScalarNode, plain, (True, False)) == "tag:yaml.org,2002:str"


class _Refused(Exception):
    """Something a data file may not contain, found while parsing."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.message, self.line = message, line


class _BadNumber(Exception):
    def __init__(self, node: yaml.ScalarNode, path: KeyPath):
        super().__init__(node.value)
        self.node, self.path = node, path


class _DuplicateKey(Exception):
    def __init__(self, key: Any, line: int, first_line: int, path: KeyPath = ()):
        super().__init__(key)
        self.key, self.line, self.first_line = key, line, first_line
        self.path = path or (key,)


def _key_lines(node: yaml.Node, path: KeyPath, lines: dict[KeyPath, int]) -> None:
    lines[path] = node.start_mark.line + 1
    if node.tag == _BAD_NUMBER_TAG:
        raise _BadNumber(node, path)
    if isinstance(node, yaml.MappingNode):
        first_seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key_path = (*path, key_node.value)
            if key_node.tag == _BAD_NUMBER_TAG:
                raise _BadNumber(key_node, key_path)
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
            return _compose_events(fast(text))
        except yaml.YAMLError:
            pass
    return _compose_events(_StrictLoader(text))


_ANCHOR = ("不支持锚点和别名（“&{name}”“*{name}”）：请把每个值直接写出来。"
           "（锚点和别名能让几行字展开成极大的数据，拖垮构建。）")


def _compose_events(parser) -> yaml.Node | None:
    """PyYAML's composer, without recursion, refusing what a data file may not contain.

    Each refusal happens at the event that shows it, so that an alias bomb or a deeply
    nested file costs no more than reading it.
    """
    try:
        parser.get_event()  # stream start
        if parser.check_event(yaml.StreamEndEvent):
            return None
        parser.get_event()  # document start
        root: yaml.Node | None = None
        open_nodes: list[list] = []  # [collection node, pending key node or None]
        while not parser.check_event(yaml.DocumentEndEvent):
            event = parser.get_event()
            line = event.start_mark.line + 1
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise _Refused(_ANCHOR.format(name=event.anchor), line)
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                done = open_nodes.pop()[0]
                done.end_mark = event.end_mark
                continue
            if event.tag is not None:
                tag = event.tag.replace("tag:yaml.org,2002:", "!!", 1)
                raise _Refused(f"不支持标签“{tag}”：数据文件里的值不能以“!”开头（要写文字的，请加引号）。", line)
            if isinstance(event, yaml.ScalarEvent):
                tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)
                if tag == _MERGE_TAG:
                    raise _Refused("不支持合并键“<<”：请把每个键直接写出来。", line)
                node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
            else:
                kind = yaml.SequenceNode if isinstance(event, yaml.SequenceStartEvent) else yaml.MappingNode
                node = kind(_RESOLVER.resolve(kind, None, event.implicit), [], event.start_mark, None,
                            flow_style=event.flow_style)
            if open_nodes:
                parent = open_nodes[-1]
                if isinstance(parent[0], yaml.SequenceNode):
                    parent[0].value.append(node)
                elif parent[1] is None:
                    if not isinstance(node, yaml.ScalarNode):
                        raise _Refused("这一行把一组内容（以“?”“[”或“{”开头）当成了键：键只能是一段文字，"
                                       "请写成“键: 值”。", line)
                    parent[1] = node
                else:
                    parent[0].value.append((parent[1], node))
                    parent[1] = None
            else:
                root = node
            if not isinstance(node, yaml.ScalarNode):
                open_nodes.append([node, None])
                if len(open_nodes) > MAX_DEPTH:
                    raise _Refused(f"嵌套的层次太多（超过 {MAX_DEPTH} 层）。数据文件最多只需要 4 层，"
                                   "请对照已有期次的数据文件检查缩进和括号。", line)
        parser.get_event()  # document end
        if not parser.check_event(yaml.StreamEndEvent):
            raise _Refused("文件里有第二个“---”：一个数据文件只能写一期的内容。请删去“---”和它后面多出的部分。",
                           parser.get_event().start_mark.line + 1)
        return root
    finally:
        parser.dispose()


def load_yaml(path: Path, shown_as: str) -> tuple[Any, dict[KeyPath, int]]:
    """Return the file's data and the line of every key path.

    `shown_as` is the path as editors know it (`data/2020-h1.yml`), used in messages.
    """
    text = read_bounded(path, shown_as)
    return _read_plain(text) or _read_strictly(text, shown_as)


def _read_strictly(text: str, shown_as: str) -> tuple[Any, dict[KeyPath, int]]:
    """load_yaml's reading through nodes, which finds and explains every problem."""
    try:
        node = _compose(text)
    except _Refused as refused:
        raise ArchiveError(refused.message, file=shown_as, line=refused.line) from None
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
    except _BadNumber as bad:
        raise ArchiveError(number_problem(bad.node.value), file=shown_as, line=bad.node.start_mark.line + 1,
                           key=format_key(bad.path)) from None
    except _BadScalar as bad:
        line = bad.node.start_mark.line + 1
        raise ArchiveError(
            f"日期“{bad.node.value}”不存在，请核对月份和日子。日期应写成 2020-07-10 或 2020-07。",
            file=shown_as, line=line, key=_key_on_line(lines, line),
        ) from None
    return data, lines


class _NotPlain(Exception):
    """Something _read_plain leaves to _read_strictly."""


def _read_plain(text: str) -> tuple[Any, dict[KeyPath, int]] | None:
    """The data and key lines of a file with nothing in it to refuse or explain, read in one pass over
    libyaml's events; None for any other file (or without libyaml), which _read_strictly then reads.

    The same result as _read_strictly (tests/test_yaml_reading.py compares them on every data file) at about
    half the cost: no nodes are built and walked three times, only the values and the lines. It gives up at the
    first thing _read_strictly would refuse or explain (an anchor, a tag, a key written twice, a number written
    otherwise, a date that does not exist, a quote running over lines, nesting too deep, a second document) and
    at anything unusual (a list or mapping as a key), so every message still comes from one place."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is None:
        return None
    parser, constructor = fast(text), _StrictLoader("")
    try:
        return _plain_events(parser, constructor)
    except (_NotPlain, _BadScalar, yaml.YAMLError, ValueError, TypeError):
        return None
    finally:
        parser.dispose()
        constructor.dispose()


_STR_TAG = "tag:yaml.org,2002:str"


def _plain_events(parser, constructor: _StrictLoader) -> tuple[Any, dict[KeyPath, int]]:
    parser.get_event()  # stream start
    if parser.check_event(yaml.StreamEndEvent):
        raise _NotPlain  # an empty file
    parser.get_event()  # document start
    lines: dict[KeyPath, int] = {}
    root: Any = None
    # One frame per open mapping or list: [its value, its key path, the pending key or None, raw keys seen].
    frames: list[list] = []
    while True:
        event = parser.get_event()
        kind = type(event)
        if kind is yaml.DocumentEndEvent:
            break
        if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            frames.pop()
            continue
        if kind is yaml.AliasEvent or event.anchor is not None or event.tag is not None:
            raise _NotPlain
        if kind is yaml.ScalarEvent:
            value = _plain_scalar(event, constructor)
        elif kind is yaml.MappingStartEvent:
            value = {}
        else:
            value = []
        line = event.start_mark.line + 1
        if not frames:
            root, path = value, ()
        else:
            frame = frames[-1]
            parent = frame[0]
            if type(parent) is list:
                path = (*frame[1], len(parent))
                parent.append(value)
            elif frame[2] is None:  # a key
                if kind is not yaml.ScalarEvent or event.value in frame[3] or value in parent:
                    raise _NotPlain
                frame[3].add(event.value)
                frame[2] = (event.value, value, line)
                continue
            else:
                written, key, line = frame[2]
                frame[2] = None
                path = (*frame[1], written)
                parent[key] = value
        lines[path] = line
        if kind is not yaml.ScalarEvent:
            frames.append([value, path, None, set()])
            if len(frames) > MAX_DEPTH:
                raise _NotPlain
    if not parser.check_event(yaml.StreamEndEvent):
        raise _NotPlain  # a second document
    return root, lines


def _plain_scalar(event: yaml.ScalarEvent, constructor: _StrictLoader) -> Any:
    if event.style in ('"', "'") and event.end_mark.line != event.start_mark.line:
        raise _NotPlain  # a quote running over lines
    tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)
    if tag == _STR_TAG:
        return event.value
    if tag == _BAD_NUMBER_TAG or tag == _MERGE_TAG:
        raise _NotPlain
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
    return constructor.yaml_constructors[tag](constructor, node)


def read_bounded(path: Path, shown_as: str, limit: int = MAX_BYTES) -> str:
    """A data file's text (UTF-8, newlines as "\\n"), refused when it is larger than `limit` bytes."""
    return read_text_file(path, shown_as, limit, "数据文件只写一期的数字和名称，通常只有几 KB，请检查是否放错了文件。",
                          line_of_bad_byte=False)


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
_BRACKET_NOT_CLOSED = ("这一行的值以“{opening}”开头，YAML 把它读作{what}，但后面没有对应的“{closing}”。"
                       "请补上“{closing}”（各项之间用英文逗号“,”隔开）；如果这个值本来就是文字，请给整个值加上引号。")
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
    for opening, closing, what in (("[", "]", "一个列表"), ("{", "}", "一组“键: 值”")):
        if (err.problem or "").startswith(f"expected ',' or '{closing}'") and err.context_mark:
            return err.context_mark.line + 1, _BRACKET_NOT_CLOSED.format(opening=opening, closing=closing, what=what)
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
