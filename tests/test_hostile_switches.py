"""Bad values of mkdocs.yml's build switches (set through the environment): one Chinese message naming
mkdocs.yml, the switch's line and key, and no site written."""

from __future__ import annotations

import pytest
from support import ROOT, build_site, copy_project


def _line_of(key: str) -> int:
    """The line of the project's mkdocs.yml that writes the switch `key`."""
    lines = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.strip().startswith(f"{key}:"))


@pytest.mark.parametrize("variable, key, stopped", [
    ("ARCHIVE_DRAFTS", "drafts", "构建已停止，请修改后重试。"),
    ("ARCHIVE_OFFLINE", "offline", "离线版构建已停止。"),
])
def test_a_switch_neither_on_nor_off_stops_the_build(tmp_path, variable, key, stopped):
    project = copy_project(tmp_path / "project")
    result = build_site(project, tmp_path / "site", {variable: "也许"})
    output = result.output
    assert result.returncode != 0 and "Traceback" not in output, output
    errors = [line for line in output.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1 and stopped in errors[0], output
    assert f"mkdocs.yml 第 {_line_of(key)} 行，键 extra.archive.{key}：" in output, output
    assert f"开关的值“也许”看不懂（由环境变量 {variable} 设定）：应为 true 或 false。" in output, output
    assert not list((tmp_path / "site").glob("**/*.html")), "nothing is published"
