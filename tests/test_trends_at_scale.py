"""Forty summaries stay readable (issue 10): the trends page stays small, the home page lets readers jump to a
year. Made from the synthetic archive (tests/scale_archive.py) and rendered without MkDocs, which is what the
archive itself contributes to those pages; the label overlap is measured in Chromium (tests/browser/)."""

from __future__ import annotations

import gzip
import re

import markdown
import pytest
from scale_archive import make_synthetic_archive

from macros.archive.catalog import load_archive
from macros.site.archive_home import JUMP_LIST_OVER, archive_home_markdown
from macros.site.trends import trends, trends_markdown

TRENDS_LIMIT_GZIP = 200_000  # bytes, the whole page; the article may take at most this much of it
PAGE_FRAME_ALLOWANCE = 40_000  # Material's header, navigation and footer around the article, gzip


@pytest.fixture(scope="module")
def forty(tmp_path_factory):
    return load_archive(make_synthetic_archive(tmp_path_factory.mktemp("forty") / "project", 40))


def test_trends_page_of_forty_summaries_stays_small(forty):
    html = markdown.markdown(trends_markdown(forty), extensions=["tables", "attr_list", "md_in_html"])
    assert len(trends(forty)) > 20, "the synthetic archive has many figures to follow"
    size = len(gzip.compress(html.encode("utf-8")))
    assert size + PAGE_FRAME_ALLOWANCE < TRENDS_LIMIT_GZIP, f"trends article {size} bytes gzip"
    assert "<script" not in html and "pygal" not in html.lower()


def test_home_page_of_many_summaries_lets_readers_jump_to_a_year(forty):
    home = archive_home_markdown(forty)
    jump = re.search(r'<nav [^>]*aria-label="按年份跳转"[^>]*>(.*?)</nav>', home).group(1)
    years = sorted({int(p[:4]) for p in forty.summaries}, reverse=True)
    assert re.findall(r'href="#year-(\d{4})">(\d{4})年<', jump) == [(str(y), str(y)) for y in years]
    for year in years:  # every link has its heading
        assert f"## {year}年 {{ #year-{year} }}" in home


def test_home_page_of_a_few_summaries_has_no_jump_list(forty):
    few = type(forty)(forty.root, dict(list(forty.summaries.items())[:JUMP_LIST_OVER]))
    assert "按年份跳转" not in archive_home_markdown(few)
