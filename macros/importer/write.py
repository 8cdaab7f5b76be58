"""Writes an imported period, checked as the build checks it: all files change, or none.

The data file, the pages and original.txt are written; text pages the new document no
longer has (a part that was removed) are deleted. Then the archive is loaded and every page
checked as `mkdocs build` would before rendering (macros, keys, units, every entry used). If
that fails, every file is put back as it was and the error is reported.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ..archive.catalog import (
    APPENDIX_PAGES,
    FIGURES_PAGE,
    ORIGINAL_PAGE,
    ORIGINAL_TEXT,
    PRINT_PAGE,
    load_archive,
)
from ..archive.page_check import check_archive_pages
from ..archive.page_language import read_page
from ..archive.periods import is_period_id
from ..errors import ArchiveError

# The appendix pages of a summary, as every period has them (used when the archive has none yet).
DEFAULT_APPENDIX = {
    FIGURES_PAGE: "# 数字一览\n\n{{ figures_table() }}\n",
    PRINT_PAGE: "---\ntitle: 打印版\nsearch:\n  exclude: true\nhide:\n  - navigation\n  - toc\n---\n\n{{ print_view() }}\n",
    ORIGINAL_PAGE: "---\nsearch:\n  exclude: true\n---\n\n# 原文\n\n{{ original_text() }}\n",
}


def appendix_pages(root: Path, period: str) -> dict[str, str]:
    """figures.md and original.md, copied from the latest other period as `new` does."""
    docs = root / "docs"
    others = sorted((p for p in docs.iterdir() if p.is_dir() and is_period_id(p.name) and p.name != period),
                    reverse=True) if docs.is_dir() else []
    for folder in others:
        if all((folder / name).is_file() for name in APPENDIX_PAGES):
            return {name: read_page(folder / name, f"docs/{folder.name}/{name}") for name in APPENDIX_PAGES}
    return dict(DEFAULT_APPENDIX)


def write_period(root: Path, period: str, pages: dict[str, str], data: str, original: str) -> list[str]:
    data_file, folder = root / "data" / f"{period}.yml", root / "docs" / period
    targets = {data_file: data, folder / ORIGINAL_TEXT: original}
    targets |= {folder / name: text for name, text in pages.items()}
    stale = sorted(p for p in folder.glob("*.md") if p.name not in pages) if folder.is_dir() else []
    saved = {path: path.read_bytes() for path in [*targets, *stale] if path.exists()}
    new_folder = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for path in stale:
            path.unlink()
        for path, text in targets.items():
            path.write_text(text, encoding="utf-8", newline="")  # original.txt keeps its line endings
        _check(root)
    except BaseException as error:
        _restore(targets, saved, folder if new_folder else None)
        if isinstance(error, ArchiveError):
            raise ArchiveError(f"导入的结果没有通过构建前的检查，已恢复原状，没有改动任何文件。{error}",
                               file=f"data/{period}.yml") from None
        raise
    shown = [str(path.relative_to(root)) for path in targets]
    return shown + [f"{path.relative_to(root)}（已删去：新文档没有这一部分）" for path in stale]


def _check(root: Path) -> None:
    """What the build checks before it renders any page."""
    check_archive_pages(load_archive(root), root / "docs")


def _restore(targets: dict[Path, str], saved: dict[Path, bytes], new_folder: Path | None) -> None:
    for path in targets:
        if path not in saved and path.exists():
            path.unlink()
    for path, content in saved.items():
        path.write_bytes(content)
    if new_folder is not None and new_folder.exists():
        shutil.rmtree(new_folder)
