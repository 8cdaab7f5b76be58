"""校对检查, check by check: small texts that must be reported, and texts that must not be.

Plain texts are read one line per paragraph, the first line being the title, so each case here
is a few lines of a summary. The 2020 H1 original is checked in test_proofread_archive.py.
"""

from __future__ import annotations

import pytest

from macros.proofread.check import proofread
from macros.proofread.numbering import chinese_number
from macros.proofread.text import ProofText, ReaderBlock, markdown_blocks, plain_text

H1 = "2021年某局上半年党建工作总结"
H2 = "2021年某局下半年党建工作总结"


def findings(body: str, title: str = H1, kind: str | None = None) -> list[tuple[int, str]]:
    """(line, words) of each finding in a plain text whose first line is `title`."""
    found = proofread(plain_text(f"{title}\n{body}", "t.txt"))
    return [(f.line, f.words) for f in found if kind is None or f.kind == kind]


def words(body: str, title: str = H1, kind: str | None = None) -> list[str]:
    return [w for _, w in findings(body, title, kind)]


# --- numbering ------------------------------------------------------------------------------------

@pytest.mark.parametrize("body, expected", [
    ("一、甲\n（一）乙。一是学习。二是宣传。四是督查。", ["四是"]),
    ("一、甲\n（一）乙。\n（三）丙。", ["（三）"]),
    ("一、甲\n三、乙", ["三、"]),
    ("一、甲\n1. 学习\n3. 宣传", ["3."]),
    ("一、甲\n1、学习\n2、宣传\n4、督查", ["4、"]),
    ("一、甲\n（1）学习\n（3）宣传", ["（3）"]),
    ("一、甲\n(一)学习\n(三)宣传", ["(三)"]),
    ("一、甲。一是学习。二是宣传。二是督查。", ["二是"]),
    ("一、甲。二是宣传。三是督查。", ["二是"]),
    ("一、甲。第一，学习；第三，督查。", ["第三，"]),
    ("一、甲\n十、乙\n十一、丙\n十三、丁", ["十、", "十三、"]),
    ("一、甲。**一是**学习。**三是**督查。", ["三是"]),
], ids=["是-gap", "paren-gap", "part-gap", "dot-gap", "dun-gap", "arabic-paren-gap", "half-width-paren",
        "是-twice", "是-no-one", "第-gap", "ten-and-up", "bold"])
def test_numbering_out_of_sequence_is_reported(body, expected):
    assert words(body, kind="序号不连续") == expected


@pytest.mark.parametrize("body", [
    "一、甲\n（一）乙。一是学习。二是宣传。三是督查。四是整改。\n（二）丙。一是学习。二是宣传。",
    "一、甲\n（一）乙\n（二）丙\n二、丁\n（一）戊\n（二）己\n三、庚",  # （一） restarts in each part
    "一、甲\n（一）乙。一是学习。\n二是宣传。\n三是督查。",               # a list may run over paragraphs
    "一、甲\n（一）乙。一是学习。二是宣传。\n一是再学习。二是再宣传。",   # or start again
    "一、甲\n（一）乙。一个是，开展评定。另一个是，落实帮扶。",
    "一、甲\n（一）乙。做到统一是关键，唯一是前提。",                  # 统一是: not a number
    "一、甲\n1. 学习\n2. 宣传\n（1）细则\n（2）要求\n3. 督查",
    "一、甲\n（一）乙\n1. 子\n2. 丑\n（二）丙\n1. 寅",
    "一、甲。全年完成98.5%，共3,000册。2020年度评定。",
], ids=["是-in-sections", "parts", "over-paragraphs", "restart", "一个是", "统一是", "levels", "arabic-restarts",
        "numbers-in-text"])
def test_numbering_in_sequence_passes(body):
    assert words(body, kind="序号不连续") == []


