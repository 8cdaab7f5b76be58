"""离线版 opened as a reader would: unzipped, from the file system (file://), in Chromium.

Navigation, figures, charts, the PDF link and the Chinese search all work without a server, and the
search answers exactly as the site online does (the same worker, the same index).
"""

from __future__ import annotations

import csv
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from offline_support import offline_bundle, real_offline_copy, unzipped
from playwright.sync_api import expect
from support import fixture_project

pytestmark = pytest.mark.browser

ZWSP = "\u200b"


@pytest.fixture(scope="module")
def offline(tmp_path_factory) -> Path:
    """The real archive's bundle, unzipped."""
    return real_offline_copy(tmp_path_factory)


@pytest.fixture(scope="session")  # not "module": under xdist its tests may be interleaved with others
def offline_with_charts(tmp_path_factory) -> Path:
    """The bundle of an archive of three summaries, whose figures across periods are drawn as charts."""
    work = tmp_path_factory.mktemp("three-periods")
    project = fixture_project(work / "project", "three-periods")
    return unzipped(offline_bundle(project, work / "bundle", pdf=False), work / "unzipped")


def search(page, query: str) -> list[dict]:
    """Type a query in Material's search box as an input method does; the results shown."""
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").fill("")
    page.keyboard.insert_text(query)
    page.keyboard.press("End")  # Material reads the query on keyup
    page.locator(".md-search-result__item").first.wait_for()
    return page.locator(".md-search-result__item a").evaluate_all(
        "links => links.map(a => ({href: a.href, text: a.innerText}))")


def test_read_the_archive_from_the_disk(page, console, offline):
    page.goto((offline / "index.html").as_uri())
    expect(page.locator("article h1")).to_contain_text("工作总结档案")
    page.locator("article").get_by_role("link", name="2020年市局机关上半年党建工作总结").click()
    expect(page).to_have_url((offline / "2020-h1" / "index.html").as_uri())

    # The landing page's contents lead to a part; the navigation leads on to the figures.
    page.locator("article nav.summary-contents a", has_text="二、完成机关党建工作任务").click()
    expect(page).to_have_url((offline / "2020-h1" / "2.html").as_uri())
    expect(page.locator("#二积极参与疫情防控工作")).to_be_visible()
    expect(page.locator("article .fig-undisclosed").first).to_be_visible()
    page.locator(".md-sidebar--primary a.md-nav__link", has_text="数字一览").click()
    expect(page).to_have_url((offline / "2020-h1" / "figures.html").as_uri())
    page.wait_for_load_state()  # every row parsed before they are counted
    table = page.locator("article table").first
    expect(table).to_be_visible()
    rows = list(csv.reader((offline / "2020-h1" / "figures.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert page.locator("article table tbody tr").count() == len(rows) - 1, "every figure, as in the CSV"
    table.locator("a", has_text="原文位置").first.click()  # back to where the figure stands in the text
    assert urlsplit(page.url).path.endswith(".html") and urlsplit(page.url).fragment.startswith("fig-")

    # The print view and the PDF beside it.
    page.goto((offline / "2020-h1" / "index.html").as_uri())
    page.locator("article .summary-print a", has_text="打印版").click()
    expect(page).to_have_url((offline / "2020-h1" / "print.html").as_uri())
    expect(page.locator(".gw-document h1")).to_contain_text("2020年市局机关上半年党建工作总结")
    # The bundle was made with a browser (this test drives one), so it has the PDF, linked.
    assert (offline / "2020-h1" / "2020-h1.pdf").is_file(), "the bundle has no PDF although a browser is here"
    pdf_link = page.locator(".gw-actions .pdf-download a")
    expect(pdf_link).to_be_visible()
    href = pdf_link.evaluate("a => a.href")
    assert Path(unquote(urlsplit(href).path)) == offline / "2020-h1" / "2020-h1.pdf"
    assert not console.errors, console.errors


def test_search_from_the_disk_finds_body_temperature_in_the_epidemic_section(page, console, offline):
    page.goto((offline / "2020-h1" / "index.html").as_uri())
    found = search(page, "体温")
    matches = [r for r in found if urlsplit(r["href"]).path.endswith("/2020-h1/2.html")]
    assert matches, found
    assert "二积极参与疫情防控工作" in {unquote(urlsplit(r["href"]).fragment) for r in matches}, matches
    page.locator(".md-search-result__item a[href*='#']", has_text="疫情").first.click()
    expect(page.locator("#二积极参与疫情防控工作")).to_be_in_viewport()
    expect(page.locator("article mark", has_text="体温").first).to_be_visible()  # highlighted, as online
    assert not console.errors, console.errors


@pytest.mark.parametrize("query", ["体温", "预备党员", "三会一课", "最强党支部", "重视"])
def test_search_answers_as_online(page, site_url, offline, query):
    def answers(home: str, relative) -> list[tuple[str, str]]:
        page.goto(home)
        return [(relative(r["href"]), r["text"].replace(ZWSP, "")) for r in search(page, query)]

    online = answers(site_url, lambda href: unquote(urlsplit(href).path).strip("/").replace("/", "|")
                     + "#" + unquote(urlsplit(href).fragment))
    from_disk = answers((offline / "index.html").as_uri(),
                        lambda href: _as_online_path(unquote(urlsplit(href).path), offline) + "#"
                        + unquote(urlsplit(href).fragment))
    assert from_disk == online


def _as_online_path(path: str, root: Path) -> str:
    """2020-h1/2.html -> 2020-h1|2 and 2020-h1/index.html -> 2020-h1, as the online addresses read."""
    relative = Path(path).relative_to(root).with_suffix("").as_posix()
    return relative.removesuffix("index").strip("/").replace("/", "|")


def test_charts_from_the_disk(page, console, offline_with_charts):
    page.goto((offline_with_charts / "index.html").as_uri())
    page.locator(".md-sidebar--primary a.md-nav__link", has_text="历期数字对比").click()
    expect(page).to_have_url((offline_with_charts / "trends.html").as_uri())
    page.wait_for_load_state()  # the address changes when the page commits, before its body is parsed
    charts = page.locator("article figure.trend-chart svg[role='img']")
    expect(charts.first).to_be_visible()
    assert charts.count() > 0
    assert charts.first.bounding_box()["height"] > 100
    assert "历期变化" in charts.first.get_attribute("aria-label")
    found = search(page, "党员")
    assert any("/2022-h1/" in r["href"] for r in found), found
    assert not console.errors, console.errors
