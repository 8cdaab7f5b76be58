"""Importing an edited document over a period the archive already has.

Keys stay where a figure's context still matches; what changes is listed before anything is
written; nothing is overwritten without --force; what an editor added in data is kept.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
import yaml
from page_text import assert_faithful
from support import ROOT, build_site, copy_project

from macros.commands.cli import main

FIXTURES = ROOT / "tests" / "fixtures" / "import"
CLEAN = (FIXTURES / "clean.txt").read_text(encoding="utf-8")
PERIOD = "2021-h1"
EDITS = [
    ("专题研讨4次", "专题研讨6次"),                                   # a figure changed
    ("，发放慰问金1.2万元", ""),                                       # a figure removed
    ("研究党建工作事项X项", "研究党建工作事项X项，开展主题党日活动8次"),  # a figure added
    ("扎实推进机关党建各项工作", "扎实推进机关党建各项重点工作"),         # wording changed
]


def edited(text: str = CLEAN, edits=EDITS) -> str:
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
    return text


def snapshot(project: Path) -> dict[str, str]:
    files = [project / "data" / f"{PERIOD}.yml", *sorted((project / "docs" / PERIOD).iterdir())]
    return {str(p.relative_to(project)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def figures(project: Path) -> dict:
    return yaml.safe_load((project / "data" / f"{PERIOD}.yml").read_text(encoding="utf-8"))["figures"]


def keys_in_reading_order(project: Path) -> list[str]:
    """The figures' keys as the pages use them first: the landing page, the parts in order, the conclusion."""
    pages = project / "docs" / PERIOD
    parts = sorted((p for p in pages.glob("*.md") if p.stem.isdigit()), key=lambda p: int(p.stem))
    text = "".join(p.read_text(encoding="utf-8") for p in [pages / "index.md", *parts, pages / "conclusion.md"])
    return list(dict.fromkeys(re.findall(r'\bfig\("(\w+)"\)', text)))


def key_of(project: Path, label: str) -> str:
    return next(key for key, figure in figures(project).items() if figure["label"] == label)


@pytest.fixture
def archive(tmp_path, capsys):
    """A project with the messy fixture imported, and an editor's changes to its data."""
    project = copy_project(tmp_path / "project")
    assert main(["import", str(FIXTURES / "messy-utf8.txt"), "--period", PERIOD], root=project) == 0
    data_file = project / "data" / f"{PERIOD}.yml"
    donors = key_of(project, "组织党员捐款（人）")
    text = data_file.read_text(encoding="utf-8").replace('"组织党员捐款（人）"\n    unit: "人"\n    value: null',
                                                         '"捐款党员人数"\n    unit: "人"\n    value: 45')
    rate = key_of(project, "捐款率（%）")
    text = text.replace("  status: draft  # 定稿后改为 final\n", f"  status: draft  # 定稿后改为 final\n  headline: [{donors}]\n")
    text += (f'\nrates:\n  - rate: {rate}\n    count: {donors}\n    base: 50\n    base_label: "机关党员总数"\n'
             '\nproofread:\n  accepted:\n    - words: "半年来"\n      reason: "原文如此"\n')
    data_file.write_text(text, encoding="utf-8")  # the editor fills in a value, a label, a rate …
    capsys.readouterr()
    return project, donors


def test_without_force_the_changes_are_listed_and_nothing_is_written(archive, tmp_path, capsys):
    project, donors = archive
    before = snapshot(project)
    document = tmp_path / "修改稿.txt"
    document.write_text(edited(), encoding="utf-8")
    assert main(["import", str(document), "--period", PERIOD], root=project) == 1
    out, err = capsys.readouterr()
    assert snapshot(project) == before
    assert "已经存在，没有改动任何文件" in err and "--force" in err
    lines = out.splitlines()
    studied = key_of(project, "专题研讨（次）")
    assert f"  改动数字：{studied}（专题研讨（次））：4次 → 6次" in lines
    assert any(line.startswith("  新增数字：") and "（开展主题党日活动（次））= 8次" in line for line in lines)
    assert any(line.startswith("  删去数字：") and "（发放慰问金（万元）），原为 1.2万元" in line for line in lines)
    assert f"  保留数字：{donors}（捐款党员人数）原文仍为 X，保留数据中已填写的 45人" in lines
    changed = [line for line in lines if line.startswith("  改动段落：")]
    assert len(changed) == 3
    assert "各项工作。" in changed[0] and "各项重点工作。" in out
    assert out.index("与现有的 2021-h1 相比：") < out.index("改动数字")


