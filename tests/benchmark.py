"""Benchmark: what the data layer (data/*.yml + the macros package) costs a build, and how the archive scales.

Run it with

    python3 dev.py bench              # sets up .venv, then runs this script
    python3 dev.py bench --runs 15    # more runs, steadier figures (--scale-runs N: of the 40-summary archive)
    python3 dev.py bench --scale      # the scale benchmark instead (synthetic archives of 10, 20, 40 summaries)
    python3 dev.py bench --import-only  # only the import corpus (printed after the main benchmark too)
    python3 dev.py bench --build-only   # only the build comparison (real archive and 40 summaries), no import corpus

(or directly: `.venv/bin/python tests/benchmark.py [--runs N] [--scale-runs N] [--scale]`). Without --scale it
builds three ways, first the real archive (N runs, default 10), then a synthetic archive of 40 summaries
(tests/scale_archive.py; --scale-runs, default 10), and prints for each:

- 完整构建 (data layer): the project built as CI builds it,
  `python -m mkdocs build --strict -q -d <tmp>` in a fresh process, in a git clone of the project
  (see "git" below).
- 数字直接写入 (literal): the very same pages built without the data layer. A temporary copy of
  the project is made in which every macro call `{{ … }}` in docs/ is replaced by exactly what it
  renders to. The calls are rendered by the project's own macro functions (macros.define_env,
  given a stand-in for mkdocs-macros' env) and then passed through the project's own
  on_post_page_macros hook (which adds the headings' table-of-contents labels), so the literal
  Markdown is what MkDocs received from mkdocs-macros. The copy's mkdocs.yml loses the macros
  plugin and gets an explicit `nav:` equal to the one macros.site.nav.build_nav makes. The copy keeps
  macros/ for the search hook (macros/site/search_hook.py), but its macros/__init__.py is emptied: the hook
  imports only the two small modules it uses, while the package's __init__ would import the whole data
  layer (the records, the YAML loader, the checks), a cost the literal build must not pay. It runs the same
  hooks as the full build, the safety hook included (it guards any archive, data layer or not): the literal
  trends page holds its SVG charts in its Markdown, which the hook's check of an editor's raw HTML refuses, so
  the copy names a wrapper of the hook that lets a refused page through when it holds an SVG chart (until
  2026-11 the literal builds went without the hook, which put its whole cost, 3 % of a build, on the full one).
- mkdocs-macros 本身（空模块）(empty module): the literal pages again, but with the mkdocs-macros plugin
  kept, its options unchanged except `module_name`, which names a temporary package whose define_env
  does nothing. This is what mkdocs-macros costs by itself (its imports, a Jinja2 pass over every page),
  before any of our data is read: the part of the data layer's cost that our own code cannot remove.
- git: CI builds a git checkout with the whole history, and the page dates (git-revision-date-localized with
  macros/site/page_dates.py) ask git about every page, a cost of the site that a build outside git does not pay.
  So the three builds have the same git situation: each is built in its own clone of the project's repository
  (its whole history; the work tree's mkdocs.yml, docs/, data/ and macros/ as they are, committed on top where
  they differ from HEAD), the literal pages and the empty module committed on top of that in theirs, each
  repository then packed alike. The synthetic archive, which is not in git, is made a repository of one commit,
  then cloned the same way. Without
  git, all three are plain copies outside git (no page dates in any).
  Before timing, the three sites are built once and compared page by page: same pages and the same
  visible text (tags, scripts and styles stripped, white space collapsed). The result is printed;
  if they differ the script stops, since the comparison would be meaningless.
- the targets of issue 12 (point 8), each PASS or FAIL: the archive's own layer, full / empty module
  ≤ 1.05; the whole, full / literal ≤ 1.20; and mkdocs-macros itself, empty module / literal, for information;
- for the real archive, the number of HTML pages (without 404.html and assets/) and the size of
  search/search_index.json, raw and gzip-compressed (level 9).
- then the import corpus (tests/import_corpus.py, issue 9): every input of tests/fixtures/import/ imported
  into a copy of the project as its own period; how many imported, how many show exactly their expected
  text, the figures lifted against an independent count, and the seconds per input.

The timed runs are interleaved (data layer, empty module, literal, then the next round starting one
kind later) so that a change in machine load affects all alike. Each time covers the whole process:
Python start-up, imports (each project's Python files are compiled beforehand, as pip compiles the
installed packages: compile_python), and the ~0.5 s jieba spends loading its dictionary for the Chinese search
index — the same in every build. Each build's CPU time (user + system of the build process) and wall clock
are printed; the targets are judged on the least CPU time of each kind's runs: the machine's two cores are
shared, and the wall clock also counts the time a build waited for a free core, which the CPU time does not
(where the system does not report CPU time, the wall clock is used). The least, not the median (used until
2026-11), because other work on the machine only ever adds to a build's CPU time (caches and cores shared), never
takes from it; on this shared machine the medians of five runs put the literal build, a strict part of the
empty module's work, above it (11.95 against 11.44 s at 40 summaries), and the real archive's data-layer ratio
at 0.94, 0.96 and 1.17 in three runs of one afternoon. The medians' ratios are printed beside. Neither
settles 5 % on this machine: its speed itself changes by the second, both ways (a fixed Python loop took 1.27,
2.18, 2.08, 1.82, 1.91, 1.41, 1.44 and 1.31 s run back to back on 2026-11-30), so a kind's least can come from
one fast moment (the empty module's least was 9.39 s at 40 summaries, its other runs 10.4 to 14.0 s, the
literal build's least 10.75 s). Builds run two at a time, one per core, did no better (data / empty module
0.97 to 1.52 in six pairs). More runs (--runs, --scale-runs) are the only remedy; the figures printed say how
far apart the runs of each kind were. So each kind is built 10 times by default (RUNS), though ten do not
settle it either: on 2026-11-30 the same code gave, at 40 summaries, 1.087 and 1.176 (least) with five runs
each, then 0.940 (medians 0.986) and 1.081 (medians 0.939) with ten; at the real archive 0.996 (medians
1.006) and 1.096 (medians 1.128). In-process, the layer's own work at the real archive is about 0.1 s of a
1.7 s build (importing the macros package 0.04 s, compiled), near the 5 % the target allows.

With --scale (issue 4, point 6) it builds synthetic archives of 10, 20 and 40 summaries, each the size
of 2020 H1 (tests/scale_archive.py: 2020 H1's pages and data with plausible seeded figures, periods
ending at 2020-h1), N runs each (default 3), interleaved, and prints for each archive: build time
(median), the size of the whole site folder, search/search_index.json raw and gzip -9, and each of these
per summary. Then, for time, site size and index size, whether the cost grows no faster than linearly:
PASS when the cost per summary at 40 is at most 1.2 × the cost per summary at 10, and likewise for the
marginal cost (what each summary adds from 20 to 40, against what each adds from 10 to 20), which fixed
costs (start-up, jieba, Material's assets) cannot hide. The scale run takes about two minutes on two cores.

The script changes nothing in the project: all copies and sites live in a temporary folder.
It exits with 1 if a build fails, the builds' pages differ or a target of the main benchmark fails
(the targets that failed are repeated on stderr); --scale reports its growth verdicts without failing.
"""

