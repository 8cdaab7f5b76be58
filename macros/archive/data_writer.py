"""Writes data files (data/<period>.yml): the one place that turns values into YAML text."""

from __future__ import annotations

import json


def quoted(text: str) -> str:
    """A YAML double-quoted string (JSON's escapes are valid YAML), Chinese kept as written."""
    return json.dumps(text, ensure_ascii=False)


# The first line of every data file: editors using yaml-language-server (VS Code's YAML extension)
# validate and complete keys with data/schema.json (macros/archive/json_schema.py).
SCHEMA_LINE = "# yaml-language-server: $schema=./schema.json"
