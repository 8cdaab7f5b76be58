"""Every mistake an editor can make in a data file stops with one clear Chinese message.

Fast tests, no MkDocs: they load YAML written to a temporary file and check that the
`ArchiveError` names the file, the right line and the key, and says what to fix.
Line numbers are never hard-coded: each case says which text the line holds.
"""

from __future__ import annotations

import shutil
from functools import partial

import pytest
import support
from support import ROOT, changed_once, copy_project, data_error
from support import unique_line_of as line_of

from macros.archive.catalog import load_archive
from macros.archive.summary_data import load_summary_data
from macros.errors import ArchiveError

SHOWN_AS = "data/x.yml"

# A small, valid data file. Every case below breaks it in one place.
VALID = """\
summary:
  title: 测试总结
  unit: "{city}市机关党委"
  issued: 2020-07-10
  status: final

names:
  city:
    label: 市名
    value: null

figures:
  donors:
    label: 捐款党员人数
    unit: 人
    value: 45
  donation_rate:
    label: 党员捐款率
    unit: "%"
    value: 90
  lectures:
    label: 授课次数
    unit: 次
    value: null
  trainees:
    label: 参训党员人数
    unit: 名
    value: null

rates:
  - rate: donation_rate
    count: donors
    base: 50
    base_label: 机关党员总数
"""


# --- Helpers -------------------------------------------------------------------------

def changed(old: str, new: str, text: str = VALID) -> str:
    return changed_once(text, old, new)



def load(tmp_path, text: str):
    path = tmp_path / "x.yml"
    path.write_text(text, encoding="utf-8")
    return load_summary_data(path, SHOWN_AS)


def error_of(tmp_path, text: str) -> ArchiveError:
    return data_error(tmp_path / "x.yml", text, SHOWN_AS)


# Written for editors: Chinese, and none of the parser's or a validator's English.
assert_message = partial(support.assert_message, file=SHOWN_AS,
                         not_english=("Input should", "validation error", "Traceback", "Field required", "pydantic"))


def test_the_valid_file_and_the_real_data_load(tmp_path):
    loaded = load(tmp_path, VALID)
    assert loaded.data.figures["donors"].value == 45
    assert loaded.line_of("figures", "donors", "value") == line_of(VALID, "value: 45")
    real = load_summary_data(ROOT / "data" / "2020-h1.yml", "data/2020-h1.yml")
    assert real.data.summary.status == "final"


# --- Keys ------------------------------------------------------------------------------

@pytest.mark.parametrize("old, new, at, key, says", [
    pytest.param("    label: 捐款党员人数", "    lable: 捐款党员人数", "lable:", "figures.donors.lable",
                 ["不认识的键“lable”", "是否想写“label”", "label、unit、value"], id="misspelt-figure-key"),
    pytest.param("figures:\n", "figure:\n", "figure:", "figure",
                 ["不认识的键“figure”", "是否想写“figures”"], id="misspelt-section"),
    pytest.param("    base: 50", "    bse: 50", "bse:", "rates[0].bse",
                 ["不认识的键“bse”", "是否想写“base”"], id="misspelt-rate-key"),
    pytest.param("  donors:\n", "  捐款人数:\n", "捐款人数:", "figures.捐款人数",
                 ["键名“捐款人数”不合规", "小写英文字母", "中文说明写在 label 里"], id="chinese-key"),
    pytest.param("  donors:\n", "  Donors:\n", "Donors:", "figures.Donors",
                 ["键名“Donors”不合规", "小写英文字母"], id="uppercase-key"),
    pytest.param("  city:\n", "  1city:\n", "1city:", "names.1city",
                 ["键名“1city”不合规", "以字母开头"], id="key-starting-with-digit"),
    pytest.param("  lectures:\n", "  12:\n", "12:", "figures.12",
                 ["键名“12”不合规"], id="number-as-key"),
    pytest.param("    label: 捐款党员人数", "    1: 捐款党员人数", "1: 捐款", "figures.donors.1",
                 ["不认识的键“1”", "label、unit、value"], id="number-as-key-of-a-figure"),
])
def test_bad_keys(tmp_path, old, new, at, key, says):
    text = changed(old, new)
    assert_message(error_of(tmp_path, text), line=line_of(text, at), key=key, says=says)


