"""Period ids, Chinese dates and the navigation made from the archive."""

import datetime as dt

import pytest
from support import ROOT

from macros.archive.catalog import load_archive
from macros.archive.periods import (
    chinese_date,
    next_period,
    period_months,
    period_title,
)
from macros.site.nav import build_nav


def test_periods_read_the_chinese_way():
    assert period_title("2020-h1") == "2020年上半年"
    assert period_title("2021-h2") == "2021年下半年"
    assert period_months("2020-h2") == "2020年7月—12月"
    assert next_period("2020-h2") == "2021-h1"
    assert chinese_date("2020-07") == "2020年7月"
    assert chinese_date(dt.date(2020, 7, 10)) == "2020年7月10日"


@pytest.mark.parametrize("bad", ["2020-h3", "2020h1", "20-h1", "2020-H1"])
def test_bad_period_ids_are_refused_in_chinese(bad):
    with pytest.raises(ValueError, match="不是有效的期次编号"):
        period_title(bad)


def test_nav_shows_each_summary_by_period_with_its_pages_in_reading_order():
    archive = load_archive(ROOT)
    nav = build_nav(archive, ["index.md", "trends.md"])
    assert nav[:2] == [{"档案首页": "index.md"}, "trends.md"]
    assert nav[2] == {"2020年": [{"2020年上半年": [
        "2020-h1/index.md", "2020-h1/1.md", "2020-h1/2.md", "2020-h1/3.md",
        "2020-h1/conclusion.md", "2020-h1/figures.md", "2020-h1/print.md", "2020-h1/original.md",
    ]}]}


def test_sitemap_lists_every_page(built_site):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    for path in ("2020-h1/", "2020-h1/1/", "2020-h1/2/", "2020-h1/3/", "2020-h1/conclusion/"):
        assert f"/{path}</loc>" in sitemap, path


def test_anchors_are_readable_chinese(built_site):
    html = (built_site / "2020-h1" / "1" / "index.html").read_text(encoding="utf-8")
    assert 'id="一落实党建主体责任"' in html
    assert 'id="_1"' not in html
