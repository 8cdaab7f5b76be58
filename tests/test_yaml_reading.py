"""The data files' two readings (macros/archive/yaml_loader.py): the one-pass reading of an ordinary file must give
exactly what the strict reading gives (the same values of the same types, the same key lines in the same order),
and must leave every file with something to refuse or explain to the strict reading, which words the message."""

from __future__ import annotations

from pathlib import Path

import pytest
from scale_archive import make_synthetic_archive
from support import ROOT

from macros.archive import yaml_loader
from macros.errors import ArchiveError


def both(text: str):
    """(one-pass reading or None, strict reading or the ArchiveError it raised)."""
    try:
        strict = yaml_loader._read_strictly(text, "data/x.yml")
    except ArchiveError as error:
        strict = error
    return yaml_loader._read_plain(text), strict


def assert_same(plain, strict) -> None:
    assert plain is not None
    data, lines = plain
    assert repr(data) == repr(strict[0])  # repr tells 1, 1.0 and True apart, and shows the order of keys
    assert list(lines.items()) == list(strict[1].items())


def data_files() -> list[Path]:
    return sorted([*(ROOT / "data").glob("*.yml"), *(ROOT / "tests" / "fixtures").rglob("data/*.yml")])


def test_every_data_file_of_the_repository_reads_the_same_both_ways():
    files = data_files()
    assert len(files) >= 4, files
    for path in files:
        assert_same(*both(path.read_text(encoding="utf-8")))


def test_the_files_of_a_synthetic_archive_read_the_same_both_ways(tmp_path):
    project = make_synthetic_archive(tmp_path / "archive", 3)
    files = sorted((project / "data").glob("*.yml"))
    assert len(files) == 3
    for path in files:
        assert_same(*both(path.read_text(encoding="utf-8")))


ORDINARY = [
    pytest.param("a: 1\nb: 1.5\nc: -3\nd: text\ne: '012'\nf: \"x\"\n", id="scalars"),
    pytest.param("a: null\nb: ~\nc:\nd: ''\ne: true\nf: no\ng: 2020-07-10\n", id="null-bool-date"),
    pytest.param("list: [1, two, 3.0]\nmap: {k: v, n: 2}\n", id="flow"),
    pytest.param("items:\n  - a: 1\n    b: 2\n  -\n    - x\n    - y\n  - 3\n", id="block-lists"),
    pytest.param("text: |\n  one\n  two\nfolded: >\n  a\n  b\n", id="block-scalars"),
    pytest.param("2: one\n'3': quoted\ntrue: yes\n2020-07-10: a date\n", id="keys-of-other-types"),
    pytest.param("# only a comment\nkey: value  # and another\n", id="comments"),
    pytest.param("---\nkey: value\n...\n", id="document-markers"),
    pytest.param("- 1\n- 2\n", id="a-list-at-the-top"),
    pytest.param("just text\n", id="a-scalar-at-the-top"),
    pytest.param("a:\n  b:\n    c:\n      d:\n        e:\n          f:\n            g:\n              h:\n"
                 "                i:\n                  j: 10\n", id="ten-levels"),
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_files_read_the_same_both_ways(text):
    assert_same(*both(text))


TO_EXPLAIN = [
    pytest.param("a: 1\na: 2\n", id="key-twice"),
    pytest.param("yes: 1\ntrue: 2\n", id="key-twice-in-value"),
    pytest.param("1: a\n1.0: b\n", id="number-key-twice"),
    pytest.param("a: 012\n", id="leading-zero"),
    pytest.param("012: a\n", id="leading-zero-key"),
    pytest.param("a: 1_000\n", id="underscore"),
    pytest.param("a: &x 1\nb: *x\n", id="anchor-alias"),
    pytest.param("a: &x 1\n", id="anchor"),
    pytest.param("a: !!str 1\n", id="tag"),
    pytest.param("<<: {a: 1}\n", id="merge-key"),
    pytest.param("a: 2020-13-01\n", id="impossible-date"),
    pytest.param("a: \"one\n  two\"\n", id="quote-over-lines"),
    pytest.param("a: 1\n---\nb: 2\n", id="second-document"),
    pytest.param("? [a, b]\n: c\n", id="list-as-key"),
    pytest.param("a: [1, 2\n", id="syntax-error"),
    pytest.param("a: \"x\n", id="open-quote"),
    pytest.param("[" * 11 + "]" * 11 + "\n", id="eleven-levels"),
]


@pytest.mark.parametrize("text", TO_EXPLAIN)
def test_anything_to_refuse_or_explain_is_left_to_the_strict_reading(text):
    plain, strict = both(text)
    assert plain is None
    assert isinstance(strict, ArchiveError)


@pytest.mark.parametrize("text", ["", "# nothing but a comment\n"])
def test_a_file_with_nothing_in_it_is_left_to_the_strict_reading(text):
    assert both(text) == (None, (None, {}))  # which summary_data then refuses as a file without keys


def test_load_yaml_gives_the_strict_message_for_a_file_the_one_pass_reading_leaves(tmp_path):
    path = tmp_path / "2020-h1.yml"
    path.write_text("a: 1\nb: 2\na: 3\n", encoding="utf-8")
    with pytest.raises(ArchiveError) as raised:
        yaml_loader.load_yaml(path, "data/2020-h1.yml")
    assert "键“a”写了两次（第一次在第 1 行）" in str(raised.value)
    assert raised.value.line == 3
