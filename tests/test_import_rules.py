"""The import's rules, one at a time: what is a figure, what is page furniture, where a paragraph
starts, how the document is split, what labels and keys look like, how text is kept exact."""

from __future__ import annotations

import html
import re

import markdown
import pytest

from macros.archive.schema import KEY_PATTERN
from macros.importer.clean import clean_lines
from macros.importer.figures import FoundMark, lift_marks
from macros.importer.labels import assign_keys, figure_entry, name_entries
from macros.importer.pages import escape_text
from macros.importer.paragraphs import lay_out
from macros.importer.report import Report
from macros.importer.structure import split_document, split_heading


def lifted(text: str) -> list[tuple]:
    problems: list = []
    pieces = lift_marks(text, 1, 0, problems)
    return [(p.kind, p.written, p.prefix + p.unit) if p.kind == "fig" else (p.kind, p.written, p.word)
            for p in pieces if isinstance(p, FoundMark)] + [("problem", m) for _, m in problems]


@pytest.mark.parametrize("text, expected", [
    ("授课12次，捐赠3,000册，捐款率98.5%，慰问金1.2万元，受益10余户", [
        ("fig", "12", "次"), ("fig", "3,000", "册"), ("fig", "98.5", "%"), ("fig", "1.2", "万元"), ("fig", "10", "余户")]),
    ("组织X名党员，捐款率达X%，转接X人次，设置X个人员出入检测点，以X年倍增计划", [
        ("fig", "X", "名"), ("fig", "X", "%"), ("fig", "X", "人次"), ("fig", "X", "个"), ("fig", "X", "年")]),
    ("X市XX系统、X大学和X革命老区，XX社区网格党支部", [
        ("name", "X", "市"), ("name", "XX", "系统"), ("name", "X", "大学"), ("name", "X", "革命老区"),
        ("name", "XX", "社区")]),
    ("2020年度市局、2020年上半年、2021年7月9日、十九届四中、19届毕业生、第3届、第X届", [("fig", "X", "届")]),
    ("学习《2020年X市X局工作要点》和“123”支部学习规范、“两个100%”", [("name", "X", "市"), ("name", "X", "局")]),
    ("全年开展活动15次，X支部、3支部书记", [("fig", "15", "次"), ("name", "X", "支部")]),
])
def test_what_counts_as_a_figure_or_a_name(text, expected):
    assert lifted(text) == expected


def test_numbers_the_archive_could_not_show_as_written_stay_text_and_are_reported():
    result = lifted("增长率98.50%，编号05人，人数2.5名，完成率120%，XXX同志")
    assert [r for r in result if r[0] != "problem"] == [("fig", "2.5", "名")], "issue 9: decimals take any unit"
    messages = [r[1] for r in result if r[0] == "problem"]
    assert len(messages) == 4 and "“98.50%”的写法" in messages[0] and "“05人”的写法" in messages[1]
    assert "“120%”超过 100%" in messages[2] and "“XXX”有 3 个 X" in messages[3]


def _layout(text: str):
    report = Report()
    return lay_out(clean_lines(text, report), report), report.render()


def _page(number: int, first: int, furniture: list[str]) -> list[str]:
    """Nine lines of text, then the page's furniture."""
    return [f"第{first + i}段正文说明{'工作' * (i % 3)}。" for i in range(9)] + furniture


def test_page_furniture_is_removed_and_each_removal_named():
    """Issue 9: furniture is what repeats at page intervals; a bare number only continues the page numbers."""
    lines = ["总结", *_page(1, 1, ["— 3 —", "页眉文字"]), *_page(2, 10, ["- 4 -"]), "页眉文字", *_page(3, 19, ["第5页"]),
             "页眉文字", *_page(4, 28, ["第 6 页 共 9 页"]), *_page(5, 37, ["7/9"]), *_page(6, 46, ["8"]),
             "正\u200b文\u200d最后一段。"]
    layout, report = _layout("\n".join(lines) + "\n")
    assert [p.text for p in layout.paragraphs] == [f"第{n}段正文说明{'工作' * ((n - 1) % 9 % 3)}。" for n in range(1, 55)] + [
        "正文最后一段。"]
    at = {text: number for number, text in enumerate(lines, 1)}
    for shown in ["— 3 —", "- 4 -", "第5页", "第 6 页 共 9 页", "7/9", "8"]:
        assert f"第 {at[shown]} 行：已删去页码“{shown}”" in report
    headers = [number for number, text in enumerate(lines, 1) if text == "页眉文字"]
    assert all(f"第 {n} 行：已删去重复出现的页眉或页脚“页眉文字”" in report for n in headers) and len(headers) == 3
    assert f"第 {len(lines)} 行：已删去零宽字符（网页或 Word 中看不见的字符），共 2 个" in report


