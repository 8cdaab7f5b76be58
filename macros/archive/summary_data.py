"""Loads one summary's data file: strict YAML, then the schema, then the consistency checks.

`load_summary_data` is the only way data enters the archive; it returns a validated
`SummaryData` or raises one `ArchiveError` that names file, line and key.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import ArchiveError, closest
from .consistency import check_consistency
from .loaded_data import LoadedData
from .numbers import full_width_problem
from .schema import (
    BAD_KEY_MESSAGE,
    BLANK_MESSAGE,
    SummaryData,
    looks_like_number,
    model_at,
    quoted_number_message,
)
from .shapes import ShapeError
from .yaml_loader import KeyPath, format_key, load_yaml


def load_summary_data(path: Path, shown_as: str) -> LoadedData:
    raw, lines = load_yaml(path, shown_as)
    if not isinstance(raw, dict):
        raise ArchiveError("文件是空的或不是“键: 内容”的形式。请参照已有期次的数据文件。", file=shown_as, line=1)
    try:
        data = SummaryData.read(raw)
    except ShapeError as err:
        raise _to_archive_error(err, lines, shown_as) from None
    loaded = LoadedData(data, lines, shown_as)
    check_consistency(loaded)
    return loaded


def _to_archive_error(err: ShapeError, lines: dict[KeyPath, int], shown_as: str) -> ArchiveError:
    errors = err.errors()
    # A misspelt key is both unknown (lable) and missing (label): the unknown one names what
    # the editor actually wrote, so it is reported first.
    first = min(errors, key=lambda error: error["type"] != "extra_forbidden")
    path = tuple(first["loc"])
    if first["type"] == "bad_key":
        path = (*path, first["ctx"]["key"])
    if path[-1:] == ("[key]",):  # a key that is not text at all, such as 1:
        path = (*path[:-2], str(path[-2]))
        first = {**first, "type": "bad_key", "msg": BAD_KEY_MESSAGE.format(key=path[-1])}
    elif first["type"] == "extra_forbidden" and not isinstance(path[-1], str):  # 1: among a figure's keys
        path = (*path[:-1], str(path[-1]))  # as yaml_loader records its line
    line = _nearest_line(path, lines)
    return ArchiveError(_explain(first, path), file=shown_as, line=line, key=format_key(path))


def _nearest_line(path: KeyPath, lines: dict[KeyPath, int]) -> int | None:
    # A missing key has no line of its own: point at its parent.
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path)


def _explain(error: dict, path: KeyPath) -> str:
    kind = error["type"]
    key = path[-1] if path else ""
    model = model_at(path) if path else None
    if kind == "extra_forbidden":
        allowed = list(model.fields()) if model else []
        hint = closest(str(key), allowed)
        text = f"不认识的键“{key}”。这里可以写的键有：{'、'.join(allowed)}。"
        return text + (f"是否想写“{hint}”？" if hint else "")
    if kind == "missing":
        field = model.fields().get(str(key)) if model else None
        about = f"（{field.description}）" if field else ""
        return f"缺少必填的键“{key}”{about}。"
    got = error.get("input")
    ctx = error.get("ctx", {})
    if got == "" and "input" in error:
        return BLANK_MESSAGE
    if got is None and "input" in error:
        return "不能为空，也不能写 null：请写上内容。"
    if isinstance(got, str) and (looks_like_number(got) or full_width_problem(got.strip())) and kind == "int_type":
        return quoted_number_message(got)
    choices = " 或 ".join(re.findall(r"'([^']*)'", str(ctx.get("expected", ""))))
    messages = {
        "string_type": f"应为文字，现在写的是“{got}”。",
        "string_too_short": "不能为空。",
        "literal_error": f"只能写 {choices}，现在写的是“{got}”。",
        "dict_type": "这里应是若干“键: 内容”。",
        "model_type": "这里应是若干“键: 内容”。",
        "list_type": "这里应是以“- ”开头的列表。",
        "int_type": f"应为整数，现在写的是“{got}”。",
        "bool_type": f"只能写 true 或 false，现在写的是“{got}”。",
        "greater_than_equal": f"不能小于 {ctx.get('ge', '')}，现在写的是 {got}。",
        "date_type": f"日期应写成 2020-07-10 或 2020-07，现在写的是“{got}”。",
    }
    if kind in messages:
        return messages[kind]
    if kind.startswith("date") or kind.startswith("datetime"):
        return messages["date_type"]
    # The fields' own checks already speak Chinese (shapes.Invalid).
    return error["msg"]
