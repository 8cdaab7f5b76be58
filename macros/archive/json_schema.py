"""data/schema.json: the data files' shape as JSON Schema, generated from the declared records (schema.py).

Editors' tools read it through the first line of every data file (SCHEMA_LINE in data_writer.py):
VS Code with Red Hat's YAML extension, and other editors using yaml-language-server, then check keys
and types while typing and offer each key with its Chinese description. `python -m macros schema`
writes it; tests/test_data_schema.py keeps it equal to what the records generate. What the records check
beyond shape (a rate agreeing with its count, units without decimals) only the build reports.
"""

from __future__ import annotations

import json

from .schema import SummaryData

SCHEMA_FILE = "data/schema.json"
_TITLE = "工作总结档案：一期总结的数据文件（data/<期次>.yml）"


def _sorted(node: object, in_order: bool = False) -> object:
    """Keys in alphabetical order, for a stable file, except a record's properties, which keep the order the
    data files write them in (the order editors' tools offer them)."""
    if isinstance(node, dict):
        keys = list(node) if in_order else sorted(node)
        return {key: _sorted(node[key], not in_order and key == "properties") for key in keys}
    if isinstance(node, list):
        return [_sorted(item) for item in node]
    return node


def data_file_schema() -> dict:
    defs: dict[str, dict] = {}
    body = SummaryData.json_schema_body(defs)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": _TITLE,
            **_sorted({"$defs": defs, **body})}


def schema_text() -> str:
    """The file's text: stable order, Chinese as written, a newline at the end."""
    return json.dumps(data_file_schema(), ensure_ascii=False, indent=2) + "\n"
