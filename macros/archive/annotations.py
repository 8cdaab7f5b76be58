"""Errors where the editor looks: GitHub Actions workflow commands (annotations).

Under GitHub Actions (GITHUB_ACTIONS=true) every build error and every proofreading error or
warning is also printed as `::error file=…,line=…,title=…::message` (or `::warning …`), which
GitHub shows on the pull request's diff at that line. Elsewhere nothing extra is printed.
Escaping follows GitHub's rules (actions/toolkit, command.ts): % CR LF in the message, and also
: and , in the properties.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from ..errors import ArchiveError

KINDS = ("error", "warning", "notice")


def enabled(environ: Mapping[str, str] = os.environ) -> bool:
    return environ.get("GITHUB_ACTIONS") == "true"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_command(kind: str, message: str, *, file: str | None = None, line: int | None = None,
                     title: str | None = None) -> str:
    """One workflow command line, such as ::error file=data/2020-h1.yml,line=57,title=构建失败::…"""
    if kind not in KINDS:
        raise ValueError(kind)
    properties = [(name, value) for name, value in (("file", file), ("line", line), ("title", title))
                  if value not in (None, "")]
    head = ",".join(f"{name}={_property(str(value))}" for name, value in properties)
    return f"::{kind}{' ' + head if head else ''}::{_data(message)}"


def annotate(kind: str, message: str, *, file: str | None = None, line: int | None = None,
             title: str | None = None, stream=None) -> None:
    """Print the workflow command, under GitHub Actions only."""
    if enabled():
        print(workflow_command(kind, message, file=file, line=line, title=title), file=stream or sys.stdout,
              flush=True)


def annotate_error(error: ArchiveError, title: str) -> None:
    """An ArchiveError as an ::error on its file and line; the key, if any, leads the message."""
    message = f"键 {error.key}：{error.message}" if error.key else error.message
    annotate("error", message, file=error.file.rstrip("/") or None, line=error.line, title=title)
