"""Open to everyone: axe-core finds no serious or critical violation, everything works by keyboard,
and at 375 px (a phone) no page scrolls sideways.

axe-core is the copy bundled by the pinned PyPI package axe-playwright-python (requirements-test.txt),
injected into the page as a script: nothing is fetched.
"""

from __future__ import annotations

import re
from importlib.resources import files
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import expect
from support import serve

pytestmark = pytest.mark.browser

AXE = files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")
BLOCKING = ("serious", "critical")
PHONE = {"width": 375, "height": 740}
PAGES = {"home": "", "summary": "2020-h1/", "section": "2020-h1/2/", "figures": "2020-h1/figures/",
         "print": "2020-h1/print/", "trends": "trends/", "original": "2020-h1/original/"}


@pytest.fixture(scope="module")
def charts_url(three_periods_site):
    """An archive of three summaries, whose trends page has charts (the real archive has one summary so far)."""
    with serve(three_periods_site) as url:
        yield url


def axe_violations(page) -> list[str]:
    # Evaluated through DevTools, not as a <script> tag: the pages' Content-Security-Policy runs only their own.
    page.evaluate(AXE)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['impact']} {v['id']}: {v['help']} — " + "; ".join(str(n["target"]) for n in v["nodes"][:5])
            for v in result["violations"] if v["impact"] in BLOCKING]


def scrolls_sideways(page) -> bool:
    return page.evaluate("document.scrollingElement.scrollWidth > document.scrollingElement.clientWidth")


@pytest.mark.parametrize("name", ["home", "section", "figures", "summary", "print", "trends"])
def test_axe_finds_no_serious_violation(page, site_url, name):
    page.goto(site_url + PAGES[name])
    violations = axe_violations(page)
    assert not violations, f"{name}:\n" + "\n".join(violations)


@pytest.mark.parametrize("name", ["home", "section", "figures"])
def test_axe_on_a_phone(page, site_url, name):
    page.set_viewport_size(PHONE)
    page.goto(site_url + PAGES[name])
    violations = axe_violations(page)
    assert not violations, f"{name} at 375 px:\n" + "\n".join(violations)


@pytest.mark.parametrize("width", [1280, PHONE["width"]])
def test_axe_on_the_charts(page, charts_url, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(charts_url + "trends/")
    assert page.locator("figure.trend-chart svg[role='img'][aria-label]").count() > 0
    violations = axe_violations(page)
    assert not violations, "trends with charts:\n" + "\n".join(violations)


@pytest.mark.parametrize("name", list(PAGES))
def test_no_page_scrolls_sideways_on_a_phone(page, site_url, name):
    page.set_viewport_size(PHONE)
    page.goto(site_url + PAGES[name])
    assert not scrolls_sideways(page), f"{name} is wider than 375 px"


def test_charts_and_figure_tables_fit_a_phone(page, site_url, charts_url):
    page.set_viewport_size(PHONE)
    page.goto(charts_url + "trends/")
    assert not scrolls_sideways(page), "trends with charts is wider than 375 px"
    chart = page.locator("figure.trend-chart svg").first
    assert chart.bounding_box()["width"] <= PHONE["width"]
    # A table wider than the phone scrolls inside its own box, not the page.
    page.goto(site_url + PAGES["figures"])
    table = page.locator("article table").first
    expect(table).to_be_visible()
    assert table.evaluate("t => { for (let e = t.parentElement; e; e = e.parentElement) {"
                          " const o = getComputedStyle(e).overflowX; if (o === 'auto' || o === 'scroll') return true; }"
                          " return false; }"), "the figure table must scroll inside a container"


def focused(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement; return {
        tag: e.tagName, cls: e.className || '', href: e.getAttribute('href') || '', text: (e.textContent || '').trim(),
        outline: getComputedStyle(e).outlineStyle, shadow: getComputedStyle(e).boxShadow }; }""")


def tab_until(page, predicate, limit: int = 40) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if predicate(now):
            return now
    pytest.fail(f"no element found by Tab in {limit} presses")


def test_everything_by_keyboard(page, console, site_url):
    page.goto(site_url)
    # The first Tab offers to skip to the content; the search box and the navigation come next.
    page.keyboard.press("Tab")
    assert focused(page)["cls"].startswith("md-skip"), focused(page)
    tab_until(page, lambda e: "md-search__input" in e["cls"], limit=5)
    link = tab_until(page, lambda e: "md-nav__link" in e["cls"] and e["href"].endswith("2020-h1/"))
    assert link["outline"] != "none" or link["shadow"] != "none", "a focused link must show it has the focus"
    page.keyboard.press("Enter")
    expect(page).to_have_url(site_url + "2020-h1/")
    # The URL changes before the new page's scripts run; a key pressed earlier would be lost.
    page.wait_for_load_state("load")

    # Open the search with the keyboard, type, walk the results with the arrow keys, open one with Enter.
    page.keyboard.press("/")
    expect(page.locator(".md-search__input")).to_be_focused()
    page.keyboard.insert_text("体温")
    page.keyboard.press("End")  # Material reads the query on keyup, as an input method's commit key sends
    page.locator(".md-search-result__item").first.wait_for()
    target = "二积极参与疫情防控工作"
    for _ in range(12):
        page.keyboard.press("ArrowDown")
        now = focused(page)
        assert now["tag"] == "A", now
        if unquote(urlsplit(now["href"]).fragment) == target:
            break
    else:
        pytest.fail("the arrow keys did not reach the result for 疫情防控")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/2020-h1/2/"))
    expect(page.locator(f"#{target}")).to_be_in_viewport()
    page.keyboard.press("Escape")
    assert not console.errors, console.errors


def test_the_print_view_and_pdf_links_are_reached_by_keyboard(page, site_url):
    page.goto(site_url + "2020-h1/")
    tab_until(page, lambda e: e["href"] == "print/", limit=80)
    page.keyboard.press("Enter")
    expect(page).to_have_url(site_url + "2020-h1/print/")
    page.wait_for_load_state()  # keys pressed before the new page is loaded would be lost
    tab_until(page, lambda e: e["text"].startswith("← 返回本期首页"), limit=80)
    page.keyboard.press("Enter")
    expect(page).to_have_url(site_url + "2020-h1/")


def test_the_skip_link_lands_on_the_content(page, site_url):
    page.goto(site_url + "2020-h1/2/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#.+"))  # the skip link goes to the content (waits for the jump)
    expect(page.locator("article h1")).to_be_in_viewport()


@pytest.mark.parametrize("path, title", [
    ("2020-h1/print/", "打印版 · 2020年上半年 - 工作总结档案"),
    ("2020-h1/2/", "二、完成机关党建工作任务 · 2020年上半年 - 工作总结档案"),
    ("2020-h1/", "2020年市局机关上半年党建工作总结 - 工作总结档案"),
])
def test_a_summarys_pages_name_it_in_their_title(page, site_url, path, title):
    """Every summary has a 打印版, a 数字一览, an 一、…: the title (tab, screen reader, PDF) says whose."""
    page.goto(site_url + path)
    expect(page).to_have_title(title)
