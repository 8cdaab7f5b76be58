"""Build switches in mkdocs.yml (issue 12 point 5, issue 11 point 5): drafts and the offline copy are off
unless the environment turns them on, and a draft never reaches a default build."""

from __future__ import annotations

import pytest
from support import build_site, copy_project

from macros.commands.new_period import create_period
from macros.errors import ArchiveError
from macros.site.switches import SWITCHES, switch

DRAFT = "2020-h2"


def _config(**archive) -> dict:
    return {"extra": {"archive": archive}}


@pytest.mark.parametrize("value", [True, 1, "true", "1", "yes", "on", " True "])
def test_a_switch_is_on(value):
    assert switch(_config(drafts=value), "drafts") is True


@pytest.mark.parametrize("value", [False, 0, None, "false", "0", "no", "off", ""])
def test_a_switch_is_off(value):
    assert switch(_config(drafts=value), "drafts") is False


def test_a_switch_left_out_of_mkdocs_yml_is_off():
    assert switch({"extra": {}}, "offline") is False and switch({}, "drafts") is False


def _mentions(site, text: str) -> list[str]:
    """Files of the built site that mention `text`."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*")
                  if p.suffix in (".html", ".xml", ".json", ".js") and p.is_file()
                  and text in p.read_text(encoding="utf-8", errors="replace"))


def test_a_draft_never_reaches_a_default_build(tmp_path, monkeypatch):
    for variable in SWITCHES.values():  # the default environment: no switch set
        monkeypatch.delenv(variable, raising=False)
    project = copy_project(tmp_path / "project")
    create_period(project, DRAFT)  # `new` makes a draft

    published = build_site(project, tmp_path / "published")
    assert published.ok, published.output
    assert not (published.site / DRAFT).exists()
    # Neither the navigation of any page, nor the home page, the sitemap or the search index names it.
    assert _mentions(published.site, DRAFT) == []
    assert (published.site / "2020-h1" / "index.html").is_file()

    preview = build_site(project, tmp_path / "preview", {"ARCHIVE_DRAFTS": "true"})
    assert preview.ok, preview.output
    assert (preview.site / DRAFT / "index.html").is_file()
    assert f'href="{DRAFT}/"' in (preview.site / "index.html").read_text(encoding="utf-8")
    assert any(path.startswith("search/archive_index.") for path in _mentions(preview.site, DRAFT)), "in the index"


def test_the_bad_value_message_names_the_line_of_mkdocs_yml(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nextra:\n  archive:\n    drafts: !ENV [ARCHIVE_DRAFTS, false]\n", encoding="utf-8")
    with pytest.raises(ArchiveError) as raised:
        switch({"config_file_path": str(config), **_config(drafts="maybe")}, "drafts")
    assert str(raised.value).startswith("mkdocs.yml 第 4 行，键 extra.archive.drafts：")
    assert "ARCHIVE_DRAFTS" in str(raised.value) and "“maybe”" in str(raised.value)
