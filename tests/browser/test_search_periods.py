"""Search across many summaries, in Material's own search box: every result names its summary, a year or a
half-year in the query chooses the summaries, and odd queries keep working.

The archive is tests/public_archive.py's: 2020-h1 and five public reports imported as 2021-h1, 2021-h2, 2022-h1,
2022-h2 and 2023-h1 (fixture `archive_url`).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from search_eval import (
    location_of,
    open_search,
    ranked_locations,
    read_results,
    type_query,
)

HELD = ("2020-h1", "2021-h1", "2021-h2", "2022-h1", "2022-h2", "2023-h1")
LABEL = re.compile(r"^(\d{4})年([上下])半年 · ")
META = re.compile(r"没有找到符合条件的结果|找到 1 个符合条件的结果|\d+ 个符合条件的结果")
SNIPPET, BLOCKS = 100, 2  # search-worker.js: characters per paragraph, paragraphs per result


def articles(page) -> list[dict]:
    """Every result in the list, in order, as the reader sees it: its link, heading, and the text below it."""
    return page.locator(".md-search-result__list").evaluate("""list =>
        [...list.querySelectorAll('a.md-search-result__link')].map(a => {
            const article = a.querySelector('article');
            const heading = article.querySelector('h1, h2');
            const rest = [...article.children].filter(el => !el.matches('h1, h2, .md-search-result__icon'));
            return {href: a.href, score: parseFloat(article.dataset.mdScore),
                    heading: heading ? heading.textContent.replace(/\\u200b/g, '') : '',
                    body: rest.map(el => el.textContent).join('').replace(/\\u200b/g, '')};
        })""")


def summary_of(location: str) -> str | None:
    found = re.match(r"(\d{4}-h[12])/", location)
    return found.group(1) if found else None


def label_of(period: str) -> str:
    year, half = period.split("-h")
    return f"{year}年{'上' if half == '1' else '下'}半年"


def results_of(page, url: str, query: str) -> tuple[list[dict], list[str]]:
    type_query(page, query)
    return articles(page), ranked_locations(read_results(page), url)


@pytest.fixture(scope="module")
def searching(module_page, archive_url):
    """The archive's home page with Material's search open, shared by the tests below that only type queries
    (each query replaces the last one's results)."""
    page, console = module_page
    open_search(page, archive_url)
    return page, console


# --- 1. Every result names its summary ---------------------------------------------------------------------------

def test_every_result_names_its_summary_and_the_top_five_differ(searching, archive_url):
    page, console = searching
    for query in ("碳达峰", "高标准农田", "以旧换新", "疫情"):
        shown, ranked = results_of(page, archive_url, query)
        assert len({summary_of(loc) for loc in ranked}) >= 2, (query, ranked[:8])
        for result in shown:
            period = summary_of(location_of(result["href"], archive_url))
            if period:
                assert result["heading"].startswith(label_of(period) + " · "), (query, result)
        headings = {location_of(r["href"], archive_url): r["heading"] for r in shown}
        top = [headings[loc] for loc in ranked[:5]]
        assert len(set(top)) == len(top), f"two of the first five read the same: {top}"
    assert not console.errors, console.errors


def test_the_page_heading_of_a_result_highlights_the_query_too(searching, archive_url):
    page, console = searching
    shown, _ = results_of(page, archive_url, "碳达峰")
    headers = [r for r in shown if "#" not in r["href"] and r["score"] == 0 and LABEL.match(r["heading"])]
    assert headers, "no page shown as the heading of its sections"
    for header in headers:
        assert parse_qs(urlsplit(header["href"]).query).get("h") == ["碳达峰"], header["href"]
    assert not console.errors, console.errors


def test_no_snippet_is_longer_than_two_short_paragraphs(searching, archive_url):
    page, console = searching
    for query in ("党", "发展", "2022年上半年", "产业 创新"):
        shown, _ = results_of(page, archive_url, query)
        longest = max(shown, key=lambda r: len(r["body"]))
        assert len(longest["body"]) <= BLOCKS * (SNIPPET + 2) + 20, (query, longest)  # + Material's 缺少 line
    assert not console.errors, console.errors


def test_a_long_list_shows_each_pages_best_section_a_short_one_folds_the_others(searching, archive_url):
    """Material folds a page's further sections into "在该页上还有 N 个符合条件的结果". When more pages match than it
    draws at once (ten), the worker leaves those sections out: each page shows its best one and the list still
    counts every page (the opened page highlights every match). When few pages match, they stay folded."""
    page, console = searching
    results_of(page, archive_url, "建设")  # many sections on 21 of the archive's pages
    groups = page.locator(".md-search-result__item")
    assert groups.count() >= 10
    meta = page.locator(".md-search-result__meta").inner_text()
    assert int(re.search(r"(\d+) 个", meta).group(1)) > 10, meta
    assert page.locator(".md-search-result__more").count() == 0
    sections = groups.evaluate_all("items => items.map(li => li.querySelectorAll('a[href*=\"#\"]').length)")
    assert max(sections) == 1, sections

    results_of(page, archive_url, "党员")  # three pages, several sections each
    assert 1 <= groups.count() <= 10
    folds = page.locator(".md-search-result__more summary")
    assert folds.count() >= 1
    assert re.fullmatch(r"在该页上还有 \d+ 个符合条件的结果", folds.first.inner_text().strip())
    assert not console.errors, console.errors


# --- 2. Search understands periods --------------------------------------------------------------------------------

@pytest.mark.parametrize(("query", "periods", "reading"), [
    ("2021年 营造林", {"2021-h1", "2021-h2"}, "2021年"),
    ("2021 营造林", {"2021-h1", "2021-h2"}, "2021年"),
    ("二〇二一年 营造林", {"2021-h1", "2021-h2"}, "2021年"),
    ("2021年下半年 营造林", {"2021-h2"}, "2021年下半年"),
    ("2021下半年 营造林", {"2021-h2"}, "2021年下半年"),
    ("21年下半年 营造林", {"2021-h2"}, "2021年下半年"),
    ("上半年 碳达峰", {"2022-h1", "2023-h1", "2021-h1"}, "上半年"),
    ("2022年下半年 碳达峰", {"2022-h2"}, "2022年下半年"),
])
def test_a_year_or_half_year_chooses_the_summaries(searching, archive_url, query, periods, reading):
    page, console = searching
    shown, ranked = results_of(page, archive_url, query)
    assert shown[0]["heading"] == f"按 {reading} 查找", shown[0]
    assert ranked, f"nothing found for {query}"
    found = {summary_of(loc) for loc in ranked}
    assert found <= periods, f"{query}: results outside {periods}: {ranked}"
    best = next(r for r in shown[1:] if r["score"] > 0)
    assert query.split()[-1] in best["body"] + best["heading"], best
    assert not console.errors, console.errors


def test_a_page_that_only_contains_the_years_digits_does_not_rank_for_it(searching, archive_url):
    page, console = searching
    # 2021-h1's first part and the home page write "2020年", but only 2020-h1 is the 2020 summary
    _, ranked = results_of(page, archive_url, "2020")
    assert ranked and all(loc.startswith("2020-h1/") for loc in ranked), ranked
    _, ranked = results_of(page, archive_url, "2021年 2020")
    assert not any(loc.startswith("2020-h1/") for loc in ranked[:3]), ranked
    assert not console.errors, console.errors


def test_a_query_of_a_period_alone_lists_that_summarys_pages_front_page_first(searching, archive_url):
    page, console = searching
    for query, period in (("2021年上半年", "2021-h1"), ("22年下半年", "2022-h2")):
        shown, ranked = results_of(page, archive_url, query)
        assert shown[0]["heading"] == f"按 {label_of(period)} 查找"
        assert ranked[0] == f"{period}/", ranked[:3]
        assert all(loc.startswith(f"{period}/") for loc in ranked), ranked
        assert {"1/", "figures/"} <= {loc[len(period) + 1:] for loc in ranked}, ranked
    assert not console.errors, console.errors


def test_without_a_period_the_newest_summary_comes_first_among_equals(page, archive_url):
    """The worker's ranking, run in the page on two sections with the same text in two summaries."""
    page.goto(archive_url)
    worker = page.evaluate("() => new URL(JSON.parse(document.getElementById('__config').textContent).search,"
                           " location.href).href")
    page.add_script_tag(url=worker)
    order = page.evaluate("""() => {
        const doc = (location) => ({location, title: '一、党建', text: '<p>组织\\u200b党员\\u200b学习</p>'});
        const engine = new Engine({config: {}, docs: [doc('2020-h1/1/'), doc('2022-h2/1/'), doc('2021-h1/1/')]});
        return engine.search('党员').items.map(group => group[0].location);
    }""")
    assert order == ["2022-h2/1/", "2021-h1/1/", "2020-h1/1/"]


# --- Bad input ---------------------------------------------------------------------------------------------------

def test_a_period_the_archive_does_not_hold_is_said_so(searching, archive_url):
    page, console = searching
    shown, ranked = results_of(page, archive_url, "2030年")  # 2022-h1 and 2022-h2 write "2030年"
    assert [r["heading"] for r in shown] == ["档案中没有 2030年 的总结"], shown
    assert "2020年上半年至2023年上半年" in shown[0]["body"] and ranked == []
    shown, ranked = results_of(page, archive_url, "2030年 碳达峰")
    assert shown[0]["heading"] == "档案中没有 2030年 的总结"
    assert ranked and all("碳达峰" in r["body"] for r in shown[1:] if r["score"] > 0)
    assert not console.errors, console.errors


@pytest.mark.parametrize("query", [
    "，。！？……",
    "“”《》——",
    ("2021年上半年党建工作" * 20)[:200],
    "党" * 200,
    "ppt党课 2021年",
    "Party 建设 二〇二二年",
    "<b>2021</b>年 &amp;",
    "😀2022年下半年🎉",
])
def test_odd_queries_keep_working(searching, archive_url, query):
    page, console = searching
    type_query(page, query)  # fails on a timeout if the worker never answers
    assert META.fullmatch(page.locator(".md-search-result__meta").inner_text().strip())
    assert page.locator(".md-search-result__list b, .md-search-result__list script").count() == 0
    type_query(page, "塞罕坝")
    assert ranked_locations(read_results(page), archive_url)[0] == "2021-h1/1/"
    assert not console.errors, console.errors
