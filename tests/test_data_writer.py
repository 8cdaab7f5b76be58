"""The one data-file writer (macros/archive/data_writer.py): what it writes is what the loader reads, and a
file it did not change comes back byte for byte, comments and layout included."""

from __future__ import annotations

import datetime as dt

import pytest
from support import ROOT

from macros.archive import data_writer as writer
from macros.archive.yaml_loader import load_yaml
from macros.commands.rename_key import rename_in_data

DATA_FILES = sorted([*ROOT.glob("data/*.yml"), *ROOT.glob("tests/fixtures/**/*.yml")])


def test_there_are_data_files_to_check():
    assert {p.relative_to(ROOT).parts[0] for p in DATA_FILES} == {"data", "tests"}


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_data_file_round_trips_byte_for_byte(path):
    text = path.read_text(encoding="utf-8")
    assert writer.dump(writer.load(text)) == text


TRICKY = ["yes", "No", "on", "null", "~", "", "012", "1:30", "0x1F", "1_000", "+1", ".5", "1e3", "12", "98.5",
          "2020-07-10", "2020-07", "=", "<<", "# 注", "a # b", "a: b", "- x", "@x", "`x", "!x", "&a", "*a", "[x]",
          "{x}", "%x", "|", ">", "?", "'", '"', "\\", " 前后空格 ", "\t", "行\n换行", "\u2028", "\u00a0", "１２",
          "X市", "{city}市{bureau}局机关党委", "“双千结对”", "很长的说明" * 200]


@pytest.mark.parametrize("text", TRICKY)
def test_what_the_writer_writes_the_loader_reads_back(tmp_path, text):
    document = writer.document(["# 测试"], {
        "summary": writer.entry(plain=text, quoted=writer.quoted(text), listed=writer.flow([text]),
                                issued=writer.date("2020-07-10"), month=writer.date("2020-07"), none=None),
        "figures": writer.entry(k=writer.entry(value=12, share=98.5, tiny=0.00001, big=1e20, flag=True)),
    })
    written = writer.dump(document)
    path = tmp_path / "x.yml"
    path.write_text(written, encoding="utf-8")
    data, _ = load_yaml(path, "data/x.yml")
    assert data["summary"] == {"plain": text, "quoted": text, "listed": [text], "issued": dt.date(2020, 7, 10),
                               "month": "2020-07", "none": None}
    assert data["figures"]["k"] == {"value": 12, "share": 98.5, "tiny": 0.00001, "big": 1e20, "flag": True}
    assert writer.dump(writer.load(written)) == written


def test_added_comments_stand_two_spaces_after_their_value():
    summary = writer.entry(status="draft", unit=writer.quoted("原文未署发文单位"))
    writer.comment(summary, "status", "定稿后改为 final")
    writer.comment(summary, "unit", "原文末尾没有落款")
    assert writer.dump(writer.document(["# 头"], {"summary": summary})) == (
        f"{writer.SCHEMA_LINE}\n# 头\n\nsummary:\n  status: draft  # 定稿后改为 final\n  unit: \"原文未署发文单位\"  # 原文末尾没有落款\n")


DATA = """\
# 头注释
summary:
  title: 测试  # 标题注释
  status: final
  headline:{headline}

figures:
  # 数字
  donors:  # 捐款的人
    label: 捐款党员人数
    unit: "人"
    value: 12  # 核对过
  other:
    label: 其他
    unit: 次
    value: null

rates:
  - rate: donation_rate
    count: "donors"  # 人数
    base: null
"""


@pytest.mark.parametrize("headline, renamed", [
    pytest.param(" [donors, other]", " [donor_count, other]", id="flow"),
    pytest.param("\n    - donors  # 第一\n    - other", "\n    - donor_count  # 第一\n    - other", id="block"),
])
def test_rename_keeps_comments_order_and_style(headline, renamed):
    before = DATA.format(headline=headline)
    assert writer.dump(writer.load(before)) == before
    text, count = rename_in_data(before, "donors", "donor_count")
    assert count == 3
    expected = DATA.format(headline=renamed).replace("  donors:  # 捐款的人", "  donor_count:  # 捐款的人")
    assert text == expected.replace('count: "donors"', 'count: "donor_count"')
