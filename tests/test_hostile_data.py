"""Hostile and careless data (issue 13): numbers that YAML would change, YAML that would never finish or
run code, period ids that look right but are not, CSV cells a spreadsheet would run.

Each case ends in one Chinese message naming file and line (and key where there is one), in bounded
time and memory, with nothing written. Line numbers are computed from the text, never copied.
"""

from __future__ import annotations

import csv
import io
import shutil
import time
import tracemalloc
from functools import partial

import pytest
import support
import yaml
from support import ROOT, changed_once, copy_project, data_error
from support import unique_line_of as line_of

from macros.archive.catalog import load_archive
from macros.archive.periods import parse_period
from macros.archive.summary_data import load_summary_data
from macros.archive.vocabulary import TERMS_FILE, load_terms
from macros.commands.cli import main
from macros.errors import ArchiveError
from macros.importer.command import import_text
from macros.site.figures_page import figure_rows, figures_csv

SHOWN_AS = "data/2020-h1.yml"
REAL = (ROOT / "data" / "2020-h1.yml").read_text(encoding="utf-8")
MEETINGS = "    label: 召开宣讲会场次\n    unit: 场次\n    value: null"
RATE = "    label: 党员捐款率\n    unit: \"%\"\n    value: null"


def changed(old: str, new: str, text: str = REAL) -> str:
    return changed_once(text, old, new)



def error_of(tmp_path, text: str) -> ArchiveError:
    return data_error(tmp_path / "2020-h1.yml", text, SHOWN_AS)


assert_message = partial(support.assert_message, file=SHOWN_AS,
                         not_english=("Traceback", "Error", "expected", "found", "could not"))


# --- Numbers are read as written (13.3) ------------------------------------------------

@pytest.mark.parametrize("written, says", [
    pytest.param("012", ["“012”不是有效的数字写法，请写成 12", "八进制"], id="leading-zero"),
    pytest.param("010", ["“010”不是有效的数字写法，请写成 10"], id="octal-1.1"),
    pytest.param("00", ["请写成 0"], id="double-zero"),
    pytest.param("1:30", ["“1:30”不是有效的数字写法", "六十进制", '加引号写成 "1:30"'], id="sexagesimal"),
    pytest.param("0x1F", ["“0x1F”不是有效的数字写法，请写成 31", "十六进制"], id="hex"),
    pytest.param("0o17", ["“0o17”不是有效的数字写法，请写成 15"], id="octal-1.2"),
    pytest.param("0b101", ["请写成 5"], id="binary"),
    pytest.param("1_000", ["“1_000”不是有效的数字写法，请写成 1000"], id="underscore"),
    pytest.param("+12", ["“+12”不是有效的数字写法，请写成 12"], id="plus-sign"),
    pytest.param(".5", ["“.5”不是有效的数字写法，请写成 0.5"], id="no-leading-digit"),
    pytest.param("12.", ["“12.”不是有效的数字写法，请写成 12"], id="trailing-dot"),
    pytest.param("1e3", ["“1e3”不是有效的数字写法，请写成 1000"], id="exponent"),
    pytest.param("3,000", ["请写成 3000", "thousands_separator: true"], id="thousands-separator"),
])
def test_a_number_not_written_plainly_is_refused(tmp_path, written, says):
    text = changed(MEETINGS, MEETINGS.replace("null", written))
    assert_message(error_of(tmp_path, text), line=line_of(text, f"value: {written}\n"),
                   key="figures.lecture_meetings.value", says=says)