def test_numbering_restarts_on_each_page_but_parts_run_across_pages():
    page1 = markdown_blocks("# 一、甲\n\n## （一）乙\n\n## （二）丙\n", "docs/p/1.md")
    page2 = markdown_blocks("# 三、丁\n\n## （一）戊\n\n## （三）己\n", "docs/p/2.md")
    found = proofread(ProofText(H1, page1 + page2, files=["docs/p/1.md", "docs/p/2.md"]))
    assert [(f.file, f.line, f.words) for f in found] == [("docs/p/2.md", 1, "三、"), ("docs/p/2.md", 5, "（三）")]
    assert "前一个是“二、”" not in found[0].detail and "前一个是“一、”" in found[0].detail


@pytest.mark.parametrize("text, number", [("一", 1), ("九", 9), ("十", 10), ("十一", 11), ("二十", 20),
                                          ("九十九", 99), ("12", 12), ("十十", None), ("一二", None)])
def test_chinese_numbers(text, number):
    assert chinese_number(text) == number


# --- repeated list items --------------------------------------------------------------------------

@pytest.mark.parametrize("body, expected", [
    ("学习贯彻党的十九大，十九届二中、三中、三中、四中全会精神。", ["三中、三中"]),
    ("结合元旦、春节、元旦，走访党员。", ["元旦、春节、元旦"]),
    ("加强学习，加强学习，提高能力。", ["加强学习，加强学习"]),
    ("二中、三中、三中、三中、四中全会", ["三中、三中", "三中、三中"]),
    ("十九届二中、二中、三中全会", ["二中、二中"]),
], ids=["三中", "apart", "comma", "three-times", "first-item"])
def test_repeated_list_items_are_reported(body, expected):
    assert words(body, kind="重复的列举项") == expected


@pytest.mark.parametrize("body", [
    "深入学习贯彻党的十九大和十九届二中、三中、四中全会精神，不忘初心，牢记使命。",
    "走访X市、X市、X县的党员。",           # two X may be two different names
    "开展学习，开展调研，开展宣讲。",         # clauses share words, but differ
    "（一）学习。（二）学习。",               # not a list
    "一是学习；二是宣传；三是学习。",         # ；ends a list
    "组织党员、党员干部和群众参加。",         # a longer item is another item
    "组织集中学习，学习《党章》。",           # across a comma, only equal neighbours count
], ids=["三中-once", "redacted", "clauses", "headings", "semicolons", "longer", "comma-not-a-list"])
def test_lists_without_repeats_pass(body):
    assert words(body, kind="重复的列举项") == []


# --- quotes and brackets --------------------------------------------------------------------------

@pytest.mark.parametrize("body, expected", [
    ("组织开展“健康快乐再出发”和“健康毅行活动。", ["“健康毅行活动。"]),
    ("学习《党章》》和条例。", ["学习《党章》》"]),
    ("按照《实施意见（试行》的要求。", ["（试行》的要求。"]),
    ("他说‘好。\n第二段）。", ["‘好。", "第二段）"]),
    ("【通知", ["【通知"]),
], ids=["quote", "title-mark", "crossed", "single-and-next-paragraph", "square"])
def test_unpaired_quotes_and_brackets_are_reported(body, expected):
    assert words(body, kind="引号或括号不成对") == expected


@pytest.mark.parametrize("body", [
    "学习贯彻《中国共产党党支部工作条例（试行）》，坚持“围绕中心、积极作为”的原则。",
    "“《党章》”和“‘三会一课’”。",
])
def test_paired_quotes_and_brackets_pass(body):
    assert words(body, kind="引号或括号不成对") == []


def test_a_markdown_paragraph_may_span_lines():
    blocks = markdown_blocks("# 一、甲\n\n组织开展“健康\n毅行”活动。\n", "docs/p/1.md")
    assert proofread(ProofText(H1, blocks)) == []


# --- the period the title names -------------------------------------------------------------------

