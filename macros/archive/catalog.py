"""Finds the summaries the archive holds and loads each one's data and page list.

A summary `2020-h1` is:
- `data/2020-h1.yml`         its figures, names and facts about the document;
- `docs/2020-h1/index.md`    its landing page (title, 导语, list of parts);
- `docs/2020-h1/*.md`        one page per part, read in natural order (1, 2, … 10, then words);
- `docs/2020-h1/figures.md`  the appendix listing every figure (数字一览);
- `docs/2020-h1/print.md`    the whole summary laid out for print (打印版);
- `docs/2020-h1/original.md` and `original.txt`: the original text, kept as received.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ArchiveError
from .key_stability import check_keys_stable
from .loaded_data import LoadedData
from .page_language import calls_in_text, headings, read_page
from .periods import is_period_id, looks_like_period, period_problem
from .repository_files import check_repository_files
from .summary_data import load_summary_data

LANDING_PAGE = "index.md"
FIGURES_PAGE = "figures.md"
PRINT_PAGE = "print.md"
ORIGINAL_PAGE = "original.md"
ORIGINAL_TEXT = "original.txt"
APPENDIX_PAGES = (FIGURES_PAGE, PRINT_PAGE, ORIGINAL_PAGE)  # after the summary's own text, in this order
REQUIRED_FILES = (LANDING_PAGE, *APPENDIX_PAGES, ORIGINAL_TEXT)


@dataclass(frozen=True)
class Summary:
    period: str
    loaded: LoadedData
    pages: tuple[str, ...]  # docs-relative paths, in reading order
    titles: dict[str, str] = field(default_factory=dict)  # page path -> its "# " heading

    @property
    def data(self):
        return self.loaded.data

    @property
    def data_file(self) -> str:
        return self.loaded.shown_as

    @property
    def text_pages(self) -> tuple[str, ...]:
        """The pages that carry the summary's own text: the landing page and the parts."""
        return tuple(p for p in self.pages if p.split("/", 1)[1] not in APPENDIX_PAGES)

    @property
    def part_pages(self) -> tuple[str, ...]:
        """The summary's parts (一、二、三 … and the closing paragraph), without the landing page."""
        return self.text_pages[1:]

    @property
    def status(self) -> str:
        return self.data.summary.status


@dataclass(frozen=True)
class Archive:
    root: Path
    summaries: dict[str, Summary]  # oldest first
    excluded: frozenset[str] = frozenset()  # periods left out of this build (drafts)

    def without_drafts(self) -> Archive:
        """The archive as published: summaries with status draft are left out."""
        drafts = {p for p, s in self.summaries.items() if s.data.summary.status == "draft"}
        kept = {p: s for p, s in self.summaries.items() if p not in drafts}
        return Archive(self.root, kept, self.excluded | drafts)

    def summary_of_page(self, src_uri: str) -> Summary | None:
        """The summary a docs-relative page path belongs to, if any."""
        return self.summaries.get(src_uri.split("/", 1)[0])


def load_archive(root: Path) -> Archive:
    check_repository_files(root)  # before anything is read: no link out of the repository, no special file
    docs, data = root / "docs", root / "data"
    data_files = _period_data_files(data)
    page_dirs = _period_page_dirs(docs)
    for period in sorted(page_dirs.keys() - data_files.keys()):
        misnamed = next((p.name for p in (data / f"{period}.yaml", data / f"{period}.YML") if p.is_file()), None)
        fix = (f"现有的 data/{misnamed} 扩展名不对，请改名为 {period}.yml。" if misnamed
               else "请从上一期复制一份并修改，或删去这个目录。")
        raise ArchiveError(
            f"期次 {period} 有页面，但缺少数据文件 data/{period}.yml。{fix}",
            file=f"docs/{period}/",
        )
    for period in sorted(data_files.keys() - page_dirs.keys()):
        raise ArchiveError(
            f"有数据文件，但缺少页面目录 docs/{period}/。请建立这个目录，放入 index.md、original.md、original.txt "
            f"和各部分的页面，或删去这个数据文件。",
            file=f"data/{period}.yml",
        )
    summaries = {}
    for period in sorted(data_files):
        loaded = load_summary_data(data_files[period], f"data/{period}.yml")
        summaries[period] = _summary(period, loaded, page_dirs[period])
    check_keys_stable({period: summary.loaded for period, summary in summaries.items()})
    return Archive(root, summaries)


_PERIOD_NAMING = "应为期次编号，例如 2020-h1（上半年）或 2020-h2（下半年），字母 h 小写。"


def _period_data_files(data: Path) -> dict[str, Path]:
    files = {}
    for path in sorted(data.glob("*.yml")) if data.is_dir() else []:
        if looks_like_period(path.stem) and not is_period_id(path.stem):
            raise ArchiveError(f"文件名{_PERIOD_NAMING}数据文件写成 2020-h1.yml。（{period_problem(path.stem)}。）",
                               file=f"data/{path.name}")
        if is_period_id(path.stem):
            files[path.stem] = path
    return files


def _period_page_dirs(docs: Path) -> dict[str, Path]:
    dirs = {}
    for path in sorted(p for p in docs.iterdir() if p.is_dir()) if docs.is_dir() else []:
        if looks_like_period(path.name) and not is_period_id(path.name):
            raise ArchiveError(f"目录名{_PERIOD_NAMING}（{period_problem(path.name)}。）", file=f"docs/{path.name}/")
        if is_period_id(path.name):
            dirs[path.name] = path
    return dirs


def _natural_key(name: str) -> tuple:
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", name) if part)


def _summary(period: str, loaded: LoadedData, folder: Path) -> Summary:
    for required in REQUIRED_FILES:
        if not (folder / required).is_file():
            raise ArchiveError(
                f"缺少文件 {required}。每期总结都要有首页 index.md、数字一览 figures.md、打印版 print.md "
                f"和原文 original.md、original.txt（可从上一期复制 figures.md、print.md 和 original.md）。", file=f"docs/{period}/")
    names = sorted((p.name for p in folder.glob("*.md")), key=_natural_key)
    middle = [n for n in names if n != LANDING_PAGE and n not in APPENDIX_PAGES]
    ordered = [LANDING_PAGE, *middle, *APPENDIX_PAGES]
    pages = tuple(f"{period}/{name}" for name in ordered)
    titles = {page: _as_shown(_first_heading(folder / page.split("/", 1)[1], f"docs/{page}"), loaded) for page in pages}
    return Summary(period, loaded, pages, titles)


def _first_heading(path: Path, shown_as: str) -> str:
    first = next((h for h in headings(read_page(path, shown_as)) if h.level == 1), None)
    return first.text if first else path.stem


def _as_shown(title: str, loaded: LoadedData) -> str:
    """A heading with {{ fig(…) }} / {{ name(…) }} as readers see it (X, XX or the value), for lists of titles."""
    calls = calls_in_text(title)
    if not calls:
        return title  # no macros, or not the page language: page_check reports it
    shown, position = [], 0
    for call in calls:
        entries = loaded.data.figures if call.name == "fig" else loaded.data.names if call.name == "name" else {}
        entry = entries.get(call.key)
        shown.append(title[position:call.end] if entry is None else title[position:call.start] + entry.shown)
        position = call.end
    return "".join(shown) + title[position:]
