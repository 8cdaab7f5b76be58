"""`python -m macros check` compares every summary's pages with its original.txt (issue 9, point 1).

The archive's own 2020 H1 differs from its original in markup only (headings, the closing title the
archive adds) and passes. A page edited away from its original is a warning naming the page and line
and the original's line; an error for a final summary in new work; accepted after review in
data/<period>.yml like any other finding.
"""

from __future__ import annotations

from support import ROOT

from macros.proofread.check import run_check


def _fidelity(lines: list[str]) -> list[str]:
    return [line for line in lines if "与原文不一致" in line]


def test_the_archive_as_it_is_keeps_its_originals():
    lines, code = run_check(ROOT, [], [], None)
    assert code == 0 and _fidelity(lines) == []


def _edit(project, old: str, new: str) -> int:
    page = project / "docs/2020-h1/2.md"
    text = page.read_text(encoding="utf-8")
    assert text.count(old) == 1
    page.write_text(text.replace(old, new), encoding="utf-8")
    return text.count("\n", 0, text.index(old)) + 1


def test_an_edited_page_is_a_warning_naming_page_and_original_lines(project):
    line = _edit(project, "组织开展党员春训工作。", "组织开展党员冬训工作。")
    original = (project / "docs/2020-h1/original.txt").read_text(encoding="utf-8").splitlines()
    source_line = next(n for n, text in enumerate(original, 1) if "组织开展党员春训工作" in text)
    lines, code = run_check(project, [], [], None)
    assert code == 0
    assert _fidelity(lines) == [f"docs/2020-h1/2.md 第 {line} 行 [警告] 与原文不一致（改动）：“组织开展党员春训工作。→组织开展党员冬训工作。”"
                                f"（docs/2020-h1/original.txt 第 {source_line} 行）"]


def test_in_new_work_it_is_an_error_for_a_final_summary_and_a_warning_for_a_draft(project):
    _edit(project, "组织开展党员春训工作。", "")
    lines, code = run_check(project, [], [str(project / "docs/2020-h1/2.md")], None)
    assert code == 1 and "[错误] 与原文不一致（缺失）：“组织开展党员春训工作。”" in "\n".join(lines)
    data = project / "data/2020-h1.yml"
    data.write_text(data.read_text(encoding="utf-8").replace("status: final", "status: draft"), encoding="utf-8")
    lines, code = run_check(project, [], [str(project / "docs/2020-h1/2.md")], None)
    assert "[警告] 与原文不一致（缺失）：“组织开展党员春训工作。”" in "\n".join(lines)


def test_an_accepted_deviation_stays_accepted(project):
    _edit(project, "组织开展党员春训工作。", "")
    data = project / "data/2020-h1.yml"
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace("  accepted:\n", "  accepted:\n    - words: 组织开展党员春训工作。\n"
                                                  "      reason: 发文单位更正稿删去了这一句\n", 1), encoding="utf-8")
    lines, code = run_check(project, [], [str(project / "docs/2020-h1/2.md")], None)
    assert code == 0
    assert "[已确认] 与原文不一致（缺失）：“组织开展党员春训工作。”" in "\n".join(lines) and "发文单位更正稿删去了这一句" in "\n".join(lines)
