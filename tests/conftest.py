"""Shared fixtures: the sites the tests only read, each built once per test run, and throw-away copies of the
project to break.

Helpers live in support.py (import them from there: two conftest.py files would collide). A test that changes a
project or a site makes its own (`project`, tmp_path); the session's builds below are read, never written.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest
from support import CI_VARIABLES, ROOT, BuildResult, build_site, copy_project, fixture_project, made_once


def pytest_configure(config):
    """Python keeps what it compiles (its default): where PYTHONDONTWRITEBYTECODE is set, as on our shared machine,
    every test process, build and command would compile the archive's code, the libraries and pytest's rewritten
    test modules again. Here they are kept for this run and the next, outside the repository and the projects the
    tests copy (PYTHONPYCACHEPREFIX: each file under its own path, checked against it), for this process and every
    process it starts (the xdist workers, the warm starter, the builds)."""
    if not sys.dont_write_bytecode:
        return
    folder = Path(tempfile.gettempdir()) / f"archive-tests-pycache-{os.getuid() if hasattr(os, 'getuid') else 0}"
    sys.dont_write_bytecode = False
    sys.pycache_prefix = str(folder)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(folder)


@pytest.fixture(scope="session", autouse=True)
def _same_results_in_and_out_of_ci():
    """GitHub Actions' variables switch on annotations and edit links; tests that want them set them."""
    saved = {name: os.environ.pop(name) for name in CI_VARIABLES if name in os.environ}
    yield
    os.environ.update(saved)


# Under pytest-xdist (python3 dev.py test runs the suite on every core, --dist loadgroup), the tests sharing one of
# these costly module fixtures run on the same worker, so that it is made once; the other tests spread freely.
# (Sites and bundles that many modules read are made once for all workers: support.made_once.)
SHARED_WORK = {"imported": "imports", "pdf_site": "pdfs", "corpus": "import-corpus",
               "offline_with_charts": "offline-charts", "bombs": "zip-bombs"}


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups into the tests' ids
def pytest_collection_modifyitems(config, items):
    if not config.pluginmanager.hasplugin("xdist"):
        return
    for item in items:
        group = next((SHARED_WORK[name] for name in item.fixturenames if name in SHARED_WORK), None)
        if group:
            item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture(scope="session")
def site_build(tmp_path_factory) -> BuildResult:
    """The real project, built strictly once per test run, with what the build printed."""
    def build(folder: Path) -> list:
        result = build_site(ROOT, folder / "site")
        assert result.ok, result.output
        return [result.returncode, result.output]

    folder, (returncode, output) = made_once(tmp_path_factory, "site", build)
    return BuildResult(returncode, output, folder / "site")


@pytest.fixture(scope="session")
def built_site(site_build: BuildResult) -> Path:
    """The real project's built site (read only)."""
    return site_build.site


@pytest.fixture(scope="session")
def three_periods_site(tmp_path_factory) -> Path:
    """The site of tests/fixtures/three-periods (2021-h1, 2021-h2, 2022-h1: figures across periods, charts),
    built once per test run (read only)."""
    def build(work: Path) -> None:
        result = build_site(fixture_project(work / "project", "three-periods"), work / "site")
        assert result.ok, result.output

    return made_once(tmp_path_factory, "three-periods", build)[0] / "site"


@pytest.fixture
def project(tmp_path) -> Path:
    """A fresh copy of the project to break in one way."""
    return copy_project(tmp_path / "project")
