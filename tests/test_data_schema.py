"""data/schema.json: in step with the declared records (schema.py), referenced by every data file, and every data file fits it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from support import FIXTURES, ROOT

from macros.archive.data_writer import SCHEMA_LINE
from macros.archive.json_schema import SCHEMA_FILE, data_file_schema, schema_text
from macros.commands.cli import main

DATA_FILES = sorted([*(ROOT / "data").glob("*.yml"), *FIXTURES.glob("*/data/*.yml")])


def as_editors_read_it(path: Path) -> object:
    """The file as yaml-language-server reads it: YAML 1.2, where 2020-07-10 is text, not a date."""
    def text_dates(node):
        if isinstance(node, dict):
            return {key: text_dates(value) for key, value in node.items()}
        if isinstance(node, list):
            return [text_dates(item) for item in node]
        return node.isoformat() if isinstance(node, dt.date) else node
    return text_dates(yaml.safe_load(path.read_text(encoding="utf-8")))


def test_the_schema_file_is_what_the_model_generates():
    assert (ROOT / SCHEMA_FILE).read_text(encoding="utf-8") == schema_text(), \
        "data/schema.json is out of date: run python -m macros schema"
    jsonschema.Draft202012Validator.check_schema(data_file_schema())


def test_the_schema_speaks_chinese_and_knows_the_keys():
    schema = data_file_schema()
    figure = schema["$defs"]["Figure"]
    assert figure["description"] == "正文中的一个数字，例如捐款人数"
    assert figure["properties"]["value"]["description"] == "数值；原文未披露的写 null"
    assert figure["additionalProperties"] is False
    assert "title" not in figure["properties"]["label"]  # no English "Label"
    assert "title" in schema["$defs"]["SummaryMeta"]["properties"]  # the key summary.title stays


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_data_file_names_the_schema_and_fits_it(path):
    assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE == "# yaml-language-server: $schema=./schema.json"
    jsonschema.validate(as_editors_read_it(path), data_file_schema())


@pytest.mark.parametrize("change, where", [
    (lambda d: d["figures"]["members"].update(lable="x"), "lable"),
    (lambda d: d["figures"].update({"Bad-Key": {"label": "x", "unit": "人", "value": 1}}), "Bad-Key"),
    (lambda d: d["figures"]["members"].update(value="一百二十"), "一百二十"),
    (lambda d: d["summary"].update(issued="2021年7月"), "2021年7月"),
    (lambda d: d["summary"].update(status="定稿"), "定稿"),
])
def test_editors_tools_catch_what_the_build_would(change, where):
    data = as_editors_read_it(FIXTURES / "three-periods" / "data" / "2021-h1.yml")
    change(data)
    with pytest.raises(jsonschema.ValidationError) as caught:
        jsonschema.validate(data, data_file_schema())
    assert where in str(caught.value)


def test_the_schema_command_writes_the_file(tmp_path, capsys):
    (tmp_path / "data").mkdir()
    assert main(["schema"], root=tmp_path) == 0
    assert json.loads((tmp_path / SCHEMA_FILE).read_text(encoding="utf-8")) == data_file_schema()
    assert "已写出 data/schema.json" in capsys.readouterr().out
    assert main(["schema"], root=tmp_path) == 0 and "已是最新" in capsys.readouterr().out


def test_new_and_import_write_the_schema_line(tmp_path):
    from support import fixture_project

    project = fixture_project(tmp_path / "project", "three-periods")
    assert main(["new", "2022-h2"], root=project) == 0
    assert main(["import", str(FIXTURES / "import" / "clean.txt"), "--period", "2023-h1"], root=project) == 0
    for period in ("2022-h2", "2023-h1"):
        path = project / "data" / f"{period}.yml"
        assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE
        jsonschema.validate(as_editors_read_it(path), data_file_schema())