from __future__ import annotations

import argparse
import compileall
import gzip
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import yaml

try:
    import resource  # the CPU time of finished child processes (not on Windows)
except ImportError:
    resource = None

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("mkdocs.yml", "docs", "data", "macros")
BUILD_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUTF8": "1"}
RUNS = 10  # timed builds of each kind, by default (see "The least, not the median" above)
ARCHIVE_TARGET = 1.05  # the archive's own layer: full build / empty-module build, at most
WHOLE_TARGET = 1.20  # the whole: full build / literal pages without mkdocs-macros, at most
KINDS = ("data", "empty", "literal")
SCALE_AT = 40  # the synthetic archive on which the targets are checked again
EMPTY_MODULE = "archive_bench_empty_macros"  # the do-nothing mkdocs-macros module of the empty-module build
SCALE_COUNTS = (10, 20, 40)  # summaries in the synthetic archives of --scale
GROWTH_LIMIT = 1.20  # cost per summary at 40 against at 10: at most this, i.e. no faster than linear



# --- Making the literal copy ----------------------------------------------------------------

class _MacrosEnv:
    """The few parts of mkdocs-macros' `env` that macros.define_env and the page hooks use."""

    def __init__(self, project: Path):
        self.project_dir = str(project)
        config = load_config(str(project / "mkdocs.yml"))
        self.conf = {"docs_dir": str(project / "docs"), "use_directory_urls": config["use_directory_urls"]}
        self.config: dict = {}  # the plugin's options in mkdocs.yml (j2_* …): none here
        self.macros: dict = {}
        self.page = None
        self.markdown = ""

    def macro(self, function):
        self.macros[function.__name__] = function
        return function


def load_config(path: str):
    from mkdocs.config import load_config as mkdocs_load_config  # noqa: PLC0415

    return mkdocs_load_config(path)


def _import_macros(project: Path):
    """The project's macros package, imported from `project`."""
    if str(project) not in sys.path:
        sys.path.insert(0, str(project))
    import macros  # noqa: PLC0415  (needs the path above)

    return macros


def literal_pages(project: Path) -> tuple[dict[str, str], list]:
    """Every Markdown page of `project` with its macro calls replaced by what they render to.

    Returns ({docs-relative path: literal Markdown}, nav). The nav is the one the macros module
    puts into the configuration.
    """
    macros = _import_macros(ROOT)
    from macros.archive.page_language import (  # noqa: PLC0415  (after the path is set)
        parse_page,
        read_page,
    )
    from macros.errors import ArchiveError  # noqa: PLC0415

    env = _MacrosEnv(project)
    macros.define_env(env)
    docs = project / "docs"
    pages = {}
    for path in sorted(docs.rglob("*.md")):
        src_uri = path.relative_to(docs).as_posix()
        shown_as = f"docs/{src_uri}"
        try:  # the page language (macros/archive/page_language.py): the same reading as the build's
            page = parse_page(read_page(path, shown_as), shown_as)
        except ArchiveError as error:
            raise SystemExit(str(error)) from None
        env.page = SimpleNamespace(file=SimpleNamespace(src_uri=src_uri, abs_src_path=str(path)), meta={}, title="")

        def render(call) -> str:
            function = env.macros[call.name]
            return function(call.key) if call.key is not None else function()

        env.markdown = page.render(render)
        macros.on_post_page_macros(env)  # what mkdocs-macros runs after rendering: the TOC labels
        pages[src_uri] = page.head + env.markdown
    return pages, env.conf["nav"]


