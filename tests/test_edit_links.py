"""From the page to the file: edit links on built HTML, with and without the repository's address."""

from __future__ import annotations

import re

import pytest
from support import build_site, copy_project

from macros.archive.catalog import load_archive

CI_ADDRESS = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "bureau/work-archive"}


def edit_button(html: str) -> str | None:
    match = re.search(r'<a href="([^"]*)" title="编辑此页" class="md-content__button md-icon" rel="edit"', html)
    return match and match[1]


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The project built three ways: no address, CI's address, and repo_url written in mkdocs.yml."""
    base = tmp_path_factory.mktemp("edit-links")
    project = copy_project(base / "project")
    built = {"none": build_site(project, base / "none"), "ci": build_site(project, base / "ci", CI_ADDRESS)}
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "# repo_url: https://github.com/所有者/仓库", "repo_url: https://git.example.org/party/archive"), encoding="utf-8")
    built["config"] = build_site(project, base / "config", CI_ADDRESS)  # repo_url wins over CI's address
    for result in built.values():
        assert result.ok, result.output
    return project, built


def test_without_an_address_no_page_or_figure_has_an_edit_link(sites):
    _, built = sites
    for page in built["none"].site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert edit_button(html) is None, page
        assert "fig-edit" not in html and "修改这个数字" not in html, page


@pytest.mark.parametrize("which, repository", [("ci", "https://github.com/bureau/work-archive"),
                                               ("config", "https://git.example.org/party/archive")])
def test_pages_open_their_markdown_in_the_web_editor(sites, which, repository):
    _, built = sites
    site = built[which].site
    for page, source in [("2020-h1/1/index.html", "2020-h1/1.md"), ("2020-h1/index.html", "2020-h1/index.md"),
                         ("index.html", "index.md")]:
        assert edit_button((site / page).read_text(encoding="utf-8")) == f"{repository}/edit/main/docs/{source}"
    # Material's repository widget would ask the host's API from readers' browsers: it is not there.
    assert 'data-md-component="source"' not in (site / "index.html").read_text(encoding="utf-8")


def test_every_figure_links_to_the_line_of_its_value(sites):
    project, built = sites
    summary = load_archive(project).summaries["2020-h1"]
    data_lines = (project / "data" / "2020-h1.yml").read_text(encoding="utf-8").splitlines()
    site = built["ci"].site
    seen = set()
    for page in summary.text_pages:
        html = (site / page.removesuffix(".md").removesuffix("/index") / "index.html").read_text(encoding="utf-8")
        for key, href in re.findall(r'data-key="([^"]+)"[^>]*>[^<]*</span><a class="fig-edit archive-added" '
                                    r'href="([^"]+)"', html):
            line = int(href.rsplit("#L", 1)[1])
            assert href == f"https://github.com/bureau/work-archive/blob/main/data/2020-h1.yml#L{line}"
            # The line is the figure's value, under its key.
            assert data_lines[line - 1].strip().startswith("value:"), (key, data_lines[line - 1])
            assert f"  {key}:" in data_lines[line - 4:line - 1], (key, line)
            seen.add(key)
    assert seen == set(summary.data.figures), set(summary.data.figures) - seen


def test_every_row_of_the_figures_page_has_an_edit_link(sites):
    project, built = sites
    figures = load_archive(project).summaries["2020-h1"].data.figures
    html = (built["ci"].site / "2020-h1" / "figures" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a class="archive-added" href="(https://github.com/bureau/work-archive/blob/main/'
                       r'data/2020-h1\.yml#L\d+)">修改这个数字</a>', html)
    assert len(links) == len(figures) == len(set(links)), "one link per figure, each to its own line"
