#!/usr/bin/env python3
"""One entry point for people and CI: sets everything up, then serves, builds, tests or benchmarks.

    python3 dev.py serve   # set up, then preview the site at http://127.0.0.1:8000/, drafts included
    python3 dev.py build   # set up, then build the site into site/ (strict), with each summary's PDF
    python3 dev.py test    # set up (including Chromium and fonts), build, proofread, then run every test
    python3 dev.py bench   # set up, then print the benchmark figures (build, data layer, search)
    python3 dev.py bench --scale   # instead: build cost of synthetic archives of 10, 20 and 40 summaries

Only the standard library is used here, because this runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
from macros.export.browser import (
    find_browser,  # noqa: E402  (standard library only, like this file)
)

VENV = ROOT / ".venv"
PYTHON = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
APT_PACKAGES = ["chromium"]  # the browser the browser tests drive
# Chinese fonts for 打印版 and the PDFs (docs/assets/print.css): 宋/黑 from Noto CJK, 楷 from AR PL UKai.
FONT_PACKAGES = ["fonts-noto-cjk", "fonts-arphic-ukai"]
QUIET_ENV = {"NO_MKDOCS_2_WARNING": "1", "PYTHONUTF8": "1"}


def say(message: str) -> None:
    print(f"[dev] {message}", flush=True)


def run(*args: str | Path, env: dict[str, str] | None = None, **kwargs) -> None:
    subprocess.run([str(a) for a in args], check=True, env=env or {**os.environ, **QUIET_ENV}, **kwargs)


def set_up(requirements: str) -> None:
    """Create .venv and install the pinned requirements, unless they are installed already."""
    if sys.version_info < (3, 11):
        sys.exit("需要 Python 3.11 或更新的版本。")
    if not PYTHON.exists():
        say("creating .venv")
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = _requirements_digest(requirements)
    stamp = VENV / f".installed-{requirements}"
    if stamp.exists() and stamp.read_text() == wanted:
        return
    say(f"installing {requirements}")
    run(PYTHON, "-m", "pip", "install", "--disable-pip-version-check", "-q", "-r", ROOT / requirements)
    stamp.write_text(wanted)


def _requirements_digest(requirements: str) -> str:
    text = "".join((ROOT / name).read_text() for name in ("requirements.txt", requirements))
    return hashlib.sha256(text.encode()).hexdigest()


def set_up_browser() -> None:
    """Install what is missing of Debian's Chromium (when there is no browser) and the Chinese fonts, if we may
    (root, apt-get)."""
    wanted = ([] if find_browser() else APT_PACKAGES) + [p for p in FONT_PACKAGES if not _apt_installed(p)]
    if not wanted:
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        say(f"installing {' '.join(wanted)} from Debian's packages")
        apt_env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=apt_env, stdin=subprocess.DEVNULL)
        subprocess.run(["apt-get", "install", "-y", "-qq", *wanted], check=True, env=apt_env,
                       stdin=subprocess.DEVNULL)
    elif not find_browser():
        say("no Chromium found: browser tests will be skipped (set CHROMIUM_PATH, or install chromium)")
    else:
        say(f"missing {' '.join(wanted)}: 打印版 and the PDFs fall back to other fonts")


def _apt_installed(package: str) -> bool:
    """Whether Debian's package is installed; True where there is no dpkg to ask (nothing to install then)."""
    if not shutil.which("dpkg-query"):
        return True
    done = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True)
    return done.returncode == 0 and done.stdout.endswith("installed")


def build(project: Path = ROOT, python: Path | str = PYTHON) -> None:
    """Build into a fresh folder, and only on success put it in place as site/: never a half-written site."""
    site_dir = project / "site"
    scratch = Path(tempfile.mkdtemp(prefix=".site-", dir=project))
    try:
        run(python, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", scratch, cwd=project)
        # Each summary's PDF, printed by Chromium from the built 打印版 into the same folder, its links then
        # shown (macros/export/pdf.py). Without a browser: no PDF and no link; under CI that fails the build.
        run(python, "-m", "macros", "pdf", scratch, cwd=project)
    except subprocess.CalledProcessError:
        shutil.rmtree(scratch, ignore_errors=True)
        sys.exit("构建失败，网站没有更新。请按上面的提示修改。")
    if site_dir.exists():
        shutil.rmtree(site_dir)
    scratch.rename(site_dir)
    say(f"site built in {site_dir}")


def proofread() -> None:
    """校对检查: the archive's findings are listed as warnings; in files not yet committed they are errors."""
    run(PYTHON, "-m", "macros", "check", "--changed-since", "HEAD", cwd=ROOT)


def main(argv: list[str]) -> None:
    command = argv[1] if len(argv) > 1 else "help"
    if command == "serve":
        set_up("requirements.txt")
        # Editors preview their drafts too (mkdocs.yml's switch extra.archive.drafts); build and publish leave them out.
        with_drafts = {**os.environ, **QUIET_ENV, "ARCHIVE_DRAFTS": "true"}
        run(PYTHON, "-m", "mkdocs", "serve", "--strict", *argv[2:], cwd=ROOT, env=with_drafts)
    elif command == "build":
        set_up("requirements.txt")
        build()
    elif command == "test":
        set_up("requirements-test.txt")
        set_up_browser()
        build()
        proofread()
        run(PYTHON, "-m", "pytest", *argv[2:], cwd=ROOT)
    elif command == "bench":
        set_up("requirements-test.txt")
        run(PYTHON, "tests/benchmark.py", *argv[2:], cwd=ROOT)
        if "--scale" not in argv:  # search quality, index size and speed, in Chromium
            run(PYTHON, "tests/search_eval.py", cwd=ROOT)
    else:
        print(__doc__)
        sys.exit(0 if command == "help" else 2)


if __name__ == "__main__":
    try:
        main(sys.argv)
    except subprocess.CalledProcessError as error:
        sys.exit(error.returncode)
