"""`python -m macros import FILE --period 2021-h1`: a received summary becomes a period of the archive.

Reads the file (import_read), removes page furniture (import_clean), finds title, paragraphs
and signature (import_paragraphs), splits by the document's numbering (import_structure),
lifts figures and names (import_figures, import_labels), and writes pages (import_pages)
and data (import_data_file) through import_write, which checks the result as the build
does and leaves everything as it was if the check fails. An existing period is replaced
only with --force, after the changes are listed (import_reimport).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..archive.catalog import APPENDIX_PAGES
from ..archive.fidelity import Difference, compare_text, page_blocks
from ..archive.periods import parse_period
from ..archive.summary_data import load_summary_data
from ..archive.word_lists import load_word_lists
from ..errors import ArchiveError
from .clean import clean_lines
from .data_file import NO_UNIT, DataFile, data_text
from .figures import FoundMark, lift_marks
from .labels import Entry, assign_keys, figure_entry, name_entries
from .pages import CONCLUSION_PAGE, summary_pages
from .paragraphs import lay_out
from .read import read_document
from .reimport import changes, keep_keys, old_pages, text_paragraphs, uses_in
from .report import Report
from .structure import split_document
from .words import vocabulary_of
from .write import appendix_pages, write_period


@dataclass
class Imported:
    pages: dict[str, str]
    data: str
    original: str
    entries: list[Entry]
    report: list[str]
    differences: list[Difference] = field(default_factory=list)  # the pages against the source (self-check)


def run_import(root: Path, file: Path, period: str, force: bool, say: Callable[[str], None] = print) -> int:
    try:
        parse_period(period)
    except ValueError as error:
        raise ArchiveError(str(error), file=f"data/{period}.yml") from None
    data_file, folder = root / "data" / f"{period}.yml", root / "docs" / period
    existing = data_file.exists() or folder.exists()
    old = None
    if existing:
        try:
            old = _old_period(data_file, folder, period)
        except ArchiveError as error:
            if not force:
                raise
            say(f"现有的 {period} 读不出来（{error}），不能比对，将直接覆盖，键名按新文档重新拟定。")
    imported = import_text(root, file, period, old)
    _tell_what_was_read(imported, file, say)
    _tell_differences(imported, say)
    if imported.differences and not force:
        raise ArchiveError(f"导入后的页面与原文有 {len(imported.differences)} 处不一致（见上），没有写入任何文件。"
                           "请核对原文；确认无误后加上 --force 再运行一次才会写入。", file=file.name)
    if old is not None:
        _tell_changes(imported, old, period, say)
        if not force:
            raise ArchiveError(f"期次 {period} 已经存在，没有改动任何文件。核对上面列出的变化后，加上 --force 再运行一次才会覆盖。",
                               file=f"data/{period}.yml")
    written = write_period(root, period, imported.pages, imported.data, imported.original)
    draft = "（草稿）" if old is None or old[0].summary.status == "draft" else ""
    say(f"已{'覆盖' if existing else '写入'} {period}{draft}：")
    for path in written:
        say(f"  {path}")
    say("下一步：预览网站（python3 dev.py serve）核对各页，在数据文件中改好 label，填写发文单位和日期（如缺）。")
    return 0


def _tell_what_was_read(imported: Imported, file: Path, say) -> None:
    say(f"已读取“{file.name}”：")
    for line in imported.report:
        say(f"  {line}")
    figures = [e for e in imported.entries if e.kind == "fig"]
    parts = [name for name in imported.pages if name[:-3].isdigit()]
    say(f"  找到 {len(figures)} 个数字（其中原文未披露 {sum(e.value is None for e in figures)} 个）、"
        f"{len(imported.entries) - len(figures)} 个隐去的名称；正文分为首页、{len(parts)} 个部分"
        f"{'和结尾页' if CONCLUSION_PAGE in imported.pages else ''}。")


def _tell_differences(imported: Imported, say) -> None:
    """The self-check: the pages about to be written, as readers will see them, against the source."""
    if not imported.differences:
        say("  自检：页面上读者看到的文字与原文逐段一致。")
        return
    say(f"  自检发现页面与原文有 {len(imported.differences)} 处不一致：")
    for difference in imported.differences:
        say(f"    [{difference.kind}] {difference.message}")


def _tell_changes(imported: Imported, old, period: str, say) -> None:
    data, pages = old
    new_paragraphs = text_paragraphs(imported.pages, _written(imported.entries))
    listed = changes(imported.entries, data, text_paragraphs(pages, _shown(data)), new_paragraphs)
    changed = [line for line in listed if not line.startswith("保留")]
    say(f"与现有的 {period} 相比：" if changed else f"与现有的 {period} 相比，文字和数字都没有变化。")
    for line in listed:
        say(f"  {line}")


# A summary is a few thousand characters; the largest reports a few tens of thousands. Beyond these
# limits a file is not a summary, and reading it would take unbounded time and memory.
MAX_BYTES = 5_000_000       # a text file as received (a .docx is bounded by its reader)
MAX_CHARACTERS = 300_000    # the text read
MAX_LINES = 20_000


def import_text(root: Path, file: Path, period: str, old=None) -> Imported:
    """Everything the import would write, computed without writing anything."""
    with vocabulary_of(root):  # labels and keys from the project's words, the same as its search index
        return _import_text(root, file, period, old)


def _import_text(root: Path, file: Path, period: str, old) -> Imported:
    _not_too_big(file)
    received = read_document(file)
    lines = received.text.count("\n") + 1
    if len(received.text) > MAX_CHARACTERS or lines > MAX_LINES:
        raise ArchiveError(f"无法导入：文件有 {len(received.text):,} 个字、{lines:,} 行，超过了一期总结的上限"
                           f"（{MAX_CHARACTERS:,} 字、{MAX_LINES:,} 行）。请确认选对了文件；若是多份总结合在一起，"
                           "请分开后逐期导入。没有写入任何文件。", file=file.name)
    report = Report()
    for note in received.notes:
        report.note(note)
    for line, message in received.line_notes:
        report.line(line, message)
    layout = lay_out(clean_lines(received.text, report), report)
    if not layout.title:
        raise ArchiveError("无法读取：文件里没有文字。没有写入任何文件。", file=file.name)
    if not layout.paragraphs and not layout.signature:
        raise ArchiveError(f"无法导入：文件里只有标题“{layout.title}”（第 {layout.title_line} 行），没有正文。"
                           "请确认文件是完整的总结。没有写入任何文件。", file=file.name, line=layout.title_line)
    document = split_document(layout)
    blocks = document.all_blocks()
    problems: list[tuple[int, str]] = []
    lists = load_word_lists(root)
    plain = 1 + len(document.front)  # the title and the label lines above it hold no figure
    pieces = {i: lift_marks(b.text, b.line, i, problems, lists, numbers=i >= plain) for i, b in enumerate(blocks)}
    for line, message in problems:
        report.line(line, message)
    marks = [p for i in sorted(pieces) for p in pieces[i] if isinstance(p, FoundMark)]
    entries = _entries(marks, report)
    if old is not None:
        _keep_old_keys(entries, document, pieces, blocks, old)
    assign_keys(entries, _keys_elsewhere(root, period))
    pages = summary_pages(document, pieces, blocks)
    pages |= appendix_pages(root, period)
    if not document.parts:
        report.note("没有找到“一、”这样的部分标题：全文放在首页 index.md。")
    if not document.closing:
        report.note("没有找到结尾段（以“回顾”“下半年”“下一步”等开头、在最后一部分之后的段落），因此没有 conclusion.md。")
    data = DataFile(period, file.name, layout.title, _unit(layout.unit, document, pieces, blocks), layout.issued)
    if layout.unit is None:
        report.note(f"原文末尾没有落款：数据文件中的发文单位暂写“{NO_UNIT}”，请按实际填写。")
    if old is not None:
        _carry_over(data, entries, old[0], report)
    differences = self_check(received.text, period, pages, entries)
    old_file = root / "data" / f"{period}.yml"
    old_text = old_file.read_text(encoding="utf-8") if old is not None and old_file.is_file() else None
    return Imported(pages, data_text(data, entries, old_text), received.text, entries, report.render(), differences)


def self_check(source: str, period: str, pages: dict[str, str], entries: list[Entry]) -> list[Difference]:
    """The pages' text as readers will see it (X where undisclosed), against the source, paragraph by paragraph."""
    shown = {(e.kind, e.key): e.first.written for e in entries}
    blocks = []
    for name, page in pages.items():
        if name not in APPENDIX_PAGES:
            blocks += page_blocks(page, f"docs/{period}/{name}", lambda kind, key: shown.get((kind, key)))
    return compare_text(source, blocks)


