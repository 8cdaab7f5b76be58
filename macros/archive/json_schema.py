"""data/schema.json: the data files' shape as JSON Schema, generated from the pydantic model (schema.py).

Editors' tools read it through the first line of every data file (SCHEMA_LINE in data_writer.py):
VS Code with Red Hat's YAML extension, and other editors using yaml-language-server, then check keys
and types while typing and offer each key with its Chinese description. `python -m macros schema`
writes it; tests/test_data_schema.py keeps it equal to what the model generates. What the model checks
beyond shape (a rate agreeing with its count, units without decimals) only the build reports.
"""

from __future__ import annotations

import json

from .schema import SummaryData

SCHEMA_FILE = "data/schema.json"
_TITLE = "工作总结档案：一期总结的数据文件（data/<期次>.yml）"
_NAME_MAPS = ("properties", "$defs", "patternProperties")  # their keys are names, not schema keywords


def _without_titles(node: object, names: bool = False) -> object:
    """Pydantic's English titles (Label, Thousands Separator) removed: editors show the Chinese descriptions."""
    if isinstance(node, dict):
        return {key: _without_titles(value, not names and key in _NAME_MAPS)
                for key, value in node.items() if names or not (key == "title" and isinstance(value, str))}
    if isinstance(node, list):
        return [_without_titles(item) for item in node]
    return node


def data_file_schema() -> dict:
    schema = _without_titles(SummaryData.model_json_schema())
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": _TITLE, **schema}


def schema_text() -> str:
    """The file's text: stable order, Chinese as written, a newline at the end."""
    return json.dumps(data_file_schema(), ensure_ascii=False, indent=2) + "\n"
