"""Hostile and broken Word files (issue 9 "Bad input", issue 13.7): each gets one Chinese message naming the file,
nothing is written, and the bombs are refused within 2 seconds and 200 MB of memory.

Time is measured as CPU time, the reading itself in this process and the whole command in a child process
(the machine is shared by several engineers: a wall clock says more about their load than about the importer). Memory is the child's peak resident size, from os.wait4; an address-space limit of 1 GB
guards the machine should a regression make the importer swallow a bomb.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import pytest
from docx_support import make_docx, p
from support import copy_project

from macros.commands.cli import main
from macros.errors import ArchiveError
from macros.importer.read import read_document

MB = 1024 * 1024
BODY = p("2021年X局机关上半年党建工作总结") + p("组织集中学习12次，覆盖党员300人次。")


def refused(capsys, project: Path, path: Path) -> str:
    """Import `path` into a copy of the project: it must fail with one message and leave everything as it was."""
    before = {q: q.read_bytes() for q in project.rglob("*") if q.is_file()}
    assert main(["import", str(path), "--period", "2021-h1"], root=project) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err.startswith(f"未执行：{path.name}：无法读取：") and err.endswith("没有写入任何文件。\n")
    assert {q: q.read_bytes() for q in project.rglob("*") if q.is_file()} == before
    return err


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("hostile") / "project")


# Measures the import in a grandchild: a child forked from pytest starts with pytest's memory already counted in
# its peak (ru_maxrss keeps the high-water mark across exec), a grandchild of a small wrapper does not.
_WRAPPER = """
import os, resource, subprocess, sys
limit = lambda: resource.setrlimit(resource.RLIMIT_AS, (1024 << 20, 1024 << 20))
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, preexec_fn=limit)
_, status, usage = os.wait4(process.pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime, usage.ru_maxrss)
"""


def measured(project: Path, path: Path) -> tuple[str, float, float]:
    """The command as an editor types it, in a process of its own: (what it printed on stderr, its CPU seconds,
    its peak memory in MB)."""
    done = subprocess.run([sys.executable, "-c", _WRAPPER, sys.executable, "-m", "macros", "import", str(path),
                           "--period", "2021-h1"], cwd=project, env={**os.environ, "PYTHONUTF8": "1"},
                          capture_output=True, text=True, encoding="utf-8", check=True)
    code, cpu, peak_kb = done.stdout.split()
    assert int(code) == 1
    return done.stderr, float(cpu), int(peak_kb) / 1024


def timed_read(path: Path) -> tuple[ArchiveError, float]:
    """The refusal and the CPU seconds this process spent reading (load on the shared machine aside)."""
    start = time.process_time()
    with pytest.raises(ArchiveError) as caught:
        read_document(path)
    return caught.value, time.process_time() - start


# --- bombs ----------------------------------------------------------------------------------------

def _bomb(path: Path, size: int, compression=zipfile.ZIP_DEFLATED) -> Path:
    """A .docx whose document.xml is `size` bytes of one repeated paragraph. Compressed at level 1: 166 times,
    well over the ratio limit (100), in less than half the CPU time of the default level (1,000 times)."""
    with zipfile.ZipFile(path, "w", compression, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        with archive.open("word/document.xml", "w") as stream:
            chunk = b"<w:p><w:r><w:t>\xe5\xad\xa6</w:t></w:r></w:p>" * (MB // 32)
            written = 0
            while written < size:
                stream.write(chunk)
                written += len(chunk)
    return path


@pytest.fixture(scope="session")  # not "module": under xdist its tests may be interleaved with others
def bombs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    return {"ratio": _bomb(folder / "压缩比.docx", 150 * MB), "total": _bomb(folder / "总大小.docx", 260 * MB)}


@pytest.mark.parametrize("kind, message", [
    ("ratio", "文件中的“word/document.xml”压缩了"),
    ("total", "这个文件解压后有 "),
])
def test_a_zip_bomb_is_refused_from_its_directory_before_anything_is_unpacked(capsys, project, bombs, kind,
                                                                             message):
    path = bombs[kind]
    assert path.stat().st_size < 3 * MB
    error, seconds = timed_read(path)
    assert message in error.message and "压缩炸弹" in error.message and error.file == path.name and seconds < 2
    if kind == "ratio":
        assert "（上限 100 倍）" in error.message
    else:
        assert "超过了 200 MB 的上限" in error.message
    err, cpu, peak = measured(project, path)
    assert message in err and cpu < 2 and peak < 200
    assert message in refused(capsys, project, path)


def test_a_zip_that_understates_its_sizes_is_stopped_while_unpacking(tmp_path, capsys, project):
    """The directory says 2,000 bytes; the data unpacks to 40 MB. Reading stops at what was declared."""
    honest = _bomb(tmp_path / "honest.docx", 40 * MB)
    data = bytearray(honest.read_bytes())
    with zipfile.ZipFile(honest) as archive:
        info = archive.getinfo("word/document.xml")
    lied = (2000).to_bytes(4, "little")
    data[info.header_offset + 22: info.header_offset + 26] = lied  # the local header's uncompressed size
    central = data.rindex(b"PK\x01\x02")                           # the last entry of the central directory
    assert data[central + 46: central + 46 + len(info.filename)] == info.filename.encode()
    data[central + 24: central + 28] = lied
    path = tmp_path / "说谎.docx"
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("word/document.xml").file_size == 2000
    error, seconds = timed_read(path)
    assert seconds < 2 and error.file == path.name
    assert "这个 Word 文件已损坏" in error.message or "比它声明的大" in error.message
    err, cpu, peak = measured(project, path)
    assert cpu < 2 and peak < 200
    refused(capsys, project, path)


def test_five_million_paragraphs_in_a_small_file_stop_at_the_paragraph_limit(tmp_path, capsys, project):
    """5,000,000 empty paragraphs, with one random bit of whitespace each so that the zip packs them only
    about 27 times (under the ratio limit; about 1.2 MB): the streaming reader stops at paragraph 20,001."""
    choices = ("<w:p/>", "<w:p/> ")
    body = "".join(choices[byte & 1] for byte in os.urandom(5_000_000))
    xml = f'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}' \
          f'</w:body></w:document>'
    del body
    path = tmp_path / "五百万段.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", xml)
    size = len(xml)
    del xml
    assert path.stat().st_size < 1.5 * MB and size / path.stat().st_size < 100  # not a bomb by its ratio
    error, seconds = timed_read(path)
    assert error.message.startswith("无法读取：正文超过 20,000 段，不像是一份工作总结") and seconds < 2
    err, cpu, peak = measured(project, path)
    assert "正文超过 20,000 段" in err and cpu < 2 and peak < 200
    refused(capsys, project, path)


# --- external entities ------------------------------------------------------------------------------

@pytest.mark.parametrize("part", ["word/document.xml", "word/numbering.xml"])
def test_external_entities_are_never_resolved_and_the_file_is_refused(tmp_path, capsys, project, part):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOKEN-4f9a-secret", encoding="utf-8")
    doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
    path = make_docx(tmp_path / "实体.docx", BODY.replace("12次", "12次&xxe;"))
    data = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(data, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == part:
                content = content.replace(b"?>", b"?>" + doctype.encode(), 1)
                if part != "word/document.xml":
                    content = content.replace(b"<w:abstractNum ", b"<w:abstractNum w:nsid=\"&xxe;\" ", 1)
            target.writestr(info, content)
    path.write_bytes(data.getvalue())
    err = refused(capsys, project, path)
    assert f"文件中的“{part}”含有 DOCTYPE 声明" in err and "TOKEN-4f9a" not in err
    assert not any("TOKEN-4f9a" in q.read_text(errors="ignore") for q in project.rglob("*") if q.is_file())


def test_an_entity_bomb_is_refused_at_once(tmp_path, project):
    laughs = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    xml = (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY l0 "哈">{laughs}]>'
           f'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
           f'<w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>')
    path = tmp_path / "笑.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", xml)
    error, seconds = timed_read(path)
    assert "含有 DOCTYPE 声明" in error.message and seconds < 2


# --- encrypted, macros, damaged -------------------------------------------------------------------

def test_a_password_protected_docx_is_named_as_such(tmp_path, capsys, project):
    msoffcrypto = pytest.importorskip("msoffcrypto.format.ooxml", reason="msoffcrypto-tool（requirements-test.txt）未安装")
    plain = make_docx(tmp_path / "plain.docx", BODY)
    path = tmp_path / "加密.docx"
    with plain.open("rb") as source, path.open("wb") as target:
        msoffcrypto.OOXMLFile(source).encrypt("密码123", target)
    assert path.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    err = refused(capsys, project, path)
    assert "这个 Word 文件设置了打开密码（已加密），无法读取其中的文字" in err and "删去密码" in err


def test_a_docm_is_refused_and_nothing_in_it_runs(tmp_path, capsys, project):
    by_name = make_docx(tmp_path / "宏.docm", BODY)
    err = refused(capsys, project, by_name)
    assert "这是启用宏的 Word 文档（.docm）。为了安全，档案不导入含宏的文件" in err
    # the same inside a file named .docx: the package says it carries macros
    types = ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/word/document.xml" '
             'ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>')
    by_content = make_docx(tmp_path / "伪装.docx", BODY, content_types=types)
    err = refused(capsys, project, by_content)
    assert "这是启用宏的 Word 文档（.docm）" in err


def test_a_truncated_docx_is_refused(tmp_path, capsys, project):
    whole = make_docx(tmp_path / "whole.docx", BODY).read_bytes()
    path = tmp_path / "截断.docx"
    path.write_bytes(whole[: len(whole) // 2])
    assert "这个 Word 文件已损坏（不完整或不是 .docx 格式）" in refused(capsys, project, path)


def test_a_docx_with_broken_xml_is_refused(tmp_path, capsys, project):
    path = make_docx(tmp_path / "损坏.docx", BODY.replace("</w:body>", "") + "<w:p><w:r><w:t>未闭合")
    assert "这个 Word 文件已损坏（正文不是完整的 XML）" in refused(capsys, project, path)


def test_a_zip_without_a_word_document_is_refused(tmp_path, capsys, project):
    path = tmp_path / "不是文档.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "随便什么")
    assert "这个文件里没有 Word 正文" in refused(capsys, project, path)


# --- empty, only a title --------------------------------------------------------------------------

def test_an_empty_document_is_refused(tmp_path, capsys, project):
    document = docx.Document()
    document.add_paragraph("")
    document.add_table(rows=2, cols=2)
    path = tmp_path / "空白.docx"
    document.save(path)
    assert "这个 Word 文件里没有文字（只有空段落、图片或表格框线）" in refused(capsys, project, path)


def test_a_document_with_only_a_title_is_refused(tmp_path, capsys, project):
    document = docx.Document()
    document.add_paragraph("2021年X局机关上半年党建工作总结")
    document.add_paragraph("")
    path = tmp_path / "只有标题.docx"
    document.save(path)
    err = refused(capsys, project, path)
    assert "文件里只有一行“2021年X局机关上半年党建工作总结”（像是标题），没有正文" in err
