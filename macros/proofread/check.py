"""`python -m macros check`: the checks of a careful proofreader (校对检查), over the archive.

Each summary is read as its pages show it (see proofread_text), or a plain text as written, and
every check reports findings with file, line and the words in question. Findings are warnings:
the archive keeps its originals' faults, never fixes them. In new work (see proofread_changes)
they are errors and the command exits 1, unless data/<period>.yml accepts them after review:

    proofread:
      accepted:
        - words: 三中、三中
          reason: 原文如此，档案照录
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..archive import annotations
from ..archive.catalog import ORIGINAL_TEXT, Archive, Summary, load_archive
from ..archive.periods import is_period_id, looks_like_period, period_problem
from ..errors import ArchiveError
from .changes import Strictness, shown_path, strictness
from .fidelity import KIND as FIDELITY
from .fidelity import check_fidelity, fidelity_files
from .lists import check_repeats
from .marks import check_brackets, check_half_width
from .numbering import check_numbering
from .period import check_period_words, check_undisclosed
from .plausibility import check_against_previous
from .text import Finding, ProofText, plain_text, read_plain, summary_text

CHECKS = (check_numbering, check_repeats, check_brackets, check_period_words, check_half_width,
          check_undisclosed)
SEVERITY = {"error": "错误", "warning": "警告", "accepted": "已确认"}
STALE = "已确认的发现不再出现"


@dataclass(frozen=True)
class Reported:
    finding: Finding
    severity: str  # a key of SEVERITY
    reason: str = ""  # why an accepted finding stays

    def __str__(self) -> str:
        f = self.finding
        why = f" —— {self.reason}" if self.reason else ""
        return f"{f.file} 第 {f.line} 行 [{SEVERITY[self.severity]}] {f.kind}：“{f.words}”{f.detail}{why}"


def proofread(text: ProofText) -> list[Finding]:
    """Every check's findings, in reading order."""
    order = {file: i for i, file in enumerate(text.files)}
    findings = [finding for check in CHECKS for finding in check(text)]
    return sorted(findings, key=lambda f: (order.get(f.file, len(order)), f.line))


def judge(text: ProofText, findings: list[Finding], strict: Strictness, whole: bool = False) -> list[Reported]:
    """Accepted, error or warning, for each finding; and accepted entries that no longer match."""
    accepted = text.summary.data.proofread.accepted if text.summary else []
    used = set()
    reported = []
    for finding in findings:
        entry = next((i for i, a in enumerate(accepted) if a.words == finding.words), None)
        if entry is not None:
            used.add(entry)
            reported.append(Reported(finding, "accepted", accepted[entry].reason))
        else:
            reported.append(Reported(finding, "error" if _is_error(text, finding, strict) else "warning"))
    if whole:  # every finding of the summary's pages is here: an unused acceptance is stale
        loaded = text.summary.loaded
        for index, entry in enumerate(accepted):
            if index not in used:
                line = loaded.line_of("proofread", "accepted", index, "words") or 1
                stale = Finding(loaded.shown_as, line, STALE, entry.words, "（请从 proofread.accepted 中删去这一条）")
                reported.append(Reported(stale, "error" if strict.applies_to(loaded.shown_as) else "warning"))
    return reported


def _is_error(text: ProofText, finding: Finding, strict: Strictness) -> bool:
    """New work's findings are errors; a page that leaves its original is one only for a final summary,
    whenever new work touches its pages, its data or its original."""
    if not finding.kind.startswith(FIDELITY):
        return strict.applies_to(finding.file)
    summary = text.summary
    return summary is not None and summary.status == "final" and any(
        strict.applies_to(path) for path in fidelity_files(summary))


