"""Reads a YAML data file strictly, remembering on which line each key stands.

PyYAML silently keeps the last of two equal keys; an archive must not, so a key written
twice is an error here. Each key path (`("figures", "donors", "value")`) maps to its line so
that validation errors can point the editor at the right place.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import ArchiveError

KeyPath = tuple[Any, ...]


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        first_seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if key in first_seen:
                raise _DuplicateKey(key, line, first_seen[key])
            first_seen[key] = line
        return super().construct_mapping(node, deep=deep)


class _DuplicateKey(Exception):
    def __init__(self, key: Any, line: int, first_line: int):
        super().__init__(key)
        self.key, self.line, self.first_line = key, line, first_line


def _key_lines(node: yaml.Node, path: KeyPath, lines: dict[KeyPath, int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key_path = (*path, key_node.value)
            _key_lines(value_node, key_path, lines)
            lines[key_path] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _key_lines(item, (*path, index), lines)


def load_yaml(path: Path, shown_as: str) -> tuple[Any, dict[KeyPath, int]]:
    """Return the file's data and the line of every key path.

    `shown_as` is the path as editors know it (`data/2020-h1.yml`), used in messages.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ArchiveError("文件不是 UTF-8 编码，请用 UTF-8 保存后再提交。", file=shown_as) from None
    try:
        node = yaml.compose(text, Loader=_StrictLoader)
        if node is None:
            return None, {}
        loader = _StrictLoader(text)
        try:
            data = loader.construct_document(loader.get_single_node())
        finally:
            loader.dispose()
    except _DuplicateKey as dup:
        raise ArchiveError(
            f"键“{dup.key}”写了两次（第一次在第 {dup.first_line} 行）。同一层里每个键只能出现一次，请删去或合并其中一处。",
            file=shown_as, line=dup.line, key=str(dup.key),
        ) from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        raise ArchiveError(
            f"YAML 格式有误，无法读取（{_describe_yaml_problem(err)}）。常见原因：缩进不齐、冒号后缺空格、引号没有成对。",
            file=shown_as, line=line,
        ) from None
    except yaml.YAMLError as err:  # errors without a position
        raise ArchiveError(f"YAML 格式有误，无法读取（{err}）。", file=shown_as) from None
    lines: dict[KeyPath, int] = {}
    _key_lines(node, (), lines)
    return data, lines


_YAML_PROBLEMS = {
    "mapping values are not allowed here": "这里不能出现“键: 值”，多半是上一行缩进不对或冒号后少了空格",
    "could not find expected ':'": "缺少冒号",
    "found character '\\t' that cannot start any token": "用了制表符（Tab），请改用空格缩进",
    "found unexpected end of stream": "文件意外结束，多半是引号没有成对",
    "did not find expected key": "缩进不齐或少了冒号",
    "expected <block end>, but found '<block mapping start>'": "缩进不齐",
    "found undefined alias": "引用了不存在的锚点",
}


def _describe_yaml_problem(err: yaml.MarkedYAMLError) -> str:
    problem = err.problem or ""
    for english, chinese in _YAML_PROBLEMS.items():
        if problem.startswith(english):
            return chinese
    return f"解析器报告：{problem}" if problem else "解析器无法理解这一处"
