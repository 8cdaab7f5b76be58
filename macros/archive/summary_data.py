"""Loads one summary's data file: strict YAML, then the schema, then the consistency checks.

`load_summary_data` is the only way data enters the archive; it returns a validated
`SummaryData` or raises one `ArchiveError` that names file, line and key.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from pydantic import ValidationError

from ..errors import ArchiveError
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
from .yaml_loader import KeyPath, format_key, load_yaml


def load_summary_data(path: Path, shown_as: str) -> LoadedData:
    raw, lines = load_yaml(path, shown_as)
    if not isinstance(raw, dict):
        raise ArchiveError("文件是空的或不是“键: 内容”的形式。请参照已有期次的数据文件。", file=shown_as, line=1)
    try:
        data = SummaryData.model_validate(raw)
    except ValidationError as err:
        raise _to_archive_error(err, lines, shown_as) from None
    loaded = LoadedData(data, lines, shown_as)
    check_consistency(loaded)
    return loaded


def _to_archive_error(err: ValidationError, lines: dict[KeyPath, int], shown_as: str) -> ArchiveError:
    errors = err.errors(include_url=False)
    # A misspelt key is both unknown (lable) and missing (label): the unknown one names what
    # the editor actually wrote, so it is reported first.
    first = min(errors, key=lambda error: error["type"] != "extra_forbidden")
    path = tuple(first["loc"])
    if first["type"] == "bad_key":
        path = (*path, first["ctx"]["key"])
    if path[-1:] == ("[key]",):  # a key that is not text at all, such as 1:
        path = (*path[:-2], str(path[-2]))
        first = {**first, "type": "bad_key", "msg": BAD_KEY_MESSAGE.format(key=path[-1])}
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
        allowed = list(model.model_fields) if model else []
        hint = difflib.get_close_matches(str(key), allowed, n=1)
        text = f"不认识的键“{key}”。这里可以写的键有：{'、'.join(allowed)}。"
        return text + (f"是否想写“{hint[0]}”？" if hint else "")
    if kind == "missing":
        field = model.model_fields.get(str(key)) if model else None
        about = f"（{field.description}）" if field and field.description else ""
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
    # Our own validators already speak Chinese (PydanticCustomError).
    return error["msg"]
