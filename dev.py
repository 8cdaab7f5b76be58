#!/usr/bin/env python3
"""One entry point for people and CI: sets everything up, then serves, builds, tests or benchmarks.

    python3 dev.py serve   # set up, then preview the site at http://127.0.0.1:8000/
    python3 dev.py build   # set up, then build the site into site/ (strict), with each summary's PDF
    python3 dev.py test    # set up (including Chromium and fonts), build, proofread, then run every test
    python3 dev.py bench   # set up, then print the benchmark figures (build, data layer, search)
    python3 dev.py bench --scale   # instead: build cost of synthetic archives of 10, 20 and 40 summaries

Only the standard library is used here, because this runs before anything is installed.
"""

from __future__ import annotations

import errno
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
# LibreOffice Writer (pulls in libreoffice-core): `python -m macros import` converts .doc, .wps and .rtf with it.
OFFICE_PACKAGES = ["libreoffice-writer"]
QUIET_ENV = {"NO_MKDOCS_2_WARNING": "1", "PYTHONUTF8": "1"}


def say(message: str) -> None:
    print(f"[dev] {message}", flush=True)


def run(*args: str | Path, **kwargs) -> None:
    subprocess.run([str(a) for a in args], check=True, env={**os.environ, **QUIET_ENV}, **kwargs)


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
    """Install what is missing of Debian's Chromium (when there is no browser), the Chinese fonts and LibreOffice
    Writer (when there is no soffice), if we may (root, apt-get)."""
    wanted = ([] if find_browser() else APT_PACKAGES) + [p for p in FONT_PACKAGES if not _apt_installed(p)]
    office = [] if shutil.which("soffice") or shutil.which("libreoffice") else OFFICE_PACKAGES
    if not wanted and not office:
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        say(f"installing {' '.join(wanted + office)} from Debian's packages")
        apt_env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=apt_env, stdin=subprocess.DEVNULL)
        for packages, options in ((wanted, []), (office, ["--no-install-recommends"])):
            if packages:
                subprocess.run(["apt-get", "install", "-y", "-qq", *options, *packages], check=True, env=apt_env,
                               stdin=subprocess.DEVNULL)
        return
    if office:
        say("no LibreOffice found: the tests of .doc, .wps and .rtf imports will be skipped (install libreoffice-writer)")
    if not find_browser():
        say("no Chromium found: browser tests will be skipped (set CHROMIUM_PATH, or install chromium)")
    elif wanted:
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
    clean_leftovers(project)
    scratch = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_NEW}{os.getpid()}-", dir=project))
    try:
        run(python, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", scratch, cwd=project)
        # Each summary's PDF, printed by Chromium from the built 打印版 into the same folder, its links then
        # shown (macros/export/pdf.py). Without a browser: no PDF and no link; under CI that fails the build.
        run(python, "-m", "macros", "pdf", scratch, cwd=project)
    except subprocess.CalledProcessError:
        shutil.rmtree(scratch, ignore_errors=True)
        sys.exit("构建失败，网站没有更新。请按上面的提示修改。")
    publish(scratch, site_dir)
    say(f"site built in {site_dir}")


# The publishing folders beside site/, named with the building process's id: a new site being built, and an
# old one being deleted. A folder whose process is gone is the leftover of a killed build.
SCRATCH_NEW, SCRATCH_OLD = ".site-new-", ".site-old-"


def publish(new: Path, site_dir: Path) -> None:
    """Put the built folder `new` in place as `site_dir`, readable by everyone (a web server's user too).

    Never deleted first: the new folder takes the old one's place in one step (Linux: renameat2 with
    RENAME_EXCHANGE; elsewhere two renames, with a moment without site/), and only then is the old one
    deleted, from its own name. Killed at any moment, site/ is the old site or the new one, complete.
    Two builds publishing at once each put a complete site in place; the last one stays."""
    make_readable(new)
    old = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_OLD}{os.getpid()}-", dir=site_dir.parent))
    for _ in range(100):  # another build may put its site in place between our steps: try again
        try:
            if site_dir.is_dir() and not site_dir.is_symlink():
                if _exchange(new, site_dir):
                    new, old = old, new  # `new` (now empty) is removed below, and the old site with it
                    break
                os.replace(site_dir, old / "site")
            os.rename(new, site_dir)
            break
        except OSError as error:
            if error.errno not in (errno.EEXIST, errno.ENOTEMPTY, errno.ENOENT):
                raise
    shutil.rmtree(new, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)


def make_readable(folder: Path) -> None:
    """Everyone may read the files and open the folders (mkdtemp makes the folder for its owner only)."""
    folder.chmod(0o755)
    for path in folder.rglob("*"):
        if not path.is_symlink():
            path.chmod(path.stat().st_mode | (0o555 if path.is_dir() else 0o444))


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step, where the system can (Linux 3.15+ with glibc 2.28+); False elsewhere."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS):  # a file system or kernel that cannot swap
        return False
    raise OSError(code, os.strerror(code), str(b))


def clean_leftovers(project: Path) -> None:
    """Delete the publishing folders of builds that were killed (their process is gone)."""
    for leftover in project.glob(".site-*"):
        name = leftover.name
        prefix = SCRATCH_NEW if name.startswith(SCRATCH_NEW) else SCRATCH_OLD if name.startswith(SCRATCH_OLD) else ""
        pid = name[len(prefix):].split("-", 1)[0] if prefix else ""
        if not pid.isdigit() or not _running(int(pid)):
            shutil.rmtree(leftover, ignore_errors=True)


def _running(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":  # Windows: os.kill(pid, 0) would stop the process
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process, or a system that cannot tell: keep its folder
    return True


def proofread() -> None:
    """校对检查: the archive's findings are listed as warnings; in files not yet committed they are errors."""
    run(PYTHON, "-m", "macros", "check", "--changed-since", "HEAD", cwd=ROOT)


def main(argv: list[str]) -> None:
    command = argv[1] if len(argv) > 1 else "help"
    if command == "serve":
        set_up("requirements.txt")
        run(PYTHON, "-m", "mkdocs", "serve", "--strict", *argv[2:], cwd=ROOT)
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
