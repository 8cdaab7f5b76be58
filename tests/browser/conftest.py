"""Browser fixtures: the built site served on 127.0.0.1, and a headless Chromium driven by Playwright.

Playwright cannot download its own browsers here, so the browser is always one already installed:
$CHROMIUM_PATH, else the first of BROWSER_CANDIDATES that exists (Debian's chromium locally,
Google Chrome on GitHub's runners). Without one the tests are skipped, except under CI, where they fail.
"""

from __future__ import annotations

import functools
import os
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

BROWSER_CANDIDATES = (
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
)
# We run as root (hence --no-sandbox) on a machine without outside network: keep Chromium quiet.
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOST = "127.0.0.1"
# Wide enough for Material to show both sidebars (navigation left, table of contents right).
VIEWPORT = {"width": 1280, "height": 900}
TIMEOUT_MS = 10_000  # a failing wait fails fast instead of hanging the suite

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items):
    """Every test under tests/browser/ is a browser test, whatever its module says."""
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


def find_browser() -> str | None:
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        if not Path(configured).exists():
            pytest.fail(f"CHROMIUM_PATH={configured!r} does not exist: point it at a Chromium or Chrome binary")
        return configured
    return next((path for path in BROWSER_CANDIDATES if Path(path).exists()), None)


@pytest.fixture(scope="session")
def browser_path() -> str:
    path = find_browser()
    if path:
        return path
    message = ("no Chromium found: set CHROMIUM_PATH, or install one of " + ", ".join(BROWSER_CANDIDATES)
               + " (python3 dev.py test installs Debian's chromium)")
    if os.environ.get("CI"):
        pytest.fail("browser tests cannot run under CI: " + message, pytrace=False)
    pytest.skip(message)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature http.server defines
        pass


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> str:
    """The built site served over HTTP on 127.0.0.1 and a free port; the URL ends with '/'."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = ThreadingHTTPServer((HOST, 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser(browser_path: str):
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=browser_path, headless=True, args=BROWSER_ARGS)
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
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))

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


@pytest.fixture
def page(context, console: ConsoleLog):
    """A new page whose console errors are collected in the `console` fixture."""
    new_page = context.new_page()
    console.watch(new_page)
    return new_page
