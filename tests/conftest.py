"""Shared fixtures: the real site built once, and throw-away copies of the project to break."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_ORIGINALS = ROOT.parent / "shared" / "originals"
PROJECT_PARTS = ("mkdocs.yml", "docs", "data", "macros")


@dataclass
class BuildResult:
    returncode: int
    output: str  # stdout and stderr together, as an editor sees them
    site: Path

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def build_site(project: Path, site: Path, extra_env: dict[str, str] | None = None) -> BuildResult:
    """Run `mkdocs build --strict` on `project` as CI does, capturing what it prints."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUTF8": "1", **(extra_env or {})}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project, env=env, capture_output=True, text=True, encoding="utf-8",
    )
    return BuildResult(done.returncode, done.stdout + done.stderr, site)


def copy_project(destination: Path) -> Path:
    """A copy of the project's site sources that a test may change freely."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination / part)
    return destination


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
