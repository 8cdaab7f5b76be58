"""`python -m macros check`: warnings for the archive, errors for new work, accepted findings, and CI.

Findings in archived summaries are warnings (the archive keeps its originals' faults); in files
named with --strict-for or changed since --changed-since REF they are errors (exit 1), unless
data/<period>.yml accepts them. Without git or the ref, everything stays a warning, said so.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest
import yaml
from support import ROOT, copy_project, fixture_project, line_of, missing_input, run_module

from macros.commands.cli import main

STRICT_ALL = ["--strict-for", "docs", "data"]
ORIGINAL = ROOT / "docs" / "2020-h1" / "original.txt"
# Where the 2020-h1 faults stand, read from the files (the proofreader must name these lines).
REPEATED = line_of(ROOT / "docs" / "2020-h1" / "2.md", "三中、三中")
ONE_YEAR = line_of(ROOT / "docs" / "2020-h1" / "index.md", "一年来")
STATUS = line_of(ROOT / "data" / "2020-h1.yml", "status:")
REPEATED_IN_ORIGINAL = line_of(ORIGINAL, "三中、三中")


def check(capsys, *args, root=ROOT) -> tuple[int, list[str], str]:
    code = main(["check", *args], root=root)
    out = capsys.readouterr()
    return code, out.out.splitlines(), out.err


def without_acceptances(project):
    data = project / "data" / "2020-h1.yml"
    text = data.read_text(encoding="utf-8")
    data.write_text(text[:text.index("\nproofread:")] + "\n", encoding="utf-8")
    return data


# --- the real archive ---------------------------------------------------------------------------

def test_the_archive_lists_the_2020_h1_faults_as_accepted(capsys):
    code, lines, _ = check(capsys)
    assert code == 0
    assert f"docs/2020-h1/2.md 第 {REPEATED} 行 [已确认] 重复的列举项：“三中、三中” —— 原文第二部分（一）重复了“三中”，档案照录" in lines
    assert any(line.startswith(f"docs/2020-h1/index.md 第 {ONE_YEAR} 行 [已确认] 时段说法与标题不符：“一年来”") for line in lines)
    assert any(line.startswith(f"data/2020-h1.yml 第 {STATUS} 行 [已确认] 定稿中有未披露的 X：“60 处 X”") for line in lines)
    assert lines[-1] == "校对检查：2020-h1（5 个页面）——错误 0 处，警告 0 处，已确认 4 处。"


def test_every_archived_finding_is_accepted_so_a_change_to_any_file_passes(capsys):
    code, lines, _ = check(capsys, *STRICT_ALL)
    assert code == 0, "\n".join(lines)


def test_an_original_outside_the_archive_is_checked_as_its_summary(tmp_path, capsys):
    """A received original, wherever it lies, named after its period: checked with that summary's acceptances."""
    original = tmp_path / "received" / "2020-h1.txt"
    original.parent.mkdir()
    shutil.copy(ORIGINAL, original)
    code, lines, _ = check(capsys, str(original), "--strict-for", str(original))
    assert code == 0
    assert f"{original} 第 {REPEATED_IN_ORIGINAL} 行 [已确认] 重复的列举项：“三中、三中” —— 原文第二部分（一）重复了“三中”，档案照录" in lines
    assert sum("[已确认]" in line for line in lines) == 4


# --- warnings, errors and accepted findings -----------------------------------------------------

def test_findings_are_warnings_unless_in_files_named_strict(tmp_path, capsys, monkeypatch):
    project = copy_project(tmp_path / "p")
    without_acceptances(project)
    monkeypatch.chdir(project)
    code, lines, _ = check(capsys, root=project)
    assert code == 0
    assert f"docs/2020-h1/2.md 第 {REPEATED} 行 [警告] 重复的列举项：“三中、三中”" in lines
    assert sum("[警告]" in line for line in lines) == 4
    assert lines[-1].startswith("警告只作提示")

    code, lines, _ = check(capsys, "--strict-for", "docs/2020-h1/2.md", root=project)
    assert code == 1
    assert f"docs/2020-h1/2.md 第 {REPEATED} 行 [错误] 重复的列举项：“三中、三中”" in lines
    assert sum("[警告]" in line for line in lines) == 3
    assert lines[-2].endswith("——错误 1 处，警告 3 处，已确认 0 处。")
    assert lines[-1].startswith("有错误：请按提示修改；若原文确实如此，在 data/<期次>.yml 的 proofread.accepted 中")


