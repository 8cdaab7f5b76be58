"""Browser fixtures: the built site served on 127.0.0.1, and a headless Chromium driven by Playwright.

Playwright cannot download its own browsers here, so the browser is always one already installed, found
by macros/export/browser.py. Without one the tests are skipped, except under CI, where they fail.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from support import browser_or_skip, build_site, made_once, serve

from macros.export.browser import QUIET_FLAGS

# Wide enough for Material to show both sidebars (navigation left, table of contents right).
VIEWPORT = {"width": 1280, "height": 900}
TIMEOUT_MS = 10_000  # a failing wait fails fast instead of hanging the suite

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items):
    """Every test under tests/browser/ is a browser test, whatever its module says."""
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_path() -> str:
    return browser_or_skip()


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> str:
    """The built site served over HTTP on 127.0.0.1 and a free port; the URL ends with '/'."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def archive_site(tmp_path_factory) -> Path:
    """The many-summary benchmark archive (tests/public_archive.py: 2020-h1 and five public reports imported
    as 2021-h1 … 2023-h1), built once per test run."""
    from public_archive import make_public_archive  # noqa: PLC0415

    def build(scratch: Path) -> None:
        result = build_site(make_public_archive(scratch / "project"), scratch / "site")
        assert result.ok, result.output

    return made_once(tmp_path_factory, "public-archive", build)[0] / "site"


@pytest.fixture(scope="session")
def archive_url(archive_site: Path) -> str:
    with serve(archive_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser(browser_path: str):
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=browser_path, headless=True, args=list(QUIET_FLAGS))
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()


@dataclass
class ConsoleLog:
    """What the page (and its workers) reported as errors."""

    errors: list[str] = field(default_factory=list)

    def watch(self, page) -> None:
        # In Chromium the page's console also carries its workers' messages (the search worker's too).
        page.on("console", self._on_console)
        page.on("pageerror", self._on_error)

    def unwatch(self, page) -> None:
        page.remove_listener("console", self._on_console)
        page.remove_listener("pageerror", self._on_error)

    def _on_error(self, error) -> None:
        self.errors.append(f"uncaught: {error}")

    def _on_console(self, message) -> None:
        if message.type == "error":
            location = message.location or {}
            self.errors.append(f"{message.text} ({location.get('url', '?')}:{location.get('lineNumber', '?')})")


@pytest.fixture
def context(browser):
    """A fresh browser context per test: no localStorage or cache carried over."""
    ctx = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    ctx.set_default_timeout(TIMEOUT_MS)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def console() -> ConsoleLog:
    return ConsoleLog()


@pytest.fixture(scope="module")
def module_page(browser):
    """One page (and its console log) shared by a module's tests that only type and read on it, such as
    search queries: the page and the search index are loaded once, not for every test."""
    ctx = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    ctx.set_default_timeout(TIMEOUT_MS)
    log = ConsoleLog()
    shared = ctx.new_page()
    log.watch(shared)
    try:
        yield shared, log
    finally:
        ctx.close()


class _Tab:
    """One browser tab per test process, lent to one test at a time (the `page` fixture) and put back as it was
    found: about:blank, the usual viewport and media, no routes, the visited site's storage cleared. A new tab
    costs about half a second (a context and a renderer process); going to a page in this one, a sixth of that.
    Its HTTP cache is kept, as a reader's is: a test that counts what a first visit fetches uses `fresh_page`."""

    def __init__(self, browser) -> None:
        self._browser = browser
        self._page = None

    def lend(self):
        if self._page is None or self._page.is_closed():
            context = self._browser.new_context(viewport=VIEWPORT, locale="zh-CN")
            context.set_default_timeout(TIMEOUT_MS)
            self._page = context.new_page()
        return self._page

    def put_back(self) -> None:
        tab = self._page
        try:
            tab.evaluate("() => { try { localStorage.clear(); sessionStorage.clear(); } catch (e) {} }")
            tab.unroute_all()
            tab.goto("about:blank")
            tab.set_viewport_size(VIEWPORT)
            tab.emulate_media(media="null")
        except Exception:  # noqa: BLE001 - a tab a test left broken is closed; the next test gets a new one
            tab.context.close()
            self._page = None

    def close(self) -> None:
        if self._page is not None and not self._page.is_closed():
            self._page.context.close()


@pytest.fixture(scope="session")
def _tab(browser):
    tab = _Tab(browser)
    try:
        yield tab
    finally:
        tab.close()


@pytest.fixture
def page(_tab: _Tab, console: ConsoleLog):
    """The test process's browser tab, as a new one (see _Tab), its console errors collected in `console`."""
    lent = _tab.lend()
    console.watch(lent)
    try:
        yield lent
    finally:
        console.unwatch(lent)
        _tab.put_back()


@pytest.fixture
def fresh_page(context, console: ConsoleLog):
    """A page in a new context (empty cache and storage), for a test of what a first visit fetches."""
    new_page = context.new_page()
    console.watch(new_page)
    return new_page
