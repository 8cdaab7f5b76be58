"""`python -m macros changes BASE` on a temporary git repository with two commits."""

from __future__ import annotations

import pytest
from support import commit_all, fixture_project, git

from macros.commands.cli import main


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def repository(tmp_path):
    project = fixture_project(tmp_path / "project", "three-periods")
    edit(project / "data" / "2021-h2.yml", "status: final", "status: draft")
    commit_all(project, "三期")
    data = project / "data" / "2022-h1.yml"
    edit(data, "    value: 130\n", "    value: 500\n")                    # members: 125 the period before
    edit(data, "    label: 书记为基层授课次数\n", "    label: 书记授课次数\n    change_note: 改得更简短\n")
    edit(data, "figures:\n", "figures:\n  study_sessions:\n    label: 集中学习次数\n    unit: 次\n    value: 8\n")
    edit(project / "data" / "2021-h2.yml", "status: draft", "status: final")
    edit(project / "docs" / "2022-h1" / "1.md", "书记为基层授课", "学习强国,每日打卡。书记为基层授课")
    commit_all(project, "改动", date="2022-08-01T10:00:00+08:00")
    return project


def report(project, capsys, base="HEAD~1") -> str:
    assert main(["changes", base], root=project) == 0
    return capsys.readouterr().out


def test_changes_says_in_plain_words_what_the_commit_does(repository, capsys):
    out = report(repository, capsys)
    commit = git(repository, "rev-parse", "HEAD~1").strip()
    assert out.startswith(f"## 这次改动做了什么（与 `HEAD~1`，即 {commit[:7]} 相比）")
    assert "- 2021年下半年（2021-h2）：`data/2021-h2.yml`" in out
    assert "- 2022年上半年（2022-h1）：`data/2022-h1.yml`、`docs/2022-h1/1.md`" in out
    # Old → new, with the previous summary's value to compare.
    assert "| 2022年上半年 | 机关党员人数（`members`） | 130名 | 500名 | 125（2021年下半年） |" in out
    assert "| 2022年上半年 | 书记为基层授课次数 → 书记授课次数（`lectures`） | 6次 | 6次 |" in out
    assert "- 2022年上半年 新增数字：集中学习次数（`study_sessions`）= 8次" in out
    assert "- docs/2022-h1/1.md 第 9 行 &#91;警告&#93; 中文里用了半角标点：“学习强国,每日打卡”" in out  # [ ] as entities
    # 500 is 4 times 125, an increase of 3 times: the plausibility warning `check` gives, under its own heading
    jumps = out.split("### 可能写错的数字")[1].split("###")[0]
    assert "与上期相差悬殊：“机关党员人数：125名 → 500名”——2022年上半年比上期（2021年下半年）增加 3 倍，请核对" in jumps
    assert out.rstrip().endswith("### 草稿转为定稿（合并后将发布）\n\n- 2021年下半年（2021-h2）")


def test_nothing_changed_says_so(repository, capsys):
    out = report(repository, capsys, base="HEAD")
    assert "没有改动 docs/ 和 data/ 中的文件。" in out
    assert "没有数字或名称的数值、名称、单位被改动。" in out
    assert out.count("\n没有。\n") == 4  # added or removed, findings, implausible figures, drafts turned final


def test_uncommitted_work_is_compared_too(repository, capsys):
    edit(repository / "data" / "2021-h1.yml", "    value: 120\n", "    value: 121\n")
    out = report(repository, capsys, base="HEAD")
    assert "| 2021年上半年 | 机关党员人数（`members`） | 120名 | 121名 | — |" in out


def test_text_from_the_repository_shows_as_written(repository, capsys):
    edit(repository / "data" / "2022-h1.yml", "    label: 集中学习次数\n", "    label: \"<b>集中</b>|学习*次数*\"\n")
    out = report(repository, capsys, base="HEAD")
    assert "&#60;b&#62;集中&#60;/b&#62;&#124;学习&#42;次数&#42;" in out and "<b>" not in out