def test_an_acceptance_that_no_longer_matches_is_reported(tmp_path, capsys):
    project = copy_project(tmp_path / "p")
    data = project / "data" / "2020-h1.yml"
    text = data.read_text(encoding="utf-8") + "    - words: 不存在的字句\n      reason: 测试\n"
    data.write_text(text, encoding="utf-8")
    line = text.splitlines().index("    - words: 不存在的字句") + 1
    code, lines, _ = check(capsys, root=project)
    assert code == 0
    assert f"data/2020-h1.yml 第 {line} 行 [警告] 已确认的发现不再出现：“不存在的字句”（请从 proofread.accepted 中删去这一条）" in lines
    code, lines, _ = check(capsys, "--strict-for", str(data), root=project)
    assert code == 1


def test_disclosing_a_figure_changes_the_x_count_and_asks_for_review(tmp_path, capsys, monkeypatch):
    project = copy_project(tmp_path / "p")
    monkeypatch.chdir(project)  # paths on the command line are relative to where it runs
    data = project / "data" / "2020-h1.yml"
    text = data.read_text(encoding="utf-8")
    text = re.sub(r"(secretary_lectures:\n(?:    .*\n)*?    value: )null", r"\g<1>3", text)
    data.write_text(text, encoding="utf-8")
    code, lines, _ = check(capsys, "--strict-for", "data/2020-h1.yml", root=project)
    assert code == 1
    assert any(line.startswith(f"data/2020-h1.yml 第 {STATUS} 行 [错误] 定稿中有未披露的 X：“59 处 X”") for line in lines)
    assert any("[错误] 已确认的发现不再出现：“60 处 X”" in line for line in lines)


def test_acceptances_are_part_of_the_data_schema(tmp_path):
    from macros.archive.summary_data import load_summary_data
    from macros.errors import ArchiveError

    data = tmp_path / "2020-h1.yml"
    text = (ROOT / "data" / "2020-h1.yml").read_text(encoding="utf-8")
    data.write_text(text.replace("      reason: 原文结尾段如此", "      reson: 原文结尾段如此"), encoding="utf-8")
    with pytest.raises(ArchiveError) as error:
        load_summary_data(data, "data/2020-h1.yml")
    assert "不认识的键“reson”" in str(error.value) and "reason" in str(error.value)
    assert "proofread.accepted[2]" in str(error.value)


def test_the_data_guide_example_is_valid():
    guide = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    example = next(block for block in re.findall(r"```yaml\n(.*?)```", guide, re.S) if "proofread:" in block)
    from macros.archive.schema import Proofread

    accepted = Proofread.read(yaml.safe_load(example)["proofread"]).accepted
    assert accepted[0].words == "三中、三中"


# --- what to check --------------------------------------------------------------------------------

def test_a_page_is_checked_within_its_summary_and_reported_alone(capsys):
    code, lines, _ = check(capsys, "docs/2020-h1/2.md")
    assert code == 0
    assert lines[:-1] == [f"docs/2020-h1/2.md 第 {REPEATED} 行 [已确认] 重复的列举项：“三中、三中” —— 原文第二部分（一）重复了“三中”，档案照录"]
    assert lines[-1] == "校对检查：2020-h1（1 个页面）——错误 0 处，警告 0 处，已确认 1 处。"


