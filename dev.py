"""One entry point for people and CI: sets everything up, then serves, builds, tests or benchmarks.

The commands and what they do are in USAGE (what `python3 dev.py help` prints, in Chinese, as every message
here). Only the standard library is used here, because this runs before anything is installed.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
from macros.export.browser import find_browser  # noqa: E402  (standard library only, like this file)

USAGE = """用法：python3 dev.py <命令> [参数]

    python3 dev.py serve          安装所需的一切，然后在 http://127.0.0.1:8000/ 预览网站（含草稿，改动后自动刷新）
    python3 dev.py build          安装，然后严格构建网站到 site/，并为每期生成 PDF（失败时不留半成品）
    python3 dev.py test           安装（含 Chromium 和中文字体），构建，校对检查，然后运行全部测试
                                  （不带参数时在所有 CPU 核上并行运行；其后的参数交给 pytest，
                                  例如 python3 dev.py test tests/test_render.py -q）
    python3 dev.py bench          安装，然后打印性能数据（构建时间、数据层开销、搜索质量和速度）
    python3 dev.py bench --scale  改为打印 10、20、40 期合成档案的构建时间
    python3 dev.py bench --build-only  只比较三种构建（本档案和 40 期合成档案），不测导入和搜索
    python3 dev.py lock           依照 requirements.txt 和 requirements-test.txt 重新生成带哈希的锁定文件
                                  requirements.lock 和 requirements-test.lock（加 --upgrade 则升级到最新的允许版本）
    python3 dev.py help           显示这段说明

依赖安装自锁定文件（pip install --require-hashes），每台机器装的都是同样的包。"""

VENV = ROOT / ".venv"
PYTHON = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
# What we pin (by hand, with a reason each) -> the lock `python3 dev.py lock` makes of it: every package, direct
# and transitive, with its hashes. The test lock holds the site's packages at the same versions.
LOCKS = {"requirements.txt": "requirements.lock", "requirements-test.txt": "requirements-test.lock"}
PIP_TOOLS = "pip-tools==7.6.2"  # pip-compile, in a venv of its own (.venv-lock), only for `python3 dev.py lock`
APT_PACKAGES = ["chromium"]  # the browser the browser tests drive
# Chinese fonts for 打印版 and the PDFs (docs/assets/print.css): 宋/黑 from Noto CJK, 楷 from AR PL UKai.
FONT_PACKAGES = ["fonts-noto-cjk", "fonts-arphic-ukai"]
# LibreOffice Writer (pulls in libreoffice-core): `python -m macros import` converts .doc, .wps and .rtf with it.
OFFICE_PACKAGES = ["libreoffice-writer"]
QUIET_ENV = {"NO_MKDOCS_2_WARNING": "1", "PYTHONUTF8": "1"}


def say(message: str) -> None:
    print(f"[dev] {message}", flush=True)


def run(*args: str | Path, env: dict[str, str] | None = None, **kwargs) -> None:
    subprocess.run([str(a) for a in args], check=True, env=env or {**os.environ, **QUIET_ENV}, **kwargs)


def set_up(requirements: str) -> None:
    """Create .venv and install the locked requirements (every package, checked by its hash), unless done already."""
    if sys.version_info < (3, 11):  # noqa: UP036  (any python3 may start this file)
        sys.exit("需要 Python 3.11 或更新的版本。")
    lock = LOCKS[requirements]
    stale = stale_pins(requirements)
    if stale:
        sys.exit(f"{lock} 与 {requirements} 不一致（{'；'.join(stale)}）。请运行 python3 dev.py lock 更新锁定文件。")
    if not PYTHON.exists():
        say("正在创建 .venv")
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256((ROOT / lock).read_bytes()).hexdigest()
    stamp = VENV / f".installed-{lock}"
    if stamp.exists() and stamp.read_text() == wanted:
        return
    say(f"正在安装 {lock} 中锁定的包")
    run(PYTHON, "-m", "pip", "install", "--disable-pip-version-check", "-q", "--require-hashes", "-r", ROOT / lock)
    stamp.write_text(wanted)


_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^]]*\])?==([^\s;#\\]+)", re.M)


def pins(path: Path) -> dict[str, str]:
    """name -> version of each `name==version` line of a requirements or lock file (names normalised)."""
    return {re.sub(r"[-_.]+", "-", name).lower(): version for name, version in _PIN.findall(path.read_text())}


def stale_pins(requirements: str) -> list[str]:
    """What the lock of `requirements` (and of those it includes with -r) does not hold at the pinned version."""
    lock = ROOT / LOCKS[requirements]
    if not lock.exists():
        return [f"没有 {lock.name}"]
    locked = pins(lock)
    inputs = [requirements, *re.findall(r"^-r\s+(\S+)", (ROOT / requirements).read_text(), re.M)]
    wanted = {name: version for name_ in inputs for name, version in pins(ROOT / name_).items()}
    return [f"{name}=={version} 未锁定" if name not in locked else f"{name} 锁定的是 {locked[name]}，要求 {version}"
            for name, version in wanted.items() if locked.get(name) != version]


def lock(*options: str) -> None:
    """Regenerate every lock from what requirements*.txt pin, with pip-compile in a venv of its own. The site's lock
    first; the test lock then holds the site's packages at the same versions (pip-compile -c)."""
    tools = ROOT / ".venv-lock"
    compile_ = tools / ("Scripts/pip-compile.exe" if os.name == "nt" else "bin/pip-compile")
    if not compile_.exists():
        say(f"正在安装 {PIP_TOOLS}（只用于生成锁定文件，装在 .venv-lock 中）")
        venv.EnvBuilder(with_pip=True, clear=True).create(tools)
        run(tools / PYTHON.relative_to(VENV), "-m", "pip", "install", "--disable-pip-version-check", "-q", PIP_TOOLS)
    common = ["--quiet", "--generate-hashes", "--allow-unsafe", "--strip-extras", "--no-emit-index-url",
              "--no-emit-find-links", "--annotation-style=line", *options]
    constraints: list[str] = []
    for requirements, locked in LOCKS.items():
        say(f"正在由 {requirements} 生成 {locked}（逐个下载包以计算哈希，可能要几分钟）")
        subprocess.run([str(compile_), *common, *constraints, "--output-file", locked, requirements], check=True,
                       cwd=ROOT, env={**os.environ, "CUSTOM_COMPILE_COMMAND": "python3 dev.py lock"})
        constraints += ["--constraint", locked]
    say("锁定文件已更新：请把 " + "、".join(LOCKS.values()) + " 一并提交")


