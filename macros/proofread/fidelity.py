"""The fidelity check of `python -m macros check`: a summary's pages against its original.txt.

The comparison itself is macros/archive/fidelity.py (the import runs the same one before it writes).
Each difference is a finding on the page and line where it shows, naming the original's line. It
is a warning, and an error for a `final` summary in new work (a page, its data file or its
original.txt changed: see proofread_changes), unless data/<period>.yml accepts it after review:

    proofread:
      accepted:
        - words: 原文第 12 行的字句→页面上的字句   # the words in quotes of the report
          reason: 原文此处有错字，经核对按发文单位的更正稿录入
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..archive.catalog import ORIGINAL_TEXT
from ..archive.fidelity import compare_text, page_blocks
from .text import Finding, read_plain

if TYPE_CHECKING:
    from ..archive.catalog import Summary

KIND = "与原文不一致"


def check_fidelity(root: Path, summary: Summary) -> list[Finding]:
    original = root / "docs" / summary.period / ORIGINAL_TEXT
    if not original.is_file():
        return []
    data = summary.data

    def shown(kind: str, key: str) -> str | None:
        entries = data.figures if kind == "fig" else data.names
        return entries[key].shown if key in entries else None

    blocks = []
    for page in summary.text_pages:
        source = (root / "docs" / page).read_text(encoding="utf-8")
        blocks += page_blocks(source, f"docs/{page}", shown)
    shown_as = f"docs/{summary.period}/{ORIGINAL_TEXT}"
    return [Finding(d.file, d.line, f"{KIND}（{d.kind}）", d.words, f"（{shown_as} 第 {d.source_line} 行）")
            for d in compare_text(read_plain(original), blocks, shown_as + " ")]


def fidelity_files(summary: Summary) -> list[str]:
    """The files whose change makes a final summary's deviation from its original new work."""
    return [summary.data_file, f"docs/{summary.period}/{ORIGINAL_TEXT}", *(f"docs/{p}" for p in summary.text_pages)]
