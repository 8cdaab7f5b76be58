"""Word files read as Word shows them (issue 9.2): each document below is built here, with python-docx and raw
XML for what python-docx cannot make, and paired with the exact lines a reader sees in Word and the notices the
import prints. Old formats (.doc, .wps, .rtf) go through LibreOffice (issue 9.3)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx_support import level, make_docx, p
from support import build_site, copy_project, missing_input, run_module

from macros.importer.read import read_document

TITLE = p("2021年X局机关上半年党建工作总结")


def lines_of(path: Path) -> list[str]:
    return read_document(path).text.splitlines()


def test_tracked_changes_are_read_as_accepted_and_counted(tmp_path):
    body = TITLE + (
        '<w:p><w:r><w:t>组织集中学习</w:t></w:r>'
        '<w:ins w:id="1" w:author="王"><w:r><w:t>12次</w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="王"><w:r><w:delText>10次</w:delText></w:r></w:del><w:r><w:t>，</w:t></w:r>'
        '<w:moveFrom w:id="3" w:author="王"><w:r><w:t>覆盖全体党员</w:t></w:r></w:moveFrom>'
        '<w:r><w:t>形成长效机制</w:t></w:r>'
        '<w:moveTo w:id="4" w:author="王"><w:r><w:t>，覆盖全体党员</w:t></w:r></w:moveTo><w:r><w:t>。</w:t></w:r></w:p>'
        # a deleted paragraph mark: accepting it joins this paragraph to the next
        '<w:p><w:pPr><w:rPr><w:del w:id="5" w:author="王"/></w:rPr></w:pPr><w:r><w:t>开展主题党日</w:t></w:r></w:p>'
        '<w:p><w:r><w:t>活动6场。</w:t></w:r></w:p>'
        '<w:del w:id="6" w:author="王"><w:r><w:delText>整段删去</w:delText></w:r></w:del>'
    )
    received = read_document(make_docx(tmp_path / "修订.docx", body))
    assert received.text.splitlines() == ["2021年X局机关上半年党建工作总结", "组织集中学习12次，形成长效机制，覆盖全体党员。",
                                          "开展主题党日活动6场。"]
    assert received.notes == ["本文件含 6 处修订，已按“接受全部修订”读入：插入的文字保留，删除的文字不读入。"]


def test_content_controls_fields_links_breaks_and_tabs_show_their_displayed_text(tmp_path):
    body = (
        # the title inside a block-level content control
        '<w:sdt><w:sdtPr><w:alias w:val="标题"/></w:sdtPr><w:sdtContent>'
        + TITLE + '</w:sdtContent></w:sdt>'
        # an inline content control and a control still showing Word's prompt
        '<w:p><w:r><w:t>党员</w:t></w:r><w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>126</w:t></w:r></w:sdtContent></w:sdt>'
        '<w:r><w:t>名。</w:t></w:r></w:p>'
        '<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>'
        '<w:p><w:r><w:t>单击或点击此处输入文字。</w:t></w:r></w:p></w:sdtContent></w:sdt>'
        # a complex DATE field: the date it shows, never its code
        '<w:p><w:r><w:t>成文于</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> DATE \\@ "yyyy年M月d日" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2021年7月5日</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>。</w:t></w:r></w:p>'
        # a simple field, a hyperlink, a soft line break and a tab
        '<w:p><w:fldSimple w:instr=" DOCPROPERTY Company "><w:r><w:t>X市X局</w:t></w:r></w:fldSimple>'
        '<w:r><w:t>见</w:t></w:r><w:hyperlink r:id="rId99"><w:r><w:t>门户网站</w:t></w:r></w:hyperlink>'
        '<w:r><w:t>。</w:t><w:br/><w:t>第二行</w:t><w:tab/><w:t>制表符后</w:t></w:r></w:p>'
    )
    received = read_document(make_docx(tmp_path / "控件.docx", body))
    assert received.text.splitlines() == ["2021年X局机关上半年党建工作总结", "党员126名。", "成文于2021年7月5日。",
                                          "X市X局见门户网站。", "第二行\t制表符后"]
    assert received.line_notes == [
        (3, "内容控件中是 Word 的提示文字“单击或点击此处输入文字。”，不是正文，没有读入"),
        (3, "Word 域 DATE 按显示的结果读入“2021年7月5日”（域代码不读）"),
        (4, "Word 域 DOCPROPERTY 按显示的结果读入“X市X局”（域代码不读）"),
    ]
    assert received.notes == []


# The numbering of a Chinese official document: 一、 （一） 1. （1）, the second list sharing the first's counters.
CHINESE_LEVELS = (
    '<w:abstractNum w:abstractNumId="1">'
    + level(0, "chineseCounting", "%1、", extra='<w:suff w:val="nothing"/>')
    + level(1, "chineseCounting", "（%2）")
    + level(2, "decimal", "%3.")
    + level(3, "decimal", "（%4）")
    + '</w:abstractNum>'
)
NUMBERING = (
    CHINESE_LEVELS
    + '<w:abstractNum w:abstractNumId="2">' + level(0, "chineseCounting", "%1、", start=9) + '</w:abstractNum>'
    + '<w:abstractNum w:abstractNumId="3">'
    + level(0, "upperLetter", "%1.") + level(1, "lowerLetter", "%2)") + level(2, "upperRoman", "%3.")
    + level(3, "ideographTraditional", "%4、") + level(4, "decimalEnclosedCircle", "%5")
    + level(5, "chineseLegalSimplified", "第%6条") + level(6, "bullet", "\uf0b7")
    + level(7, "chineseCountingThousand", "%8、", start=20) + '</w:abstractNum>'
    # a style-linked level: paragraphs of style 标题CN are numbered without numPr of their own
    + '<w:abstractNum w:abstractNumId="4">'
    + level(0, "chineseCounting", "%1、", extra='<w:pStyle w:val="CNHeading"/>') + '</w:abstractNum>'
    + '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
    + '<w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>'
    + '<w:num w:numId="3"><w:abstractNumId w:val="3"/></w:num>'
    + '<w:num w:numId="4"><w:abstractNumId w:val="4"/></w:num>'
    + '<w:num w:numId="5"><w:abstractNumId w:val="1"/>'  # the same list again, its 1. restarted at 5
    + '<w:lvlOverride w:ilvl="2"><w:startOverride w:val="5"/></w:lvlOverride></w:num>'
)
CN_STYLE = ('<w:style w:type="paragraph" w:styleId="CNHeading"><w:name w:val="标题CN"/>'
            '<w:pPr><w:numPr><w:numId w:val="4"/></w:numPr></w:pPr></w:style>'
            '<w:style w:type="paragraph" w:styleId="CNHeadingBold"><w:name w:val="标题CN加粗"/>'
            '<w:basedOn w:val="CNHeading"/></w:style>')


def test_automatic_numbering_is_written_as_word_shows_it(tmp_path):
    body = TITLE + "".join([
        p("加强政治建设", num=(1, 0)), p("抓好理论武装。", num=(1, 1)), p("专题学习", num=(1, 2)),
        p("集中研讨", num=(1, 3)), p("分组讨论", num=(1, 3)), p("培训轮训", num=(1, 2)),
        p("落实主体责任。", num=(1, 1)), p("走访调研", num=(1, 2)),
        p("推进组织建设", num=(1, 0)), p("规范组织生活。", num=(1, 1)), p("三会一课", num=(1, 2)),
        p("本段没有编号。"),
        p("深化作风建设", num=(5, 0)), p("整治形式主义", num=(5, 2)),  # list 5 shares list 1's counters
        p("第九项", num=(2, 0)), p("第十项", num=(2, 0)), p("第十一项", num=(2, 0)),
        p("甲", num=(3, 0)), p("乙", num=(3, 1)), p("丙", num=(3, 2)), p("丁", num=(3, 3)),
        p("戊", num=(3, 4)), p("己", num=(3, 5)), p("庚", num=(3, 6)), p("辛", num=(3, 7)),
        p("严明纪律规矩", style="CNHeading"), p("提升服务效能", style="CNHeadingBold"),
    ])
    path = make_docx(tmp_path / "编号.docx", body, numbering=NUMBERING, styles=CN_STYLE)
    received = read_document(path)
    assert received.text.splitlines()[1:] == [
        "一、加强政治建设", "（一）抓好理论武装。", "1.专题学习", "（1）集中研讨", "（2）分组讨论", "2.培训轮训",
        "（二）落实主体责任。", "1.走访调研",
        "二、推进组织建设", "（一）规范组织生活。", "1.三会一课",
        "本段没有编号。",
        "三、深化作风建设", "5.整治形式主义",
        "九、第九项", "十、第十项", "十一、第十一项",
        "A.甲", "a)乙", "I.丙", "甲、丁", "①戊", "第壹条己", "庚", "二十、辛",
        "一、严明纪律规矩", "二、提升服务效能",
    ]
    assert received.notes == [
        "第 2–12、14–24、26–28 行：Word 的自动编号已按 Word 显示的样子写进文字（“一、”“（一）”“1.”“（1）”“（2）”“2.”"
        "“（二）”“二、”“三、”“5.”“九、”“十、”“十一、”“A.”“a)”“I.”“甲、”“①”“第壹条”“二十、”）。",
        "第 25 行：Word 的项目符号（•）不是文字，没有读入。",
    ]


def test_a_numbered_heading_is_a_heading_of_the_imported_pages(tmp_path):
    """End to end: Word numbers the parts and sections; the pages get them as headings, with their numbers."""
    body = TITLE + "".join([
        p("半年来，机关党委坚持以党的政治建设为统领，扎实推进各项工作。现将上半年工作总结如下："),
        p("加强政治建设", num=(1, 0)), p("抓好理论武装。", num=(1, 1)), p("组织集中学习12次，覆盖党员300人次。"),
        p("推进组织建设", num=(1, 0)), p("规范组织生活。", num=(1, 1)), p("召开支部委员会8次。"),
        p("下半年，我们将继续深化机关党建工作。"),
    ])
    path = make_docx(tmp_path / "2021年总结.docx", body, numbering=NUMBERING)
    project = copy_project(tmp_path / "project")
    done = run_module("macros", "import", str(path), "--period", "2021-h1", cwd=project)
    assert done.returncode == 0, done.stderr
    assert "第 3–4、6–7 行：Word 的自动编号已按 Word 显示的样子写进文字（“一、”“（一）”“二、”）。" in done.stdout
    first = (project / "docs" / "2021-h1" / "1.md").read_text(encoding="utf-8")
    second = (project / "docs" / "2021-h1" / "2.md").read_text(encoding="utf-8")
    assert first.startswith("# 一、加强政治建设\n\n## （一）抓好理论武装。\n\n组织集中学习")
    assert second.startswith("# 二、推进组织建设\n\n## （一）规范组织生活。\n\n召开支部委员会")
    original = (project / "docs" / "2021-h1" / "original.txt").read_text(encoding="utf-8")
    assert original.splitlines()[2:4] == ["一、加强政治建设", "（一）抓好理论武装。"]


def test_tables_are_markdown_tables_in_their_place(tmp_path):
    document = docx.Document()
    document.add_paragraph("2021年X局机关上半年党建工作总结")
    document.add_paragraph("主要数字如下：")
    table = document.add_table(rows=3, cols=3)
    for row, cells in enumerate([["项目", "次数", "备注"], ["集中学习", "12次", "含线上|线下"], ["合计", "", ""]]):
        for column, text in enumerate(cells):
            table.cell(row, column).text = text
    table.cell(1, 2).add_paragraph("第二段")
    table.cell(2, 1).merge(table.cell(2, 2)).text = "20次"
    document.add_paragraph("以上数字截至6月30日。")
    path = tmp_path / "表格.docx"
    document.save(path)
    received = read_document(path)
    assert received.text.splitlines() == [
        "2021年X局机关上半年党建工作总结", "主要数字如下：",
        "| 项目 | 次数 | 备注 |", "| --- | --- | --- |", "| 集中学习 | 12次 | 含线上\\|线下 第二段 |", "| 合计 | 20次 |  |",
        "以上数字截至6月30日。",
    ]
    assert received.tables == [(3, 6)]
    assert received.line_notes == [(3, "表格（3 行 3 列）按 Markdown 表格读入：每行一行，第一行后加了表头分隔行，"
                                       "单元格中的多个段落以空格相连；合并的单元格已拆开，空出的 1 格留空")]


TEXT_BOX = (
    '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:docPr id="1" name="文本框 1"/>'
    '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
    '<wps:txbx><w:txbxContent><w:p><w:r><w:t>附件2</w:t></w:r></w:p></w:txbxContent></wps:txbx>'
    '</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
    '<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>附件2</w:t></w:r></w:p>'
    '</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>'
)
PICTURE = ('<w:r><w:drawing><wp:inline><a:graphic><a:graphicData><pic:pic><pic:blipFill><a:blip r:embed="rId9"/>'
           '</pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>')
COMMENTS = ('<w:comments ' + 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            '<w:comment w:id="0" w:author="李"><w:p><w:r><w:t>这个数字再核一下</w:t></w:r></w:p></w:comment></w:comments>')
FOOTNOTES = ('<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
             '<w:footnote w:id="1"><w:p><w:r><w:t>脚注：数据来自组织部。</w:t></w:r></w:p></w:footnote></w:footnotes>')
HEADER = ('<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
          '<w:p><w:r><w:t>内部资料 注意保存</w:t></w:r></w:p></w:hdr>')


def test_text_boxes_pictures_comments_footnotes_headers_and_hidden_text_are_each_reported(tmp_path):
    body = (
        '<w:p>' + TEXT_BOX + '<w:r><w:t>2021年X局机关上半年党建工作总结</w:t></w:r></w:p>'
        '<w:p><w:r><w:t>组织学习12次</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r>'
        '<w:commentRangeStart w:id="0"/><w:r><w:t>，</w:t></w:r><w:commentRangeEnd w:id="0"/>'
        '<w:r><w:commentReference w:id="0"/></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>（内部备注：待核）</w:t></w:r>'
        '<w:r><w:t>覆盖全体党员。</w:t></w:r></w:p>'
        '<w:p>' + PICTURE + '</w:p>'
        '<w:p><w:r><w:br w:type="page"/></w:r><w:r><w:t>下半年继续努力。</w:t></w:r><w:r><w:unknownThing/></w:r></w:p>'
    )
    parts = {"comments": ("word/comments.xml", COMMENTS), "footnotes": ("word/footnotes.xml", FOOTNOTES),
             "header": ("word/header1.xml", HEADER)}
    received = read_document(make_docx(tmp_path / "其他.docx", body, parts=parts))
    assert received.text.splitlines() == ["2021年X局机关上半年党建工作总结", "附件2", "组织学习12次，覆盖全体党员。", "",
                                          "下半年继续努力。"]
    assert received.line_notes == [(2, "这一行来自文本框，已放在文本框所在段落之后")]
    assert received.notes == [
        "文档中有 1 条批注：批注不是正文，没有读入。",
        "文档中有 1 个脚注：脚注不是正文，脚注和正文中的脚注编号都没有读入。",
        "文档中有 1 张图片：图片没有导入。",
        "文档中有 1 处隐藏文字（Word 中设为“隐藏”，平时看不见）：没有读入。",
        "文档中有 1 个分页符或分栏符：只影响排版，已略去。",
        "文档中有 1 个页眉或页脚：页眉页脚不是正文，没有读入。",
        "文档中有 1 处读不懂的内容（w:unknownThing）：没有读入，请在 Word 中核对这部分文字。",
    ]
    assert "这个数字再核一下" not in received.text and "数据来自组织部" not in received.text
    assert "内部资料" not in received.text and "待核" not in received.text


# --- old formats through LibreOffice ----------------------------------------------------------------

def _soffice() -> str | None:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None and os.environ.get("CI") == "true":
        pytest.fail("CI 中应当安装 LibreOffice（python3 dev.py test 会安装 libreoffice-writer）")
    return found


SUMMARY = ["2021年X局机关上半年党建工作总结", "半年来，机关党委扎实推进各项工作。", "一、加强政治建设",
           "组织集中学习12次，覆盖党员300人次。", "下半年，我们将继续努力。"]


def _convert(soffice: str, source: Path, fmt: str, out: Path) -> Path:
    profile = (out / "profile").resolve().as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", fmt, "--outdir",
                    str(out), str(source)], check=True, capture_output=True, timeout=180)
    return out / f"{source.stem}.{fmt.split(':')[0]}"


@pytest.mark.parametrize("fmt, name", [("doc", "总结.doc"), ("rtf", "总结.rtf"), ("doc", "总结.wps")])
def test_old_formats_are_converted_with_libreoffice_and_read(tmp_path, fmt, name):
    """The test makes its input with LibreOffice from a python-docx document. LibreOffice cannot write WPS
    Office's .wps; a .wps saved by WPS Office is the Word 97 binary format, so the .wps here is a .doc under
    that name — the same bytes WPS writes in that format, not a file from WPS itself."""
    soffice = _soffice()
    if soffice is None:
        missing_input("LibreOffice 未安装：python3 dev.py test 会安装 libreoffice-writer")
    document = docx.Document()
    for line in SUMMARY:
        document.add_paragraph(line)
    document.save(tmp_path / "source.docx")
    converted = _convert(soffice, tmp_path / "source.docx", fmt, tmp_path)
    received_file = converted.rename(tmp_path / name)
    head = received_file.read_bytes()[:8]
    assert head.startswith(b"{\\rtf" if fmt == "rtf" else b"\xd0\xcf\x11\xe0")
    received = read_document(received_file)
    assert received.text.splitlines() == SUMMARY
    kind = {"总结.doc": "旧版 Word 文档（.doc）", "总结.rtf": "RTF 文档（.rtf）", "总结.wps": "WPS 文字文档（.wps）"}[name]
    assert received.notes[0] == f"这是{kind}，已用 LibreOffice 转为 Word 文档（.docx）后读取。请对照原文件核对导入的文字。"


def test_without_libreoffice_an_old_file_gets_one_message_saying_how_to_save_it_as_docx(tmp_path, capsys,
                                                                                         monkeypatch):
    from macros.commands.cli import main

    project = copy_project(tmp_path / "project")
    path = tmp_path / "总结.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    before = sorted(project.rglob("*"))
    assert main(["import", str(path), "--period", "2021-h1"], root=project) == 1
    err = capsys.readouterr().err
    assert err == ("未执行：总结.doc：无法读取：这是旧版 Word 文档（.doc），本机没有安装 LibreOffice，无法自动转换。"
                   "请在 Word 中打开它，选择“文件 → 另存为”，保存类型选“Word 文档（*.docx）”；或在 WPS 文字中选择“文件 → 另存为”，"
                   "文件类型选“Microsoft Word 文件（*.docx）”。然后导入那个 .docx 文件。没有写入任何文件。\n")
    assert sorted(project.rglob("*")) == before


def test_table_rows_survive_the_import_and_their_figures_are_lifted(tmp_path):
    """Two tables with the same rows: no row is taken for a repeated page header, none is joined to the text
    around it, the figure in a cell becomes a macro like any other, and each table is a table on the page."""
    document = docx.Document()
    for text in ["2021年X局机关上半年党建工作总结", "半年来，机关党委扎实推进各项工作。", "一、加强政治建设", "主要数字如下："]:
        document.add_paragraph(text)
    for _ in range(2):
        table = document.add_table(rows=2, cols=2)
        for row, cells in enumerate([["项目", "数量"], ["集中学习", "12次"]]):
            for column, text in enumerate(cells):
                table.cell(row, column).text = text
        document.add_paragraph("以上截至6月。")
    document.add_paragraph("下半年，我们将继续努力。")
    document.save(tmp_path / "表格.docx")
    project = copy_project(tmp_path / "project")
    done = run_module("macros", "import", str(tmp_path / "表格.docx"), "--period", "2021-h1", cwd=project)
    assert done.returncode == 0, done.stderr
    assert "页眉或页脚" not in done.stdout and "接回上一行" not in done.stdout
    page = (project / "docs" / "2021-h1" / "1.md").read_text(encoding="utf-8")
    tables = [block.splitlines() for block in page.split("\n\n") if block.startswith("|")]
    assert tables == [["| 项目 | 数量 |", "| --- | --- |", '| 集中学习 | {{ fig("jizhongxuexi_ci") }}次 |'],
                      ["| 项目 | 数量 |", "| --- | --- |", '| 集中学习 | {{ fig("jizhongxuexi_ci_2") }}次 |']]
    built = build_site(project, tmp_path / "site", {"ARCHIVE_DRAFTS": "true"})  # an import is a draft
    assert built.ok, built.output
    html = (built.site / "2021-h1" / "1" / "index.html").read_text(encoding="utf-8")
    assert html.count("<table>") == 2 and html.count("<th>项目</th>") == 2
    assert re.search(r"<td>集中学习</td>\s*<td><span[^>]*>12</span>次</td>", html)
