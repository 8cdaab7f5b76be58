"""Writes data files (data/<period>.yml): the one place that turns values into YAML text.

`new`, `import` (and re-import) build a document with `document`, `entry`, `quoted`, `flow`, `date`
and `comment`; `rename` edits an existing file with `load`, `rename_key`, `replace_value` and `dump`.
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
from ruamel.yaml.tokens import CommentToken

from .yaml_loader import reads_as_text

# The first line of every data file: editors using yaml-language-server (VS Code's YAML extension)
# validate and complete keys with data/schema.json (macros/archive/json_schema.py).
SCHEMA_LINE = "# yaml-language-server: $schema=./schema.json"

_FAR = 1000  # column given to the comments we add; `dump` moves them to two spaces after their value
_ADDED_COMMENT = re.compile(" {" + str(_FAR // 2) + ",}# ")


def _represent_none(representer, _data):
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


_BREAKS_OR_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def _represent_text(representer, data: str):
    # Line breaks (PyYAML counts U+2028 as one) and control characters only as escapes, in double quotes.
    plain = reads_as_text(data) and not _BREAKS_OR_CONTROLS.search(data)
    return representer.represent_scalar("tag:yaml.org,2002:str", data, style=None if plain else '"')


def _represent_float(representer, data: float):
    text = repr(data)
    if "e" in text or "inf" in text or "nan" in text:  # the loader reads only 12 and 98.5 as numbers
        text = f"{data:.15f}".rstrip("0")
        text += "0" if text.endswith(".") else ""
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
    """A data file: the schema line, header comment lines, a blank line, then the sections, a blank line
    between them."""
    data = CommentedMap(sections)
    data.yaml_set_start_comment("\n".join([SCHEMA_LINE, *header]) + "\n\n")
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


def rename_key(document: Any, mapping: CommentedMap, old: str, new: str) -> None:
    """Give an entry of `mapping` (inside `document`) a new key in its place, with its comments."""
    line, column = mapping.lc.key(old)
    position = list(mapping).index(old)
    comments = mapping.ca.items.pop(old, None)
    value = mapping.pop(old)
    mapping.insert(position, new, value)
    if comments is not None:
        mapping.ca.items[new] = comments
    _shift_comments(document, line, column, len(new) - len(old))


def replace_value(document: Any, holder: CommentedMap | CommentedSeq, where: str | int, new: str) -> None:
    """Set `holder[where]` to `new`, written in the quotes the old value was written in, comments kept."""
    old = holder[where]
    line, column = holder.lc.value(where) if isinstance(holder, CommentedMap) else holder.lc.item(where)
    holder[where] = type(old)(new) if isinstance(old, ScalarString) else new
    _shift_comments(document, line, column, len(new) - len(str(old)))


def _shift_comments(document: Any, line: int, column: int, delta: int) -> None:
    """Keep the comments after a word that grew or shrank by `delta` at their distance from it."""
    for token in _comment_tokens(document):
        if token.start_mark.line == line and token.column > column:
            token.column = max(token.column + delta, column + 1)


def _comment_tokens(node: Any):
    found, pending = {}, [node]  # a token can be held twice (by a key and by its value)
    while pending:
        item = pending.pop()
        if isinstance(item, list) and not isinstance(item, CommentedSeq):
            pending.extend(item)
        elif isinstance(item, CommentToken):
            found[id(item)] = item
        if isinstance(item, (CommentedMap, CommentedSeq)):
            pending.extend(item.ca.items.values())
            pending.append(item.ca.comment or [])
            pending.extend(item.values() if isinstance(item, CommentedMap) else item)
    return list(found.values())


def keep_comments(new: CommentedMap, old_text: str) -> None:
    """Re-import: the comments an editor wrote in the old file, kept wherever their key still is.

    The file's opening comment, each section's and each entry's comments (on their lines or on the
    lines after them), and the comments on an entry's fields, for every section, entry and field the
    new document still has."""
    try:
        old = load(old_text)
    except Exception:  # noqa: BLE001 - an unreadable old file has no comments to keep
        return
    if not isinstance(old, CommentedMap):
        return
    if old.ca.comment:
        new.ca.comment = old.ca.comment
    _keep_in(new, old, depth=0)


def _keep_in(new: CommentedMap, old: CommentedMap, depth: int) -> None:
    for key in new:
        if key not in old:
            continue
        if key in old.ca.items:
            new.ca.items[key] = old.ca.items[key]
        if depth < 2 and isinstance(new[key], CommentedMap) and isinstance(old[key], CommentedMap):
            if old[key].ca.comment:
                new[key].ca.comment = old[key].ca.comment
            _keep_in(new[key], old[key], depth + 1)
