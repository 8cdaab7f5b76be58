"""The benchmark's literal build is a fair baseline: same pages, same visible text, no macros."""

from benchmark import (
    build,
    compare_sites,
    copy_project,
    literal_pages,
    make_literal_project,
)
from mkdocs.config import load_config


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
