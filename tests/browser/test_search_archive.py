"""The search on an archive of many real, different summaries (tests/public_archive.py), in Chromium: the quality
targets of tests/search_queries_archive.tsv, and the index fetched only when the reader searches."""

from __future__ import annotations

from urllib.parse import urlsplit

from search_eval import (
    ARCHIVE_QUERIES,
    TARGET_ARCHIVE_RECALL_1,
    TARGET_ARCHIVE_RECALL_5,
    evaluate,
    load_queries,
    read_index,
)

QUERIES = load_queries(ARCHIVE_QUERIES)


def test_the_query_set_covers_three_kinds_and_names_real_sections(archive_site):
    assert len(QUERIES) >= 40
    kinds = {q.category for q in QUERIES}
    assert kinds == {"unique", "period", "short"}
    assert all(sum(q.category == kind for q in QUERIES) >= 12 for kind in kinds)
    assert len({q.text for q in QUERIES}) == len(QUERIES), "a query is listed twice"
    locations = {doc["location"] for doc in read_index(archive_site)["docs"]}
    missing = sorted({q.expected for q in QUERIES} - locations)
    assert not missing, f"tests/search_queries_archive.tsv names sections the archive does not have: {missing}"
    periods = {q.expected.split("/")[0] for q in QUERIES}
    assert len(periods) == 6, periods


def test_the_answer_comes_first_and_every_result_names_its_summary(page, console, archive_url):
    quality = evaluate(page, archive_url, QUERIES)
    later = [(o.query.text, o.rank, o.top[:2]) for o in quality.outcomes if o.rank != 1]
    assert quality.recall(1) >= TARGET_ARCHIVE_RECALL_1, f"recall@1 {quality.recall(1):.0%}; not first: {later}"
    assert quality.recall(5) >= TARGET_ARCHIVE_RECALL_5, f"recall@5 {quality.recall(5):.0%}; not first: {later}"
    unnamed = [(o.query.text, o.unnamed) for o in quality.outcomes if o.unnamed]
    assert not unnamed, f"results among the first five that do not name their summary: {unnamed}"
    unmarked = [o.query.text for o in quality.outcomes if o.rank and not o.marked]
    assert not unmarked, f"the answering result shows no <mark>: {unmarked}"
    assert not console.errors, console.errors


def test_a_first_page_view_does_not_fetch_the_index_the_first_query_does(fresh_page, console, archive_url):
    fetched: list[str] = []
    fresh_page.on("request", lambda request: fetched.append(urlsplit(request.url).path))
    with fresh_page.expect_request(lambda request: request.url.endswith("/search/search_index.json")):  # the stub
        fresh_page.goto(archive_url + "2022-h1/3/", wait_until="networkidle")
    fresh_page.wait_for_timeout(1000)  # the worker has its stub set up well before
    assert any(p.startswith("/assets/javascripts/workers/search.archive.") for p in fetched), fetched
    assert not [p for p in fetched if "archive_index" in p], "the index was fetched before any search"

    fresh_page.locator(".md-search__input").click()  # opening the box alone fetches nothing either
    fresh_page.wait_for_timeout(300)
    assert not [p for p in fetched if "archive_index" in p]
    fresh_page.keyboard.insert_text("碳达峰")
    fresh_page.keyboard.press("End")
    fresh_page.locator(".md-search-result__item").first.wait_for()
    assert len([p for p in fetched if "/search/archive_index." in p]) == 1, fetched
    fresh_page.locator(".md-search__input").fill("")
    fresh_page.keyboard.insert_text("营造林")
    fresh_page.keyboard.press("End")
    fresh_page.locator(".md-search-result__item", has_text="营造林").first.wait_for()
    assert len([p for p in fetched if "/search/archive_index." in p]) == 1, "fetched once, not per query"
    assert not console.errors, console.errors
