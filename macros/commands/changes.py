"""`python -m macros changes BASE`: what this change does to the archive, in plain Chinese Markdown.

For a reviewer (CI appends it to a pull request's job summary) or an editor before committing:
summaries and pages changed; every figure or name whose value, label or unit changed (old → new,
with the previous summary's value to compare); figures and names added or removed; proofreading
findings and implausible figures that are new; drafts turned final.

The archive at BASE is read from git's objects (`git ls-tree`, `git cat-file --batch`: raw file
contents, nothing from the repository is run) into a temporary folder and loaded like the working
tree. A revision that does not exist, a folder outside git, or data that does not load at either
side: one Chinese message, exit code 1.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path, PurePosixPath

from ..archive.catalog import Archive, load_archive
from ..archive.periods import period_title
from ..errors import ArchiveError
from ..proofread.changes import Strictness, changed_files
from ..proofread.check import judge, proofread
from ..proofread.plausibility import FAR_FROM_PREVIOUS, check_against_previous
from ..proofread.text import summary_text

FOLDERS = ("data", "docs")  # what is compared
_MARKDOWN = str.maketrans({c: f"&#{ord(c)};" for c in "&<>|\\`*_[]#!~"})


class CannotCompare(Exception):
    """Why the two revisions could not be compared (Chinese, for the editor and the job summary)."""


def run_changes(root: Path, base: str) -> int:
    try:
        lines = changes_report(root, base)
    except CannotCompare as error:
        print(f"未能比较改动：{error}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


def _git(root: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-c", "core.quotepath=false", *args], cwd=root, input=stdin,
                              capture_output=True, timeout=120)
    except (OSError, subprocess.SubprocessError) as error:
        raise CannotCompare(f"无法运行 git（{error}）。") from None


def resolve(root: Path, base: str) -> str:
    """BASE as a commit id; refuses a folder outside git and a revision that does not exist."""
    if _git(root, "rev-parse", "--show-toplevel").returncode != 0:
        raise CannotCompare(f"{root} 不在 git 仓库中，没有可以比较的历史版本。")
    done = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{base}^{{commit}}")
    if done.returncode != 0 or not done.stdout.strip():
        raise CannotCompare(f"没有“{base}”这个 git 版本（分支、标签或提交）。新克隆的仓库可能还没有取得它：请先 git fetch。")
    return done.stdout.decode().strip()


def checkout_at(root: Path, commit: str, target: Path) -> None:
    """data/ and docs/ as they are at `commit`, written under `target` (regular files only)."""
    listing = _git(root, "ls-tree", "-r", "-z", commit, "--", *FOLDERS)
    if listing.returncode != 0:
        raise CannotCompare(f"无法列出版本 {commit[:7]} 中的文件：{listing.stderr.decode(errors='replace').strip()}")
    entries = []
    for record in listing.stdout.split(b"\0"):
        if not record:
            continue
        head, _, name = record.partition(b"\t")
        mode, kind, object_id = head.split()
        path = PurePosixPath(name.decode("utf-8", errors="replace"))
        if kind != b"blob" or mode not in (b"100644", b"100755") or path.is_absolute() or ".." in path.parts:
            continue  # symbolic links and submodules are not the archive's files
        entries.append((path, object_id))
    contents = _git(root, "cat-file", "--batch", stdin=b"".join(oid + b"\n" for _, oid in entries))
    output, position = contents.stdout, 0
    for path, _ in entries:
        header_end = output.index(b"\n", position)
        size = int(output[position:header_end].split()[2])
        start = header_end + 1
        destination = target.joinpath(*path.parts)
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(output[start:start + size])
        position = start + size + 1


def _load(root: Path, which: str) -> Archive:
    try:
        return load_archive(root)
    except ArchiveError as error:
        raise CannotCompare(f"{which}的数据无法读取，无法比较：{error}") from None


def changes_report(root: Path, base: str) -> list[str]:
    commit = resolve(root, base)
    changed, problem = changed_files(root, commit)
    if changed is None:
        raise CannotCompare(f"无法取得相对于“{base}”的改动（{problem}）。")
    with tempfile.TemporaryDirectory(prefix="archive-base-") as scratch:
        before_root = Path(scratch)
        checkout_at(root, commit, before_root)
        before = _load(before_root, f"版本“{base}”（{commit[:7]}）中")
        after = _load(root, "当前")
        before_findings = _findings(before_root, before)
        after_findings = _findings(root, after)
    return _report(base, commit, sorted(f for f in changed if f.split("/")[0] in FOLDERS), before, after,
                   before_findings, after_findings)


def _findings(root: Path, archive: Archive) -> list:
    """Each summary's proofreading findings that are not accepted in its data file."""
    found = []
    for summary in archive.summaries.values():
        text = summary_text(root, summary)
        findings = proofread(text) + check_against_previous(archive, summary)
        found += [r for r in judge(text, findings, Strictness()) if r.severity != "accepted"]
    return found


