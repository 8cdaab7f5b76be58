"""The Content-Security-Policy every page carries is enforced: were a script or an outside image to get past the
build's checks into a page, Chromium would neither run nor load it, while the site's own scripts still run."""

from __future__ import annotations

import shutil

import pytest
from support import serve

pytestmark = pytest.mark.browser


def test_a_smuggled_script_and_outside_image_are_blocked(tmp_path, built_site, browser):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    page_file = site / "2020-h1" / "2" / "index.html"
    text = page_file.read_text(encoding="utf-8")
    smuggled = ('<script>window.__smuggled = 1</script>'
                '<img id="outside" src="http://127.0.0.2:9/track.png" onerror="window.__smuggled = 2">')
    assert text.count("<article") == 1
    page_file.write_text(text.replace("<article", smuggled + "<article", 1), encoding="utf-8")

    context = browser.new_context()
    answered: list[str] = []  # Chromium reports a request the policy blocks, but it never gets an answer
    failed: list[str] = []
    violations: list[str] = []
    context.on("response", lambda response: answered.append(response.url))
    context.on("requestfailed", lambda request: failed.append(f"{request.url} {request.failure}"))
    page = context.new_page()
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    with serve(site) as url:
        page.goto(url + "2020-h1/2/", wait_until="load")
        page.wait_for_selector("html.js", state="attached")  # Material's own scripts ran (bundle and inline)
        assert page.evaluate("window.__smuggled") is None, "the smuggled script ran"
        page.locator(".md-search__input").click()  # the search worker starts under the policy too
        page.keyboard.insert_text("体温")
        page.keyboard.press("End")
        page.locator(".md-search-result__item").first.wait_for()
    context.close()
    assert not any("127.0.0.2" in address for address in answered), answered
    assert any("127.0.0.2" in f and "csp" in f for f in failed), failed
    assert any("inline script" in v for v in violations), violations
    assert any("127.0.0.2" in v for v in violations), violations
    assert len(violations) == 3, violations  # the script, the image and its onerror handler: nothing of the site's
