"""The editors' commands: `python -m macros new` and `python -m macros rename`."""

from __future__ import annotations

import pytest
import yaml
from support import build_site, fixture_project, run_module

from macros.archive.catalog import load_archive
from macros.archive.data_writer import SCHEMA_LINE
from macros.commands.cli import main


@pytest.fixture
def archive(tmp_path):
    return fixture_project(tmp_path / "project", "three-periods")


def run_command(project, *args):
    """Run the command exactly as an editor types it, in the project folder."""
    return run_module("macros", *args, cwd=project)


def test_new_creates_the_next_period_from_the_latest_structure(archive, tmp_path):
    done = run_command(archive, "new", "2022-h2")
    assert done.returncode == 0, done.stderr
    assert "已按 2022-h1 的结构新建 2022-h2（草稿）" in done.stdout
    new = yaml.safe_load((archive / "data" / "2022-h2.yml").read_text(encoding="utf-8"))
    latest = yaml.safe_load((archive / "data" / "2022-h1.yml").read_text(encoding="utf-8"))
    assert new["summary"]["status"] == "draft"
    assert new["summary"]["title"] == "2022年临江市直机关下半年党建工作总结"
    assert new["figures"].keys() == latest["figures"].keys()
    assert all(f["value"] is None for f in new["figures"].values())
    assert all(f["unit"] == latest["figures"][k]["unit"] for k, f in new["figures"].items())
    assert all(n["value"] is None for n in new["names"].values())
    assert new["rates"][0]["base"] is None
    page = (archive / "docs" / "2022-h2" / "1.md").read_text(encoding="utf-8")
    old_page = (archive / "docs" / "2022-h1" / "1.md").read_text(encoding="utf-8")
    headings = [line for line in old_page.splitlines() if line.startswith("#")]
    assert [line for line in page.splitlines() if line.startswith("#")] == headings
    assert '{{ fig("members") }}名' in page and '{{ fig("volunteer_hours") }}小时' in page
    assert (archive / "docs" / "2022-h2" / "index.md").read_text(encoding="utf-8").startswith(
        "# 2022年临江市直机关下半年党建工作总结")
    # the strict build passes right after `new`, with the draft in the preview …
    preview = build_site(archive, tmp_path / "preview", {"ARCHIVE_DRAFTS": "true"})
    assert preview.ok, preview.output
    assert (tmp_path / "preview" / "2022-h2" / "1" / "index.html").is_file()
    # … and without it on the published site, built as by default
    published = build_site(archive, tmp_path / "published", {"ARCHIVE_DRAFTS": "false"})
    assert published.ok, published.output
    assert not (tmp_path / "published" / "2022-h2").exists()
    home = (tmp_path / "published" / "index.html").read_text(encoding="utf-8")
    assert "2022-h2" not in home and "下半年党建工作总结" in home  # 2021-h2 is still there


def test_new_refuses_to_overwrite_an_existing_period(archive, capsys):
    before = (archive / "data" / "2022-h1.yml").read_bytes()
    assert main(["new", "2022-h1"], root=archive) == 1
    assert "这一期已经存在，没有改动任何文件" in capsys.readouterr().err
    assert (archive / "data" / "2022-h1.yml").read_bytes() == before


def test_new_refuses_a_bad_period_id(archive, capsys):
    assert main(["new", "2022-h3"], root=archive) == 1
    assert "不是有效的期次编号" in capsys.readouterr().err
    assert not (archive / "docs" / "2022-h3").exists()


def test_rename_changes_data_and_pages_in_every_period(archive, tmp_path):
    done = run_command(archive, "rename", "donors", "donor_count")
    assert done.returncode == 0, done.stderr
    assert "已把“donors”改名为“donor_count”" in done.stdout
    loaded = load_archive(archive)
    for summary in loaded.summaries.values():
        assert "donor_count" in summary.data.figures and "donors" not in summary.data.figures
        assert summary.data.rates[0].count == "donor_count"
        assert summary.data.summary.headline == ["members", "donor_count"]
    for page in (archive / "docs").rglob("*.md"):
        assert 'fig("donors")' not in page.read_text(encoding="utf-8")
    data_text = (archive / "data" / "2021-h1.yml").read_text(encoding="utf-8")
    assert data_text.startswith(SCHEMA_LINE + "\n# 测试用的一期"), "comments are kept"
    assert build_site(archive, tmp_path / "site").ok


def test_rename_refuses_an_existing_or_unknown_key(archive, capsys):
    assert main(["rename", "donors", "members"], root=archive) == 1
    assert "键“members”已经存在" in capsys.readouterr().err
    assert main(["rename", "nothing_here", "x"], root=archive) == 1
    assert "没有哪一期的数据里有键“nothing_here”" in capsys.readouterr().err
    assert main(["rename", "donors", "捐款"], root=archive) == 1
    assert "不合规" in capsys.readouterr().err
    assert 'fig("donors")' in (archive / "docs" / "2021-h1" / "1.md").read_text(encoding="utf-8")
