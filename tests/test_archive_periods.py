"""An archive of several summaries: home, navigation between periods, 数字一览 and its CSV,
figures across periods, stable keys. Built from tests/fixtures/three-periods (2021-h1 with
every figure, 2021-h2 with donors not disclosed and lectures missing, 2022-h1 with a new key).
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from page_text import article_text, squeeze
from support import fixture_project

from macros.archive.catalog import load_archive
from macros.errors import ArchiveError


@pytest.fixture(scope="module")
def archive_site(three_periods_site):
    return three_periods_site


def html(site, path):
    return (site / path).read_text(encoding="utf-8")


def test_home_groups_summaries_by_year_newest_first(archive_site):
    text = squeeze(article_text(archive_site / "index.html").text)
    order = [text.find(s) for s in ("2022年", "2022年临江市直机关上半年", "2021年", "2021年临江市直机关下半年",
                                     "2021年临江市直机关上半年")]
    assert -1 not in order and order == sorted(order)


def test_home_shows_facts_and_headline_figures_of_each_summary(archive_site):
    text = squeeze(article_text(archive_site / "index.html").text)
    assert "2021年上半年（2021年1月—6月）" in text
    assert "发文单位：临江市直机关党委" in text
    assert "成文日期：2021年7月12日" in text and "成文日期：2022年1月" in text
    assert "定稿" in text
    assert "机关党员人数130名；捐款党员人数117人" in text
    assert "捐款党员人数X人" in text  # 2021-h2 did not disclose it


def test_each_summary_links_to_the_previous_and_the_next(archive_site):
    middle = html(archive_site, "2021-h2/index.html")
    assert 'href="../2021-h1/"' in middle and "上一期：2021年上半年" in middle
    assert 'href="../2022-h1/"' in middle and "下一期：2022年上半年" in middle
    assert "这是档案中最早的一期" in html(archive_site, "2021-h1/index.html")
    assert "这是档案中最新的一期" in html(archive_site, "2022-h1/index.html")


def test_navigation_groups_periods_by_year(archive_site):
    page = html(archive_site, "2021-h2/index.html")
    nav = page[page.find('class="md-nav md-nav--primary"'):page.find('class="md-content"')]
    # navigation.prune: other years are collapsed to their label; this year's periods are listed
    order = [nav.find(s) for s in ("2022年", "2021年", "2021年下半年", "2021年上半年")]
    assert -1 not in order and order == sorted(order)


def test_figures_page_lists_every_figure_with_its_place(archive_site):
    page = html(archive_site, "2021-h2/figures/index.html")
    article = article_text(archive_site / "2021-h2" / "figures" / "index.html")
    text = squeeze(article.text)
    assert any(squeeze(t).startswith("本期共有3个数字：原文披露2个，未披露1个") for t in article.added)
    disclosed, hidden = text.split("原文未披露的数字（1个）")
    assert "原文披露的数字（2个）" in disclosed
    assert "一、组织建设（一）党员队伍。机关党员人数125名" in disclosed
    assert "党员捐款率90%" in disclosed
    assert "捐款党员人数X人" in hidden and "捐款党员人数" not in disclosed
    assert 'href="../1/#fig-donors"' in page
    assert 'id="fig-donors"' in html(archive_site, "2021-h2/1/index.html")


def test_figures_csv_opens_in_excel(archive_site):
    raw = (archive_site / "2021-h2" / "figures.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, so that Excel reads the Chinese right"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["部分", "小节", "统计内容", "数值", "单位", "是否披露", "键", "所在页面", "上期", "上期数值", "与上期相比"]
    by_key = {row[6]: row for row in rows[1:]}
    assert set(by_key) == {"members", "donors", "donation_rate"}
    assert by_key["members"][:5] == ["一、组织建设", "（一）党员队伍。", "机关党员人数", "125", "名"]
    assert by_key["donors"][3] == "X" and by_key["donors"][5].startswith("否")
    assert 'href="../figures.csv"' in html(archive_site, "2021-h2/figures/index.html")


def test_figures_across_periods_have_a_chart_and_a_table(archive_site):
    page = html(archive_site, "trends/index.html")
    text = squeeze(article_text(archive_site / "trends" / "index.html").text)
    for label in ("机关党员人数（名）", "捐款党员人数（人）", "党员捐款率（%）", "书记为基层授课次数（次）"):
        assert label in text
    assert "志愿服务时长" not in text, "a key of one period only has nothing to compare"
    assert len(re.findall(r'<figure class="trend-chart"><svg[^>]* role="img"', page)) == 4
    charts = page[page.find("<article"):page.find("</article>")]
    assert "<script" not in charts and "http" not in charts.replace("http://www.w3.org/", "")
    # gaps: not disclosed, and missing in a period, are both said in the table
    assert "2021年下半年X（原文未披露）" in text
    assert "2021年下半年（本期没有这个数字）" in text
    # the chart draws the line in pieces around the gap: two points, no line through 2021-h2
    donors_chart = re.search(r'<svg[^>]*id="chart-donors".*?</svg>', page, re.S).group()
    assert 'aria-label="捐款党员人数（人）历期变化。' in donors_chart
    assert len(re.findall(r'<circle[^>]*class="dot"', donors_chart)) == 2


def test_a_key_keeps_its_label_and_unit_across_periods(tmp_path):
    project = fixture_project(tmp_path / "project", "three-periods")
    data = project / "data" / "2022-h1.yml"
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace('    label: 机关党员人数\n    unit: "名"', '    label: 机关党员人数\n    unit: "人"'),
                    encoding="utf-8")
    with pytest.raises(ArchiveError) as stopped:
        load_archive(project)
    message = str(stopped.value)
    assert message.startswith("data/2022-h1.yml 第 ")
    assert "figures.members.unit" in message and "2021-h2 中是“名”" in message and "change_note" in message
    # declared in data, the change is accepted
    data.write_text(data.read_text(encoding="utf-8").replace(
        '    unit: "人"', '    unit: "人"\n    change_note: 自本期起按人统计'), encoding="utf-8")
    load_archive(project)