def md(value: object) -> str:
    """Text from the repository, shown in Markdown as written (nothing in it becomes markup)."""
    return str(value).translate(_MARKDOWN).replace("\n", " ")


def code(value: object) -> str:
    """A path, key or revision as code: Markdown shows a code span as written, backticks aside."""
    return "`" + str(value).replace("`", "'").replace("\n", " ") + "`"


def _title(period: str) -> str:
    return f"{period_title(period)}（{period}）"


def _previous_value(archive: Archive, period: str, key: str, kind: str) -> str:
    earlier = [p for p in archive.summaries if p < period]
    for previous in reversed(earlier):
        entries = getattr(archive.summaries[previous].data, kind)
        if key in entries:
            return f"{md(entries[key].shown)}（{period_title(previous)}）"
    return "—"


def _entry_text(entry, kind: str) -> str:
    return md(entry.shown) + (md(entry.unit) if kind == "figures" and entry.value is not None else "")


def _report(base: str, commit: str, changed: list[str], before: Archive, after: Archive,
            before_findings: list, after_findings: list) -> list[str]:
    lines = [f"## 这次改动做了什么（与 {code(base)}，即 {commit[:7]} 相比）", ""]

    lines += ["### 改动的总结和页面", ""]
    added = [p for p in after.summaries if p not in before.summaries]
    removed = [p for p in before.summaries if p not in after.summaries]
    lines += [f"- 新增的总结：{_title(p)}" for p in added]
    lines += [f"- 删去的总结：{_title(p)}" for p in removed]
    by_period: dict[str, list[str]] = {}
    for path in changed:
        parts = path.split("/")
        period = parts[1].removesuffix(".yml") if len(parts) > 1 else ""
        by_period.setdefault(period if period in after.summaries or period in before.summaries else "", []).append(path)
    for period, paths in sorted(by_period.items()):
        where = _title(period) if period else "档案的其他部分"
        lines.append(f"- {where}：" + "、".join(code(p) for p in paths))
    if len(lines) == 4:
        lines.append("没有改动 docs/ 和 data/ 中的文件。")

    rows, plus_minus = [], []
    for period in after.summaries:
        if period not in before.summaries:
            continue
        old, new = before.summaries[period].data, after.summaries[period].data
        for kind, noun in (("figures", "数字"), ("names", "名称")):
            old_entries, new_entries = getattr(old, kind), getattr(new, kind)
            for key, entry in new_entries.items():
                if key not in old_entries:
                    plus_minus.append(f"- {period_title(period)} 新增{noun}：{md(entry.label)}（{code(key)}）= "
                                      f"{_entry_text(entry, kind)}")
                    continue
                was = old_entries[key]
                differs = [what for what, a, b in (("数值", was.shown, entry.shown), ("名称", was.label, entry.label),
                                                   ("单位", getattr(was, "unit", ""), getattr(entry, "unit", "")))
                           if a != b]
                if differs:
                    label = md(entry.label) if was.label == entry.label else f"{md(was.label)} → {md(entry.label)}"
                    rows.append(f"| {period_title(period)} | {label}（{code(key)}） | {_entry_text(was, kind)} "
                                f"| {_entry_text(entry, kind)} | {_previous_value(after, period, key, kind)} |")
            for key, entry in old_entries.items():
                if key not in new_entries:
                    plus_minus.append(f"- {period_title(period)} 删去{noun}：{md(entry.label)}（{code(key)}），"
                                      f"原为 {_entry_text(entry, kind)}")
    lines += ["", "### 改动的数字和名称", ""]
    if rows:
        lines += ["| 总结 | 内容 | 原来 | 现在 | 上一期 |", "| --- | --- | --: | --: | --: |", *rows]
    else:
        lines.append("没有数字或名称的数值、名称、单位被改动。")
    lines += ["", "### 新增和删去的数字、名称", "", *(plus_minus or ["没有。"])]

    seen = Counter((r.finding.file, r.finding.kind, r.finding.words) for r in before_findings)
    new_findings = []
    for reported in after_findings:
        identity = (reported.finding.file, reported.finding.kind, reported.finding.words)
        if seen[identity]:
            seen[identity] -= 1
        else:
            new_findings.append(reported)
    jumps = [r for r in new_findings if r.finding.kind == FAR_FROM_PREVIOUS]
    lines += ["", "### 新的校对发现", ""]
    lines += [f"- {md(r)}" for r in new_findings if r not in jumps] or ["没有。"]
    lines += ["", "### 可能写错的数字（是上一期的 3 倍以上或不到三分之一，或比率变化超过 30 个百分点）", ""]
    lines += [f"- {md(r)}" for r in jumps] or ["没有。"]

    finals = [p for p in after.summaries if p in before.summaries
              and before.summaries[p].status == "draft" and after.summaries[p].status == "final"]
    lines += ["", "### 草稿转为定稿（合并后将发布）", ""]
    lines += [f"- {_title(p)}" for p in finals] or ["没有。"]
    return lines
