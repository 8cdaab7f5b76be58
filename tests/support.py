"""Helpers the tests share: where the project is, and building a copy of it as CI does."""

from __future__ import annotations

import contextlib
import fcntl
import functools
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("mkdocs.yml", "docs", "data", "macros")
# Set by GitHub Actions: annotations (GITHUB_ACTIONS) and edit links (the repository's address).
CI_VARIABLES = ("GITHUB_ACTIONS", "GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_STEP_SUMMARY")


@dataclass
class BuildResult:
    returncode: int
    output: str  # stdout and stderr together, as an editor sees them
    site: Path

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def build_site(project: Path, site: Path, extra_env: dict[str, str] | None = None) -> BuildResult:
    """Run `mkdocs build --strict` on `project` as CI does, in a new process, capturing what it prints."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})}
    done = run_module("mkdocs", "build", "--strict", "--site-dir", str(site), cwd=project, env=env)
    return BuildResult(done.returncode, done.stdout + done.stderr, site)


def run_module(module: str, *args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float | None = None,
               input: str | None = None) -> subprocess.CompletedProcess:
    """`python -m MODULE ARGS…` in `cwd`, in a new process, as an editor or CI runs it; what it printed.

    The process is forked from a warm starter (tests/build_server.py: libraries imported and jieba's dictionary
    made once); when the environment changes what Python imports, it is a plain subprocess."""
    env = {**(os.environ if env is None else env), "PYTHONUTF8": "1"}
    command = [sys.executable, "-m", module, *args]
    if "PYTHONPATH" not in env:
        done = _warm_starter().run(module, list(args), Path(cwd), env, timeout, input or "")
        if done is not None:
            if done.returncode == -signal.SIGALRM and timeout:
                raise subprocess.TimeoutExpired(command, timeout, done.stdout, done.stderr)
            return subprocess.CompletedProcess(command, done.returncode, done.stdout, done.stderr)
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8",
                          timeout=timeout, input=input)


class _WarmStarter:
    """The client of one warm starter (tests/build_server.py), started on first use in each test process."""

    def __init__(self) -> None:
        self._server: subprocess.Popen | None = None
        self._lock = threading.Lock()

    def run(self, module: str, args: list[str], cwd: Path, env: dict[str, str], timeout: float | None,
            stdin: str) -> subprocess.CompletedProcess | None:
        """What the command printed and its exit code; None when the starter cannot serve (run a subprocess)."""
        with self._lock, tempfile.TemporaryDirectory(prefix="warm-run-") as folder:
            streams = {name: Path(folder) / name for name in ("stdin", "stdout", "stderr")}
            streams["stdin"].write_text(stdin, encoding="utf-8")
            request = {"module": module, "args": args, "cwd": str(cwd), "env": env, "timeout": timeout,
                       **{name: str(path) for name, path in streams.items()}}
            try:
                server = self._started()
                server.stdin.write(json.dumps(request) + "\n")
                server.stdin.flush()
                answer = server.stdout.readline()
            except OSError:
                answer = ""
            if not answer:
                self._server = None
                return None
            out, err = (streams[n].read_text(encoding="utf-8", errors="replace") if streams[n].exists() else ""
                        for n in ("stdout", "stderr"))
            return subprocess.CompletedProcess(module, json.loads(answer)["returncode"], out, err)

    def _started(self) -> subprocess.Popen:
        if self._server is None or self._server.poll() is not None:
            env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUTF8": "1"}
            self._server = subprocess.Popen(
                [sys.executable, str(ROOT / "tests" / "build_server.py")], cwd=ROOT, env=env,
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8")
        return self._server


@functools.cache
def _warm_starter() -> _WarmStarter:
    return _WarmStarter()


def made_once(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], Any]) -> tuple[Path, Any]:
    """`make(folder)` run once per test run, however many processes run the tests (pytest-xdist): the first to ask
    makes it in a folder all of them share, the others wait for it and read it. Returns the folder and what
    `make` returned (kept as JSON). For what the tests only read: a built site, an archive, a bundle."""
    base = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # every worker's folder sits in the run's own
    folder, made = base / f"made-once-{name}", base / f"made-once-{name}.json"
    with open(base / f"made-once-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, also when the process dies
        if not made.is_file():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            made.write_text(json.dumps(make(folder)), encoding="utf-8")
    return folder, json.loads(made.read_text(encoding="utf-8"))


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


def data_error(path: Path, text: str, shown_as: str):
    """The ArchiveError an editor sees when the data file at `path` (shown as `shown_as`) holds `text`."""
    from macros.archive.summary_data import load_summary_data
    from macros.errors import ArchiveError

    path.write_text(text, encoding="utf-8")
    with pytest.raises(ArchiveError) as caught:
        load_summary_data(path, shown_as)
    return caught.value


def assert_message(error, *, line: int | None, key: str | None, says: list[str], file: str,
                   not_english: tuple[str, ...]) -> None:
    """One Chinese message naming `file`, `line` and `key` in front and saying each of `says`, with none of the
    parser's or a validator's English (`not_english`)."""
    message = str(error)
    where = file + (f" 第 {line} 行" if line else "") + (f"，键 {key}" if key else "") + "："
    assert message.startswith(where), f"expected the message to start with {where!r}:\n{message}"
    assert (error.file, error.line, error.key) == (file, line, key), message
    for phrase in says:
        assert phrase in message, f"{phrase!r} missing from:\n{message}"
    for english in not_english:
        assert english not in message, message


def line_of(source: Path | str, fragment: str, occurrence: int = 1) -> int:
    """The line (from 1) on which `fragment` stands in a file or a text: its first, or its n-th, occurrence.
    Tests compute the lines they expect with it instead of copying them from the code's output."""
    return lines_of(source, fragment)[occurrence - 1]