@pytest.mark.parametrize("old, key, field, says", [
    pytest.param("    unit: 人\n", "figures.donors.unit", "  donors:", ["缺少必填的键“unit”", "单位"], id="figure-unit"),
    pytest.param("  status: final\n", "summary.status", "summary:", ["缺少必填的键“status”", "final（定稿）"],
                 id="summary-status"),
    pytest.param("    base_label: 机关党员总数\n", "rates[0].base_label", "- rate:", ["缺少必填的键“base_label”"],
                 id="rate-base-label"),
])
def test_missing_required_key_points_at_its_parent(tmp_path, old, key, field, says):
    text = changed(old, "")
    assert_message(error_of(tmp_path, text), line=line_of(text, field), key=key, says=says)


@pytest.mark.parametrize("where, text_after", [
    pytest.param("top", VALID + "\nsummary:\n  title: 又一个\n", id="top-level"),
    pytest.param("nested", changed("    label: 捐款党员人数\n", "    label: 捐款党员人数\n    label: 捐款人数\n"),
                 id="nested"),
])
def test_a_key_written_twice_is_refused(tmp_path, where, text_after):
    # PyYAML alone would silently keep the second one.
    error = error_of(tmp_path, text_after)
    if where == "top":
        lines = text_after.split("\n")
        second = len(lines) - lines[::-1].index("summary:")
        assert_message(error, line=second, key="summary", says=["键“summary”写了两次", "第一次在第 1 行"])
    else:
        assert_message(error, line=line_of(text_after, "label: 捐款人数"), key="figures.donors.label",
                       says=["键“label”写了两次", f"第一次在第 {line_of(text_after, 'label: 捐款党员人数')} 行"])


# --- Values ----------------------------------------------------------------------------

@pytest.mark.parametrize("written, says", [
    pytest.param("十二", ["应为数字", "不能写成汉字或带单位", "“十二”"], id="chinese-numeral"),
    pytest.param("12次", ["应为数字", "“12次”"], id="number-with-unit"),
    pytest.param('"12"', ["数字不要加引号", "改成 12"], id="quoted-number"),
    pytest.param("'12'", ["数字不要加引号"], id="single-quoted-number"),
    pytest.param("yes", ["应为数字", "是/否"], id="bool-yes"),
    pytest.param("true", ["应为数字", "是/否"], id="bool-true"),
    pytest.param("-3", ["不能是负数", "-3"], id="negative"),
    pytest.param("", ["冒号后面没有写内容", "写 null"], id="left-blank"),
    pytest.param(".inf", ["应为普通的数字"], id="infinity"),
])
def test_a_figure_value_must_be_a_plain_number(tmp_path, written, says):
    text = changed("    unit: 次\n    value: null", f"    unit: 次\n    value: {written}")
    assert_message(error_of(tmp_path, text), line=line_of(text, f"value: {written}\n"),
                   key="figures.lectures.value", says=says)


def test_a_percentage_over_100_is_refused(tmp_path):
    text = changed("    value: 90\n", "    value: 120\n")
    assert_message(error_of(tmp_path, text), line=line_of(text, "value: 120"), key="figures.donation_rate.value",
                   says=["百分比不能超过 100", "120"])


@pytest.mark.parametrize("unit, value", [
    ("名", "1.5"), ("年", "11.3"), ("辆", "21.5"), ("个百分点", "0.2"), ("元", "1.5"), ("%", "98.5"), ("名", "2"),
])
def test_decimals_take_any_unit_as_documents_write_them(tmp_path, unit, value):
    """Issue 9: 11.3年, 21.5辆, 0.2个百分点 are written so; the page shows the value as data gives it."""
    text = changed("    unit: 名\n    value: null", f'    unit: "{unit}"\n    value: {value}')
    assert load(tmp_path, text).data.figures["trainees"].value == float(value)


@pytest.mark.parametrize("old, new, at, key, says", [
    pytest.param("status: final", "status: 定稿", "status:", "summary.status",
                 ["只能写 final 或 draft", "“定稿”"], id="status-chinese"),
    pytest.param("status: final", "status: Final", "status:", "summary.status",
                 ["只能写 final 或 draft"], id="status-capital"),
    pytest.param("status: final", "status:", "status:", "summary.status", ["冒号后面没有写内容"], id="status-blank"),
    pytest.param("title: 测试总结", "title: null", "title:", "summary.title", ["不能为空"], id="title-null"),
    pytest.param("    label: 市名", "    label: 12", "label: 12", "names.city.label",
                 ["应为文字", "12"], id="label-number"),
    pytest.param("    value: null\n\nfigures:", "    value: null\n    placeholder: XXX\n\nfigures:", "placeholder:",
                 "names.city.placeholder", ["只能写 X 或 XX", "“XXX”"], id="placeholder"),
    pytest.param("    base: 50", "    base: 0", "base:", "rates[0].base", ["不能小于 1"], id="base-zero"),
    pytest.param("    base: 50", '    base: "50"', "base:", "rates[0].base", ["数字不要加引号"], id="base-quoted"),
    pytest.param("    base: 50", "    base: 50.5", "base:", "rates[0].base", ["应为整数"], id="base-decimal"),
    pytest.param("    base_label: 机关党员总数\n", "    base_label: 机关党员总数\n\nnames2: 1\n", "names2:", "names2",
                 ["不认识的键“names2”", "是否想写“names”"], id="unknown-section-at-end"),
])
def test_other_bad_values(tmp_path, old, new, at, key, says):
    text = changed(old, new)
    assert_message(error_of(tmp_path, text), line=line_of(text, at), key=key, says=says)


