"""The code is clean by ruff's rules (pyproject.toml: pycodestyle errors, pyflakes, import order, bugbear,
modern syntax), as CI runs it."""

import subprocess
import sys

from support import ROOT


def test_ruff_finds_nothing():
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "macros", "tests", "dev.py"],
                          cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 0, done.stdout + done.stderr