@pytest.mark.parametrize("written, fixed", [
    pytest.param("１２", "12", id="full-width"),
    pytest.param('"１２"', "12", id="full-width-quoted"),
    pytest.param("１２．５", "12.5", id="full-width-decimal"),
])
def test_full_width_digits_get_advice_that_works(tmp_path, written, fixed):
    text = changed(RATE, RATE.replace("null", written))
    error = error_of(tmp_path, text)
    assert_message(error, line=line_of(text, f"value: {written}\n"), key="figures.donation_rate.value",
                   says=["全角数字", f"写成 {fixed}"])
    # the advice works: written as told, the file loads with that number
    (tmp_path / "2020-h1.yml").write_text(changed(RATE, RATE.replace("null", fixed)), encoding="utf-8")
    assert load_summary_data(tmp_path / "2020-h1.yml", SHOWN_AS).data.figures["donation_rate"].value == float(fixed)


def test_a_quoted_number_with_leading_zero_is_told_the_plain_writing(tmp_path):
    text = changed(MEETINGS, MEETINGS.replace("null", '"012"'))
    assert_message(error_of(tmp_path, text), line=line_of(text, 'value: "012"'), key="figures.lecture_meetings.value",
                   says=["数字不要加引号", "改成 12。"])


@pytest.mark.parametrize("where, old, new, at, key", [
    pytest.param("rate base", "    base: null", "    base: 0x32", "base: 0x32", "rates[0].base", id="rate-base"),
    pytest.param("a key", "  donors:\n", "  012:\n", "012:", "figures.012", id="key"),
    pytest.param("a label", "    label: 市名", "    label: 1:30", "label: 1:30", "names.city.label", id="label"),
])
def test_number_rules_hold_everywhere_in_the_file(tmp_path, where, old, new, at, key):
    text = changed(old, new)
    assert_message(error_of(tmp_path, text), line=line_of(text, at), key=key, says=["不是有效的数字写法"])


@pytest.mark.parametrize("written, value", [("12", 12), ("0", 0), ("98.5", 98.5), ("12.50", 12.5)])
def test_plain_numbers_still_load(tmp_path, written, value):
    path = tmp_path / "2020-h1.yml"
    path.write_text(changed(RATE, RATE.replace("null", written)), encoding="utf-8")
    loaded = load_summary_data(path, SHOWN_AS).data.figures["donation_rate"].value
    assert loaded == value and type(loaded) is type(value)


# --- Bounded YAML (13.7, 13.9) -------------------------------------------------------------

ALIAS_BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8))


def bounded(tmp_path, text: str) -> tuple[ArchiveError, float, int]:
    """The error, the seconds and the peak bytes allocated while loading `text`."""
    path = tmp_path / "2020-h1.yml"
    path.write_text(text, encoding="utf-8")
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(ArchiveError) as caught:
            load_summary_data(path, SHOWN_AS)
    finally:
        seconds = time.monotonic() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return caught.value, seconds, peak


def test_the_alias_bomb_is_refused_at_once(tmp_path):
    assert len(ALIAS_BOMB.encode()) < 1024  # 9**9 strings once expanded
    error, seconds, peak = bounded(tmp_path, ALIAS_BOMB)
    assert_message(error, line=1, key=None, says=["不支持锚点和别名", "“&a”"])
    assert seconds < 2 and peak < 20_000_000, (seconds, peak)


def test_an_anchor_without_alias_is_refused_too(tmp_path):
    text = changed("  city:\n", "  city: &city\n")
    assert_message(error_of(tmp_path, text), line=line_of(text, "&city"), key=None, says=["不支持锚点和别名"])


@pytest.mark.parametrize("text", [
    pytest.param("a: " + "[" * 5000 + "]" * 5000 + "\n", id="flow-5000"),
    pytest.param("a: " + "{b: " * 5000 + "1" + "}" * 5000 + "\n", id="flow-mappings-5000"),
    pytest.param("".join("  " * i + f"k{i}:\n" for i in range(500)), id="block-500"),  # 250 KB
])
def test_deep_nesting_is_refused(tmp_path, text):
    error, seconds, peak = bounded(tmp_path, text)
    assert "嵌套的层次太多（超过 10 层）" in str(error) and error.file == SHOWN_AS and error.line is not None
    assert seconds < 2 and peak < 20_000_000, (seconds, peak)


