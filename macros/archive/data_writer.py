"""Writes data files (data/<period>.yml): the one place that turns values into YAML text."""

from __future__ import annotations

import json


def quoted(text: str) -> str:
    """A YAML double-quoted string (JSON's escapes are valid YAML), Chinese kept as written."""
    return json.dumps(text, ensure_ascii=False)