def test_a_number_or_line_that_belongs_to_the_text_is_never_furniture():
    """A subscript split onto its own line joins its sentence; a bare number out of sequence is text;
    a short line repeated close together is the text's own."""
    text = "\n".join(["总结", "细颗粒物（PM", "2.5", "）浓度下降，广义货币M", "2", "和社会融资规模增长。",
                     *_page(1, 1, ["— 1 —"]), "12", "加强学习", "加强学习", "正文。"]) + "\n"
    layout, report = _layout(text)
    texts = [p.text for p in layout.paragraphs]
    assert texts[0] == "细颗粒物（PM2.5）浓度下降，广义货币M2和社会融资规模增长。"
    assert texts[-1] == "12加强学习加强学习正文。", "kept as text (and joined: no line of them ends a sentence)"
    assert not any("“12”" in line or "“2”" in line or "加强学习" in line for line in report if "已删去" in line)


def test_broken_lines_join_and_paragraphs_start_where_the_original_starts_them():
    text = ("二〇二一年上半年\n工作总结\r\n\r\n\u3000\u3000半年来，机关党委坚持学\r\n习，推动工作。\r\n一、加强学习\r\n"
            "\u3000\u3000（一）抓好理论学习\r\n\u3000\u3000开展学习12次，参加\r\n\r\n— 2 —\r\n\r\n人数30人。\r\n"
            "\u3000\u3000学习 Word\r\nPress 的用法。\r\n")
    layout, report = _layout(text)
    assert layout.title == "二〇二一年上半年工作总结"
    assert [p.text for p in layout.paragraphs] == [
        "半年来，机关党委坚持学习，推动工作。", "一、加强学习", "（一）抓好理论学习", "开展学习12次，参加人数30人。",
        "学习 Word Press 的用法。"]
    assert "第 2 行：标题分在两行，已与第 1 行合为一行“二〇二一年上半年工作总结”" in report
    assert "第 10 行：已删去页码“— 2 —”" in report
    assert "第 5、12、14 行：原文在句中断行，已接回上一行（段落文字不变）" in report


@pytest.mark.parametrize("ending, unit, issued", [
    ("X市X局机关党委\n2020年7月10日\n", "X市X局机关党委", "2020-07-10"),
    ("\u3000\u3000\u3000\u3000临江市直机关党委\n\u3000\u3000\u3000\u3000二〇二一年七月九日\n", "临江市直机关党委", "2021-07-09"),
    ("临江市直机关工委\u3000\u30002021年7月\n", "临江市直机关工委", "2021-07"),
    ("X市X局机关党委\n", "X市X局机关党委", None),
    ("", None, None),
])
def test_the_dateline_and_signature_become_data_and_stay_in_the_text(ending, unit, issued):
    layout, report = _layout("总结\n正文。\n" + ending)
    assert (layout.unit, layout.issued) == (unit, issued)
    assert [p.text for p in layout.paragraphs] == ["正文。"]
    assert [p.text for p in layout.signature] == [line.strip("\u3000") for line in ending.splitlines()]


def test_the_document_is_split_by_its_own_numbering():
    text = "\n".join([
        "2021年上半年工作总结", "半年来，工作有序推进。", "导语第二段。",
        "一、第一部分", "（一）第一节。正文一。", "1.小标题", "正文二。", "2.不是标题。正文三。", "（1）更小的标题", "正文四。",
        "二、第二部分。本部分说明。", "（一）第二节", "正文五。", "回顾半年工作，成绩与不足并存。", "下半年，继续努力。",
    ])
    document = split_document(_layout(text)[0])
    assert [b.text for b in document.opening] == ["半年来，工作有序推进。", "导语第二段。"]
    first, second = document.parts
    assert [(b.level, b.text) for b in [first.heading, *first.blocks]] == [
        (1, "一、第一部分"), (2, "（一）第一节。"), (0, "正文一。"), (3, "1.小标题"), (0, "正文二。"),
        (0, "2.不是标题。正文三。"), (4, "（1）更小的标题"), (0, "正文四。")]
    assert [(b.level, b.text) for b in [second.heading, *second.blocks]] == [
        (1, "二、第二部分。"), (0, "本部分说明。"), (2, "（一）第二节"), (0, "正文五。")]
    assert [b.text for b in document.closing] == ["回顾半年工作，成绩与不足并存。", "下半年，继续努力。"]


