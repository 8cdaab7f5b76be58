"""`python -m macros schema`: write data/schema.json from the data model (see macros/archive/json_schema.py)."""

from __future__ import annotations

from pathlib import Path

from ..archive.json_schema import SCHEMA_FILE, schema_text


def write_schema(root: Path) -> list[str]:
    path = root / SCHEMA_FILE
    text = schema_text()
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return [f"{SCHEMA_FILE} 已是最新，未改动。"]
    path.write_text(text, encoding="utf-8")
    return [f"已写出 {SCHEMA_FILE}：编辑器（如装有 YAML 扩展的 VS Code）据此检查数据文件、提示可以写的键。"]
