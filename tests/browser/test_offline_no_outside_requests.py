"""Nothing from outside, in either form of the archive: served over HTTP, and the offline copy from file://.

Every request of every built page (and of a search, which starts the worker and loads the index) stays in the
site: 127.0.0.1 when served,
the unzipped folder (file://, or a Blob the page made) offline.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from offline_support import real_offline_copy
from test_no_outside_requests import built_pages

pytestmark = pytest.mark.browser



@pytest.fixture(scope="module")
def offline(tmp_path_factory) -> Path:
    return real_offline_copy(tmp_path_factory)


def visit_and_record(context, page, addresses: list[str], inside) -> list[str]:
    """Open each page, scroll it, search on the last one; every address requested, outside ones blocked."""
    requested: list[str] = []

    def intercept(route):
        if inside(route.request.url):
            route.continue_()
        else:
            route.abort("blockedbyclient")  # never wait on a network this machine does not have

    context.route("**/*", intercept)
    context.on("request", lambda request: requested.append(request.url))
    for address in addresses:
        response = page.goto(address, wait_until="load")
        assert response is None or response.ok, address  # file:// navigations have no HTTP response
        page.wait_for_selector("html.js", state="attached")  # Material's script ran
        page.mouse.wheel(0, 2000)
    page.locator(".md-search__input").click()
    page.keyboard.insert_text("体温")
    page.keyboard.press("End")
    page.locator(".md-search-result__item").first.wait_for()
    assert requested, "no request was recorded at all"
    return requested


def test_served_pages_request_nothing_outside(context, fresh_page, console, site_url, built_site):
    served = [("" if path == "./" else path) for path in built_pages(built_site)]
    requested = visit_and_record(context, fresh_page, [site_url + p for p in served],
                                 lambda url: urlsplit(url).hostname == "127.0.0.1" or url.startswith(("blob:", "data:")))
    outside = sorted({u for u in requested if not (urlsplit(u).hostname == "127.0.0.1" or u.startswith(("blob:", "data:")))})
    assert not outside, "requests leaving the site:\n" + "\n".join(outside)
    assert any("/assets/javascripts/workers/search.archive." in u for u in requested), "the search worker loaded"
    assert not console.errors, console.errors


def test_offline_pages_request_nothing_outside_the_folder(context, fresh_page, console, offline):
    def inside(url: str) -> bool:
        if url.startswith(("blob:", "data:")):
            return True
        parts = urlsplit(url)
        return parts.scheme == "file" and Path(unquote(parts.path)).resolve().is_relative_to(offline.resolve())

    from_disk = sorted(p for p in offline.rglob("*.html"))
    assert len(from_disk) >= 10, from_disk
    requested = visit_and_record(context, fresh_page, [p.as_uri() for p in from_disk], inside)
    outside = sorted({url for url in requested if not inside(url)})
    assert not outside, "requests leaving the offline folder:\n" + "\n".join(outside)
    assert any(url.endswith("/assets/archive.css") for url in requested), "file:// requests are recorded"
    assert any(url.endswith("/search/search_index.js") for url in requested), "the index, loaded from the disk"
    assert any(worker.url.startswith("blob:") for worker in fresh_page.workers), "the search worker, started from a Blob"
    assert not console.errors, console.errors
