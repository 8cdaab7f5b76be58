"""Helpers for the tests of the offline copy and the PDFs: made once per test run, served, unzipped."""

from __future__ import annotations

import contextlib
import functools
import os
import threading
import zipfile
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from macros.offline_bundle import FOLDER, make_offline_bundle
from macros.pdf_export import find_browser

_BUNDLES: dict[tuple[str, bool], Path] = {}


def offline_bundle(project: Path, workdir: Path, pdf: bool = True) -> Path:
    """The zip `python -m macros offline` makes of `project`, made once per test run (quietly)."""
    key = (str(project), pdf)
    if key not in _BUNDLES:
        workdir.mkdir(parents=True, exist_ok=True)
        _BUNDLES[key] = make_offline_bundle(project, workdir / f"{FOLDER}.zip", pdf=pdf, say=lambda line: None)
    return _BUNDLES[key]


def unzipped(bundle: Path, destination: Path) -> Path:
    """The bundle unzipped as a reader would: the folder that holds index.html."""
    if not (destination / FOLDER / "index.html").is_file():
        with zipfile.ZipFile(bundle) as archive:
            archive.extractall(destination)
    return destination / FOLDER


def browser_or_skip() -> str:
    """The system's Chromium for printing PDFs; without one the test is skipped, but fails under CI."""
    path = find_browser()
    if path:
        return path
    message = "no Chromium found to print PDFs: set CHROMIUM_PATH or install chromium"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature http.server defines
        pass


@contextlib.contextmanager
def served(directory: Path):
    """`directory` over HTTP on 127.0.0.1 and a free port; yields the URL, ending with '/'."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(directory)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
