"""Which files are new work, whose findings are errors: named ones, or those changed since a git ref.

The archive's summaries keep their originals' faults, so findings there are only warnings. A file
named with --strict-for, or changed since --changed-since REF (committed, staged, unstaged, or
new and not ignored), is new work: its findings are errors. Without git, or without the ref (a
fresh clone has no origin/main), every finding stays a warning and the report says why.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ArchiveError


@dataclass(frozen=True)
class Strictness:
    paths: frozenset[str] = frozenset()  # files or folders, as shown in the report
    notes: tuple[str, ...] = field(default_factory=tuple)

    def applies_to(self, shown: str) -> bool:
        return any(shown == path or shown.startswith(path.rstrip("/") + "/") for path in self.paths)


def shown_path(path: Path, root: Path) -> str:
    """How the report names a file: relative to the project when inside it."""
    path = path.resolve()
    try:
        return path.relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def strictness(root: Path, strict_for: list[str], changed_since: str | None) -> Strictness:
    paths = {shown_path(Path(p), root) for p in strict_for}
    notes = []
    if changed_since:
        changed, problem = changed_files(root, changed_since)
        if changed is None:
            notes.append(f"提示：无法取得相对于“{changed_since}”的改动（{problem}），所有发现按警告处理。")
        else:
            paths |= changed
            notes.append(f"相对于“{changed_since}”改动过或新加的文件 {len(changed)} 个，其中的发现按错误处理。")
    return Strictness(frozenset(paths), tuple(notes))


def changed_files(root: Path, ref: str) -> tuple[set[str] | None, str]:
    """Files differing from `ref` in the working tree, plus untracked ones; or None and why not.

    `ref` comes from the command line: it is never handed to git where git could read it as an option
    (`--output=FILE` would make git write that file). It must name a commit, checked with
    `git rev-parse --verify --end-of-options`, and only the commit id it names goes to `git diff`."""
    if ref.startswith("-"):
        raise ArchiveError(f"“{ref}”不是 git 版本（版本不以“-”开头）。请写成 --changed-since HEAD 或 "
                           f"--changed-since origin/main 这样的形式。", file="--changed-since")
    git = ["git", "-c", "core.quotepath=false"]
    done, problem = _git(root, [*git, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"])
    if done is None or done.returncode != 0:
        return None, problem or f"“{ref}”不是这个仓库里的版本"
    commit = done.stdout.strip()
    changed: set[str] = set()
    for command in ([*git, "diff", "--name-only", "--relative", commit, "--"],
                    [*git, "ls-files", "--others", "--exclude-standard"]):
        done, problem = _git(root, command)
        if done is None:
            return None, problem
        if done.returncode != 0:
            return None, (done.stderr.strip().splitlines() or [f"git 退出码 {done.returncode}"])[0]
        changed.update(line for line in done.stdout.splitlines() if line)
    return changed, ""


def _git(root: Path, command: list[str]) -> tuple[subprocess.CompletedProcess | None, str]:
    try:
        return subprocess.run(command, cwd=root, capture_output=True, text=True, encoding="utf-8",
                              timeout=120, stdin=subprocess.DEVNULL), ""
    except (OSError, subprocess.SubprocessError) as error:
        return None, f"无法运行 git：{error}"