def test_the_real_nesting_is_well_below_the_limit(tmp_path):
    text = REAL + "\n# deepest place of a data file: proofread.accepted[0].words\n"
    path = tmp_path / "2020-h1.yml"
    path.write_text(text, encoding="utf-8")
    assert load_summary_data(path, SHOWN_AS).data.proofread.accepted


@pytest.mark.parametrize("old, new, shown", [
    pytest.param(MEETINGS, MEETINGS.replace("null", "!!python/object/apply:os.system [\"touch {marker}\"]"),
                 "!!python/object/apply:os.system", id="python-object"),
    pytest.param("    label: 市名", "    label: !foo 市名", "!foo", id="local-tag"),
    pytest.param(MEETINGS, MEETINGS.replace("null", "!!int 12"), "!!int", id="standard-tag"),
])
def test_tags_are_refused(tmp_path, old, new, shown):
    marker = tmp_path / "ran"
    text = changed(old, new.format(marker=marker))
    assert_message(error_of(tmp_path, text), line=line_of(text, shown), key=None,
                   says=[f"不支持标签“{shown}”"])
    assert not marker.exists()


def test_merge_keys_are_refused(tmp_path):
    text = changed("  bureau:\n    label: 局名\n", "  bureau:\n    <<: {label: 局名}\n")
    assert_message(error_of(tmp_path, text), line=line_of(text, "<<:"), key=None, says=["不支持合并键“<<”"])


def test_a_second_document_is_refused(tmp_path):
    text = REAL + "---\nsummary: {}\n"
    assert_message(error_of(tmp_path, text), line=line_of(text, "---\nsummary: {}"), key=None,
                   says=["第二个“---”"])


def test_a_data_file_over_1_mb_is_refused(tmp_path):
    text = REAL + "# " + "很长的注释" * 70_000 + "\n"
    assert len(text.encode()) > 1_000_000
    error, seconds, peak = bounded(tmp_path, text)
    assert_message(error, line=None, key=None, says=["文件太大", "1 MB"])
    assert seconds < 2, seconds


def test_a_data_file_over_1_mb_stops_the_archive(tmp_path):
    root = copy_project(tmp_path / "project")
    data = root / "data" / "2020-h1.yml"
    data.write_text(REAL + "# " + "x" * 1_100_000 + "\n", encoding="utf-8")
    with pytest.raises(ArchiveError) as caught:
        load_archive(root)
    assert_message(caught.value, line=None, key=None, says=["文件太大"])


def test_a_search_vocabulary_over_100_kb_is_refused(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / TERMS_FILE).write_text("三会一课\n" + "# 注释\n" * 30_000, encoding="utf-8")
    with pytest.raises(ArchiveError) as caught:
        load_terms(tmp_path)
    assert str(caught.value).startswith(f"{TERMS_FILE}：文件太大") and "超过了 100 KB 的上限。搜索词表只收" in str(caught.value)


# --- Period ids (13.9) --------------------------------------------------------------------