def set_up_browser() -> None:
    """Install what is missing of Debian's Chromium (when there is no browser), the Chinese fonts and LibreOffice
    Writer (when there is no soffice), if we may (root, apt-get)."""
    wanted = ([] if find_browser() else APT_PACKAGES) + [p for p in FONT_PACKAGES if not _apt_installed(p)]
    office = [] if shutil.which("soffice") or shutil.which("libreoffice") else OFFICE_PACKAGES
    if not wanted and not office:
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        say(f"正在从 Debian 软件源安装 {' '.join(wanted + office)}")
        apt_env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=apt_env, stdin=subprocess.DEVNULL)
        for packages, options in ((wanted, []), (office, ["--no-install-recommends"])):
            if packages:
                subprocess.run(["apt-get", "install", "-y", "-qq", *options, *packages], check=True, env=apt_env,
                               stdin=subprocess.DEVNULL)
        return
    if office:
        say("没有找到 LibreOffice：将跳过导入 .doc、.wps、.rtf 的测试（可安装 libreoffice-writer）")
    if not find_browser():
        say("没有找到 Chromium：将跳过浏览器测试（可设置 CHROMIUM_PATH，或安装 chromium）")
    elif wanted:
        say(f"缺少 {' '.join(wanted)}：打印版和 PDF 将改用其他字体")


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
    say(f"网站已构建到 {site_dir}")


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


def proofread(project: Path = ROOT, python: Path | str = PYTHON) -> None:
    """校对检查: the archive's findings are listed as warnings; in files not yet committed they are errors."""
    run(python, "-m", "macros", "check", "--changed-since", "HEAD", cwd=project)


def every_core() -> list[str]:
    """pytest-xdist's options to run the whole suite on every core (at most 4); the tests sharing a costly build
    stay on one worker (tests/conftest.py). Arguments given to `dev.py test` replace these."""
    cores = min(os.cpu_count() or 1, 4)
    return ["-n", str(cores), "--dist", "loadgroup"] if cores > 1 else []


def main(argv: list[str]) -> None:
    command = argv[1] if len(argv) > 1 else "help"
    if command == "serve":
        set_up("requirements.txt")
        # Editors preview their drafts too (mkdocs.yml's switch extra.archive.drafts); build and publish leave them out.
        with_drafts = {**os.environ, **QUIET_ENV, "ARCHIVE_DRAFTS": "true"}
        run(PYTHON, "-m", "mkdocs", "serve", "--strict", *argv[2:], cwd=ROOT, env=with_drafts)
    elif command == "build":
        set_up("requirements.txt")
        build(ROOT, PYTHON)
    elif command == "test":
        set_up("requirements-test.txt")
        set_up_browser()
        build(ROOT, PYTHON)
        proofread(ROOT, PYTHON)
        run(PYTHON, "-m", "pytest", *(argv[2:] or every_core()), cwd=ROOT)
    elif command == "bench":
        set_up("requirements-test.txt")
        # Every figure is printed even when a target fails; the command fails if any did.
        alone = "--scale" in argv or "--build-only" in argv  # the build figures only: no search evaluation
        scripts = [["tests/benchmark.py", *argv[2:]]] + ([] if alone else [["tests/search_eval.py"]])
        failed = [script[0] for script in scripts
                  if subprocess.run([str(PYTHON), *script], cwd=ROOT, env={**os.environ, **QUIET_ENV}).returncode]
        if failed:
            sys.exit(f"未达到目标：{'、'.join(failed)}（见上面的 FAIL）")
    elif command == "lock":
        lock(*argv[2:])
    elif command in ("help", "-h", "--help"):
        print(USAGE)
    else:
        print(f"未知的命令：{command}\n\n{USAGE}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    try:
        main(sys.argv)
    except subprocess.CalledProcessError as error:
        print(f"[dev] 命令失败（退出码 {error.returncode}）：{' '.join(map(str, error.cmd))}", file=sys.stderr)
        sys.exit(error.returncode)
