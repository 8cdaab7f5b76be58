"""A warm starter for the tests' MkDocs builds and commands: `mkdocs build` in a fresh process, without paying for the imports.

Most of a test build's time went into starting over: Python, MkDocs, Material, mkdocs-macros and the
archive's own modules are imported again for every build, and jieba loads its dictionary again (about half a second
on this machine). This server does that once, then forks one child per build. Each child is a new process with
the project's folder as its working directory, the build's own environment, and its output captured, exactly as
`python -m mkdocs build` run by `subprocess` (support.build_site) would be, so that nothing one build does can
reach another. Only import-time work is shared: what the build computes still starts from nothing in every child.

A command's child imports the archive's own code (`macros/`) afresh from its folder, as a new process would
(the commands find their project from where their code lies); a build's child keeps this repository's modules
when the folder's `macros/` is the same, byte for byte. What every child shares is the libraries and the jieba
dictionary made for the vocabulary (by `macros.archive.vocabulary.segmenter`, which makes another one when a
project's vocabulary differs). A command whose environment changes what Python imports (PYTHONPATH) does not
come here: support.run_module runs it as a plain subprocess.

It runs the editors' commands (`python -m macros import …`, `check`, `new` …) the same way.

Protocol: one JSON request a line on stdin ({"module", "cwd", "env", "stdin", "stdout", "stderr", "timeout"}: the
three files are the process's standard streams), one JSON answer a line ({"returncode"}). The server ends with its
stdin.
"""

from __future__ import annotations

import atexit
import importlib
import json
import math
import os
import pkgutil
import runpy
import signal
import sys
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def warm_up() -> None:
    """Import what every build imports, and make the vocabulary's jieba dictionary, once."""
    sys.path[0] = str(ROOT)  # as `python -m mkdocs` from the project: `macros` is the project's package
    import markdown
    import mkdocs.__main__  # noqa: F401
    import mkdocs.commands.build  # noqa: F401
    from mkdocs.config import load_config

    from macros.archive.vocabulary import segmenter

    config = load_config(str(ROOT / "mkdocs.yml"))  # imports the theme, the plugins, the hooks
    markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    # What a build uses, imported before its first page; and every command's module, for the libraries they
    # import (lxml, the PDF and offline tools …): a command's child imports the archive's code again, not those.
    for package in ("macros.archive", "macros.site", "macros.importer", "macros.proofread", "macros.export",
                    "macros.commands"):
        for module in pkgutil.iter_modules(importlib.import_module(package).__path__, package + "."):
            if not module.name.endswith("_hook"):  # MkDocs loads the hooks from the project's files
                importlib.import_module(module.name)
    from pypinyin import lazy_pinyin  # the importer's keys; imported where used, its dictionaries load at import

    lazy_pinyin("党建")
    segmenter(ROOT)


def run(request: dict) -> int:
    """Fork a child that runs one `python -m MODULE ARGS…` as a new process would; its exit code."""
    sys.stdout.flush()
    sys.stderr.flush()
    child = os.fork()
    if child == 0:
        code = 1
        try:
            code = _run_in_child(request)
        except BaseException:  # noqa: BLE001 - reported like an uncaught exception in a new process
            traceback.print_exc()
        finally:
            try:
                atexit._run_exitfuncs()
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(code)
    _, status = os.waitpid(child, 0)
    return os.waitstatus_to_exitcode(status)


def _run_in_child(request: dict) -> int:
    for fd, name, flags in ((0, request["stdin"], os.O_RDONLY),
                            (1, request["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
                            (2, request["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)):
        opened = os.open(name, flags, 0o600)
        os.dup2(opened, fd)
        os.close(opened)
    if request.get("timeout"):
        signal.alarm(max(1, math.ceil(request["timeout"])))  # ends the child as subprocess's timeout would
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    sys.path[0] = os.getcwd()  # `python -m` puts its working directory first
    if request["module"] != "mkdocs" or not _same_code(Path.cwd()):
        _forget_the_archive_code()
    sys.argv = ["-m", *request["args"]]  # runpy puts the module's file in front
    try:
        runpy.run_module(request["module"], run_name="__main__", alter_sys=True)
    except SystemExit as done:
        if done.code is None:
            return 0
        if isinstance(done.code, int):
            return done.code
        print(done.code, file=sys.stderr)
        return 1
    return 0


def _same_code(folder: Path) -> bool:
    """Whether `folder` holds this repository's `macros/` unchanged (a test's copy of the project does).

    A build may then keep the modules imported here: the site finds its project through MkDocs' configuration
    and its hooks are loaded from the folder's own files. The commands find it from where their code lies, and
    always import the folder's own."""
    mine, theirs = ROOT / "macros", folder / "macros"
    if theirs.resolve() == mine.resolve():
        return True
    ours = sorted(p.relative_to(mine) for p in mine.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    others = sorted(p.relative_to(theirs) for p in theirs.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return ours == others and all((mine / p).read_bytes() == (theirs / p).read_bytes() for p in ours)


def _forget_the_archive_code() -> None:
    """Drop this repository's `macros` modules, so that the folder's own are imported (its commands find their
    project from where their code lies), keeping only the jieba splitters already made for a vocabulary."""
    made = getattr(sys.modules.get("macros.archive.vocabulary"), "_segmenters", {})
    for name in [name for name in sys.modules if name == "macros" or name.startswith("macros.")]:
        del sys.modules[name]
    importlib.invalidate_caches()
    try:
        vocabulary = importlib.import_module("macros.archive.vocabulary")
    except ImportError:  # a folder without the archive's code: nothing to keep
        return
    vocabulary._segmenters.update(made)


def main() -> None:
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    quiet = os.open(os.devnull, os.O_WRONLY)
    for fd in (1, 2):  # what the warm-up prints goes nowhere; a build's output goes to its own files
        os.dup2(quiet, fd)
    warm_up()
    for line in sys.stdin:
        if line.strip():
            answers.write(json.dumps({"returncode": run(json.loads(line))}) + "\n")
            answers.flush()


if __name__ == "__main__":
    main()
