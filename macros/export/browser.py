"""Which Chromium to use, and how to start it quietly. Standard library only: dev.py uses it too.

The archive never downloads a browser: it uses $CHROMIUM_PATH, else the first installed of
BROWSER_CANDIDATES (Debian's chromium here, Google Chrome on GitHub's runners, Chrome on a Mac).
"""

from __future__ import annotations

import os
from pathlib import Path

BROWSER_CANDIDATES = (
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
)
# We run as root (where Chromium's sandbox cannot start; only our own pages are opened) on machines
# without outside network: no sandbox, no GPU, nothing fetched in the background.
QUIET_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
)


def configured_browser() -> str | None:
    """$CHROMIUM_PATH as set, whether or not it exists."""
    return os.environ.get("CHROMIUM_PATH") or None


def find_browser() -> str | None:
    """The browser to use, or None when there is none (or $CHROMIUM_PATH points nowhere)."""
    configured = configured_browser()
    if configured:
        return configured if Path(configured).exists() else None
    return next((path for path in BROWSER_CANDIDATES if Path(path).exists()), None)