def copy_project(destination: Path, source: Path = ROOT) -> Path:
    """A copy of a project's site sources (mkdocs.yml, docs/, data/, macros/) at `destination`."""
    destination.mkdir(parents=True)
    for part in PROJECT_PARTS:
        if (source / part).is_dir():
            shutil.copytree(source / part, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source / part, destination / part)
    return destination


def _macros_entry(lines: list[str]) -> tuple[int, int]:
    """(first, end) line numbers of the `- macros:` plugin entry and its indented options."""
    for index, line in enumerate(lines):
        found = re.match(r"^(?P<indent>\s*)- macros\b", line)
        if found:
            indent = len(found["indent"])
            end = index + 1
            while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent):
                end += 1
            return index, end
    raise SystemExit("mkdocs.yml 中没有找到 macros 插件，无法做对照构建。")


def _without_macros_plugin(config_text: str) -> str:
    """mkdocs.yml's text with the `- macros:` entry (and its indented options) removed."""
    lines = config_text.splitlines(keepends=True)
    first, end = _macros_entry(lines)
    return "".join(lines[:first] + lines[end:])


def _with_macros_module(config_text: str, module: str) -> str:
    """mkdocs.yml's text with the macros plugin's `module_name` set to `module`, its other options unchanged."""
    lines = config_text.splitlines(keepends=True)
    first, end = _macros_entry(lines)
    for index in range(first, end):
        renamed = re.sub(r"^(\s*(?:- macros:\s*\{.*)?\bmodule_name:\s*)[^\s#,}]+", rf"\g<1>{module}", lines[index])
        if renamed != lines[index]:
            lines[index] = renamed
            return "".join(lines)
    raise SystemExit("mkdocs.yml 的 macros 插件没有写 module_name，无法做空模块对照构建。")


# The literal copies keep macros/ for the search hook (mkdocs.yml `hooks:`), which imports
# macros.errors and macros.archive.vocabulary. Importing any submodule runs macros/__init__.py, which
# imports the whole data layer (the records, the YAML loader, the checks); in the literal copies
# it is emptied, so that their builds do not pay for a data layer they do not use.
_LITERAL_PACKAGE_INIT = '''"""Written by tests/benchmark.py: in the literal build only the search hook uses this
package, and it imports the modules it needs itself; the data layer (macros.site.mkdocs_module) is not imported."""
'''

LITERAL_SAFETY_HOOK = "archive_bench_safety_hook.py"  # the literal copies' stand-in for macros/site/safety_hook.py
_LITERAL_SAFETY_HOOK = '''"""Written by tests/benchmark.py: macros/site/safety_hook.py, run as in the full build, except that a
page's raw HTML that the hook refuses is let through when it holds an SVG chart (the literal trends page; in the
full build a macro draws it). Only the rest of that page's raw HTML goes unchecked: a cost the literal builds save."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from macros.errors import ArchiveError  # noqa: E402
from macros.site import safety_hook  # noqa: E402
from macros.site.safety_hook import *  # noqa: E402, F403  (the hook's events, as MkDocs looks them up)

_check_page_html = safety_hook.check_page_html


def _literal_charts_pass(body, shown_as, first_line):
    try:
        _check_page_html(body, shown_as, first_line)
    except ArchiveError:
        if "<svg" not in body:
            raise


safety_hook.check_page_html = _literal_charts_pass
'''

_EMPTY_MODULE_CODE = '''"""Written by tests/benchmark.py: an mkdocs-macros module that does nothing."""


def define_env(env):
    pass
'''


def make_literal_project(destination: Path, source: Path = ROOT, macros_module: str | None = None) -> Path:
    """A copy of `source` whose pages have every figure written in, built without macros.

    With `macros_module`, the mkdocs-macros plugin stays, pointed at a package of that name (written
    into the copy) whose define_env does nothing: the literal pages with mkdocs-macros' own cost.
    """
    return write_literal(copy_project(destination, source), macros_module)


