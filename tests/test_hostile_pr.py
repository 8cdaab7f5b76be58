"""Bad input for the pull-request tools: `changes` that cannot compare, and addresses no edit link is built from.

Each kind shows its one Chinese message, exits 1 (or stops the build), and writes nothing.
"""

from __future__ import annotations

import pytest
from support import build_site, commit_all, copy_project, fixture_project, git

from macros.commands.cli import main
from macros.errors import ArchiveError
from macros.site.edit_links import repository


def changes(project, base, capsys) -> str:
    assert main(["changes", "--", base], root=project) == 1  # "--": a revision that looks like an option
    captured = capsys.readouterr()
    assert captured.out == "", "nothing is reported when nothing could be compared"
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    return lines[0]


@pytest.fixture
def repository_project(tmp_path):
    project = fixture_project(tmp_path / "project", "three-periods")
    commit_all(project, "三期")
    return project


@pytest.mark.parametrize("base", ["no-such-branch", "0123456789abcdef0123456789abcdef01234567", "--output=/tmp/x",
                                  "HEAD~5"])
def test_changes_refuses_a_revision_that_does_not_exist(repository_project, capsys, base):
    message = changes(repository_project, base, capsys)
    assert message == f"未能比较改动：没有“{base}”这个 git 版本（分支、标签或提交）。新克隆的仓库可能还没有取得它：请先 git fetch。"
    assert not (repository_project / base).exists() and not (repository_project.parent / "x").exists()


def test_changes_outside_git_says_so(tmp_path, capsys):
    project = copy_project(tmp_path / "project")
    message = changes(project, "HEAD", capsys)
    assert message == f"未能比较改动：{project} 不在 git 仓库中，没有可以比较的历史版本。"


def test_changes_names_the_data_file_that_does_not_load_at_the_base(repository_project, capsys):
    data = repository_project / "data" / "2021-h1.yml"
    good = data.read_text(encoding="utf-8")
    data.write_text(good.replace("    value: 120\n", "    value: 一百二十\n"), encoding="utf-8")
    line = next(i for i, text in enumerate(data.read_text(encoding="utf-8").splitlines(), 1) if "一百二十" in text)
    commit_all(repository_project, "写错了")
    data.write_text(good, encoding="utf-8")
    commit_all(repository_project, "改正")
    commit = git(repository_project, "rev-parse", "HEAD~1").strip()
    message = changes(repository_project, "HEAD~1", capsys)
    assert message.startswith(f"未能比较改动：版本“HEAD~1”（{commit[:7]}）中的数据无法读取，无法比较："
                              f"data/2021-h1.yml 第 {line} 行，键 figures.members.value：应为数字"), message


def test_changes_names_the_data_file_that_does_not_load_now(repository_project, capsys):
    data = repository_project / "data" / "2022-h1.yml"
    data.write_text(data.read_text(encoding="utf-8").replace("  status: final\n", "  status: 定稿\n"), encoding="utf-8")
    message = changes(repository_project, "HEAD", capsys)
    assert message.startswith("未能比较改动：当前的数据无法读取，无法比较：data/2022-h1.yml 第 7 行，键 summary.status："
                              "只能写 final 或 draft，现在写的是“定稿”。"), message


@pytest.mark.parametrize("repo_url, server, name, key, says", [
    ('https://github.com/a/b" onmouseover="alert(1)', "", "", "repo_url", "不是有效的 https 网址"),
    ("http://github.com/a/b", "", "", "repo_url", "不是有效的 https 网址"),
    ("https://github.com/a b/c", "", "", "repo_url", "不是有效的 https 网址"),
    ("https://user:secret@github.com/a/b", "", "", "repo_url", "不是有效的 https 网址"),
    (None, "javascript:alert(1)//", "a/b", "repo_url", "不是有效的 https 网址"),
    (None, "https://github.com", 'a/b"><script>', "extra.repository.name", "不是“所有者/仓库”的形式"),
])
def test_no_edit_link_is_built_from_a_malformed_address(repo_url, server, name, key, says):
    with pytest.raises(ArchiveError) as caught:
        repository(repo_url, "edit/main/docs/", server, name)
    assert caught.value.file == "mkdocs.yml" and caught.value.key == key and says in caught.value.message


@pytest.mark.parametrize("server, name", [("", ""), ("https://github.com", ""), ("", "a/b")])
def test_an_unset_address_means_no_edit_links(server, name):
    assert repository(None, "edit/main/docs/", server, name) is None


def test_an_edit_uri_that_names_no_branch_stops(tmp_path):
    with pytest.raises(ArchiveError) as caught:
        repository("https://github.com/a/b", "docs/", "", "")
    assert caught.value.key == "edit_uri" and "edit/分支名/docs/" in caught.value.message


@pytest.mark.parametrize("env, says", [
    ({"GITHUB_SERVER_URL": "javascript:alert(1)//", "GITHUB_REPOSITORY": "a/b"}, "不是有效的 https 网址"),
    ({"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "a/b' onclick='x"}, "不是“所有者/仓库”的形式"),
])
def test_the_build_stops_on_a_malformed_address_and_publishes_nothing(tmp_path, env, says):
    project = copy_project(tmp_path / "project")
    result = build_site(project, tmp_path / "site", env)
    assert not result.ok and says in result.output and "mkdocs.yml" in result.output, result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "site" / "index.html").exists()