@pytest.mark.parametrize("period, says", [
    pytest.param("２０２０-h2", ["用了全角字符", "写成“2020-h2”"], id="full-width"),
    pytest.param("0000-h1", ["年份应在 1949 到 2100 之间"], id="year-0000"),
    pytest.param("3000-h2", ["年份应在 1949 到 2100 之间"], id="year-3000"),
])
def test_bad_period_ids_are_refused_everywhere(tmp_path, capsys, period, says):
    root = copy_project(tmp_path / "project")
    with pytest.raises(ValueError) as caught:
        parse_period(period)
    assert all(phrase in str(caught.value) for phrase in says)
    # new, import --period, check: one message, nothing written
    assert main(["new", period], root=root) == 1
    told = capsys.readouterr().err
    assert all(phrase in told for phrase in says), told
    received = tmp_path / "received.txt"
    received.write_text((ROOT / "tests/fixtures/import/clean.txt").read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["import", str(received), "--period", period], root=root) == 1
    told = capsys.readouterr().err
    assert all(phrase in told for phrase in says), told
    assert main(["check", period], root=root) == 1
    told = capsys.readouterr().err
    assert all(phrase in told for phrase in says), told
    assert not (root / "docs" / period).exists() and not (root / "data" / f"{period}.yml").exists()
    # a folder and a data file so named stop the build, naming them
    shutil.copytree(root / "docs" / "2020-h1", root / "docs" / period)
    shutil.copy(root / "data" / "2020-h1.yml", root / "data" / f"{period}.yml")
    with pytest.raises(ArchiveError) as caught:
        load_archive(root)
    assert caught.value.file == f"data/{period}.yml"
    assert "文件名应为期次编号" in str(caught.value) and all(phrase in str(caught.value) for phrase in says)
    (root / "data" / f"{period}.yml").unlink()
    with pytest.raises(ArchiveError) as caught:
        load_archive(root)
    assert caught.value.file == f"docs/{period}/"
    assert "目录名应为期次编号" in str(caught.value) and all(phrase in str(caught.value) for phrase in says)


def test_a_period_id_with_a_trailing_newline_is_not_one():
    with pytest.raises(ValueError):
        parse_period("2020-h1\n")


# --- CSV cells are inert (13.4) -------------------------------------------------------------

FORMULAS = ["=HYPERLINK(\"http://example.invalid\",\"点此\")", "+1+2", "-3+4", "@SUM(A1:A2)", "\tTab", "\rCR"]


def test_figures_csv_cells_never_start_a_formula(tmp_path):
    root = copy_project(tmp_path / "project")
    data = root / "data" / "2020-h1.yml"
    keys = ["secretary_lectures", "training_cadres", "training_days", "tech_school_sessions",
            "spring_training_leaders", "lecture_tour_cadres"]
    figures, text = yaml.safe_load(REAL)["figures"], REAL
    for key, label in zip(keys, FORMULAS, strict=False):
        written = yaml.safe_dump(label, allow_unicode=True, default_style='"').strip()
        text = changed(f"  {key}:\n    label: {figures[key]['label']}\n", f"  {key}:\n    label: {written}\n", text)
    data.write_text(text, encoding="utf-8")
    archive = load_archive(root)
    summary = archive.summaries["2020-h1"]
    assert [summary.data.figures[key].label for key in keys] == FORMULAS  # the hostile labels did load
    rows = list(csv.reader(io.StringIO(figures_csv(figure_rows(archive, summary, {})).decode("utf-8-sig"),
                                       newline="")))
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert {"'" + label for label in FORMULAS} <= set(cells)  # kept, shown as text


def test_the_importer_never_makes_a_label_a_spreadsheet_would_run(tmp_path):
    root = copy_project(tmp_path / "project")
    received = tmp_path / "received.txt"
    lines = ["2021年市局机关上半年党建工作总结", "一、加强政治建设", "=SUM(A1)组织集中学习12次。", "+同比增加党员5名。",
             "-减少会议3场次。", "@全体党员参加培训4期。", "另有@党员7名。"]
    received.write_text("\n".join(lines) + "\n", encoding="utf-8")
    imported = import_text(root, received, "2021-h1")
    labels = [entry.label for entry in imported.entries]
    assert len(labels) == 5 and not [label for label in labels if label.startswith(("=", "+", "-", "@"))], labels
    data = yaml.safe_load(imported.data)
    assert not [f["label"] for f in data["figures"].values() if f["label"].startswith(("=", "+", "-", "@"))]
    told = [line for line in imported.report if "电子表格会把这样的说明当作公式" in line]
    # each label that lost its leading symbol is reported with its line of the received text
    stripped = [number for number, line in enumerate(lines, 1) if line[0] in "+-@"]
    assert [line.split(" 行")[0] for line in told] == [f"第 {number}" for number in stripped], imported.report
    assert not (root / "data" / "2021-h1.yml").exists()