def test_a_last_part_that_is_itself_the_outlook_keeps_its_paragraphs():
    text = "总结\n导语。\n一、工作\n正文。\n二、下半年工作打算\n下半年，继续努力。\n"
    document = split_document(_layout(text)[0])
    assert document.closing == [] and [b.text for b in document.parts[1].blocks] == ["下半年，继续努力。"]


def test_a_heading_keeps_its_first_sentence_and_full_stop():
    assert split_heading("（一）落实“主体。责任”。党组重视。") == ("（一）落实“主体。责任”。", "党组重视。")
    assert split_heading("一、加强政治建设") == ("一、加强政治建设", "")


def _entries(text: str):
    pieces = lift_marks(text, 1, 0, [])
    marks = [p for p in pieces if isinstance(p, FoundMark)]
    figures = [figure_entry(m) for m in marks if m.kind == "fig"]
    names = name_entries([m for m in marks if m.kind == "name"])
    assign_keys(figures + names, {})
    return figures, names


def test_labels_come_from_the_words_around_and_keys_are_readable_pinyin():
    figures, _ = _entries("一是通过三种方式，组织党员捐款X人，捐款率达X%，组织X名党员干部赴外地，受益农户X余户。")
    assert [(e.label, e.key) for e in figures] == [
        ("组织党员捐款（人）", "zuzhi_dangyuan_juankuan_ren"), ("捐款率（%）", "juankuan_pct"),
        ("组织党员干部（名）", "zuzhi_dangyuanganbu_ming"), ("受益农户（户，原文为“余户”）", "shouyi_nonghu_hu")]
    assert all(KEY_PATTERN.match(e.key) for e in figures)


def test_one_name_throughout_except_twice_in_one_clause():
    _, names = _entries("X市X局党委，X市直机关。与XX社区网格党支部和XX社区党支部结对，为X社区捐书。")
    assert [(e.label, len(e.marks), e.placeholder) for e in names] == [
        ("市名", 2, "X"), ("局名", 1, "X"), ("社区名称（XX社区网格党支部）", 1, "XX"),
        ("社区名称（XX社区党支部结对）", 1, "XX"), ("社区名称（X社区捐书）", 1, "X")]
    assert len({e.key for e in names}) == 5


def test_keys_stay_clear_of_other_periods_and_follow_the_same_figure():
    figures, _ = _entries("组织党员捐款X人，开展学习X次。")
    elsewhere = {"zuzhi_dangyuan_juankuan_ren": ("fig", "捐款党员人数", "人"), "xuexi_count": ("fig", "开展学习（次）", "次")}
    for entry in figures:
        entry.key = ""
    assign_keys(figures, elsewhere)
    assert [e.key for e in figures] == ["zuzhi_dangyuan_juankuan_ren_2", "xuexi_count"]


@pytest.mark.parametrize("text", [
    "1. 整改台账。", "# 不是标题", "- 不是列表", "+ 也不是", "> 不是引用", "=== ", "*重点*与_强调_", "[1]注释[链接](x)",
    "A&B类<指标>、&amp;", "{{ fig(\"x\") }}与{% raw %}", "反斜杠\\和`代码`", "标题 { .class }",
])
def test_text_is_escaped_so_that_the_page_shows_it_as_written(text):
    rendered = markdown.markdown(escape_text(text, line_start=True), extensions=["attr_list", "md_in_html"])
    shown = html.unescape(re.sub(r"<[^>]+>", "", rendered))
    assert shown == text
    assert "{{" not in escape_text(text, True) and "{%" not in escape_text(text, True)


def test_figures_render_back_as_the_original_wrote_them():
    from macros.archive.schema import Figure
    from macros.site.render import figure_html

    grouped = Figure(label="捐赠书籍（册）", unit="册", value=3000, thousands_separator=True)
    assert ">3,000</span>" in figure_html("books", grouped)
    assert ">XX</span>" in figure_html("people", Figure(label="党员（名）", unit="名", value=None, placeholder="XX"))
    assert Figure(label="覆盖率", unit="％", value=98.5).value == 98.5  # full-width ％ is a percent
    assert Figure(label="参学", unit="万人次", value=1.2).value == 1.2
    with pytest.raises(ValueError, match="百分比不能超过 100"):
        Figure.read({"label": "覆盖率", "unit": "％", "value": 120})
    assert Figure(label="车辆", unit="辆", value=21.5).value == 21.5, "issue 9: decimals take any unit"
