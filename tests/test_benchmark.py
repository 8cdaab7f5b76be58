"""The benchmark's literal build is a fair baseline: same pages, same visible text, no macros."""

import subprocess

from benchmark import (
    build,
    compare_sites,
    copy_project,
    literal_pages,
    make_literal_project,
)
from mkdocs.config import load_config
from support import build_site


def test_literal_pages_have_no_macro_calls(tmp_path):
    pages, nav = literal_pages(copy_project(tmp_path / "project"))
    assert pages and all("{{" not in markdown for markdown in pages.values())
    assert nav[0] == {"档案首页": "index.md"}


def test_literal_build_shows_the_same_text(built_site, tmp_path):
    literal = make_literal_project(tmp_path / "literal")
    config = load_config(str(literal / "mkdocs.yml"))
    assert "macros" not in config.plugins and config.nav
    build(literal, tmp_path / "site")
    same, detail = compare_sites(built_site, tmp_path / "site")
    assert same, detail
    # The literal build pays for the safety hook as the full build does: its policy is in every page ...
    pages = list((tmp_path / "site").rglob("*.html"))
    assert pages and all('http-equiv="Content-Security-Policy"' in p.read_text(encoding="utf-8") for p in pages)
    # ... and its raw-HTML check still refuses what is not a chart.
    page = literal / "docs" / "2020-h1" / "1.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n<img src="x.png" onerror="alert(1)">\n', encoding="utf-8")
    refused = build_site(literal, tmp_path / "bad")
    assert not refused.ok and "docs/2020-h1/1.md" in refused.output


def test_targets_are_judged_on_the_least_cpu_time_and_fail_above_their_limits():
    from benchmark import ARCHIVE_TARGET, WHOLE_TARGET, Measured, verdicts

    def measured(data: float, empty: float, literal: float, cpu: bool = True) -> Measured:
        wall = {"data": [9.0, 1.5, 9.0], "empty": [1.0, 1.0, 1.0], "literal": [1.0, 1.0, 1.0]}  # a busy machine
        # Each kind's least CPU time is the given one; the other runs were held up (other work only ever adds).
        seconds = {"data": [data * 1.3, data, data * 1.5], "empty": [empty, empty * 1.4, empty * 1.2],
                   "literal": [literal * 2, literal * 1.1, literal]}
        return Measured("", wall, seconds if cpu else {k: [float("nan")] * 3 for k in seconds})

    own, whole = verdicts(measured(1.04, 1.0, 0.9))
    assert own.passed and round(own.ratio, 3) == 1.04 and own.target == ARCHIVE_TARGET
    assert whole.passed and round(whole.ratio, 3) == round(1.04 / 0.9, 3) and whole.target == WHOLE_TARGET
    own, whole = verdicts(measured(1.06, 1.0, 0.85))
    assert not own.passed and not whole.passed
    # Without CPU times (Windows), the wall clock's least is judged: 1.5 / 1.0.
    own, _ = verdicts(measured(1.0, 1.0, 1.0, cpu=False))
    assert own.ratio == 1.5 and not own.passed


def _git(project, *args: str) -> str:

    return subprocess.run(["git", *args], cwd=project, capture_output=True, text=True, check=True).stdout.strip()


def test_the_three_builds_have_the_same_git_history(tmp_path):
    """As CI builds (a git checkout): page dates ask git about every page in all three builds, not in one."""
    from benchmark import KINDS, three_projects  # noqa: PLC0415
    from scale_archive import make_synthetic_archive  # noqa: PLC0415

    archive = make_synthetic_archive(tmp_path / "archive", 1)  # not in git: it becomes a repository of one commit
    projects = three_projects(archive, "one", tmp_path)
    assert set(projects) == set(KINDS)
    base = _git(projects["data"], "rev-parse", "HEAD")
    pages = _git(projects["data"], "ls-tree", "-r", "--name-only", "HEAD", "--", "docs")
    assert pages and "docs/2020-h1/index.md" in pages.splitlines()
    for kind in ("empty", "literal"):
        assert _git(projects[kind], "rev-parse", "HEAD^") == base  # the same history, one commit on top
        assert _git(projects[kind], "status", "--porcelain") == ""  # every page committed: every page dated
        assert _git(projects[kind], "ls-tree", "-r", "--name-only", "HEAD", "--", "docs") == pages
        assert "{{" not in (projects[kind] / "docs" / "2020-h1" / "index.md").read_text(encoding="utf-8")
    assert _git(projects["data"], "status", "--porcelain") == ""