@pytest.mark.parametrize("written, says", [
    pytest.param("2020-13-01", ["日期“2020-13-01”不存在", "月份和日子"], id="month-13"),
    pytest.param("2020-02-30", ["日期“2020-02-30”不存在"], id="february-30"),
    pytest.param('"2020-02-30"', ["日期“2020-02-30”不存在"], id="quoted-february-30"),
    pytest.param("2020年7月", ["日期应写成 2020-07-10 或 2020-07", "“2020年7月”"], id="chinese-date"),
    pytest.param("2020-7-10", ["日期应写成 2020-07-10 或 2020-07"], id="no-leading-zero"),
    pytest.param("2020", ["日期应写成 2020-07-10 或 2020-07"], id="year-only"),
    pytest.param("yes", ["日期应写成 2020-07-10 或 2020-07", "“true”"], id="yes-read-as-true"),
    pytest.param("", ["冒号后面没有写内容"], id="left-blank"),
])
def test_bad_dates(tmp_path, written, says):
    text = changed("  issued: 2020-07-10", f"  issued: {written}")
    assert_message(error_of(tmp_path, text), line=line_of(text, "issued:"), key="summary.issued", says=says)


@pytest.mark.parametrize("written", ["2020-07-10", '"2020-07-10"', "2020-07", "null"])
def test_good_dates(tmp_path, written):
    load(tmp_path, changed("  issued: 2020-07-10", f"  issued: {written}"))


# --- Malformed YAML ----------------------------------------------------------------

@pytest.mark.parametrize("old, new, at, says", [
    pytest.param("    unit: 人\n", "     unit: 人\n", "     unit: 人", ["缩进不齐", "5 个空格", "4 个"],
                 id="indented-too-far"),
    pytest.param("    value: 45\n", "   value: 45\n", "   value: 45", ["缩进不齐", "3 个空格"],
                 id="indented-too-little"),
    pytest.param("    unit: 人\n", "\tunit: 人\n", "\tunit", ["制表符（Tab）", "空格"], id="tab"),
    pytest.param("    label: 捐款党员人数", '    label: "捐款党员人数', '"捐款党员人数', ["引号没有成对"],
                 id="unclosed-quote"),
    pytest.param("    base_label: 机关党员总数", "    base_label: '机关党员总数", "'机关党员总数",
                 ["引号没有成对"], id="unclosed-quote-at-end-of-file"),
    pytest.param("    label: 捐款党员人数", '    label: "捐款"党员人数', '"捐款"党员人数',
                 ["多余的内容", "另一种引号"], id="text-after-closing-quote"),
    pytest.param("    label: 捐款党员人数", "    label:捐款党员人数", "label:捐款", ["键: 值", "冒号后面要有一个空格"],
                 id="no-space-after-colon"),
    pytest.param("    label: 捐款党员人数", "    label： 捐款党员人数", "label：", ["中文冒号"], id="chinese-colon"),
    pytest.param("    label: 捐款党员人数", "    label 捐款党员人数", "label 捐款", ["键: 值"], id="no-colon"),
    pytest.param("  - rate: donation_rate", "  -rate: donation_rate", "-rate", ["“-”后面要有一个空格"],
                 id="no-space-after-dash"),
    pytest.param("    value: 45\n", "    value: [45, 46\n", "[45, 46", ["以“[”开头", "没有对应的“]”", "加上引号"],
                 id="list-not-closed"),
    pytest.param("    base_label: 机关党员总数", "    base_label: {名称: 机关党员总数", "{名称",
                 ["以“{”开头", "没有对应的“}”"], id="mapping-not-closed-at-end-of-file"),
])
def test_malformed_yaml_points_at_the_line_to_fix(tmp_path, old, new, at, says):
    text = changed(old, new)
    assert_message(error_of(tmp_path, text), line=line_of(text, at), key=None, says=["YAML 格式有误", *says])