def _not_too_big(file: Path) -> None:
    try:
        size = file.stat().st_size
    except OSError:
        return  # the reader says that the file cannot be found
    if file.suffix.lower() in (".docx", ".doc", ".wps", ".rtf"):
        return
    if size > MAX_BYTES:
        raise ArchiveError(f"无法导入：文件有 {size / 1_000_000:.1f} MB，一期总结的文本不会超过 "
                           f"{MAX_BYTES // 1_000_000} MB。请确认选对了文件。没有写入任何文件。", file=file.name)
    if size < 1000 and not file.read_bytes().decode("utf-8", errors="ignore").strip(" \t\r\n\u3000\xa0\ufeff"):
        raise ArchiveError("无法读取：文件是空的（只有空格或空行）。没有写入任何文件。", file=file.name)


def _entries(marks: list[FoundMark], report: Report) -> list[Entry]:
    entries = [figure_entry(m, report) for m in marks if m.kind == "fig"]
    entries += name_entries([m for m in marks if m.kind == "name"], report)
    order = {id(m): i for i, m in enumerate(marks)}
    entries.sort(key=lambda e: (e.kind != "name", order[id(e.first)]))
    return entries


def _keep_old_keys(entries, document, pieces, blocks, old) -> None:
    """Re-import: give entries whose context still matches their old key."""
    data, pages = old
    for index, entry in enumerate(entries):
        entry.key = f"new_{index}"
        for mark in entry.marks:
            mark.key = entry.key
    new_uses = {}
    for page in summary_pages(document, pieces, blocks).values():
        for use in uses_in(page):
            new_uses.setdefault(use.key, use)
    old_uses = [use for page in pages.values() for use in uses_in(page)]
    keep_keys(entries, new_uses, data, old_uses)
    for entry in entries:
        entry.key = ""


