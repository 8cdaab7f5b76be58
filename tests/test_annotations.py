"""Errors where the editor looks: under GitHub Actions, build and proofreading problems as annotations."""

from __future__ import annotations

import pytest
from support import build_site, fixture_project

from macros.archive.annotations import workflow_command
from macros.commands.cli import main

ACTIONS = {"GITHUB_ACTIONS": "true"}


def test_workflow_commands_escape_as_github_says():
    line = workflow_command("error", "100%\r\n第二行", file="docs/a,b:c.md", line=3, title="构建失败: 1,2")
    assert line == "::error file=docs/a%2Cb%3Ac.md,line=3,title=构建失败%3A 1%2C2::100%25%0D%0A第二行"
    assert workflow_command("warning", "只有说明") == "::warning::只有说明"


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize("old, new, needle, says", [
    ("  lectures:\n", "  Lectures:\n", "  Lectures:", "键 figures.Lectures：键名“Lectures”不合规"),
    ("    value: 120\n", "    value: 一百二十\n", "    value: 一百二十", "键 figures.members.value：应为数字"),
])
def test_a_build_error_is_annotated_on_its_file_and_line(tmp_path, old, new, needle, says):
    project = fixture_project(tmp_path / "project", "three-periods")
    data = project / "data" / "2021-h1.yml"
    text = data.read_text(encoding="utf-8").replace(old, new, 1)
    data.write_text(text, encoding="utf-8")
    result = build_site(project, tmp_path / "site", ACTIONS)
    assert not result.ok
    annotations = [line for line in result.output.splitlines() if line.startswith("::")]
    assert len(annotations) == 1, result.output
    head, message = annotations[0][2:].split("::", 1)
    assert head == f"error file=data/2021-h1.yml,line={line_of(text, needle)},title=构建失败"
    assert message.startswith(says), message
    # Outside GitHub Actions: the same error, no workflow command.
    plain = build_site(project, tmp_path / "plain")
    assert not plain.ok and "::error" not in plain.output and says.split("：", 1)[1] in plain.output


def test_proofreading_findings_are_annotated_as_warnings_or_errors(tmp_path, capsys, monkeypatch):
    project = fixture_project(tmp_path / "project", "three-periods")
    page = project / "docs" / "2021-h1" / "1.md"
    text = page.read_text(encoding="utf-8") + "\n学习强国,每日打卡。\n"
    page.write_text(text, encoding="utf-8")
    line = line_of(text, "学习强国,")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main(["check", "2021-h1"], root=project) == 0
    out = capsys.readouterr().out
    assert f"::warning file=docs/2021-h1/1.md,line={line},title=校对检查：中文里用了半角标点::“" in out, out
    assert main(["check", "2021-h1", "--strict-for", str(page)], root=project) == 1
    assert f"::error file=docs/2021-h1/1.md,line={line},title=校对检查：中文里用了半角标点::" in capsys.readouterr().out
    monkeypatch.delenv("GITHUB_ACTIONS")
    main(["check", "2021-h1"], root=project)
    assert "::" not in capsys.readouterr().out