def run_check(root: Path, paths: list[str], strict_for: list[str], changed_since: str | None) -> tuple[list[str], int]:
    """The report's lines and the exit code: 1 when there are errors."""
    strict = strictness(root, strict_for, changed_since)
    archive = load_archive(root)
    reported, checked = [], []
    for text, only in _selected(root, archive, paths):
        findings = proofread(text)
        if text.pages:  # the pages against the summary's original.txt
            findings += check_fidelity(root, text.summary)
        findings = [f for f in findings if only is None or f.file in only]
        if text.pages and only is None:  # the whole summary: its figures against the previous summary's
            findings += check_against_previous(archive, text.summary)
        reported += judge(text, findings, strict, whole=text.pages and only is None)
        checked.append(_described(text, only))
    counts = {severity: sum(r.severity == severity for r in reported) for severity in SEVERITY}
    tally = "，".join(f"{name} {counts[severity]} 处" for severity, name in SEVERITY.items())
    lines = [*strict.notes, *map(str, reported), f"校对检查：{'、'.join(checked) or '没有可检查的总结'}——{tally}。"]
    if annotations.enabled():  # under GitHub Actions: each error and warning on the pull request's diff
        lines += [annotation(r) for r in reported if r.severity != "accepted"]
    if counts["error"] or counts["warning"]:
        lead = "有错误：请按提示修改" if counts["error"] else "警告只作提示，不影响构建：请核对"
        lines.append(f"{lead}；若原文确实如此，在 data/<期次>.yml 的 proofread.accepted 中写明字句和理由"
                     "（见 data/README.md）。")
    return lines, 1 if counts["error"] else 0


def annotation(reported: Reported) -> str:
    """A finding as a GitHub workflow command, on its file and line."""
    f = reported.finding
    return annotations.workflow_command(reported.severity, f"“{f.words}”{f.detail}", file=f.file, line=f.line,
                                        title=f"校对检查：{f.kind}")


def _described(text: ProofText, only: set[str] | None) -> str:
    if not text.pages:
        return text.files[0]
    pages = len(only) if only is not None else len(text.files)
    return f"{text.summary.period}（{pages} 个页面）"


def _selected(root: Path, archive: Archive, paths: list[str]) -> list[tuple[ProofText, set[str] | None]]:
    """What to check: every summary, or the named periods, pages and plain texts.

    A page is checked within its whole summary (numbering runs across pages), and only its own
    findings are reported: `only` holds the pages asked for, None meaning all of them.
    """
    if not paths:
        return [(summary_text(root, s), None) for s in archive.summaries.values()]
    texts, wanted = [], {}
    for given in paths:
        path = Path(given)
        if path.suffix == ".txt" and path.is_file():
            shown = shown_path(path, root)
            texts.append((plain_text(read_plain(path), shown, _summary_of_text(archive, shown, path)), None))
            continue
        period, page = _target(root, archive, given)
        if page is None or wanted.get(period, set()) is None:
            wanted[period] = None
        else:
            wanted.setdefault(period, set()).add(page)
    return texts + [(summary_text(root, archive.summaries[p]), only) for p, only in wanted.items()]


def _target(root: Path, archive: Archive, given: str) -> tuple[str, str | None]:
    """The period a path names, and the page if it names one."""
    period, page = given, None
    if not is_period_id(given):
        path = Path(given)
        if not path.exists():
            problem = period_problem(given) if looks_like_period(given) else None
            raise ArchiveError(f"{problem}。" if problem else "没有这个文件或目录。", file=given)
        parts = shown_path(path, root).split("/")
        if parts[0] == "data" and len(parts) == 2 and path.suffix == ".yml":
            period = path.stem
        elif parts[0] == "docs" and len(parts) == 2 and path.is_dir():
            period = parts[1]
        elif parts[0] == "docs" and len(parts) == 3:
            period, page = parts[1], "/".join(parts)
        else:
            period = ""
    if period not in archive.summaries:
        raise ArchiveError("无法检查：只能检查期次（如 2020-h1）、期次的目录或数据文件、正文页面（docs/<期次>/*.md）"
                           "或纯文本（.txt）。", file=given)
    if page and page.removeprefix("docs/") not in archive.summaries[period].text_pages:
        raise ArchiveError("这不是总结正文的页面（数字一览、打印版、原文等页面不做校对检查）。", file=given)
    return period, page


def _summary_of_text(archive: Archive, shown: str, path: Path) -> Summary | None:
    """A summary's own original.txt, or a text with a summary's title: its status and acceptances apply."""
    for summary in archive.summaries.values():
        if shown == f"docs/{summary.period}/{ORIGINAL_TEXT}":
            return summary
    title = next((line.strip() for line in read_plain(path).splitlines() if line.strip()), "")
    return next((s for s in archive.summaries.values() if s.data.summary.title == title), None)