def _carry_over(data: DataFile, entries: list[Entry], old, report: Report) -> None:
    """Status, headline and rates of the existing period, as far as their keys remain."""
    keys = {e.key for e in entries}
    data.status = old.summary.status
    data.headline = [k for k in old.summary.headline if k in keys]
    for rate in old.rates:
        if rate.rate in keys and rate.count in keys:
            data.rates.append(asdict(rate))
        else:
            report.note(f"原数据中 {rate.rate} 与 {rate.count} 的比率关系已删去：其中的数字不在新文档中了。")
    proofread = getattr(old, "proofread", None)  # findings an editor accepted stay accepted
    data.accepted = [asdict(finding) for finding in getattr(proofread, "accepted", [])]
    for key in old.summary.headline:
        if key not in keys:
            report.note(f"原数据 headline 中的 {key} 已删去：这个数字不在新文档中了。")


def _unit(unit: str | None, document, pieces, blocks) -> str | None:
    """The signature's unit as data writes it: its redacted names as {key} (X市 -> {shi}市)."""
    if unit is None:
        return None
    out, size = [], 0
    for piece in pieces[len(blocks) - len(document.signature)]:  # the signature's first line
        if size >= len(unit):
            break
        if isinstance(piece, FoundMark):
            out.append(f"{{{piece.key}}}" if piece.kind == "name" else piece.written)
            size += len(piece.written)
        else:
            out.append(piece[: len(unit) - size])
            size += len(out[-1])
    return "".join(out)


def _keys_elsewhere(root: Path, period: str) -> dict[str, tuple[str, str, str]]:
    """Keys of the other periods with what they mean, so that a new key never clashes with them."""
    found = {}
    for path in sorted((root / "data").glob("*.yml")):
        if path.stem == period:
            continue
        try:
            loaded = load_summary_data(path, f"data/{path.name}")
        except ArchiveError:
            continue
        for key, figure in loaded.data.figures.items():
            found[key] = ("fig", figure.label, figure.unit)
        for key, name in loaded.data.names.items():
            found.setdefault(key, ("name", name.label, ""))
    return found


def _old_period(data_file: Path, folder: Path, period: str):
    if not data_file.exists() or not folder.is_dir():
        raise ArchiveError(f"期次 {period} 只有数据文件或只有页面目录，无法比对。请先补齐或删去它，再导入。",
                           file=f"data/{period}.yml")
    loaded = load_summary_data(data_file, f"data/{period}.yml")
    return loaded.data, old_pages(folder)


def _written(entries: list[Entry]) -> dict[str, str]:
    """Each new key as the document writes it: 12, 3,000 or X."""
    return {e.key: e.first.written for e in entries}


def _shown(data) -> dict[str, str]:
    return {key: entry.shown for entries in (data.figures, data.names) for key, entry in entries.items()}
