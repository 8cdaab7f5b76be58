"""Hostile and careless input to `python -m macros import` (issue 9): an empty text, a text with only a
title, a text in an unknown encoding, a huge text, and pages that would not show the source.

Each case ends in one Chinese message naming the file (and line where there is one), in bounded time
and memory, and nothing is written: the project's files are the same, byte for byte, afterwards.
"""

from __future__ import annotations

import hashlib
import time
import tracemalloc
from pathlib import Path

import pytest
from support import ROOT, copy_project

from macros.commands.cli import main
from macros.errors import ArchiveError
from macros.importer import command
from macros.importer.command import MAX_CHARACTERS, import_text

CLEAN = (ROOT / "tests" / "fixtures" / "import" / "clean.txt").read_text(encoding="utf-8")


def files_of(project: Path) -> dict[str, str]:
    return {str(p.relative_to(project)): hashlib.sha256(p.read_bytes()).hexdigest()
            for folder in ("data", "docs") for p in sorted((project / folder).rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


def refused(project: Path, document: Path, capsys, *extra: str) -> str:
    """The command's one message on stderr, after checking that nothing was written."""
    before = files_of(project)
    assert main(["import", str(document), "--period", "2021-h1", *extra], root=project) == 1
    assert files_of(project) == before, "nothing written"
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("\n") == 1, err
    return err


def test_an_empty_text_is_refused(project, tmp_path, capsys):
    document = tmp_path / "空白.txt"
    document.write_text(" \n\u3000\n\n", encoding="utf-8")
    err = refused(project, document, capsys)
    assert "空白.txt：无法读取：文件是空的（只有空格或空行）。没有写入任何文件。" in err


def test_a_text_with_only_a_title_is_refused(project, tmp_path, capsys):
    document = tmp_path / "标题.txt"
    document.write_text("\n\n2021年上半年党建工作总结\n\n", encoding="utf-8")
    err = refused(project, document, capsys)
    assert "标题.txt：无法读取：文件里只有一行“2021年上半年党建工作总结”（像是标题），没有正文。" in err


def test_a_text_in_an_unknown_encoding_is_refused(project, tmp_path, capsys):
    document = tmp_path / "big5.txt"
    document.write_bytes(CLEAN.encode("big5", errors="replace"))
    err = refused(project, document, capsys)
    assert "big5.txt：无法读取：" in err and "另存为 UTF-8" in err


def test_a_huge_text_is_refused_in_bounded_time_and_memory(project, tmp_path, capsys):
    document = tmp_path / "巨大.txt"
    paragraph = "上半年开展学习12次，走访群众X户，各支部认真落实“三会一课”制度。\n"
    document.write_text("2021年上半年工作总结\n" + paragraph * (MAX_CHARACTERS // len(paragraph) + 10), encoding="utf-8")
    tracemalloc.start()
    started = time.perf_counter()
    err = refused(project, document, capsys)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert "巨大.txt：无法导入：文件有" in err and "超过了一期总结的上限" in err and "请分开后逐期导入" in err
    assert elapsed < 10 and peak < 100_000_000, (elapsed, peak)


def test_a_file_too_large_to_be_a_summary_is_refused_before_it_is_read(project, tmp_path, capsys):
    document = tmp_path / "日志.txt"
    document.write_bytes(b"a" * (command.MAX_BYTES + 1))
    err = refused(project, document, capsys)
    assert "日志.txt：无法导入：文件有 5.0 MB，一期总结的文本不会超过 5 MB。" in err


def test_pages_that_would_not_show_the_source_are_not_written_without_force(project, tmp_path, capsys, monkeypatch):
    """A fault in any step after reading (here: two words changed and a paragraph dropped on a page) is
    caught by the self-check: nothing is written unless the editor passes --force."""
    document = tmp_path / "总结.txt"
    document.write_text(CLEAN, encoding="utf-8")
    real = command.summary_pages

    def faulty(document_, pieces, blocks):
        pages = real(document_, pieces, blocks)
        pages["1.md"] = pages["1.md"].replace("覆盖率达", "覆盖面达")
        two = pages["2.md"].split("\n\n")
        pages["2.md"] = "\n\n".join(two[:1] + two[2:])  # the heading （一）规范支部建设。 lost
        return pages

    monkeypatch.setattr(command, "summary_pages", faulty)
    before = files_of(project)
    assert main(["import", str(document), "--period", "2021-h1"], root=project) == 1
    captured = capsys.readouterr()
    assert files_of(project) == before, "nothing written"
    lines = CLEAN.splitlines()
    changed = next(n for n, text in enumerate(lines, 1) if "覆盖率达" in text)
    lost = lines.index("（一）规范支部建设。") + 1
    assert "自检发现页面与原文有 2 处不一致" in captured.out
    assert f"[改动] 原文第 {changed} 行的“" in captured.out and "覆盖率达98.5%”在 docs/2021-h1/1.md 第 5 行成了“" in captured.out
    assert f"[缺失] 原文第 {lost} 行的文字在页面上没有了（应在 docs/2021-h1/2.md 第 3 行附近）：“（一）规范支部建设。”" in captured.out
    assert "总结.txt：导入后的页面与原文有 2 处不一致（见上），没有写入任何文件。" in captured.err
    assert main(["import", str(document), "--period", "2021-h1", "--force"], root=project) == 0
    assert "覆盖面达" in (project / "docs/2021-h1/1.md").read_text(encoding="utf-8")


def test_every_kind_of_difference_is_named_with_both_lines():
    """The comparison itself: lost, added, changed, merged and split, each with source and page line."""
    from macros.archive.fidelity import compare_text, page_blocks

    source = "总结\n第一段。\n第二段。\n第三段，有数字12次。\n附件2\n第四段。\n第五段。第五段下半句。\n"
    page = "# 总结\n\n第一段。\n\n多出的一段。\n\n第三段，有数字{{ fig(\"a\") }}次。\n\n附件2第四段。\n\n第五段。\n\n第五段下半句。\n"
    blocks = page_blocks(page, "docs/2021-h1/index.md", lambda kind, key: "13")
    found = {(d.kind, d.source_line, d.line) for d in compare_text(source, blocks)}
    assert ("缺失", 3, 5) in found or ("改动", 3, 5) in found
    assert ("改动", 4, 7) in found and ("合并", 6, 9) in found and ("拆分", 7, 13) in found
    assert compare_text(source, page_blocks(source.replace("\n", "\n\n"), "p.md", lambda k, key: None)) == [], \
        "a page equal to its source has no difference"
    with pytest.raises(ArchiveError):
        page_blocks("{{ fig(1) }}", "p.md", lambda kind, key: None)  # the build's grammar


def test_the_import_never_imports_over_the_limits_of_its_own_check(tmp_path):
    """One document at the limit still imports in bounded time (the comparison is by sentence)."""
    text = CLEAN.splitlines()
    body = [line for line in text[1:] if line.startswith("（一）抓好理论学习")] * 150
    document = tmp_path / "长.txt"
    document.write_text("\n".join([text[0], *body, *text[-2:]]) + "\n", encoding="utf-8")
    started = time.perf_counter()
    imported = import_text(copy_project(tmp_path / "p"), document, "2021-h1")
    assert imported.differences == [] and time.perf_counter() - started < 60


@pytest.mark.parametrize("name, text, line, says", [
    ("data/units.txt", "# 单位\n辆\n万\n", 3, "“万”以“十、百、千、万、亿”开头：这些是数量级"),
    ("data/units.txt", "辆\n台 次\n", 2, "“台 次”里不能有空格、数字、X 或标点"),
    ("data/units.txt", "辆\n台次\n辆\n", 3, "“辆”重复了：第 1 行已经有"),
    ("data/x-terms.txt", "X光\n射线\n", 2, "“射线”里没有 X"),
    ("data/x-terms.txt", "XX\n", 1, "“XX”只有 X"),
])
def test_a_word_list_written_wrong_stops_the_import(project, tmp_path, capsys, name, text, line, says):
    (project / name).write_text(text, encoding="utf-8")
    document = tmp_path / "总结.txt"
    document.write_text(CLEAN, encoding="utf-8")
    err = refused(project, document, capsys)
    assert f"{name} 第 {line} 行：{says}" in err


def test_a_word_list_too_large_stops_the_import(project, tmp_path, capsys):
    (project / "data/units.txt").write_text("# 填充\n" * 5000, encoding="utf-8")
    document = tmp_path / "总结.txt"
    document.write_text(CLEAN, encoding="utf-8")
    said = refused(project, document, capsys)
    assert "data/units.txt：文件太大" in said and "超过了 20 KB 的上限" in said