@pytest.mark.parametrize("given, says", [
    ("docs/2020-h1/figures.md", "不是总结正文的页面"),
    ("no-such-file.txt", "没有这个文件"),
    ("mkdocs.yml", "无法检查"),
    ("2031-h1", "无法检查"),
])
def test_what_cannot_be_checked_is_refused_with_a_reason(capsys, monkeypatch, given, says):
    monkeypatch.chdir(ROOT)
    code, lines, err = check(capsys, given)
    assert code == 1 and lines == []
    assert err.startswith(f"未执行：{given}") and says in err


def test_plain_text_in_gb18030_with_windows_line_ends(tmp_path, capsys):
    text = tmp_path / "收到的总结.txt"
    original = ORIGINAL.read_text(encoding="utf-8")
    text.write_bytes(original.replace("\n", "\r\n").encode("gb18030"))
    code, lines, _ = check(capsys, str(text))
    assert code == 0
    assert f"{text} 第 {REPEATED_IN_ORIGINAL} 行 [已确认] 重复的列举项：“三中、三中” —— 原文第二部分（一）重复了“三中”，档案照录" in lines


def test_a_new_text_with_faults(tmp_path, capsys):
    text = tmp_path / "new.txt"
    text.write_text("2021年某局上半年党建工作总结\n\n一年来，工作,加强。一是学习。三是宣传。\n", encoding="utf-8")
    code, lines, _ = check(capsys, str(text), "--strict-for", str(text))
    assert code == 1
    assert lines[:-2] == [
        f"{text} 第 3 行 [错误] 序号不连续：“三是”（前一个是“一是”）",
        f"{text} 第 3 行 [错误] 时段说法与标题不符：“一年来”（标题写的是“上半年”）",
        f"{text} 第 3 行 [错误] 中文里用了半角标点：“来，工作,加强。一”（半角“,”应为全角“，”）",
    ]


# --- changed since a git ref ----------------------------------------------------------------------

@pytest.fixture
def git_installed():
    if shutil.which("git") is None:
        missing_input("git is not installed")


needs_git = pytest.mark.usefixtures("git_installed")


def git(project, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "init.defaultBranch=main",
                    *args], cwd=project, check=True, capture_output=True)


@needs_git
def test_findings_in_changed_and_new_files_are_errors(tmp_path, capsys):
    project = fixture_project(tmp_path / "p", "three-periods")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "archive")
    page = project / "docs" / "2021-h1" / "1.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n工作,加强。\n", encoding="utf-8")
    new_page = project / "docs" / "2021-h2" / "2.md"
    new_page.write_text("# 二、宣传\n\n学习《党章。\n", encoding="utf-8")
    status = line_of(project / "data" / "2021-h2.yml", "status:")
    code, lines, _ = check(capsys, "--changed-since", "HEAD", root=project)
    assert code == 1
    assert lines[0] == "相对于“HEAD”改动过或新加的文件 2 个，其中的发现按错误处理。"
    assert f"docs/2021-h1/1.md 第 {line_of(page, '工作,加强。')} 行 [错误] 中文里用了半角标点：“工作,加强。”（半角“,”应为全角“，”）" in lines
    assert f"docs/2021-h2/2.md 第 {line_of(new_page, '《党章。')} 行 [错误] 引号或括号不成对：“《党章。”（“《”后面没有对应的“》”）" in lines
    assert any(line.startswith(f"data/2021-h2.yml 第 {status} 行 [警告] 定稿中有未披露的 X：“1 处 X”") for line in lines)

    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "change")
    code, lines, _ = check(capsys, "--changed-since", "HEAD", root=project)
    assert code == 0 and lines[0] == "相对于“HEAD”改动过或新加的文件 0 个，其中的发现按错误处理。"
    code, lines, _ = check(capsys, "--changed-since", "HEAD~1", root=project)
    assert code == 1 and lines[0].startswith("相对于“HEAD~1”改动过或新加的文件 2 个")


