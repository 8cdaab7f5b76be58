"""Reading what editors receive: .docx, UTF-8 (with or without BOM), GB18030; and files that cannot
be read at all, which get one clear Chinese message and leave the archive untouched."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from support import ROOT, copy_project

from macros.commands.cli import main
from macros.importer.read import read_document

FIXTURES = ROOT / "tests" / "fixtures" / "import"
CLEAN = (FIXTURES / "clean.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("encoding, prefix, source", [
    ("utf-8", b"", "UTF-8 文本"),
    ("utf-8", b"\xef\xbb\xbf", "UTF-8 文本（带 BOM）"),
    ("gb18030", b"", "GB18030（GBK）文本"),
    ("utf-16-le", b"\xff\xfe", "UTF-16 文本"),
])
def test_text_is_decoded_from_each_encoding_offices_use(tmp_path, encoding, prefix, source):
    path = tmp_path / "总结.txt"
    path.write_bytes(prefix + CLEAN.encode(encoding))
    received = read_document(path)
    assert received.text == CLEAN and received.source == source


def test_the_gb18030_fixture_is_the_utf8_fixture_in_another_encoding():
    utf8 = read_document(FIXTURES / "messy-utf8.txt")
    gb = read_document(FIXTURES / "messy-gb18030.txt")
    assert utf8.text == gb.text and "\r\n" in gb.text and "\u200b" in gb.text
    assert gb.source == "GB18030（GBK）文本"


def test_docx_gives_its_paragraphs_in_order_one_per_line(tmp_path):
    import docx

    document = docx.Document()
    for line in CLEAN.splitlines():
        document.add_paragraph(line)
    document.add_paragraph("一项", style="List Number")  # Word's own numbering: written out as Word shows it
    document.add_table(rows=1, cols=1).cell(0, 0).text = "表格中的字"
    document.save(tmp_path / "总结.docx")
    received = read_document(tmp_path / "总结.docx")
    numbered = len(CLEAN.splitlines()) + 1
    assert received.text == CLEAN + "1.一项\n| 表格中的字 |\n| --- |\n"
    assert received.notes == [f"第 {numbered} 行：Word 的自动编号已按 Word 显示的样子写进文字（“1.”）。"]
    assert received.tables == [(numbered + 1, numbered + 2)]


def _corrupt_docx(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document>not really")


UNREADABLE = [
    ("binary.txt", bytes(range(256)) * 4, "这不是文本文件（含有二进制内容）"),
    ("总结.docx", None, "这个 Word 文件已损坏（正文不是完整的 XML）"),
    ("cut.docx", b"PK\x03\x04" + b"\x00" * 40, "这个 Word 文件已损坏"),
    ("latin.txt", "Überblick über die Arbeit, Größe ÿ".encode("latin-1") + b"\x80\xff", "既不是 UTF-8 也不是 GB18030"),
    ("big5.txt", "臺灣機關黨建工作總結，組織黨員學習。".encode("big5") * 3, "无法识别文件的编码"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "这是旧版 Word 文档（.doc），"),
    ("empty.txt", b"\r\n  \r\n", "文件是空的"),
    ("english.txt", b"Half-year report\nAll good.\n", "文件里没有中文文字"),
]


@pytest.mark.parametrize("name, content, message", UNREADABLE, ids=[case[0] for case in UNREADABLE])
def test_a_file_that_cannot_be_read_gets_one_message_and_nothing_is_written(tmp_path, capsys, name, content,
                                                                             message):
    project = copy_project(tmp_path / "project")
    path = tmp_path / name
    if content is None:
        _corrupt_docx(path)
    else:
        path.write_bytes(content)
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    assert main(["import", str(path), "--period", "2021-h1"], root=project) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and err.startswith(f"未执行：{name}：无法读取：") and message in err
    assert err.rstrip().endswith("没有写入任何文件。")
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def test_a_missing_file_and_a_bad_period_are_refused(tmp_path, capsys):
    project = copy_project(tmp_path / "project")
    assert main(["import", str(tmp_path / "nothing.docx"), "--period", "2021-h1"], root=project) == 1
    assert "找不到这个文件" in capsys.readouterr().err
    (tmp_path / "a.txt").write_text(CLEAN, encoding="utf-8")
    assert main(["import", str(tmp_path / "a.txt"), "--period", "2021-h3"], root=project) == 1
    assert "不是有效的期次编号" in capsys.readouterr().err
    assert not (project / "data" / "2021-h3.yml").exists() and not (project / "docs" / "2021-h3").exists()