@pytest.mark.parametrize("body, expected", [
    ("一年来，在工委领导下。", ["一年来"]),
    ("近一年以来，成绩显著。", ["一年以来"]),
    ("回顾一年的工作，虽取得了一些成绩。", ["回顾一年"]),
    ("全年共开展活动。本年度完成任务。", ["全年", "本年度"]),
])
def test_first_half_summary_speaking_of_the_year_is_reported(body, expected):
    assert words(body, kind="时段说法与标题不符") == expected


@pytest.mark.parametrize("body", [
    "半年来，上半年完成全年目标任务的一半，全年计划过半。",
    "党建工作经费纳入年度预算；做好2020年度星级评定；健全年度考核；建局十一年来。下半年，我们将继续努力。",
])
def test_first_half_summary_words_that_fit(body):
    assert words(body, kind="时段说法与标题不符") == []


def test_second_half_summary_may_speak_of_the_year_but_not_of_the_first_half():
    assert words("全年共开展活动，回顾一年的工作。与上半年相比有进步。", title=H2, kind="时段说法与标题不符") == []
    assert words("上半年来，共开展活动。", title=H2, kind="时段说法与标题不符") == ["上半年来"]
    assert words("从上半年来看，进展顺利。", title=H2, kind="时段说法与标题不符") == []
    assert words("一年来，共开展活动。", title="2021年某局党建工作总结", kind="时段说法与标题不符") == []


def test_the_title_itself_is_not_checked_for_period_words():
    assert words("上半年，开展活动。", title="2021年上半年工作总结（全年计划执行情况）") == []


# --- half-width punctuation -----------------------------------------------------------------------

@pytest.mark.parametrize("body, expected", [
    ("加强学习,提高能力。", ["加强学习,提高能力"]),
    ("做到两点:一是学习;二是宣传。", ["做到两点:一是学习", "一是学习;二是宣传"]),
    ("是否落实?必须落实!", ["是否落实?必须落实", "必须落实!"]),
    ("按照《意见(试行)》要求。", ["照《意见(试行)》", "见(试行)》要求。"]),
    ("会议结束.下午继续。", ["会议结束.下午继续"]),
    ("网址:http://www.gov.cn。", ["网址:http"]),
], ids=["comma", "colon-semicolon", "question-exclamation", "brackets", "full-stop", "before-address"])
def test_half_width_punctuation_in_chinese_is_reported(body, expected):
    assert words(body, kind="中文里用了半角标点") == expected


@pytest.mark.parametrize("body", [
    "捐款率达98.5%，共3,000册，上午10:30开会，增长1.2万元。",
    "1. 加强学习\n2、提高能力",
    "详见http://www.example.cn/a?b=1,c=2;d:e 或 www.gov.cn，来信请寄 a.b@example.cn。",
    "引用英文 Hello, world! 不算。",
    "“123”支部学习教育基本规范。",
])
def test_numbers_lists_addresses_and_english_pass(body):
    assert words(body, kind="中文里用了半角标点") == []


def test_markdown_links_are_not_prose():
    blocks = markdown_blocks("# 一、甲\n\n见[原文](original.md)。\n", "docs/p/1.md")
    assert proofread(ProofText(H1, blocks)) == []


# --- reading the text ---------------------------------------------------------------------------

def test_findings_point_at_the_line_of_a_wrapped_paragraph():
    blocks = markdown_blocks("# 一、甲\n\n第一行，\n第二行,\n第三行。\n", "docs/p/1.md")
    assert blocks[1] == ReaderBlock("docs/p/1.md", 3, "第一行，\n第二行,\n第三行。")
    found = proofread(ProofText(H1, blocks))
    assert [(f.line, f.words) for f in found] == [(4, "第二行,")]


def test_plain_text_strips_indentation_and_keeps_line_numbers():
    text = plain_text(f"{H1}\r\n\r\n\u3000\u3000一年来，工作,加强。\r\n", "t.txt")
    assert [(b.line, b.text) for b in text.blocks] == [(1, H1), (3, "一年来，工作,加强。")]
    assert [(f.line, f.words) for f in proofread(text)] == [(3, "一年来"), (3, "来，工作,加强。")]