@needs_git
def test_an_unknown_ref_falls_back_to_warnings(tmp_path, capsys):
    project = fixture_project(tmp_path / "p", "three-periods")
    git(project, "init", "-q")
    code, lines, _ = check(capsys, "--changed-since", "origin/main", root=project)
    assert code == 0
    assert lines[0].startswith("提示：无法取得相对于“origin/main”的改动（")
    assert lines[0].endswith("），所有发现按警告处理。")
    assert any("[警告] 定稿中有未披露的 X" in line for line in lines)


def test_without_git_everything_stays_a_warning(tmp_path, capsys, monkeypatch):
    project = fixture_project(tmp_path / "p", "three-periods")
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    code, lines, _ = check(capsys, "--changed-since", "HEAD", root=project)
    assert code == 0
    assert lines[0].startswith("提示：无法取得相对于“HEAD”的改动（无法运行 git：")


def test_the_command_line_entry_point():
    done = run_module("macros", "check", "docs/2020-h1/2.md", cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "[已确认] 重复的列举项：“三中、三中”" in done.stdout


# --- CI: dev.py test and the workflow ---------------------------------------------------------------

@needs_git
def test_dev_py_test_runs_the_tests_only_once_the_proofreading_passes(tmp_path, monkeypatch, capfd):
    """`python3 dev.py test` in a project whose uncommitted page has a fault: the proofreading stops it before
    pytest starts; committed, the fault is a warning and the project's tests run."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("dev", ROOT / "dev.py")
    dev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dev)
    project = fixture_project(tmp_path / "p", "three-periods")
    ran = project / "the-tests-ran"
    (project / "tests").mkdir()
    (project / "tests" / "test_marker.py").write_text(
        f"from pathlib import Path\n\n\ndef test_marker():\n    Path({str(ran)!r}).touch()\n", encoding="utf-8")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "archive")
    page = project / "docs" / "2021-h1" / "1.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n工作,加强。\n", encoding="utf-8")
    # dev.py on this project, with the .venv already set up and the site already built: installing and building
    # are tested elsewhere (test_atomic_build.py, test_dev_py.py).
    monkeypatch.setattr(dev, "ROOT", project)
    monkeypatch.setattr(dev, "PYTHON", sys.executable)
    for step in ("set_up", "set_up_browser", "build"):
        monkeypatch.setattr(dev, step, lambda *args, **kwargs: None)

    with pytest.raises(subprocess.CalledProcessError) as stopped:
        dev.main(["dev.py", "test", "-q", "-p", "no:cacheprovider"])
    assert stopped.value.returncode == 1
    assert f"docs/2021-h1/1.md 第 {line_of(page, '工作,加强。')} 行 [错误] 中文里用了半角标点" in capfd.readouterr().out
    assert not ran.exists(), "pytest ran although the proofreading failed"

    git(project, "commit", "-q", "-a", "-m", "the change, committed")
    dev.main(["dev.py", "test", "-q", "-p", "no:cacheprovider"])
    assert "[警告] 中文里用了半角标点" in capfd.readouterr().out
    assert ran.exists(), "the tests did not run after the proofreading passed"


def test_pull_requests_proofread_the_files_they_change():
    from test_workflows import (
        PULL_REQUEST,
        PUSH_TO_MAIN,
        WORKFLOWS,
        load,
        runs_on,
        steps_running,
        steps_using,
    )

    job = load(WORKFLOWS / "ci.yml")["jobs"]["test"]
    checks = steps_running(job, "macros check --changed-since HEAD^1")
    assert len(checks) == 1
    index, step = checks[0]
    assert runs_on(step.get("if"), PULL_REQUEST) and not runs_on(step.get("if"), PUSH_TO_MAIN)
    assert index > min(i for i, _ in steps_running(job, "dev.py test")), "the check needs the .venv dev.py test made"
    (_, checkout), = steps_using(job, "actions/checkout")
    depth = checkout["with"]["fetch-depth"]
    assert depth == 0 or depth >= 2, "HEAD^1, the pull request's base, must be fetched (0: the whole history)"
