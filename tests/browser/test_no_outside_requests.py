"""Readers' intranets reach nothing outside: every request the site makes must go to the site itself."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser


def built_pages(site: Path) -> list[str]:
    """Every page of the built site, as its address below the site's root ("" for the home page)."""
    return sorted(p.parent.relative_to(site).as_posix() + "/" if p.name == "index.html" else p.relative_to(site).as_posix()
                  for p in site.rglob("*.html") if p.name != "404.html")


def test_every_request_stays_on_the_site(context, fresh_page, console, site_url, built_site):
    pages = [("" if path == "./" else path) for path in built_pages(built_site)]
    assert len(pages) >= 10 and "" in pages, pages
    requested: list[str] = []  # everything Chromium reported, from the pages and their workers
    routed: list[str] = []  # everything that went through interception (a second, independent record)
    failed: list[str] = []
    bad_status: list[str] = []
    stylesheets: list[str] = []

    def intercept(route):
        url = route.request.url
        routed.append(url)
        if urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            route.abort("blockedbyclient")  # never wait on a network this machine does not have

    in_flight: set = set()  # a page is left only when these are answered: leaving would abort them

    def on_request(request):
        requested.append(request.url)
        in_flight.add(request)

    def on_failed(request):
        in_flight.discard(request)
        failed.append(f"{request.url}: {request.failure}")

    def settle(where: str) -> None:
        deadline = time.monotonic() + 15
        while in_flight and time.monotonic() < deadline:
            fresh_page.wait_for_timeout(20)  # Playwright delivers the request events while it waits
        assert not in_flight, f"{where}: requests never answered: {sorted(r.url for r in in_flight)}"

    context.route("**/*", intercept)
    context.on("request", on_request)
    context.on("requestfinished", lambda request: in_flight.discard(request))
    context.on("requestfailed", on_failed)

    def on_response(response):
        if response.status >= 400:
            bad_status.append(f"{response.status} {response.url}")
        if response.request.resource_type == "stylesheet" and response.ok:
            stylesheets.append(response.url)

    context.on("response", on_response)

    for path in pages:
        response = fresh_page.goto(site_url + path, wait_until="load")
        assert response is not None and response.ok, f"{path or '/'} did not load"
        where = path or "/"
        # Both stylesheets are in the document with their rules, and the theme's layout applies.
        sheets = dict(fresh_page.evaluate("""[...document.styleSheets].map(s => {
            let rules = -1;  // a sheet from another origin does not let the page read its rules
            try { rules = s.cssRules.length } catch (e) {}
            return [s.href || "(inline)", rules];
        })"""))
        sheets = {urlsplit(href).path if href.startswith(site_url) else href: n for href, n in sheets.items()}
        assert any(p.startswith("/assets/stylesheets/main.") and n > 0 for p, n in sheets.items()), (where, sheets)
        assert sheets.get("/assets/archive.css", 0) > 0, (where, sheets)
        assert fresh_page.locator(".md-header").evaluate("e => getComputedStyle(e).position") == "sticky", where
        # The theme's script ran: it swaps html.no-js for html.js.
        fresh_page.wait_for_selector("html.js", state="attached")
        fresh_page.mouse.wheel(0, 2000)  # scrolling shows the back-to-top button (navigation.top)
        settle(where)  # the theme fetches the search index and the favicon after `load`

    # Open Material's search box and search in Chinese: loads the worker, lunr and the index.
    fresh_page.locator(".md-search__input").click()
    fresh_page.keyboard.insert_text("体温")
    fresh_page.keyboard.press("End")  # Material reads the query on keyup, as an input method's commit key sends
    fresh_page.locator(".md-search-result__item").first.wait_for()
    settle("search")

    assert requested, "no request was recorded at all"
    assert set(routed) <= set(requested), "interception saw requests the request listener did not"
    outside = sorted({url for url in requested + routed if urlsplit(url).hostname != "127.0.0.1"})
    assert not outside, "requests leaving the site:\n" + "\n".join(outside)

    paths = {urlsplit(url).path for url in requested}
    css = {urlsplit(url).path for url in stylesheets}
    assert any(p.startswith("/assets/stylesheets/main.") for p in css), css
    assert "/assets/archive.css" in css, css
    assert any(p.startswith("/assets/javascripts/bundle.") for p in paths), sorted(paths)
    assert any(p.startswith("/assets/javascripts/workers/search.archive.") for p in paths), \
        "the archive's Chinese search worker did not load: " + str(sorted(paths))
    assert "/search/search_index.json" in paths, sorted(paths)  # Material's: the stub
    assert any(p.startswith("/search/archive_index.") for p in paths), "the real index, fetched when searching"

    assert not failed, "failed requests:\n" + "\n".join(failed)
    assert not bad_status, "error responses:\n" + "\n".join(bad_status)
    assert not console.errors, "console errors:\n" + "\n".join(console.errors)
