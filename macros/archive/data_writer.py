"""Writes data files (data/<period>.yml): the one place that turns values into YAML text.

`new`, `import` (and re-import) build a document with `document`, `entry`, `quoted`, `flow` and
`comment`; `rename` edits an existing file with `load`, `rename_key`, `replaced` and `dump`.
Everything goes through ruamel.yaml's round-trip mode, which keeps an editor's comments, key order,
quotes, flow lists ([a, b]) and blank lines, so that a file loaded and dumped unchanged comes back
byte for byte (tests/test_data_writer.py checks this for every data file of the repository).

Files are read for validation by yaml_loader (PyYAML, YAML 1.1 rules and the archive's number
rules); ruamel.yaml writes YAML 1.2. A plain text that the loader would read as something else
(`yes`, `null`, `012`, `2020-07-10`) is therefore always written in double quotes (`_represent_text`).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, ScalarString

from .yaml_loader import reads_as_text

_FAR = 1000  # column given to the comments we add; `dump` moves them to two spaces after their value
_ADDED_COMMENT = re.compile(r" {%d,}# " % (_FAR // 2))


def _represent_none(representer, _data):
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def _represent_text(representer, data: str):
    return representer.represent_scalar("tag:yaml.org,2002:str", data, style=None if reads_as_text(data) else '"')


def _represent_float(representer, data: float):
    text = repr(data)
    if "e" in text or "inf" in text or "nan" in text:  # the loader reads only 12 and 98.5 as numbers
        text = f"{data:.15f}".rstrip("0").rstrip(".")
    return representer.represent_scalar("tag:yaml.org,2002:float", text)


def _yaml() -> YAML:
    yaml = YAML()  # round-trip mode
    yaml.preserve_quotes = True
    yaml.width = 2**30  # never fold a long label: a quoted value must stay on its line (yaml_loader)
    yaml.indent(mapping=2, sequence=4, offset=2)  # "  - rate: …", as data/2020-h1.yml
    yaml.representer.add_representer(type(None), _represent_none)
    yaml.representer.add_representer(str, _represent_text)
    yaml.representer.add_representer(float, _represent_float)
    return yaml


def quoted(text: str) -> DoubleQuotedScalarString:
    """A text value (title, label, unit …), written in double quotes, Chinese as written."""
    return DoubleQuotedScalarString(text)


def date(text: str | None) -> dt.date | str | None:
    """A date as data files write it, unquoted: 2020-07-10 (a full date) or 2020-07 (a month)."""
    if text and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return dt.date.fromisoformat(text)
    return text


def flow(items: Iterable[Any]) -> CommentedSeq:
    """A list written on one line: `headline: [donors, donation_rate]`."""
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def entry(fields: Mapping[str, Any] | None = None, **more: Any) -> CommentedMap:
    """A mapping written in block style, in the order given."""
    return CommentedMap({**(fields or {}), **more})


def comment(mapping: CommentedMap, key: str, text: str) -> None:
    """`key: value  # text`."""
    mapping.yaml_add_eol_comment(f"# {text}", key, column=_FAR)


def document(header: list[str], sections: Mapping[str, Any]) -> CommentedMap:
    """A data file: header comment lines, a blank line, then the sections, a blank line between them."""
    data = CommentedMap(sections)
    if header:
        data.yaml_set_start_comment("\n".join(header) + "\n\n")
    for key in list(data)[1:]:
        data.yaml_set_comment_before_after_key(key, before="\n")
    return data


def load(text: str) -> Any:
    """A data file's text as editable data that `dump` writes back as it was, comments included."""
    return _yaml().load(text)


def dump(data: Any) -> str:
    buffer = io.StringIO()
    _yaml().dump(data, buffer)
    return _ADDED_COMMENT.sub("  # ", buffer.getvalue())


def rename_key(mapping: CommentedMap, old: str, new: str) -> None:
    """Give an entry a new key in its place, with its comments."""
    position = list(mapping).index(old)
    comments = mapping.ca.items.pop(old, None)
    value = mapping.pop(old)
    mapping.insert(position, new, value)
    if comments is not None:
        mapping.ca.items[new] = comments


def replaced(old: Any, new: str) -> Any:
    """`new` written in the quotes `old` was written in."""
    return type(old)(new) if isinstance(old, ScalarString) else new
