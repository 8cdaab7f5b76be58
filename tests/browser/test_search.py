"""Material's own search box answers Chinese queries with the right section (the index is built with jieba)."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ZWSP = "\u200b"  # jieba's word boundaries in the index; invisible, so a reader never sees them


def type_query(page, query: str) -> None:
    """Type a Chinese query as an input method does: the text arrives, then the commit key's keyup
    (Material reads the query on keyup, not on input)."""
    page.keyboard.insert_text(query)
    page.keyboard.press("End")


def results(page) -> list[dict]:
    """The search results shown, once the worker has answered."""
    page.locator(".md-search-result__item").first.wait_for()
    return page.locator(".md-search-result__item a").evaluate_all(
        "links => links.map(a => ({href: a.href, text: a.innerText}))")


def test_search_for_body_temperature_finds_the_epidemic_section(page, console, site_url):
    page.goto(site_url)
    page.locator(".md-search__input").click()  # open the search box as a reader would
    type_query(page, "体温")
    found = results(page)
    matches = [r for r in found if urlsplit(r["href"]).path == "/2020-h1/2/"]
    assert matches, found
    anchors = {unquote(urlsplit(r["href"]).fragment) for r in matches}
    assert "二积极参与疫情防控工作" in anchors, anchors
    assert any("疫情防控" in r["text"].replace(ZWSP, "") for r in matches), matches
    expect(page.locator(".md-search-result__meta")).to_contain_text("找到")

    # Following the result opens the section with the word highlighted (search.highlight).
    page.locator(".md-search-result__item a[href*='#']", has_text="疫情").first.click()
    expect(page.locator("#二积极参与疫情防控工作")).to_be_in_viewport()
    expect(page.locator("article mark", has_text="体温").first).to_be_visible()
    assert not console.errors, console.errors


def test_search_shortcut_and_probationary_members(page, console, site_url):
    page.goto(site_url + "2020-h1/1/")
    page.keyboard.press("/")  # Material's keyboard shortcut focuses the search box
    expect(page.locator(".md-search__input")).to_be_focused()
    type_query(page, "预备党员")
    found = results(page)
    assert any(urlsplit(r["href"]).path == "/2020-h1/3/" for r in found), found
    # The best result is the page on 基层组织, with the section that has 预备党员转正.
    assert urlsplit(found[0]["href"]).path == "/2020-h1/3/", found
    assert any(unquote(urlsplit(r["href"]).fragment) == "一规范党员发展加强党员管理" for r in found), found
    assert not console.errors, console.errors


def test_a_changed_query_replaces_the_results(page, console, site_url):
    page.goto(site_url + "2020-h1/")
    page.locator(".md-search__input").click()
    type_query(page, "体温")
    assert any(urlsplit(r["href"]).path == "/2020-h1/2/" for r in results(page))
    page.locator(".md-search__input").fill("")
    type_query(page, "预备党员")
    result_links = page.locator(".md-search-result__item a")
    expect(result_links.filter(has_text="加强基层组织自身建设").first).to_be_visible()
    expect(page.locator(".md-search-result__item a[href*='/2020-h1/2/']")).to_have_count(0)
    assert not console.errors, console.errors