def test_two_unclosed_quotes_that_pair_up_are_still_refused(tmp_path):
    # The parser would read everything between them as one label; the editor meant two lines.
    text = changed("    label: 市名", '    label: "市名')
    text = changed("    label: 授课次数", '    label: 授课次数"', text)
    assert_message(error_of(tmp_path, text), line=line_of(text, '"市名'), key=None, says=["引号没有成对"])


def test_a_list_as_a_key_is_refused(tmp_path):
    text = changed("names:\n", "names:\n  ? [市名, 区名]\n  : 值\n")
    assert_message(error_of(tmp_path, text), line=line_of(text, "? [市名"), key=None,
                   says=["键只能是一段文字", "键: 值"])


def test_rates_must_be_a_list(tmp_path):
    text = VALID.split("rates:")[0] + "rates:\n  rate: donation_rate\n"
    assert_message(error_of(tmp_path, text), line=line_of(text, "rates:"), key="rates", says=["以“- ”开头的列表"])


def test_a_value_with_colon_and_space_needs_quotes(tmp_path):
    text = changed("    label: 捐款党员人数", "    label: 说明: 捐款党员人数")
    assert_message(error_of(tmp_path, text), line=line_of(text, "说明: "), key=None, says=["加上引号"])
    load(tmp_path, changed("    label: 捐款党员人数", '    label: "说明: 捐款党员人数"'))


@pytest.mark.parametrize("text", [
    pytest.param("", id="empty"),
    pytest.param("# 只有注释\n", id="only-a-comment"),
    pytest.param("- 一\n- 二\n", id="a-list"),
    pytest.param("只有一行字\n", id="plain-text"),
])
def test_a_file_without_keys_is_refused(tmp_path, text):
    assert_message(error_of(tmp_path, text), line=1, key=None, says=["文件是空的或不是“键: 内容”的形式"])


def test_a_file_not_in_utf8_is_refused(tmp_path):
    path = tmp_path / "x.yml"
    path.write_bytes(VALID.encode("gbk"))
    with pytest.raises(ArchiveError) as caught:
        load_summary_data(path, SHOWN_AS)
    assert_message(caught.value, line=None, key=None, says=["不是 UTF-8 编码"])


# --- Relations between entries ------------------------------------------------------

def with_rate(donors: int, base: int, rate: str) -> str:
    text = changed("    value: 45\n", f"    value: {donors}\n")
    text = changed("    value: 90\n", f"    value: {rate}\n", text)
    return changed("    base: 50", f"    base: {base}", text)


@pytest.mark.parametrize("donors, base, rate", [(45, 50, "90"), (45, 50, "90.0"), (1, 3, "33.3"), (2, 3, "67"),
                                                (0, 50, "0"), (50, 50, "100")])
def test_a_rate_that_agrees_with_its_count_loads(tmp_path, donors, base, rate):
    load(tmp_path, with_rate(donors, base, rate))


@pytest.mark.parametrize("donors, base, rate, expected", [
    pytest.param(45, 50, "91", "取整数应为 90%", id="off-by-one"),
    pytest.param(45, 50, "89.9", "保留 1 位小数应为 90.0%", id="wrong-at-one-decimal"),
    pytest.param(1, 3, "33.4", "保留 1 位小数应为 33.3%", id="rounded-wrongly"),
])
def test_a_rate_that_disagrees_with_count_and_base(tmp_path, donors, base, rate, expected):
    text = with_rate(donors, base, rate)
    assert_message(error_of(tmp_path, text), line=line_of(text, "- rate:"), key="rates[0]",
                   says=["党员捐款率与人数对不上", f"捐款党员人数 {donors} ÷ 机关党员总数 {base}", expected,
                         f"写的是 {rate}%", f"第 {line_of(text, f'value: {rate}')} 行"])


def test_a_count_larger_than_its_base(tmp_path):
    text = with_rate(55, 50, "100")
    assert_message(error_of(tmp_path, text), line=line_of(text, "base: 50"), key="rates[0].base",
                   says=["捐款党员人数（55", "大于机关党员总数（50）", f"见第 {line_of(text, 'value: 55')} 行"])


@pytest.mark.parametrize("role, old, new, says", [
    pytest.param("count", "count: donors", "count: donor", ["count: donor 在 figures 中不存在", "是否想写“donors”"],
                 id="count-missing"),
    pytest.param("rate", "rate: donation_rate", "rate: donate_rate", ["rate: donate_rate 在 figures 中不存在"],
                 id="rate-missing"),
    pytest.param("rate", "rate: donation_rate", "rate: lectures", ["lectures（授课次数）的单位是“次”", "应为“%”"],
                 id="rate-not-a-percentage"),
])
def test_rates_must_name_fitting_figures(tmp_path, role, old, new, says):
    text = changed(old, new)
    assert_message(error_of(tmp_path, text), line=line_of(text, new), key=f"rates[0].{role}", says=says)


