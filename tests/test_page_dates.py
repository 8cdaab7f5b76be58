"""When was this changed: dates from git history, in Chinese, and never the build's time."""

from __future__ import annotations

import re

from support import build_site, commit_all, copy_project

from macros.site.page_dates import commitless_dates_removed

FACT = re.compile(r'<span class="md-icon" title="(最后更新|创建日期)">.*?</span>\s*'
                  r'<span class="git-revision-date-localized-plugin[^"]*"[^>]*>([^<]+)</span>', re.S)


def dates(html_file) -> dict[str, str]:
    return dict(FACT.findall(html_file.read_text(encoding="utf-8")))


def test_pages_show_their_commits_dates_and_uncommitted_pages_none(tmp_path):
    project = copy_project(tmp_path / "project")
    commit_all(project, "第一期入档", date="2020-07-10T09:00:00+08:00")
    page = project / "docs" / "2020-h1" / "1.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    commit_all(project, "改动第一部分", date="2021-03-05T23:30:00+08:00")  # still 3月5日 in the bureau's time zone
    (project / "docs" / "about.md").write_text("# 关于本档案\n\n尚未提交的页面。\n", encoding="utf-8")
    result = build_site(project, tmp_path / "site")
    assert result.ok, result.output
    site = result.site
    assert dates(site / "2020-h1" / "1" / "index.html") == {"最后更新": "2021年3月5日", "创建日期": "2020年7月10日"}
    assert dates(site / "2020-h1" / "index.html") == {"最后更新": "2020年7月10日", "创建日期": "2020年7月10日"}
    # Not committed: no date at all, rather than the time of this build.
    about = (site / "about" / "index.html").read_text(encoding="utf-8")
    assert "尚未提交的页面" in about and "md-source-file" not in about


def test_outside_git_the_build_passes_and_no_page_shows_a_date(tmp_path):
    project = copy_project(tmp_path / "project")  # no .git anywhere above: tmp
    result = build_site(project, tmp_path / "site")
    assert result.ok, result.output
    assert not [p for p in result.site.rglob("*.html") if "md-source-file" in p.read_text(encoding="utf-8")]


def test_a_date_without_a_commit_is_removed_and_one_with_a_commit_kept():
    meta = {"title": "x",
            "git_revision_date_localized": "2026年1月1日", "git_revision_date_localized_hash": "",
            "git_revision_date_localized_raw_date": "2026年1月1日",
            "git_creation_date_localized": "2020年7月10日", "git_creation_date_localized_hash": "3ed8761"}
    assert commitless_dates_removed(meta) == {"title": "x", "git_creation_date_localized": "2020年7月10日",
                                              "git_creation_date_localized_hash": "3ed8761"}


def test_the_hook_asks_git_what_the_plugins_pool_would(tmp_path):
    """macros/site/page_dates.py fills the plugin's caches in the build's own process (no pool of workers): with
    the same answers, for the same pages, as the plugin's own parallel_compute_commit_timestamps."""
    from mkdocs.config import load_config  # noqa: PLC0415

    from macros.site import page_dates  # noqa: PLC0415

    project = copy_project(tmp_path / "project")
    commit_all(project, "第一期入档", date="2020-07-10T09:00:00+08:00")
    page = project / "docs" / "2020-h1" / "1.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    commit_all(project, "改动第一部分", date="2021-03-05T23:30:00+08:00")
    (project / "docs" / "about.md").write_text("# 关于本档案\n\n尚未提交的页面。\n", encoding="utf-8")

    def prepared():
        config = load_config(str(project / "mkdocs.yml"))
        config = config.plugins.on_config(config)
        from mkdocs.structure.files import get_files  # noqa: PLC0415

        return config, config.plugins[page_dates.PLUGIN], get_files(config)

    config, ours, files = prepared()
    page_dates.on_files(files, config)
    _, theirs, their_files = prepared()
    theirs.parallel_compute_commit_timestamps(their_files, is_first_commit=False)
    theirs.parallel_compute_commit_timestamps(their_files, is_first_commit=True)
    assert ours.last_revision_commits == theirs.last_revision_commits
    assert ours.created_commits == theirs.created_commits
    assert ours.cached_source_paths == theirs.cached_source_paths
    assert len(ours.last_revision_commits) == len(list(files.documentation_pages())) - 1  # about.md: no commit
