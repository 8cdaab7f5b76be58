"""Helpers the tests share: where the project is, and building a copy of it as CI does."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

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


FIXTURES = ROOT / "tests" / "fixtures"


def fixture_project(destination: Path, name: str) -> Path:
    """A copy of the project whose summaries are replaced by those of tests/fixtures/<name>/."""
    project = copy_project(destination)
    for data_file in (project / "data").glob("*.yml"):
        data_file.unlink()
    for folder in (project / "docs").iterdir():
        if folder.is_dir() and folder.name[:1].isdigit():
            shutil.rmtree(folder)
    shutil.copytree(FIXTURES / name, project, dirs_exist_ok=True)
    return project