def test_with_force_keys_stay_where_the_context_matches(archive, tmp_path, capsys):
    project, donors = archive
    old = figures(project)
    document = tmp_path / "修改稿.txt"
    document.write_text(edited(), encoding="utf-8")
    assert main(["import", str(document), "--period", PERIOD, "--force"], root=project) == 0
    out = capsys.readouterr().out
    assert "改动数字：" in out and "已覆盖 2021-h1（草稿）：" in out
    new = figures(project)
    removed = {key for key, f in old.items() if f["unit"] == "万元"}
    added = set(new) - set(old)
    assert len(removed) == 1 and set(old) - set(new) == removed
    assert len(added) == 1 and new[added.pop()]["label"] == "开展主题党日活动（次）"
    assert new[donors] == {"label": "捐款党员人数", "unit": "人", "value": 45}, "the editor's label and value are kept"
    assert new[key_of(project, "专题研讨（次）")]["value"] == 6
    data = yaml.safe_load((project / "data" / f"{PERIOD}.yml").read_text(encoding="utf-8"))
    assert data["summary"]["headline"] == [donors] and data["rates"][0]["count"] == donors
    assert data["rates"][0]["base"] == 50 and data["proofread"]["accepted"][0]["words"] == "半年来"
    assert list(new) == keys_in_reading_order(project), "the data file lists the figures as the pages use them"
    site = tmp_path / "site"
    result = build_site(project, site, {"ARCHIVE_DRAFTS": "true"})  # imported periods are drafts
    assert result.ok, result.output
    assert_faithful(site, project, PERIOD, edited())
    assert (project / "docs" / PERIOD / "original.txt").read_text(encoding="utf-8") == edited()


def test_the_same_document_again_changes_nothing(archive, capsys):
    project, _ = archive
    before = snapshot(project)
    assert main(["import", str(FIXTURES / "messy-utf8.txt"), "--period", PERIOD, "--force"], root=project) == 0
    out = capsys.readouterr().out
    assert "与现有的 2021-h1 相比，文字和数字都没有变化。" in out and "保留数据中已填写的 45人" in out
    assert not any(word in out for word in ("改动", "新增", "删去数字", "删去名称", "删去段落"))
    assert snapshot(project) == before, "the editor's label and value are kept, byte for byte"


def test_a_part_the_new_document_no_longer_has_is_removed(archive, tmp_path, capsys):
    project, _ = archive
    lines = CLEAN.splitlines()
    shorter = "\n".join(lines[: lines.index("三、加强作风建设")] + lines[lines.index("1. 整改台账。建立问题清单X份，逐项销号。") + 1:])
    document = tmp_path / "删减稿.txt"
    document.write_text(shorter + "\n", encoding="utf-8")
    assert main(["import", str(document), "--period", PERIOD, "--force"], root=project) == 0
    out = capsys.readouterr().out
    assert "删去段落：“三、加强作风建设”" in out
    assert "docs/2021-h1/3.md（已删去：新文档没有这一部分）" in out
    assert not (project / "docs" / PERIOD / "3.md").exists()
    site = tmp_path / "site"
    assert build_site(project, site, {"ARCHIVE_DRAFTS": "true"}).ok
    assert_faithful(site, project, PERIOD, shorter)


def test_a_period_whose_data_cannot_be_read_is_replaced_only_with_force(archive, capsys):
    project, _ = archive
    data_file = project / "data" / f"{PERIOD}.yml"
    data_file.write_text("summary: [不成样子\n", encoding="utf-8")
    assert main(["import", str(FIXTURES / "messy-utf8.txt"), "--period", PERIOD], root=project) == 1
    assert "YAML 格式有误" in capsys.readouterr().err
    assert data_file.read_text(encoding="utf-8") == "summary: [不成样子\n"
    assert main(["import", str(FIXTURES / "messy-utf8.txt"), "--period", PERIOD, "--force"], root=project) == 0
    assert "读不出来" in capsys.readouterr().out
    assert "组织集中学习（次）" in data_file.read_text(encoding="utf-8")


def test_the_editors_comments_in_the_data_file_are_kept(archive, tmp_path):
    """Issue 9: re-import merges into the old file's comments, wherever their key is still there."""
    project, donors = archive
    data_file = project / "data" / f"{PERIOD}.yml"
    text = data_file.read_text(encoding="utf-8")
    text = text.replace(f"\n  {donors}:\n", f"\n  # 编辑：捐款数字已与工会核对\n  {donors}:\n", 1)
    text = text.replace('    label: "捐款党员人数"\n', '    label: "捐款党员人数"  # 编辑改过的名称\n', 1)
    text = "# 编辑部：本期由张三负责核对\n" + text
    data_file.write_text(text, encoding="utf-8")
    document = tmp_path / "修改稿.txt"
    document.write_text(edited(), encoding="utf-8")
    assert main(["import", str(document), "--period", PERIOD, "--force"], root=project) == 0
    after = data_file.read_text(encoding="utf-8")
    assert after.startswith("# 编辑部：本期由张三负责核对\n")
    assert f"  # 编辑：捐款数字已与工会核对\n  {donors}:\n" in after
    assert '    label: "捐款党员人数"  # 编辑改过的名称\n' in after
    assert "\n\n\n" not in after
    assert yaml.safe_load(after)["figures"][donors]["value"] == 45