def write_literal(project: Path, macros_module: str | None = None) -> Path:
    """Turn the project at `project` into its literal copy, in place (see make_literal_project)."""
    pages, nav = literal_pages(project)
    for src_uri, markdown in pages.items():
        if "{{" in markdown:
            raise SystemExit(f"docs/{src_uri}: 改写后仍有 “{{{{”。")
        (project / "docs" / src_uri).write_text(markdown, encoding="utf-8")
    (project / "macros" / "__init__.py").write_text(_LITERAL_PACKAGE_INIT, encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    # Every build runs the safety hook (it guards any archive, with or without a data layer); the literal pages
    # hold the trends page's SVG charts in their Markdown, which its check of an editor's raw HTML would refuse,
    # so the literal copies name a wrapper of the hook that lets those charts through (_LITERAL_SAFETY_HOOK).
    text, hooks = re.subn(r"(?m)^([ \t]+- )macros/site/safety_hook\.py$", rf"\g<1>{LITERAL_SAFETY_HOOK}", text)
    if hooks != 1:
        raise SystemExit("mkdocs.yml 的 hooks 中没有 macros/site/safety_hook.py，无法做对照构建。")
    (project / LITERAL_SAFETY_HOOK).write_text(_LITERAL_SAFETY_HOOK, encoding="utf-8")
    if macros_module is None:
        text = _without_macros_plugin(text)
    else:
        text = _with_macros_module(text, macros_module)
        (project / macros_module).mkdir()
        (project / macros_module / "__init__.py").write_text(_EMPTY_MODULE_CODE, encoding="utf-8")
    text += "\n# Written by tests/benchmark.py: the nav macros/site/nav.py would make.\n"
    text += yaml.safe_dump({"nav": nav}, allow_unicode=True, sort_keys=False)
    config.write_text(text, encoding="utf-8")
    return project


# --- The three builds' git situation ---------------------------------------------------------------
#
# CI builds a git checkout with the whole history (.github/workflows/ci.yml: fetch-depth: 0), and every page's
# dates come from git (the git-revision-date-localized plugin and macros/site/page_dates.py: git questions for
# each page), as do mkdocs-macros' own git facts: a cost of the site, not of the data layer, which a build
# outside git does not pay (the date plugin switches itself off there). So the three builds of an archive are
# made alike: each in its own clone of one repository, with the same history, the literal pages (and the
# empty module) committed on top in theirs, as an editor would commit them. Where git is missing, or the
# archive is not the top of a git work tree and git cannot start a repository, all three are plain copies
# outside git, again alike.

_GIT = ("git", "-c", "user.name=benchmark", "-c", "user.email=benchmark@localhost", "-c", "commit.gpgsign=false",
        "-c", "core.hooksPath=/dev/null", "-c", "init.defaultBranch=main")


def _git(project: Path, *args: str) -> subprocess.CompletedProcess | None:
    """`git ARGS` in `project`; None if git cannot be run."""
    try:
        return subprocess.run([*_GIT, *args], cwd=project, capture_output=True, text=True, encoding="utf-8",
                              stdin=subprocess.DEVNULL, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None


def _git_ok(project: Path, *args: str) -> str:
    done = _git(project, *args)
    if done is None or done.returncode != 0:
        raise SystemExit(f"git {' '.join(args)} 失败（{project}）：{'' if done is None else done.stderr.strip()}")
    return done.stdout.strip()


def _git_head(source: Path) -> str | None:
    """The commit HEAD names, if `source` is the top of a git work tree with a commit; else None."""
    top = _git(source, "rev-parse", "--show-toplevel")
    head = _git(source, "rev-parse", "--verify", "-q", "HEAD")
    if top is None or head is None or top.returncode or head.returncode:
        return None
    return head.stdout.strip() if Path(top.stdout.strip()).resolve() == source.resolve() else None


def _commit_all(project: Path, message: str) -> None:
    """Commit every change in `project`'s work tree, if there is any."""
    _git_ok(project, "add", "-A", "--", ".")
    if _git(project, "diff", "--cached", "--quiet").returncode:
        _git_ok(project, "commit", "-q", "--no-verify", "-m", message)


def _clone(destination: Path, source: Path, commit: str) -> None:
    """A clone of `source` at `destination`, `commit` checked out. Made through git's transport (--no-local), as
    CI fetches a repository: its objects in one pack, not the source's loose files."""
    _git_ok(destination.parent, "clone", "-q", "--no-local", "--no-checkout", str(source), str(destination))
    _git_ok(destination, "checkout", "-q", "--detach", commit)


def base_project(destination: Path, source: Path) -> bool:
    """The archive's site sources as they are now in `source` (mkdocs.yml, docs/, data/, macros/), at
    `destination`: in a clone of `source`'s repository with its whole history, committed on top where they
    differ from HEAD; for an archive outside git (the synthetic ones) in a new repository of one commit.
    True if it is in git; False (a plain copy) where git cannot be used."""
    head = _git_head(source)
    if head is None:
        copy_project(destination, source)
        done = _git(destination, "init", "-q")
        if done is None or done.returncode:
            shutil.rmtree(destination / ".git", ignore_errors=True)
            return False
        _commit_all(destination, "The archive (tests/benchmark.py)")
        return True
    _clone(destination, source, head)
    for part in PROJECT_PARTS:  # the work tree as it is, uncommitted changes included
        (shutil.rmtree if (destination / part).is_dir() else Path.unlink)(destination / part)
        if (source / part).is_dir():
            shutil.copytree(source / part, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source / part, destination / part)
    _commit_all(destination, "The work tree as it is (tests/benchmark.py)")
    return True


def three_projects(source: Path, name: str, scratch: Path) -> dict[str, Path]:
    """The projects of the three builds of the archive at `source` (KINDS: full, empty module, literal),
    in the same git situation (see above): three clones of one base, the literal pages committed in two,
    then each repository packed alike."""
    base = scratch / f"{name}-base"
    in_git = base_project(base, source)
    projects = {}
    for kind, module in (("data", None), ("empty", EMPTY_MODULE), ("literal", None)):
        destination = scratch / f"{name}-{kind}"
        if not in_git:
            projects[kind] = copy_project(destination, base) if kind == "data" else \
                make_literal_project(destination, base, macros_module=module)
            continue
        _clone(destination, base, _git_ok(base, "rev-parse", "HEAD"))
        if kind != "data":
            write_literal(destination, module)
            _commit_all(destination, f"The {kind} build's pages (tests/benchmark.py)")
        _git_ok(destination, "repack", "-a", "-d", "-q")
        projects[kind] = destination
    for project in projects.values():
        compile_python(project)
    return projects


def compile_python(project: Path) -> None:
    """Write the bytecode of every Python file in `project` (the macros package, the empty module, the hooks), as
    pip does for the installed packages: a build then reads the project's modules as it reads MkDocs'. Without
    it, where PYTHONDONTWRITEBYTECODE is set (as on the machine these targets were set on), every build would
    compile the project's own modules from source (about 0.1 s of CPU, 5 % of the real archive's build) while
    the packages it is compared with come compiled."""
    if not compileall.compile_dir(str(project), quiet=1, workers=1):
        raise SystemExit(f"{project}：Python 文件编译失败。")


# --- Building and measuring -------------------------------------------------------------------

def _children_cpu() -> float:
    if resource is None:
        return float("nan")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build(project: Path, site: Path) -> float:
    """Build `project` into `site` in a fresh process; return the wall-clock seconds."""
    return timed_build(project, site)[0]


def timed_build(project: Path, site: Path) -> tuple[float, float]:
    """Build `project` into `site` in a fresh process; return (wall-clock seconds, CPU seconds).

    The CPU time (user + system of the build process) is steadier than the wall clock when other
    work shares the machine: it leaves out the time the build waited for a free core."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)]
    cpu, start = _children_cpu(), time.perf_counter()
    done = subprocess.run(command, cwd=project, env=BUILD_ENV, capture_output=True, text=True, encoding="utf-8")
    elapsed, cpu = time.perf_counter() - start, _children_cpu() - cpu
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"构建失败：{project}")
    return elapsed, cpu


def site_bytes(site: Path) -> int:
    """The size of everything in the site folder, in bytes."""
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file())


def search_index_sizes(site: Path) -> tuple[int, int]:
    """(raw, gzip -9) bytes of the site's search index: the real one the stub search/search_index.json names."""
    import json  # noqa: PLC0415

    stub = site / "search" / "search_index.json"
    source = json.loads(stub.read_text(encoding="utf-8"))["config"].get("archive_index")
    index = (stub.parent / Path(source).name if source else stub).read_bytes()
    return len(index), len(gzip.compress(index, compresslevel=9, mtime=0))


def timed_rounds(projects: dict[str, Path], runs: int,
                 scratch: Path) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """`runs` timed builds of each project, interleaved; each round starts one project later than the
    last, so that no kind always follows the same other. Sites are deleted once timed.

    Returns ({name: wall-clock seconds of each run}, {name: CPU seconds of each run})."""
    times: dict[str, list[float]] = {name: [] for name in projects}
    cpu: dict[str, list[float]] = {name: [] for name in projects}
    names = list(projects)
    for run in range(runs):
        shift = run % len(names)
        for name in names[shift:] + names[:shift]:
            site = scratch / f"timed-{run}-{name}"
            elapsed, used = timed_build(projects[name], site)
            times[name].append(elapsed)
            cpu[name].append(used)
            shutil.rmtree(site, ignore_errors=True)
    return times, cpu


def html_pages(site: Path) -> list[str]:
    """Site-relative paths of the HTML pages, without 404.html and assets/."""
    return sorted(
        p.relative_to(site).as_posix() for p in site.rglob("*.html")
        if p.name != "404.html" or p.parent != site
        if p.relative_to(site).parts[0] != "assets"
    )


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._hidden += 1
        # The page's dates come from git (macros/site/page_dates.py), not from the data layer: a literal
        # page's last change is the benchmark's commit of it, so they are not compared.
        if tag == "aside" and "md-source-file" in (dict(attrs).get("class") or ""):
            self._hidden += 1
            self._dates = True

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1
        if tag == "aside" and getattr(self, "_dates", False):
            self._hidden -= 1
            self._dates = False

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html_file: Path) -> str:
    parser = _VisibleText()
    parser.feed(html_file.read_text(encoding="utf-8"))
    parser.close()
    return " ".join(" ".join(parser.parts).split())


def compare_sites(normal: Path, literal: Path) -> tuple[bool, str]:
    """(same?, what was compared or where they differ)."""
    pages, other = html_pages(normal), html_pages(literal)
    if pages != other:
        return False, f"页面不同：仅数据层有 {sorted(set(pages) - set(other))}，仅直接写入有 {sorted(set(other) - set(pages))}"
    differing = [p for p in pages if visible_text(normal / p) != visible_text(literal / p)]
    if differing:
        return False, f"可见文字不同的页面：{', '.join(differing)}"
    identical = sum((normal / p).read_bytes() == (literal / p).read_bytes() for p in pages)
    index = "search/search_index.json"
    same_index = "相同" if (normal / index).read_bytes() == (literal / index).read_bytes() else "不同"
    return True, f"{len(pages)} 页可见文字逐页相同（其中 {identical} 页 HTML 逐字节相同；搜索索引{same_index}）"


# --- Printing -----------------------------------------------------------------------------------

def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def print_table(rows: list[tuple[str, ...]]) -> None:
    columns = max(len(row) for row in rows)
    widths = [max(_width(row[i]) for row in rows if len(row) > i) for i in range(columns)]
    for row in rows:
        cells = [_pad(cell, widths[i]) if i < len(row) - 1 else cell for i, cell in enumerate(row)]
        print("  ".join(cells).rstrip())


def _seconds(value: float) -> str:
    return f"{value:.3f} s"


def _load() -> str:
    """The machine's load average over the last minute, as a caution: other work slows every build."""
    try:
        return f"负载 {os.getloadavg()[0]:.2f}"
    except (AttributeError, OSError):
        return "负载未知"


# --- Main -----------------------------------------------------------------------------------

@dataclass
class Measured:
    """The timed builds of one archive: full (the data layer), empty module, literal."""

    label: str
    times: dict[str, list[float]]  # kind -> wall-clock seconds of each run
    cpu: dict[str, list[float]]  # kind -> CPU seconds of each run

    def median(self, kind: str) -> float:
        return statistics.median(self.times[kind])

    def cpu_median(self, kind: str) -> float:
        return statistics.median(self.cpu[kind])

    def judged(self, kind: str, statistic=min) -> float:
        """The figure the targets are judged on: the least CPU time of the runs (see the module's docstring), or
        the wall clock's where the system does not report CPU time (Windows)."""
        cpu = statistic(self.cpu[kind])
        return cpu if cpu == cpu else statistic(self.times[kind])


@dataclass(frozen=True)
class Verdict:
    what: str
    ratio: float
    target: float

    @property
    def passed(self) -> bool:
        return self.ratio <= self.target


def verdicts(measured: Measured) -> list[Verdict]:
    """The two targets of issue 12, point 8, for one archive."""
    full, empty, literal = (measured.judged(k) for k in KINDS)
    return [Verdict(f"档案数据层自身：完整 / 空模块{measured.label}", full / empty, ARCHIVE_TARGET),
            Verdict(f"整体：完整 / 直接写入{measured.label}", full / literal, WHOLE_TARGET)]


def _print_measured(measured: Measured) -> list[Verdict]:
    def row(label: str, kind: str) -> tuple[str, ...]:
        values = measured.times[kind]
        return (label, _seconds(measured.judged(kind)), _seconds(measured.cpu_median(kind)),
                _seconds(measured.median(kind)), " ".join(f"{t:.2f}" for t in values))

    print_table([
        (f"{measured.label.strip('（）') or '本档案'}", "CPU 最少", "CPU 中位数", "墙钟中位数", "墙钟各次"),
        row("完整构建（数据层 + 宏）", "data"),
        row("mkdocs-macros 本身（空模块）", "empty"),
        row("数字直接写入（无宏，对照）", "literal"),
    ])
    full, empty, literal = (measured.judged(k) for k in KINDS)
    middle = {k: measured.judged(k, statistics.median) for k in KINDS}
    found = verdicts(measured)
    print_table([
        *[(v.what, f"{v.ratio:.3f}", f"目标 ≤ {v.target:.2f}", "PASS" if v.passed else "FAIL") for v in found],
        ("  其中 mkdocs-macros 本身：空模块 / 直接写入", f"{empty / literal:.3f}", "", ""),
        ("  （按 CPU 中位数：完整 / 空模块，完整 / 直接写入）", f"{middle['data'] / middle['empty']:.3f}",
         f"{middle['data'] / middle['literal']:.3f}", ""),
    ])
    return found


def _check_same(reference: Path, others: dict[str, Path]) -> bool:
    """Compare each site in `others` with `reference`, print the outcome; True if all are the same."""
    all_same = True
    for label, site in others.items():
        same, comparison = compare_sites(reference, site)
        print(f"对照检查（{label}）：" + ("通过，" if same else "失败，") + comparison)
        all_same = all_same and same
    return all_same


def _three_builds(source: Path, name: str, scratch: Path, runs: int, label: str) -> Measured | None:
    """The archive at `source` built three ways, first once each to compare the sites, then `runs` times
    interleaved. None if the three sites differ (the comparison would be meaningless)."""
    projects = three_projects(source, name, scratch)
    sites = {kind: scratch / f"{name}-site-{kind}" for kind in KINDS}
    for kind in KINDS:  # untimed: warms the caches
        build(projects[kind], sites[kind])
    named = label.strip("（）") + " " if label else ""
    if not _check_same(sites["data"], {f"{named}数字直接写入": sites["literal"], f"{named}空模块": sites["empty"]}):
        return None
    times, cpu = timed_rounds(projects, runs, scratch)
    return Measured(label, times, cpu)


def data_layer_benchmark(runs: int, scale_runs: int) -> int:
    from scale_archive import make_synthetic_archive  # noqa: PLC0415

    with tempfile.TemporaryDirectory(prefix="archive-bench-") as scratch:
        scratch = Path(scratch)
        _cache_bytecode(scratch)
        print(f"工作总结档案 · 构建基准（本档案每种 {runs} 次、{SCALE_AT} 期合成档案每种 {scale_runs} 次，三种交替进行；"
              f"Python {sys.version.split()[0]}；开始时{_load()}）")
        print()
        real = _three_builds(ROOT, "real", scratch, runs, "")
        if real is None:
            return 1
        reference_site = scratch / "real-site-data"
        pages = html_pages(reference_site)
        index, index_gzip = search_index_sizes(reference_site)
        synthetic = make_synthetic_archive(scratch / f"archive-{SCALE_AT}", SCALE_AT)
        large = _three_builds(synthetic, f"scale-{SCALE_AT}", scratch, scale_runs, f"（{SCALE_AT} 期）")
        if large is None:
            return 1

        print()
        found = _print_measured(real)
        print_table([
            ("页面数（不含 404 与 assets）", str(len(pages)), "", ""),
            ("搜索索引 search_index.json", f"{index:,} 字节", f"gzip -9 后 {index_gzip:,} 字节", ""),
        ])
        print()
        found += _print_measured(large)
        print()
        print("说明：三种构建是同样的页面：完整构建用数据和宏；空模块是写好数字的页面加上什么也不做的 mkdocs-macros 模块；"
              "直接写入是写好数字的页面、没有 mkdocs-macros。目标按 CPU 时间（构建进程的 user + system）判定："
              "几位工程师共用两个处理器核，墙钟时间还包含等待空闲核的时间，忽长忽短；CPU 时间只算构建本身。"
              "取每种构建各次中最少的 CPU 时间，中位数之比列在旁边。这台机器的速度时快时慢，两种判法都会因某几次的快慢"
              "而差出 10% 左右，所以默认每种构建十次（--runs、--scale-runs 可以改），次数越多越可靠。")
        print(f"结束时{_load()}。")
        failed = [v for v in found if not v.passed]
        for verdict in failed:
            print(f"未达标：{verdict.what} = {verdict.ratio:.3f}，目标 ≤ {verdict.target:.2f}。", file=sys.stderr)
        return 1 if failed else 0


# --- Scale (--scale) ------------------------------------------------------------------------------

def _megabytes(value: float) -> str:
    return f"{value / 1e6:.2f} MB"


def _kilobytes(value: float) -> str:
    return f"{value / 1e3:.1f} KB"


def _growth_rows(label: str, values: dict[int, float], shown) -> list[tuple[str, ...]]:
    """Cost per summary at the largest archive against the smallest, on average and at the margin."""
    small, middle, large = SCALE_COUNTS
    average = (values[large] / large) / (values[small] / small)
    margin_low = (values[middle] - values[small]) / (middle - small)
    margin_high = (values[large] - values[middle]) / (large - middle)
    marginal = margin_high / margin_low if margin_low > 0 else float("inf")
    return [
        (label, f"平均每期 {shown(values[small] / small)} → {shown(values[large] / large)}",
         f"{large}/{small} = {average:.2f}", "PASS" if average <= GROWTH_LIMIT else "FAIL"),
        ("", f"边际每期 {shown(margin_low)} → {shown(margin_high)}",
         f"({middle}→{large}) ÷ ({small}→{middle}) = {marginal:.2f}", "PASS" if marginal <= GROWTH_LIMIT else "FAIL"),
    ]


def scale_benchmark(runs: int) -> int:
    from scale_archive import (  # noqa: PLC0415
        TEMPLATE,
        make_synthetic_archive,
        synthetic_periods,
    )

    with tempfile.TemporaryDirectory(prefix="archive-scale-") as scratch:
        scratch = Path(scratch)
        _cache_bytecode(scratch)
        projects = {count: make_synthetic_archive(scratch / f"archive-{count}", count) for count in SCALE_COUNTS}

        print(f"工作总结档案 · 规模基准（合成档案，每期与 {TEMPLATE} 同样大小；每种 {runs} 次，交替进行；"
              f"Python {sys.version.split()[0]}；开始时{_load()}）")
        print()
        # Untimed first builds: warm the caches, measure the sites.
        sizes = {}
        for count, project in projects.items():
            site = scratch / f"site-{count}"
            build(project, site)
            sizes[count] = (site_bytes(site), *search_index_sizes(site), len(html_pages(site)),
                            (site / TEMPLATE / "index.html").stat().st_size)
        for count in SCALE_COUNTS:
            shutil.rmtree(scratch / f"site-{count}")

        timed = {str(count): project for count, project in projects.items()}
        times, cpu = timed_rounds(timed, runs, scratch)
        build_time = {count: statistics.median(times[str(count)]) for count in SCALE_COUNTS}
        cpu_time = {count: statistics.median(cpu[str(count)]) for count in SCALE_COUNTS}

        print()
        rows = [("期数", "期次", "页面", "构建时间", "每期", "CPU 时间", "网站大小", "每期", "搜索索引", "每期",
                 "gzip -9", "每期", f"{TEMPLATE}/ 一页")]
        for count in SCALE_COUNTS:
            periods = synthetic_periods(count)
            site, index, index_gzip, pages, one_page = sizes[count]
            seconds = build_time[count]
            rows.append((str(count), f"{periods[0]}…{periods[-1]}", str(pages), _seconds(seconds),
                         _seconds(seconds / count), _seconds(cpu_time[count]), _megabytes(site),
                         _kilobytes(site / count),
                         _kilobytes(index), _kilobytes(index / count), _kilobytes(index_gzip),
                         _kilobytes(index_gzip / count), _kilobytes(one_page)))
        print_table(rows)
        print()
        first, last = sizes[SCALE_COUNTS[0]][-1], sizes[SCALE_COUNTS[-1]][-1]
        if last > GROWTH_LIMIT * first:
            print(f"“{TEMPLATE}/ 一页”是同一个页面（{TEMPLATE} 的首页）的 HTML：{SCALE_COUNTS[-1]} 期时是 "
                  f"{SCALE_COUNTS[0]} 期时的 {last / first:.1f} 倍。每一页都带着随期数增长的内容，网站大小因此按期数的平方增长"
                  f"（Material 在每一页写入整个导航；theme.features 加上 navigation.prune 则只写当前一节）。")
        else:
            print(f"“{TEMPLATE}/ 一页”是同一个页面（{TEMPLATE} 的首页）的 HTML：不随期数明显变大。")
        print("各次构建时间：" + "；".join(f"{count} 期 " + " ".join(f"{t:.2f}" for t in times[str(count)])
                                       for count in SCALE_COUNTS))
        print()
        print(f"增长是否不快于线性（{SCALE_COUNTS[-1]} 期与 {SCALE_COUNTS[0]} 期的每期成本之比 ≤ {GROWTH_LIMIT:.2f}；"
              f"边际每期 = 相邻两档之差 ÷ 期数之差，不含固定开销）：")
        print_table([
            *_growth_rows("构建时间", build_time, _seconds),
            *([] if resource is None else _growth_rows("构建 CPU 时间", cpu_time, _seconds)),
            *_growth_rows("网站大小", {c: sizes[c][0] for c in SCALE_COUNTS}, _kilobytes),
            *_growth_rows("搜索索引", {c: sizes[c][1] for c in SCALE_COUNTS}, _kilobytes),
            *_growth_rows("搜索索引 gzip", {c: sizes[c][2] for c in SCALE_COUNTS}, _kilobytes),
        ])
        print()
        print(f"结束时{_load()}。")
    return 0


# --- Import corpus (issue 9, point 8) -------------------------------------------------------------

def import_benchmark() -> int:
    """Every input of tests/fixtures/import/ imported into a copy of the project as its own period."""
    sys.path.insert(0, str(ROOT / "tests"))
    _import_macros(ROOT)
    from import_corpus import import_all, independent_count, reader_texts, squeezed_lines  # noqa: PLC0415

    with tempfile.TemporaryDirectory(prefix="archive-import-bench-") as scratch:
        project = Path(scratch) / "project"
        project.mkdir()
        for part in ("mkdocs.yml", "docs", "data", "macros"):
            source = ROOT / part
            (shutil.copytree if source.is_dir() else shutil.copy2)(source, project / part)
        results = import_all(project)
        imported = [r for r in results if r.done.returncode == 0]
        exact = lifted = counted = 0
        shown = reader_texts(project)
        for result in imported:
            expected = result.input.expected_text()
            exact += shown[result.period] == squeezed_lines(expected)
            data = yaml.safe_load((project / "data" / f"{result.period}.yml").read_text(encoding="utf-8"))
            lifted += len(data["figures"])
            counted += independent_count(expected)
        seconds = sum(r.seconds for r in results)
    print()
    print("工作总结档案 · 导入基准（tests/fixtures/import/ 的每份文档各导入为一期）")
    print_table([
        ("输入", "导入成功", "页面文字与预期完全一致", "取出的数字", "独立计数", "平均每份用时"),
        (str(len(results)), str(len(imported)), str(exact), str(lifted), str(counted),
         _seconds(seconds / max(1, len(results)))),
    ])
    for result in results:
        if result.done.returncode:
            print(f"导入失败：{result.input.name}：{(result.done.stderr or result.done.stdout).strip()[-300:]}")
    print("说明：独立计数用一条与导入程序无关的简单规则数预期文字中“数字 + 单位”的个数；"
          "二者之差是规则有意不取的数（标注行、标题中的数、年龄上限等，见 tests/test_import_corpus.py）。")
    return 0 if len(imported) == len(results) == exact else 1


def _cache_bytecode(scratch: Path) -> None:
    """Let the builds keep Python's compiled modules, as every editor's machine and CI do, but in `scratch`
    (PYTHONPYCACHEPREFIX), not in the project: with PYTHONDONTWRITEBYTECODE set (as on some shared machines)
    every build would compile the project's own modules again, a cost no real build pays."""
    BUILD_ENV.pop("PYTHONDONTWRITEBYTECODE", None)
    BUILD_ENV["PYTHONPYCACHEPREFIX"] = str(scratch / "pycache")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=None,
                        help="timed builds of each kind (default 10; with --scale, 3)")
    parser.add_argument("--scale-runs", type=int, default=RUNS,
                        help=f"timed builds of each kind of the {SCALE_AT}-summary archive (default {RUNS})")
    parser.add_argument("--scale", action="store_true",
                        help="instead: synthetic archives of 10, 20 and 40 summaries, and how the costs grow")
    parser.add_argument("--import-only", action="store_true",
                        help="only the import corpus: inputs, imported, exact, figures lifted, seconds per input")
    parser.add_argument("--build-only", action="store_true",
                        help="only the build comparison of issue 12 (real archive, then 40 summaries), without the import corpus")
    args = parser.parse_args(argv)
    if args.import_only and args.build_only:
        parser.error("--import-only 和 --build-only 只能选一个")
    if args.import_only:
        return import_benchmark()
    runs = args.runs if args.runs is not None else (3 if args.scale else RUNS)
    if runs < 1 or args.scale_runs < 1:
        parser.error("--runs 和 --scale-runs 至少为 1")
    if args.scale:
        return scale_benchmark(runs)
    layer = data_layer_benchmark(runs, args.scale_runs)
    if args.build_only:
        return layer
    corpus = import_benchmark()
    return layer or corpus


if __name__ == "__main__":
    sys.exit(main())
