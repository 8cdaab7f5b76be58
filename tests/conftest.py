"""Shared fixtures: the real site built once, and throw-away copies of the project to break.

Helpers live in support.py (import them from there: two conftest.py files would collide).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from support import CI_VARIABLES, ROOT, build_site, copy_project


@pytest.fixture(scope="session", autouse=True)
def _same_results_in_and_out_of_ci():
    """GitHub Actions' variables switch on annotations and edit links; tests that want them set them."""
    saved = {name: os.environ.pop(name) for name in CI_VARIABLES if name in os.environ}
    yield
    os.environ.update(saved)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real project, built once per test run."""
    site = tmp_path_factory.mktemp("site")
    result = build_site(ROOT, site)
    assert result.ok, result.output
    return site


@pytest.fixture
def project(tmp_path) -> Path:
    """A fresh copy of the project to break in one way."""
    return copy_project(tmp_path / "project")