def test_unknown_counts_or_bases_are_not_checked(tmp_path):
    load(tmp_path, changed("    base: 50", "    base: null"))
    load(tmp_path, changed("    value: 90\n", "    value: null\n"))


# --- On a copy of the real data file ------------------------------------------------

REAL = (ROOT / "data" / "2020-h1.yml").read_text(encoding="utf-8")
REAL_DONORS = "    label: 捐款党员人数\n    unit: 人\n    value: null"


@pytest.mark.parametrize("old, new, at, key, says", [
    pytest.param(REAL_DONORS, REAL_DONORS.replace("label", "lable"), "lable:", "figures.donors.lable",
                 ["是否想写“label”"], id="misspelt-key"),
    pytest.param(REAL_DONORS, REAL_DONORS.replace("null", "十二"), "value: 十二", "figures.donors.value",
                 ["应为数字", "十二"], id="chinese-numeral"),
    pytest.param('unit: "{city}市{bureau}局机关党委"', 'unit: "{town2}市{bureau}局机关党委"', "{town2}", "summary.unit",
                 ["{town2} 在 names 中没有定义", "是否想写“town”"], id="unit-placeholder"),
])
def test_mistakes_in_the_real_data_file(tmp_path, old, new, at, key, says):
    text = changed(old, new, REAL)
    path = tmp_path / "2020-h1.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ArchiveError) as caught:
        load_summary_data(path, "data/2020-h1.yml")
    assert_message(caught.value, file="data/2020-h1.yml", line=line_of(text, at), key=key, says=says)


# --- Data files and page folders together (the archive) ------------------------------

def _new_period(root, period: str = "2021-h1") -> None:
    shutil.copytree(root / "docs" / "2020-h1", root / "docs" / period)


@pytest.mark.parametrize("breaks, file, says", [
    pytest.param(lambda root: _new_period(root), "docs/2021-h1/",
                 ["期次 2021-h1 有页面，但缺少数据文件 data/2021-h1.yml"], id="summary-without-data"),
    pytest.param(lambda root: shutil.copy(root / "data/2020-h1.yml", root / "data/2021-h1.yml"), "data/2021-h1.yml",
                 ["缺少页面目录 docs/2021-h1/"], id="data-without-pages"),
    pytest.param(lambda root: shutil.copy(root / "data/2020-h1.yml", root / "data/2020-h3.yml"), "data/2020-h3.yml",
                 ["文件名应为期次编号", "2020-h1", "2020-h2"], id="badly-named-data-file"),
    pytest.param(lambda root: (root / "data/2020-h1.yml").rename(root / "data/2020-h1.yaml"), "docs/2020-h1/",
                 ["缺少数据文件 data/2020-h1.yml", "data/2020-h1.yaml 扩展名不对"], id="data-file-ending-yaml"),
    pytest.param(lambda root: (root / "docs/2020-h1").rename(root / "docs/2020-H1"), "docs/2020-H1/",
                 ["目录名应为期次编号", "h 小写"], id="badly-named-folder"),
    pytest.param(lambda root: (root / "docs/2020-h1/original.txt").unlink(), "docs/2020-h1/",
                 ["缺少文件 original.txt"], id="no-original-text"),
    pytest.param(lambda root: (root / "docs/2020-h1/original.md").unlink(), "docs/2020-h1/",
                 ["缺少文件 original.md"], id="no-original-page"),
    pytest.param(lambda root: (root / "docs/2020-h1/index.md").unlink(), "docs/2020-h1/",
                 ["缺少文件 index.md"], id="no-landing-page"),
])
def test_archive_layout_mistakes(tmp_path, breaks, file, says):
    root = copy_project(tmp_path / "project")
    load_archive(root)  # the unbroken copy loads
    breaks(root)
    with pytest.raises(ArchiveError) as caught:
        load_archive(root)
    assert_message(caught.value, file=file, line=None, key=None, says=says)


def test_a_data_error_reaches_the_archive_with_the_real_file_name(tmp_path):
    root = copy_project(tmp_path / "project")
    data = root / "data" / "2020-h1.yml"
    text = changed(REAL_DONORS, REAL_DONORS.replace("null", "12次"), REAL)
    data.write_text(text, encoding="utf-8")
    with pytest.raises(ArchiveError) as caught:
        load_archive(root)
    assert_message(caught.value, file="data/2020-h1.yml", line=line_of(text, "value: 12次"),
                   key="figures.donors.value", says=["应为数字"])