def changed_once(text: str, old: str, new: str) -> str:
    """`text` with `old` replaced by `new`; the case must change exactly one place."""
    assert text.count(old) == 1, f"the case must change exactly one place: {old!r}"
    return text.replace(old, new)


def unique_line_of(text: str, fragment: str) -> int:
    """The line (from 1) on which `fragment` (which may span lines) begins; it must stand exactly once."""
    assert text.count(fragment) == 1, f"ambiguous or missing: {fragment!r}"
    return text.count("\n", 0, text.index(fragment)) + 1


def lines_of(source: Path | str, fragment: str) -> list[int]:
    """Every line (from 1) on which `fragment` stands, in order; fails when it stands nowhere."""
    text = source.read_text(encoding="utf-8") if isinstance(source, Path) else source
    found = [number for number, line in enumerate(text.splitlines(), 1) if fragment in line]
    assert found, f"{fragment!r} is not in {source if isinstance(source, Path) else 'the text'}"
    return found


def missing_input(reason: str) -> None:
    """A test whose input is absent: skipped with the reason, except under CI (CI=true), where it fails."""
    import pytest

    if os.environ.get("CI"):
        pytest.fail(f"under CI every input must be there: {reason}", pytrace=False)
    pytest.skip(reason)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature http.server defines
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """`directory` over HTTP on 127.0.0.1 and a free port; yields the URL, ending with '/'."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(directory)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def browser_or_skip() -> str:
    """The system's Chromium (macros/export/browser.py). Without one the test is skipped, except under CI, where it fails."""
    import pytest

    from macros.export.browser import (
        BROWSER_CANDIDATES,
        configured_browser,
        find_browser,
    )

    configured = configured_browser()
    if configured and not Path(configured).exists():
        pytest.fail(f"CHROMIUM_PATH={configured!r} does not exist: point it at a Chromium or Chrome binary")
    path = find_browser()
    if path:
        return path
    message = ("no Chromium found: set CHROMIUM_PATH, or install one of " + ", ".join(BROWSER_CANDIDATES)
               + " (python3 dev.py test installs Debian's chromium)")
    missing_input("browser tests cannot run: " + message)

def git(project: Path, *args: str, date: str = "2020-07-10T10:00:00+08:00") -> str:
    """Run git in `project` as a fixed author at a fixed time (commits' dates are what pages show)."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "测试", "GIT_AUTHOR_EMAIL": "test@example.invalid",
           "GIT_COMMITTER_NAME": "测试", "GIT_COMMITTER_EMAIL": "test@example.invalid",
           "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_CEILING_DIRECTORIES": str(project.parent)}
    done = subprocess.run(["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
                          cwd=project, env=env, capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 0, done.stderr
    return done.stdout


def commit_all(project: Path, message: str, date: str = "2020-07-10T10:00:00+08:00") -> None:
    """`git init` (once), then commit everything in `project`."""
    if not (project / ".git").exists():
        git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", message, date=date)


def platform_fonts(page, selector: str) -> list[dict]:
    """The fonts Chromium really drew the first element matching `selector` with, through the DevTools protocol
    (CSS.getPlatformFontsForNode): each {familyName, postScriptName, isCustomFont, glyphCount}, most glyphs first."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        assert node, f"nothing matches {selector!r}"
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    finally:
        cdp.detach()
    return sorted(fonts, key=lambda font: -font.get("glyphCount", 0))
