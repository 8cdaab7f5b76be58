"""Principle 1: a summary's rendered text equals its original, character for character.

Read from the built HTML of every page in reading order, with markup stripped, white space
ignored and what the archive adds (marked `archive-added`) set aside. Every X of the original
must come from a data macro; where data gives a value, the page shows it and so must the text.
"""

from __future__ import annotations

import hashlib
import re

import yaml
from page_text import (
    REDACTION,
    article_text,
    assert_faithful,
    rendered_summary,
    squeeze,
)
from support import ROOT, build_site

PERIOD = "2020-h1"
# The SHA-256 of the original as it was received (the file handed over for 2020-h1, before any import): the archive's
# copy, docs/2020-h1/original.txt, must stay that file byte for byte.
RECEIVED_SHA256 = "b9fe2dc93ac561d2b25a2a29b5e1b59e7d8d9c73f830106fdabb13e8cef64ee9"


def test_rendered_text_equals_the_original(built_site):
    assert_faithful(built_site, ROOT, PERIOD)
    _, articles = rendered_summary(built_site, ROOT, PERIOD)
    original = (ROOT / "docs" / PERIOD / "original.txt").read_text(encoding="utf-8")
    marks = [mark for article in articles for mark in article.marks]
    assert len(marks) == len(REDACTION.findall(original)) == 60, "every X of the original is one data macro"


def test_the_archive_keeps_the_original_as_received():
    kept = (ROOT / "docs" / PERIOD / "original.txt").read_bytes()
    assert hashlib.sha256(kept).hexdigest() == RECEIVED_SHA256, "the archive's copy of the original was changed"
    assert kept.decode("utf-8").startswith("2020年市局机关上半年党建工作总结")


def test_only_added_text_is_the_closing_title_and_archive_furniture(built_site):
    """Outside the landing page's facts and contents, the archive adds one title, marked as added."""
    _, articles = rendered_summary(built_site, ROOT, PERIOD)
    landing, *parts = articles
    assert [text for article in parts for text in article.added] == ["回顾与展望"]
    assert any(text.startswith("发文单位") for text in landing.added)
    assert any(text.startswith("本期目录") for text in landing.added)
    original = (ROOT / "docs" / PERIOD / "original.txt").read_text(encoding="utf-8")
    assert "回顾与展望" not in original


def test_the_original_page_shows_the_original_verbatim(built_site):
    html = (built_site / PERIOD / "original" / "index.html").read_text(encoding="utf-8")
    original = (ROOT / "docs" / PERIOD / "original.txt").read_text(encoding="utf-8")
    shown = re.search(r'<pre class="original-text">(.*?)</pre>', html, re.S).group(1)
    import html as html_module
    assert html_module.unescape(shown) == original


def test_values_given_in_data_show_on_the_page_and_fidelity_expects_them(project, tmp_path):
    data_file = project / "data" / f"{PERIOD}.yml"
    data = yaml.safe_load(data_file.read_text(encoding="utf-8"))
    data["figures"]["donors"]["value"] = 45
    data["figures"]["donation_rate"]["value"] = 90
    data["rates"][0]["base"] = 50
    data["names"]["city"]["value"] = "临江"
    data_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = build_site(project, tmp_path / "site")
    assert result.ok, result.output
    assert_faithful(tmp_path / "site", project, PERIOD)
    text = squeeze(article_text(tmp_path / "site" / PERIOD / "2" / "index.html").text)
    assert "组织党员捐款45人，捐款率达90%" in text
    landing = squeeze(article_text(tmp_path / "site" / PERIOD / "index.html").text)
    assert "临江市" in landing and "X市" not in landing
