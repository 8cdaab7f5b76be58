"""校对检查 on the real archive: the 2020 H1 summary's pages, its original text, and how pages are read.

The 2020 H1 original repeats 三中, says 一年来 and 回顾一年 under a 上半年 title, and is final with
60 undisclosed marks. Those, and nothing else, must be found: the rest of its text (（一）…（四）,
一是…四是, 一个是…另一个是, 《…（试行）》 …) is correct and must pass.
"""

from __future__ import annotations

import re

import pytest
import yaml
from page_text import REDACTION
from support import ROOT, fixture_project, line_of

from macros.archive.catalog import load_archive
from macros.proofread.check import proofread
from macros.proofread.text import plain_text, read_plain, summary_text

PERIOD = "2020-h1"
X_FINDING = "定稿中有未披露的 X"
PAGES = ROOT / "docs" / PERIOD
ORIGINAL = PAGES / "original.txt"


def status_line(root, period: str) -> int:
    lines = (root / "data" / f"{period}.yml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.strip().startswith("status:"))


def test_2020_h1_pages_report_its_faults_and_nothing_else():
    summary = load_archive(ROOT).summaries[PERIOD]
    found = {(f.file, f.line, f.kind, f.words) for f in proofread(summary_text(ROOT, summary))}
    assert found == {
        ("docs/2020-h1/index.md", line_of(PAGES / "index.md", "一年来"), "时段说法与标题不符", "一年来"),
        ("docs/2020-h1/2.md", line_of(PAGES / "2.md", "三中、三中"), "重复的列举项", "三中、三中"),
        ("docs/2020-h1/conclusion.md", line_of(PAGES / "conclusion.md", "回顾一年"), "时段说法与标题不符", "回顾一年"),
        ("data/2020-h1.yml", status_line(ROOT, PERIOD), X_FINDING, "60 处 X"),
    }


def undisclosed_marks(root, period: str) -> list[tuple[str, int, str, str]]:
    """(page, line, fig or name, key) of each macro showing an X, in reading order, read from the files."""
    data = yaml.safe_load((root / "data" / f"{period}.yml").read_text(encoding="utf-8"))
    hidden = {("fig", key) for key, figure in data["figures"].items() if figure.get("value") is None}
    hidden |= {("name", key) for key, name in data["names"].items() if name.get("value") is None}
    summary = load_archive(root).summaries[period]
    found = []
    for page in (f"{period}/index.md", *summary.part_pages):
        text = (root / "docs" / page).read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), 1):
            found += [(f"docs/{page}", number, kind, key) for kind, key in re.findall(r'\b(fig|name)\("(\w+)"\)', line)
                      if (kind, key) in hidden]
    return found


def test_the_final_with_x_finding_is_one_line_an_editor_can_act_on():
    summary = load_archive(ROOT).summaries[PERIOD]
    finding = next(f for f in proofread(summary_text(ROOT, summary)) if f.kind == X_FINDING)
    marks = undisclosed_marks(ROOT, PERIOD)
    names = sum(kind == "name" for _, _, kind, _ in marks)
    keys = list(dict.fromkeys(key for *_, key in marks))
    assert len(keys) > 5, "more keys than the finding names, so it says how many"
    assert finding.words == f"{len(marks)} 处 X"
    assert f"名称 {names} 处、数字 {len(marks) - names} 处" in finding.detail
    assert f"首见于 {marks[0][0]} 第 {marks[0][1]} 行" in finding.detail
    assert f"键 {'、'.join(keys[:5])} 等 {len(keys)} 个" in finding.detail


def original_copies(tmp_path):
    """The archive's copy of the 2020-h1 original, and the same text as received elsewhere (GB18030, CRLF)."""
    received = tmp_path / "received" / f"{PERIOD}.txt"
    received.parent.mkdir()
    received.write_bytes(ORIGINAL.read_text(encoding="utf-8").replace("\n", "\r\n").encode("gb18030"))
    return {"archive-copy": ORIGINAL, "received": received}


@pytest.mark.parametrize("copy", ["archive-copy", "received"])
def test_2020_h1_original_text_reports_the_same_faults(copy, tmp_path):
    path = original_copies(tmp_path)[copy]
    summary = load_archive(ROOT).summaries[PERIOD]
    found = {(f.line, f.kind, f.words) for f in proofread(plain_text(read_plain(path), "original.txt", summary))}
    one_year = line_of(ORIGINAL, "一年来")
    assert found == {
        (one_year, "时段说法与标题不符", "一年来"),
        (one_year, X_FINDING, f"{len(REDACTION.findall(ORIGINAL.read_text(encoding='utf-8')))} 处 X"),  # at the first X
        (line_of(ORIGINAL, "三中、三中"), "重复的列举项", "三中、三中"),
        (line_of(ORIGINAL, "回顾一年"), "时段说法与标题不符", "回顾一年"),
    }
    assert line_of(ORIGINAL, "X") == one_year


def test_without_its_summary_a_text_is_not_known_to_be_final():
    text = read_plain(ORIGINAL)
    found = {(f.kind, f.words) for f in proofread(plain_text(text, "original.txt"))}
    assert found == {("时段说法与标题不符", "一年来"), ("重复的列举项", "三中、三中"), ("时段说法与标题不符", "回顾一年")}


def test_pages_are_read_as_readers_see_them_with_the_lines_editors_edit(tmp_path):
    project = fixture_project(tmp_path / "p", "three-periods")
    page = project / "docs" / "2021-h1" / "1.md"
    page.write_text(
        "---\nsearch:\n  exclude: false\n---\n\n"
        '# 一、组织建设 { .archive-added title="档案所加:标题" }\n\n'
        "## （一）党员队伍。\n\n"
        '机关现有党员{{ fig("members") }}名,捐款{{ fig("donors") }}人，\n'
        '捐款率达{{ fig("donation_rate") }}%。\n\n'
        "## （三）学习教育。\n\n"
        '书记为基层授课{{ fig("lectures") }}次。{% raw %}{{ 例 }}{% endraw %}\n',
        encoding="utf-8")
    summary = load_archive(project).summaries["2021-h1"]
    text = summary_text(project, summary)
    assert [b.text for b in text.blocks if b.file.endswith("1.md")][2] == "机关现有党员120名,捐款100人，\n捐款率达83.3%。"
    found = [(f.file, f.line, f.kind, f.words) for f in proofread(text)]
    assert found == [
        ("docs/2021-h1/1.md", line_of(page, "名,捐款"), "中文里用了半角标点", "120名,捐款10"),
        ("docs/2021-h1/1.md", line_of(page, "（三）"), "序号不连续", "（三）"),
    ]


def test_final_summaries_with_x_and_drafts(tmp_path):
    project = fixture_project(tmp_path / "p", "three-periods")
    archive = load_archive(project)
    found = {p: [(f.file, f.words) for f in proofread(summary_text(project, s))] for p, s in archive.summaries.items()}
    assert found == {"2021-h1": [], "2021-h2": [("data/2021-h2.yml", "1 处 X")], "2022-h1": []}
    data = project / "data" / "2021-h2.yml"
    data.write_text(data.read_text(encoding="utf-8").replace("status: final", "status: draft"), encoding="utf-8")
    summary = load_archive(project).summaries["2021-h2"]
    assert proofread(summary_text(project, summary)) == []


def test_a_new_period_made_by_the_new_command_is_clean(tmp_path):
    from support import copy_project

    from macros.commands.new_period import create_period

    project = copy_project(tmp_path / "p")
    create_period(project, "2020-h2")
    summary = load_archive(project).summaries["2020-h2"]
    assert proofread(summary_text(project, summary)) == []
